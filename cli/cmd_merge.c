/* cmd_merge.c - `jury merge`: verify and merge signed score sheets into
 * OUT/merged.sqlite, rank, and write the outputs. */
#include "cli/cli.h"
#include "app/app.h"
#include "db/db.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_merge_summary[] = "verify and merge score sheets, rank, write the reports";
const char cmd_merge_usage[] =
    "usage: jury merge SHEET... --roster roster.csv -o OUT/ [--kit KIT] [--chair ID]\n"
    "                  [--prefer-newest] [--no-evidence] [RANK OPTIONS]\n"
    "\n"
    "Every sheet is verified against the roster (signature, audit chain, kit) before\n"
    "anything in it is read; a refused sheet is reported with its reason and the\n"
    "others are merged, each in one transaction. Running the same merge again changes\n"
    "nothing. The same reviewer and pack in two different sheets is a conflict, left\n"
    "unresolved (exit 1) unless --prefer-newest keeps the sheet created later.\n"
    "With --kit: the kit id is checked, kit.json's \"aggregation\" sets the method,\n"
    "the rule sets give each observation point's maximum (for the 复议 check), and\n"
    "the packs' files are hashed to find the same evidence in different applicants'\n"
    "packs (--no-evidence skips that). Outputs in OUT/: merged.sqlite, ranking.csv,\n"
    "ranking.xlsx, report.md, report.html, report.pdf (the report to sign, with every\n"
    "sheet's and the kit's SHA-256 and signature lines). kit.json's \"calibration\"\n"
    "packs stay out of the ranking (see `jury calibrate`). A newer sheet from the\n"
    "same reviewer for a pack in the re-review queue (复议), reopened with a reason,\n"
    "is taken as a revision: the previous values are kept and the report shows both.\n"
    "Re-rank later with `jury rank OUT/`.\n"
    "--chair ID names the panel chair, whose vote decides a tied veto.\n"
    "Exit: 0 all merged, 1 a sheet refused or a conflict unresolved, 2 could not "
    "run.\n" CLI_RANK_OPTIONS_HELP;

struct args {
    const char **sheets;
    int n_sheets;
    const char *roster, *out, *kit, *chair;
    bool prefer_newest, evidence;
};

static int parse_args(int argc, char **argv, struct args *a, struct rank_settings *s)
{
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char **slot = strcmp(o, "--roster") == 0                        ? &a->roster
                            : strcmp(o, "-o") == 0 || strcmp(o, "--out") == 0 ? &a->out
                            : strcmp(o, "--kit") == 0                         ? &a->kit
                            : strcmp(o, "--chair") == 0                       ? &a->chair
                                                                              : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return cli_usage("merge", "%s needs a value", o);
            *slot = argv[++i];
        } else if (strcmp(o, "--prefer-newest") == 0) {
            a->prefer_newest = true;
        } else if (strcmp(o, "--no-evidence") == 0) {
            a->evidence = false;
        } else if (o[0] != '-') {
            a->sheets[a->n_sheets++] = o;
        } else {
            int c = cli_rank_option("merge", s, argc, argv, &i);
            if (c <= 0)
                return c < 0 ? -c : cli_usage("merge", "unknown option '%s'", o);
        }
    }
    if (!a->roster || !a->out || a->n_sheets == 0)
        return cli_usage("merge", "needs sheets, --roster and -o OUT/");
    return 0;
}

/* Rule sets loaded once per task while the kit's packs are read. */
struct kit_ctx {
    struct merge *m;
    const struct kit *k;
    bool evidence;
    struct app_text_print *prints; /* evidence text fingerprints */
    size_t n_prints;
    char **tasks;
    struct ruleset **rs;
    size_t n;
};

/* The rule set of a task (loaded on first use, when its observation points'
 * maxima are recorded); NULL with err when it cannot be loaded. */
static struct ruleset *task_rules(struct kit_ctx *c, const char *task, struct jury_error *err)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->tasks[i], task) == 0)
            return c->rs[i];
    char *path = rules_find(task, c->k->dir, err);
    struct ruleset *rs = NULL;
    struct rules_options ro = {0};
    int rc = path ? rules_load(&rs, path, &ro, err) : err->status;
    free(path);
    if (rc < 0)
        return NULL;
    struct ruleset_info info;
    ruleset_info(rs, &info);
    struct checklist *cl = ruleset_checklist(rs, NULL);
    for (size_t i = 0; rc == 0 && i < cl->n_indicators; i++)
        if (cl->indicators[i].scored)
            rc = merge_set_indicator_max(c->m, info.id, cl->indicators[i].id, cl->indicators[i].max,
                                         err);
    checklist_free(&cl);
    c->tasks = jury_xrealloc(c->tasks, (c->n + 1) * sizeof *c->tasks);
    c->rs = jury_xrealloc(c->rs, (c->n + 1) * sizeof *c->rs);
    c->tasks[c->n] = jury_xstrdup(task);
    c->rs[c->n++] = rs;
    return rc < 0 ? NULL : rs;
}

/* The rule set's verdict on one pack: failed eligibility conditions take it
 * out of the ranking; crosscheck keys go to the cross-pack check. */
static int pack_verdict(struct kit_ctx *c, struct pack *p, const char *name,
                        const struct ruleset *rs, struct jury_error *err)
{
    struct rules_pack_view *view = NULL;
    struct rules_result *res = NULL;
    int rc = app_rules_view(p, &view, err);
    if (rc == 0)
        rc = rules_eval(rs, view, &res, err);
    struct jstr why = {0};
    for (size_t i = 0; rc == 0 && i < res->n_conditions; i++)
        if (res->conditions[i].result == RULES_FAIL)
            jstr_addf(&why, "%s%s", why.len ? "; " : "", res->conditions[i].id);
    if (rc == 0)
        rc = merge_set_pack_ineligible(c->m, name, why.len ? why.s : NULL, err);
    for (size_t i = 0; rc == 0 && i < res->n_crosskeys; i++)
        if (res->crosskeys[i].key)
            rc = merge_add_crosscheck(c->m, name, res->crosskeys[i].id, res->crosskeys[i].key, err);
    jstr_free(&why);
    rules_result_free(&res);
    app_rules_view_free(&view);
    return rc;
}

/* One pack of the kit: its rule set's verdict and (unless --no-evidence) the
 * SHA-256 of every file for the duplicate-evidence check. */
static int kit_pack(struct kit_ctx *c, const char *name, struct jury_error *err)
{
    char *path = kit_pack_path(c->k, name);
    struct pack *p = NULL;
    int rc = pack_open(&p, path, NULL, err);
    const struct pack_manifest *man = rc == 0 ? pack_manifest(p) : NULL;
    const struct ruleset *rs = man && man->task ? task_rules(c, man->task, err) : NULL;
    if (man && man->task && !rs)
        rc = err->status;
    if (rc == 0 && man) {
        struct ruleset_info info = {0};
        if (rs)
            ruleset_info(rs, &info);
        /* rules_info says "majority" also when the rule set says nothing: only
         * another policy is the rule set's own and overrides kit and options */
        const char *vp =
            info.veto_policy && strcmp(info.veto_policy, "majority") != 0 ? info.veto_policy : NULL;
        rc = merge_add_pack(c->m, name, man->task, man->applicant, info.id, vp, err);
    }
    if (rc == 0 && rs)
        rc = pack_verdict(c, p, name, rs, err);
    /* Text first: extracting reads each text file once and caches its SHA-256,
     * so the hash loop below reads only the other files. */
    if (c->evidence && rc == 0)
        rc = app_text_prints_add(p, name, 100, &c->prints, &c->n_prints, err);
    for (size_t i = 0; c->evidence && rc == 0 && i < pack_entry_count(p); i++) {
        char hex[SHA256_HEX_LEN + 1];
        const struct pack_entry *e = pack_entry(p, i);
        if (e->hidden || e->is_link || e->encrypted || pack_entry_sha256(p, i, hex, err) < 0)
            continue; /* an unreadable file is the pack checker's business */
        rc = merge_add_evidence(c->m, name, e->path, hex, err);
    }
    pack_close(&p);
    free(path);
    return rc;
}

/* Near-identical evidence text (simhash within 6 bits, at least 100
 * character pairs) becomes evidence rows of its own, so the merge lists it
 * with the duplicate files: the same "text:" key in packs of different
 * applicants. */
static int add_text_groups(struct kit_ctx *c, struct jury_error *err)
{
    size_t *rep = jury_xcalloc(c->n_prints + 1, sizeof *rep);
    app_text_groups(c->prints, c->n_prints, 6, rep);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c->n_prints; i++) {
        if (rep[i] == SIZE_MAX)
            continue;
        char key[64], *label = NULL;
        snprintf(key, sizeof key, "text:%016llx", (unsigned long long)c->prints[rep[i]].hash);
        struct jstr l = {0};
        jstr_addf(&l, "%s [near-identical text]", c->prints[i].path);
        label = jstr_take(&l);
        rc = merge_add_evidence(c->m, c->prints[i].pack, label, key, err);
        free(label);
    }
    free(rep);
    return rc;
}

/* Issue 10: the kit's calibration packs (kept out of the ranking) and the
 * kit's SHA-256 for the report to sign: seal.json's when sealed (it lists
 * every file's hash), else kit.json's. */
static int kit_decisions(struct merge *m, const struct kit *k, struct jury_error *err)
{
    char **calib = NULL, hex[SHA256_HEX_LEN + 1];
    size_t n = 0;
    int rc = calib_packs_from_kit_json(k->json, strlen(k->json), &calib, &n, err);
    if (rc == 0)
        rc = merge_set_calibration(m, (const char *const *)calib, n, err);
    calib_packs_free(&calib, n);
    char *seal = jury_path_join(k->dir, "seal.json"), *json = jury_path_join(k->dir, "kit.json");
    const char *which = jury_is_file(seal) ? seal : json;
    if (rc == 0)
        rc = sha256_file_hex(which, hex, err);
    if (rc == 0) {
        struct jstr v = {0};
        jstr_addf(&v, "%s (%s)", hex, jury_is_file(seal) ? "seal.json" : "kit.json");
        rc = merge_meta_set(m, "kit_sha256", jstr_cstr(&v), err);
        jstr_free(&v);
    }
    free(seal);
    free(json);
    return rc;
}

static int use_kit(struct merge *m, const struct args *a, struct kit **k, struct jury_error *err)
{
    int rc = kit_open(k, a->kit, err);
    if (rc == 0)
        rc = kit_decisions(m, *k, err);
    struct kit_ctx c = {.m = m, .k = *k, .evidence = a->evidence};
    for (size_t i = 0; rc == 0 && i < (*k)->n_packs; i++) {
        if (kit_pack(&c, (*k)->packs[i], err) < 0) { /* say so and go on */
            char buf[2048];
            fprintf(stderr, "jury merge: warning: %s\n",
                    cli_esc(jury_error_text(err, buf, sizeof buf)));
        }
    }
    if (rc == 0 && c.evidence)
        rc = add_text_groups(&c, err);
    app_text_prints_free(&c.prints, c.n_prints);
    for (size_t i = 0; i < c.n; i++) {
        free(c.tasks[i]);
        ruleset_free(&c.rs[i]);
    }
    free(c.tasks);
    free(c.rs);
    return rc;
}

static void put_safe(const char *s)
{
    cli_put(stdout, s);
}

/* Import every sheet; returns the number refused. */
static int import_all(struct merge *m, const struct args *a, const struct roster *ro,
                      const char *kit_id)
{
    int refused = 0;
    for (int i = 0; i < a->n_sheets; i++) {
        struct merge_sheet_report rep;
        struct jury_error err = {0};
        int rc = merge_import_file(m, a->sheets[i], ro, kit_id, a->prefer_newest, &rep, &err);
        if (rc < 0) {
            char buf[2048];
            printf("refused\t");
            put_safe(a->sheets[i]);
            printf("\t");
            put_safe(jury_error_text(&err, buf, sizeof buf));
            putchar('\n');
            refused++;
            continue;
        }
        printf("%s\t", rep.outcome == MERGE_IMPORTED ? "merged" : "already");
        put_safe(a->sheets[i]);
        printf("\t%zu packs, %zu conflicts, %zu replaced, %zu 回避\n", rep.n_packs, rep.n_conflicts,
               rep.n_replaced, rep.n_coi);
    }
    return refused;
}

static int run(struct args *a, struct rank_settings *s, struct merge **m, struct kit **k,
               struct roster **ro)
{
    struct jury_error err = {0};
    if (roster_load(a->roster, ro, &err) < 0 || merge_open(m, a->out, &err) < 0 ||
        merge_add_roster(*m, *ro, a->chair, &err) < 0)
        return cli_fail(&err);
    if (a->kit && use_kit(*m, a, k, &err) < 0)
        return cli_fail(&err);
    char *json = rank_settings_to_json(s);
    int rc = merge_meta_set(*m, "settings", json, &err);
    free(json);
    if (rc < 0)
        return cli_fail(&err);
    int refused = import_all(*m, a, *ro, *k ? (*k)->id : NULL);
    rc = cli_rank_finish(*m, s, a->out);
    if (refused)
        fprintf(stderr, "jury merge: %d of %d sheets refused\n", refused, a->n_sheets);
    return rc == EXIT_OK && refused ? EXIT_CHECK : rc;
}

int cmd_merge(int argc, char **argv)
{
    struct args a = {.sheets = jury_xcalloc((size_t)argc + 1, sizeof *a.sheets), .evidence = true};
    struct rank_settings s;
    rank_settings_default(&s);
    struct kit *k = NULL;
    struct roster *ro = NULL;
    struct merge *m = NULL;
    struct jury_error err = {0};
    /* kit.json first, so the command line overrides it */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--kit") == 0 && kit_open(&k, argv[i + 1], &err) == 0) {
            int rc = rank_settings_from_kit_json(&s, k->json, strlen(k->json), "kit.json", &err);
            kit_close(&k);
            if (rc < 0)
                return free(a.sheets), cli_fail(&err);
        }
    int rc = parse_args(argc, argv, &a, &s);
    if (rc == 0)
        rc = run(&a, &s, &m, &k, &ro);
    merge_close(&m);
    kit_close(&k);
    roster_free(&ro);
    free(a.sheets);
    return rc;
}
