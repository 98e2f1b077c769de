/* cmd_kit.c - `jury kit`: the organiser's review kit (init, assign, seal,
 * verify, status; add lives in app/ because it needs the rule sets). */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "app/app.h"
#include "packs/kit/kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt init_opts[] = {
    {.name = "name", .arg = "NAME", .help = N_("the kit's name (required)")},
    {.name = "task",
     .arg = "ID",
     .help = N_("a task (rule set) the kit reviews (at least one)"),
     .repeat = true},
    {.name = "id",
     .arg = "KIT_ID",
     .help = N_("the kit's id (default: the folder's name and a random suffix)")},
    {0}};
static const struct cli_opt add_opts[] = {
    {.name = "facts",
     .arg = "FILE.csv|FILE.xlsx",
     .help = N_("the facts table, one row per submission")},
    {.name = "task", .arg = "ID", .help = N_("the task of submissions the table does not name")},
    {0}};
static const struct cli_opt assign_opts[] = {
    {.name = "per-pack", .arg = "K", .help = N_("reviewers per pack (required, K >= 1)")},
    {.name = "panels",
     .arg = "FILE.csv",
     .help = N_("the panel of each pack or task (columns pack,panel or task,panel)")},
    {.name = "seed", .arg = "S", .help = N_("the seed: the same seed gives the same assignment")},
    {0}};
static const struct cli_opt seal_opts[] = {
    {.name = "key-id",
     .arg = "ID",
     .help = N_("whose key signs (default: organiser; make it with\n"
                "jury keygen --id organiser --name NAME --panel organiser)")},
    {0}};
static const struct cli_opt verify_opts[] = {
    {.name = "key",
     .arg = "PUBLIC_KEY",
     .help = N_("the organiser's public key (base64) the seal must be made with")},
    {0}};

struct kit_args {
    const char *dir, *name, *panels, *key_id, *key, *facts, *task, *id;
    const char **tasks; /* --task values (init) */
    size_t n_tasks;
    const char *const *rest; /* positional arguments after DIR */
    size_t n_rest;
    long per_pack;
    unsigned long long seed;
};

/* The command's arguments as the kit actions read them; a->tasks to free. */
static void kit_args_of(const struct cli_args *ca, struct kit_args *a)
{
    memset(a, 0, sizeof *a);
    a->dir = ca->pos[0];
    a->rest = ca->pos + 1;
    a->n_rest = (size_t)ca->n_pos - 1;
    a->name = cli_opt_if(ca, "name");
    a->panels = cli_opt_if(ca, "panels");
    a->key_id = cli_opt_if(ca, "key-id");
    a->key = cli_opt_if(ca, "key");
    a->facts = cli_opt_if(ca, "facts");
    a->task = cli_opt_if(ca, "task");
    a->id = cli_opt_if(ca, "id");
    a->tasks = jury_xcalloc((size_t)ca->n_hits + 1, sizeof *a->tasks);
    const char *t;
    for (int i = 0; cli_has_if(ca, "task") && (t = cli_opt_next(ca, "task", &i));)
        a->tasks[a->n_tasks++] = t;
    a->per_pack = cli_opt_if(ca, "per-pack") ? strtol(cli_opt_if(ca, "per-pack"), NULL, 10) : -1;
    a->seed = cli_opt_if(ca, "seed") ? strtoull(cli_opt_if(ca, "seed"), NULL, 10) : 0;
}

/* A task without a rule set: refuse, naming the ones there are. */
static int unknown_task(const char *dir, const char *task)
{
    struct jury_error err = {0};
    struct app_rules_entry *rules = NULL;
    size_t n = 0;
    fprintf(stderr, _("jury kit: no rule set for task '%s'; known:"), cli_esc(task));
    if (app_rules_list(jury_is_dir(dir) ? dir : NULL, false, &rules, &n, &err) == 0)
        for (size_t i = 0; i < n; i++) {
            const char *b = strrchr(rules[i].path, '/');
            b = b ? b + 1 : rules[i].path;
            fprintf(stderr, " %.*s", (int)(strlen(b) > 4 ? strlen(b) - 4 : strlen(b)), cli_esc(b));
        }
    fputs(_("\n(a kit's own rule set goes in DIR/rules/ID.lua)\n"), stderr);
    app_rules_list_free(&rules, n);
    return EXIT_USAGE;
}

static int kit_cmd_init(struct kit_args *a)
{
    struct jury_error err = {0};
    if (!a->name || a->n_tasks == 0)
        return cli_usage("kit init", _("needs --name NAME and at least one --task ID"));
    size_t unknown = SIZE_MAX;
    int made = app_kit_init(a->dir, a->id, a->name, a->tasks, a->n_tasks, &unknown, &err);
    if (unknown != SIZE_MAX)
        return unknown_task(a->dir, a->tasks[unknown]);
    if (made != JURY_OK)
        return cli_fail(&err);
    printf(_("kit created in %s\n"), cli_esc(a->dir));
    char *csv = NULL, *csv_path = jury_path_join(a->dir, "facts-template.csv");
    char *xlsx_path = jury_path_join(a->dir, "facts-template.xlsx");
    int rc = app_facts_template(a->dir, a->tasks, a->n_tasks, NULL, &csv, &err);
    if (rc == JURY_OK)
        rc = jury_write_file_atomic(csv_path, csv, strlen(csv), 0644, &err);
    if (rc == JURY_OK)
        rc = app_facts_template(a->dir, a->tasks, a->n_tasks, xlsx_path, NULL, &err);
    if (rc == JURY_OK)
        printf(_("facts to fill: %s (or %s), then jury kit add %s SUBMISSION --facts FILE\n"),
               cli_esc(xlsx_path), cli_esc(csv_path), cli_esc(a->dir));
    else
        cli_fail(&err);
    free(csv);
    free(csv_path);
    free(xlsx_path);
    return rc == JURY_OK ? EXIT_OK : EXIT_CHECK;
}

/* Applicant and task of every pack, from its manifest ("" when absent),
 * borrowed from the kit view. */
struct pack_meta {
    char **applicant, **task;
    size_t n;
};

static void pack_meta_read(const struct app_kit_view *v, struct pack_meta *m)
{
    m->n = v->kit->n_packs;
    m->applicant = v->applicant;
    m->task = v->task;
    for (size_t i = 0; i < m->n; i++)
        if (v->error[i])
            fprintf(stderr, _("jury kit: %s: %s (no applicant known)\n"), cli_esc(v->path[i]),
                    cli_esc(v->error[i]));
}

/* Panel of each pack from a CSV with a header "pack,panel" or "task,panel". */
static int read_panels(const char *file, const struct kit *k, const struct pack_meta *m,
                       const char **panel)
{
    struct jury_error err = {0};
    struct csv *c;
    if (csv_read_file(file, &c, NULL, &err) != JURY_OK)
        return cli_fail(&err);
    int by_pack = csv_column(c, "pack"), by_task = csv_column(c, "task"),
        pcol = csv_column(c, "panel");
    if (pcol < 0 || (by_pack < 0 && by_task < 0)) {
        csv_free(&c);
        fprintf(stderr, _("jury kit: %s: needs columns pack,panel or task,panel\n"), cli_esc(file));
        return EXIT_USAGE;
    }
    for (size_t r = 1; r < c->nrows; r++) {
        const char *key = csv_get(c, r, (size_t)(by_pack >= 0 ? by_pack : by_task));
        for (size_t p = 0; p < k->n_packs; p++)
            if (!strcmp(key, by_pack >= 0 ? k->packs[p] : m->task[p]))
                panel[p] = jury_xstrdup(csv_get(c, r, (size_t)pcol));
    }
    csv_free(&c);
    return EXIT_OK;
}

static int write_assignments(const struct kit *k, const struct kit_assign_result *res)
{
    struct jstr b = {0};
    struct jury_error err = {0};
    jstr_add(&b, "reviewer_id,pack\r\n");
    for (size_t r = 0; r < k->n_reviewers; r++)
        for (size_t p = 0; p < k->n_packs; p++)
            if (res->assigned[p * k->n_reviewers + r]) {
                csv_add_field(&b, k->reviewers[r].id, false);
                csv_add_field(&b, k->packs[p], true);
            }
    char *path = jury_path_join(k->dir, "assignments.csv");
    int rc = jury_write_file_atomic(path, b.s, b.len, 0644, &err);
    free(path);
    jstr_free(&b);
    return rc == JURY_OK ? EXIT_OK : cli_fail(&err);
}

static void report_assignment(const struct kit *k, const struct kit_assign_result *res,
                              size_t per_pack)
{
    printf(_("assigned %zu packs to %zu reviewers, %zu each (load at most %zu)\n"), k->n_packs,
           k->n_reviewers, per_pack, res->cap);
    printf(_("conflicts avoided: %zu\n"), res->conflicts_avoided);
    for (size_t i = 0; i < res->n_short; i++) {
        size_t p = res->short_packs[i], have = 0;
        for (size_t r = 0; r < k->n_reviewers; r++)
            have += res->assigned[p * k->n_reviewers + r];
        printf(_("short: %s has %zu of %zu reviewers\n"), cli_esc(k->packs[p]), have, per_pack);
    }
}

static int kit_cmd_assign(struct kit_args *a)
{
    struct jury_error err = {0};
    struct app_kit_view v;
    if (a->per_pack < 1)
        return cli_usage("kit assign", _("needs --per-pack K (K >= 1)"));
    if (app_kit_view_open(a->dir, &v, &err) != JURY_OK)
        return cli_fail(&err);
    const struct kit *k = v.kit;
    struct pack_meta m = {0};
    pack_meta_read(&v, &m);
    const char **panel = calloc(k->n_packs + 1, sizeof(char *));
    int rc = a->panels ? read_panels(a->panels, k, &m, panel) : EXIT_OK;
    struct kit_assign_result res = {0};
    if (rc == EXIT_OK && app_kit_assign(&v, (size_t)a->per_pack, a->seed, a->panels ? panel : NULL,
                                        &res, &err) != JURY_OK)
        rc = cli_fail(&err);
    if (rc == EXIT_OK)
        rc = write_assignments(k, &res);
    if (rc == EXIT_OK)
        report_assignment(k, &res, (size_t)a->per_pack);
    if (rc == EXIT_OK && res.n_short)
        rc = EXIT_CHECK;
    app_kit_assign_clear(&res);
    for (size_t p = 0; p < k->n_packs; p++)
        free((char *)panel[p]);
    free(panel);
    app_kit_view_clear(&v);
    return rc;
}

static int kit_cmd_seal(struct kit_args *a)
{
    struct jury_error err = {0};
    bool no_key = false;
    const char *id = a->key_id ? a->key_id : "organiser";
    int rc = app_kit_seal(a->dir, id, &no_key, &err);
    if (no_key) {
        cli_fail(&err);
        fprintf(stderr,
                _("jury kit: make the organiser key first: jury keygen --id %s --name NAME "
                  "--panel organiser\n"),
                cli_esc(id));
        return EXIT_USAGE;
    }
    if (rc != JURY_OK)
        return cli_fail(&err);
    printf(_("sealed %s\n"), cli_esc(a->dir));
    return EXIT_OK;
}

static void print_lines(const char *label, const char *lines)
{
    const char *s = lines;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        printf("%s: %s\n", cli_esc(label), cli_escn(s, n));
        s += n + (nl != NULL);
    }
}

static int kit_cmd_verify(struct kit_args *a)
{
    struct jury_error err = {0};
    struct app_kit_verdict rep; /* the key: --key, env, own key */
    if (app_kit_verify(a->dir, a->key, &rep, &err) != JURY_OK) {
        app_kit_verdict_clear(&rep);
        return cli_fail(&err);
    }
    bool have_key = rep.have_key;
    if (!rep.sealed)
        printf(_("not sealed: %s has no seal.json\n"), cli_esc(a->dir));
    else if (!rep.signature_ok)
        fputs(_("bad signature: seal.json was altered or not made by its signer\n"), stdout);
    else if (!have_key)
        printf(_("signed by %s, but no trusted organiser key is known (use --key)\n"),
               cli_esc(rep.signer));
    else if (!rep.signer_trusted)
        printf(_("signed by another key: %s\n"), cli_esc(rep.signer));
    print_lines("added", rep.added);
    print_lines("removed", rep.removed);
    print_lines("changed", rep.changed);
    bool ok = rep.ok;
    if (ok)
        printf(_("ok: sealed by %s, no file added, removed or changed\n"), cli_esc(rep.signer));
    app_kit_verdict_clear(&rep);
    return ok ? EXIT_OK : EXIT_CHECK;
}

/* Strings with their positions, sorted, for lookups by binary search: a kit
 * of thousands of packs is counted in n log n, not pairwise. */
struct name_index {
    const char **names;
    size_t *idx, n;
};

static int cmp_name_at(const void *a, const void *b, void *ctx)
{
    const char **names = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(names[x], names[y]);
    return c ? c : (x > y) - (x < y);
}

static void name_index_build(struct name_index *x, const char **names, size_t n)
{
    x->names = names;
    x->n = n;
    x->idx = calloc(n + 1, sizeof *x->idx);
    for (size_t i = 0; i < n; i++)
        x->idx[i] = i;
    qsort_r(x->idx, n, sizeof *x->idx, cmp_name_at, names);
}

/* The first position holding name, or -1. */
static long name_index_find(const struct name_index *x, const char *name)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->names[x->idx[mid]], name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && strcmp(x->names[x->idx[lo]], name) == 0 ? (long)x->idx[lo] : -1;
}

/* Assignments counted once: per pack, per reviewer, and which pairs. */
struct tally {
    size_t *per_pack, *per_reviewer;
    unsigned char *pair; /* pair[p * n_reviewers + r] */
    const char **rev_ids;
    struct name_index packs, reviewers;
};

static void tally_build(const struct kit *k, struct tally *t)
{
    t->per_pack = calloc(k->n_packs + 1, sizeof *t->per_pack);
    t->per_reviewer = calloc(k->n_reviewers + 1, sizeof *t->per_reviewer);
    t->pair = calloc(k->n_packs * k->n_reviewers + 1, 1);
    t->rev_ids = calloc(k->n_reviewers + 1, sizeof *t->rev_ids);
    for (size_t r = 0; r < k->n_reviewers; r++)
        t->rev_ids[r] = k->reviewers[r].id;
    name_index_build(&t->packs, (const char **)k->packs, k->n_packs);
    name_index_build(&t->reviewers, t->rev_ids, k->n_reviewers);
    for (size_t i = 0; i < k->n_assignments; i++) {
        long p = name_index_find(&t->packs, k->assignments[i].pack);
        long r = name_index_find(&t->reviewers, k->assignments[i].reviewer_id);
        if (p >= 0)
            t->per_pack[p]++;
        if (r >= 0)
            t->per_reviewer[r]++;
        if (p >= 0 && r >= 0)
            t->pair[(size_t)p * k->n_reviewers + (size_t)r] = 1;
    }
}

static void tally_free(struct tally *t)
{
    free(t->per_pack);
    free(t->per_reviewer);
    free(t->pair);
    free(t->rev_ids);
    free(t->packs.idx);
    free(t->reviewers.idx);
}

/* Packs per task, tasks in the order they first appear. */
static void status_tasks(const struct kit *k, const struct pack_meta *m)
{
    printf(_("packs: %zu\n"), k->n_packs);
    struct name_index x;
    name_index_build(&x, (const char **)m->task, m->n);
    size_t *count = calloc(m->n + 1, sizeof *count);
    for (size_t i = 0, end; i < m->n; i = end) {
        for (end = i + 1; end < m->n && !strcmp(m->task[x.idx[end]], m->task[x.idx[i]]); end++)
            ;
        count[x.idx[i]] = end - i; /* at the group's first position */
    }
    for (size_t i = 0; i < m->n; i++)
        if (count[i])
            printf(_("  task %s: %zu\n"), cli_esc(m->task[i][0] ? m->task[i] : _("(no manifest)")),
                   count[i]);
    free(count);
    free(x.idx);
}

static int status_conflicts(const struct app_kit_view *kv, const struct tally *t)
{
    const struct kit *k = kv->kit;
    size_t avoided = 0, violated = 0;
    for (size_t p = 0; p < k->n_packs; p++)
        for (size_t r = 0; r < k->n_reviewers; r++) {
            const struct kit_reviewer *v = &k->reviewers[r];
            if (!kv->conflict[p * k->n_reviewers + r])
                continue;
            long first = name_index_find(&t->reviewers, v->id); /* a repeated id counts once */
            if (first >= 0 && t->pair[p * k->n_reviewers + (size_t)first]) {
                printf(_("CONFLICT: %s is assigned %s (%s)\n"), cli_esc(v->id),
                       cli_esc(k->packs[p]), cli_esc(kv->applicant[p]));
                violated++;
            } else {
                avoided++;
            }
        }
    printf(_("conflicts avoided: %zu, assigned despite a conflict: %zu\n"), avoided, violated);
    return violated ? EXIT_CHECK : EXIT_OK;
}

/* "PREFIX: line" for each line of text; the lines echo values from the
 * organiser's table and paths from submissions, so they are made safe for the
 * terminal (no escapes, no CR). */
static void print_each(const char *prefix, const char *text)
{
    for (const char *l = text ? text : ""; *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        printf("%s%s\n", cli_esc(prefix), cli_escn(l, n));
        l += n + (nl != NULL);
    }
}

/* Facts each pack's rule set still lacks (the 基础数据表 to complete): each
 * task's rule set loaded once and evaluated on its packs together. */
static void status_missing(const struct app_kit_view *v, const struct pack_meta *m)
{
    const struct kit *k = v->kit;
    fputs(_("missing facts:\n"), stdout);
    struct app_facts_job *jobs = calloc(k->n_packs + 1, sizeof *jobs);
    size_t *at = calloc(k->n_packs + 1, sizeof *at), n = 0, complete = 0;
    for (size_t p = 0; p < k->n_packs; p++) {
        if (!m->task[p][0])
            continue;
        jobs[n] = (struct app_facts_job){.pack_path = v->path[p], .task = m->task[p]};
        at[p] = n++;
    }
    app_missing_facts_many(k->dir, jobs, n);
    for (size_t p = 0; p < k->n_packs; p++) {
        struct jstr miss = {0};
        struct app_facts_job *j = m->task[p][0] ? &jobs[at[p]] : NULL;
        if (!j)
            jstr_add(&miss, _("(no manifest: task unknown)\n"));
        else if (j->status != JURY_OK)
            jstr_addf(&miss, _("(rules not evaluated: %s)\n"), j->err.message);
        else
            jstr_addn(&miss, j->missing.s ? j->missing.s : "", j->missing.len);
        if (!miss.len)
            complete++;
        struct jstr prefix = {0};
        jstr_addf(&prefix, "  %s: ", k->packs[p]);
        print_each(prefix.s, jstr_cstr(&miss));
        jstr_free(&prefix);
        jstr_free(&miss);
        if (j)
            jstr_free(&j->missing);
    }
    printf(_("  %zu of %zu packs have every fact their rule set uses\n"), complete, k->n_packs);
    free(at);
    free(jobs);
}

static int kit_cmd_status(struct kit_args *a)
{
    struct jury_error err = {0};
    struct app_kit_view v;
    if (app_kit_view_open(a->dir, &v, &err) != JURY_OK)
        return cli_fail(&err);
    const struct kit *k = v.kit;
    struct pack_meta m = {0};
    pack_meta_read(&v, &m);
    struct tally t = {0};
    tally_build(k, &t);
    printf(_("kit: %s (%s)\n"), cli_esc(k->id), cli_esc(k->name));
    status_tasks(k, &m);
    fputs(_("reviewers per pack:\n"), stdout);
    for (size_t p = 0; p < k->n_packs; p++)
        printf("  %s: %zu\n", cli_esc(k->packs[p]),
               t.per_pack[name_index_find(&t.packs, k->packs[p])]);
    fputs(_("load per reviewer:\n"), stdout);
    for (size_t r = 0; r < k->n_reviewers; r++)
        printf("  %s: %zu\n", cli_esc(k->reviewers[r].id),
               t.per_reviewer[name_index_find(&t.reviewers, k->reviewers[r].id)]);
    int rc = status_conflicts(&v, &t);
    status_missing(&v, &m);
    tally_free(&t);
    app_kit_view_clear(&v);
    return rc;
}

static void print_added(const struct app_kit_added *a, const char *sub)
{
    printf(_("%s -> packs/%s (%s, %s, %zu files%s)\n"), cli_esc(sub), cli_esc(a->pack),
           cli_esc(a->applicant), cli_esc(a->task), a->n_files,
           a->fact_row < 0 ? _(", no facts row") : "");
    const char *m = a->missing ? a->missing : "";
    if (a->fact_row >= 0)
        printf(_("  facts: row %ld of the table\n"), a->fact_row + 1);
    print_each(_("  warning: "), a->warnings);
    if (!*m)
        printf(_("  facts: complete for %s\n"), cli_esc(a->task));
    print_each(_("  missing: "), m);
}

static int kit_cmd_add(struct kit_args *a)
{
    struct jury_error err = {0};
    struct csv *facts = NULL;
    if (a->facts && app_facts_table_load(a->facts, &facts, &err) != JURY_OK)
        return cli_fail(&err);
    int rc = EXIT_OK;
    for (size_t i = 0; i < a->n_rest; i++) {
        struct app_kit_added added;
        if (app_kit_add(a->dir, a->rest[i], facts, a->task, &added, &err) != JURY_OK) {
            cli_fail(&err);
            rc = EXIT_USAGE;
        } else {
            print_added(&added, a->rest[i]);
            if (added.missing[0] && rc == EXIT_OK)
                rc = EXIT_CHECK;
        }
        app_kit_added_clear(&added);
    }
    csv_free(&facts);
    return rc;
}

/* Run one kit action with the command's arguments. */
static int kit_run(const struct cli_args *ca, int (*action)(struct kit_args *))
{
    struct kit_args a;
    kit_args_of(ca, &a);
    int rc = action(&a);
    free(a.tasks);
    return rc;
}

static int run_init(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_init);
}

static int run_add(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_add);
}

static int run_assign(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_assign);
}

static int run_seal(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_seal);
}

static int run_verify(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_verify);
}

static int run_status(const struct cli_args *ca)
{
    return kit_run(ca, kit_cmd_status);
}

const struct cli_cmd cmd_kit_table[] = {
    {.name = "kit", .summary = N_("build and check a review kit (organisers)")},
    {.name = "kit init",
     .args = "DIR",
     .min_args = 1,
     .max_args = 1,
     .opts = init_opts,
     .summary = N_("make a kit skeleton: kit.json, rules/, packs/, roster.csv, assignments.csv"),
     .text = N_("Reviewer stores and sheets are bound to the kit's id. Also writes the\n"
                "facts tables to fill (facts-template.xlsx and .csv).\n"),
     .run = run_init},
    {.name = "kit add",
     .args = "DIR SUBMISSION...",
     .min_args = 2,
     .max_args = -1,
     .opts = add_opts,
     .summary = N_("turn applicants' zips or folders into packs, facts from one row each"),
     .run = run_add},
    {.name = "kit assign",
     .args = "DIR",
     .min_args = 1,
     .max_args = 1,
     .opts = assign_opts,
     .summary = N_("give every pack K reviewers, balanced, within panels, avoiding conflicts"),
     .text = N_("Never a reviewer of the applicant's organisation or a pair listed in\n"
                "conflicts.csv; deterministic for a seed. Exit 1 when a pack is short.\n"),
     .run = run_assign},
    {.name = "kit seal",
     .args = "DIR",
     .min_args = 1,
     .max_args = 1,
     .opts = seal_opts,
     .summary = N_("sign the list of every file with the organiser's key"),
     .run = run_seal},
    {.name = "kit verify",
     .args = "DIR",
     .min_args = 1,
     .max_args = 1,
     .opts = verify_opts,
     .summary = N_("check the seal; exit 1 naming every file added, removed or changed"),
     .run = run_verify},
    {.name = "kit status",
     .args = "DIR",
     .min_args = 1,
     .max_args = 1,
     .summary = N_("packs per task, reviewers per pack, load per reviewer, conflicts, facts"),
     .run = run_status},
    {0}};
