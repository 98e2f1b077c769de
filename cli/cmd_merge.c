/* cmd_merge.c - `jury merge`: verify and merge signed score sheets into
 * OUT/merged.sqlite, rank, and write the outputs. */
#include "cli/cli.h"
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
    "ranking.xlsx, report.md, report.html. Re-rank later with `jury rank OUT/`.\n"
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

/* Maxima of every scored indicator of the rule set a pack uses (once per task). */
static int kit_indicators(struct merge *m, const char *kit_dir, const char *task,
                          struct jury_error *err)
{
    char *path = rules_find(task, kit_dir, err);
    struct ruleset *rs = NULL;
    struct rules_options ro = {0};
    int rc = path ? rules_load(&rs, path, &ro, err) : err->status;
    if (rc == 0) {
        struct ruleset_info info;
        ruleset_info(rs, &info);
        struct checklist *cl = ruleset_checklist(rs, NULL);
        for (size_t i = 0; rc == 0 && i < cl->n_indicators; i++)
            if (cl->indicators[i].scored)
                rc = merge_set_indicator_max(m, info.id, cl->indicators[i].id,
                                             cl->indicators[i].max, err);
        checklist_free(&cl);
    }
    ruleset_free(&rs);
    free(path);
    return rc;
}

/* Hash every file of one pack and record it for the duplicate-evidence check;
 * note the pack's task so its rule set's maxima get loaded. */
static int kit_pack(struct merge *m, const struct kit *k, const char *name, bool evidence,
                    struct jstr *tasks, struct jury_error *err)
{
    char *path = kit_pack_path(k, name);
    struct pack *p = NULL;
    int rc = pack_open(&p, path, NULL, err);
    const struct pack_manifest *man = rc == 0 ? pack_manifest(p) : NULL;
    if (man && man->task && !strstr(jstr_cstr(tasks), man->task)) {
        jstr_addf(tasks, "%s\n", man->task);
        rc = kit_indicators(m, k->dir, man->task, err);
    }
    for (size_t i = 0; evidence && rc == 0 && i < pack_entry_count(p); i++) {
        char hex[SHA256_HEX_LEN + 1];
        const struct pack_entry *e = pack_entry(p, i);
        if (e->hidden || e->is_link || e->encrypted || pack_entry_sha256(p, i, hex, err) < 0)
            continue; /* an unreadable file is the pack checker's business */
        rc = merge_add_evidence(m, name, e->path, hex, err);
    }
    pack_close(&p);
    free(path);
    return rc;
}

static int use_kit(struct merge *m, const struct args *a, struct kit **k, struct jury_error *err)
{
    int rc = kit_open(k, a->kit, err);
    struct jstr tasks = {0};
    for (size_t i = 0; rc == 0 && i < (*k)->n_packs; i++) {
        rc = kit_pack(m, *k, (*k)->packs[i], a->evidence, &tasks, err);
        if (rc < 0) { /* a bad pack does not stop the merge: say so and go on */
            char buf[2048];
            fprintf(stderr, "jury merge: warning: %s\n", jury_error_text(err, buf, sizeof buf));
            rc = 0;
        }
    }
    jstr_free(&tasks);
    return rc;
}

static void put_safe(const char *s)
{
    char *t = utf8_sanitize(s, strlen(s));
    fputs(t, stdout);
    free(t);
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
