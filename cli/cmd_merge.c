/* cmd_merge.c - `jury merge`: verify and merge signed score sheets into
 * OUT/merged.sqlite, rank, and write the outputs. */
#include "cli/cli.h"
#include "app/app.h"
#include "db/rank/rank.h" /* rank_settings, filled from the options */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_merge_summary[] = "verify and merge score sheets, rank, write the reports";
const char cmd_merge_usage[] =
    "usage: jury merge SHEET... --roster roster.csv -o OUT/ --kit KIT [--chair ID]\n"
    "                  [--prefer-newest] [--no-evidence] [--allow-altered-kit] [RANK OPTIONS]\n"
    "\n"
    "Every sheet is verified against the roster (signature, audit chain) and then\n"
    "against the kit: its packs must be the kit's, its rule sets the kit's (same\n"
    "SHA-256), every value on its indicator's scale or step, every deduction within\n"
    "its bounds, every confirmation and indicator known to the rule set. The points\n"
    "are then re-derived from the values through the kit's rules, and the packs'\n"
    "task and applicant taken from the kit: nothing a sheet claims is summed. A\n"
    "refused sheet is reported with its reason and nothing of it is stored; the\n"
    "others are merged, each in one transaction. A run with no new sheet and the\n"
    "same kit, roster and options leaves OUT exactly as it was. The kit's seal is\n"
    "checked first: an altered or re-signed sealed kit is refused unless\n"
    "--allow-altered-kit, which the report records. Without --kit the merge is an\n"
    "UNOFFICIAL PREVIEW (points as the sheets claim them, marked so in the reports);\n"
    "an OUT holds one kit's merge or a preview, never both.\n"
    "The same reviewer and pack in two different sheets is a conflict, left\n"
    "unresolved (exit 1) unless --prefer-newest keeps the sheet created later.\n"
    "With --kit, kit.json's \"aggregation\" sets the method, the rule sets give each\n"
    "observation point's maximum (for the 复议 check), the packs' files are hashed to\n"
    "find the same evidence in different applicants' packs (--no-evidence skips\n"
    "that), and every assigned pack (assignments.csv) a reviewer's sheets leave out\n"
    "or do not submit is listed as \"missing\". Outputs in OUT/: merged.sqlite,\n"
    "ranking.csv, ranking.xlsx, report.md, report.html, report.pdf (the report to\n"
    "sign, with every sheet's and the kit's SHA-256 and signature lines), written\n"
    "together into OUT/.run-ID and switched into place at once; each names its run\n"
    "id. kit.json's \"calibration\" packs stay out of the ranking (see `jury\n"
    "calibrate`). A newer sheet from the same reviewer for a pack in the re-review\n"
    "queue (复议), reopened with a reason, is taken as a revision: the previous\n"
    "values are kept and the report shows both. Re-rank later with `jury rank OUT/`.\n"
    "--chair ID names the panel chair, whose vote decides a tied veto.\n"
    "Exit: 0 all merged, 1 a sheet refused or a conflict unresolved, 2 could not "
    "run.\n" CLI_RANK_OPTIONS_HELP;

struct args {
    const char **sheets;
    int n_sheets;
    const char *roster, *out, *kit, *chair;
    bool prefer_newest, evidence, allow_altered;
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
        } else if (strcmp(o, "--allow-altered-kit") == 0) {
            a->allow_altered = true;
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

static void put_safe(const char *s)
{
    cli_put(stdout, s);
}

static void print_sheets(const struct app_merge_result *res)
{
    for (size_t i = 0; i < res->n_sheets; i++) {
        const struct app_merge_sheet *x = &res->sheets[i];
        if (x->outcome == APP_SHEET_REFUSED) {
            printf("refused\t");
            put_safe(x->path);
            printf("\t");
            put_safe(x->reason ? x->reason : "?");
            putchar('\n');
            continue;
        }
        printf("%s\t", x->outcome == APP_SHEET_MERGED ? "merged" : "already");
        put_safe(x->path);
        printf("\t%zu packs, %zu conflicts, %zu replaced, %zu 回避\n", x->n_packs, x->n_conflicts,
               x->n_replaced, x->n_coi);
    }
}

/* What the chair must know before trusting the numbers. */
static void print_findings(const struct app_merge_result *res)
{
    for (size_t i = 0; i < res->n_warnings; i++) {
        fprintf(stderr, "jury merge: warning: %s\n", cli_esc(res->warnings[i]));
    }
    if (res->seal_summary) {
        printf("kit seal\t%s%s\n", cli_esc(res->seal_summary),
               res->seal_overridden ? " -- MERGED ANYWAY (--allow-altered-kit, in the report)"
                                    : "");
    }
    if (!res->official)
        fprintf(stderr, "jury merge: UNOFFICIAL PREVIEW: no --kit, so the points are what the "
                        "sheets claim, not re-derived from the kit's rules (the reports say so)\n");
    /* per reviewer, one line: the assigned packs their sheets leave out */
    for (size_t i = 0; i < res->n_missing; i++) {
        const struct app_merge_missing *x = &res->missing[i];
        bool first = i == 0 || strcmp(res->missing[i - 1].reviewer, x->reviewer) != 0;
        bool last =
            i + 1 == res->n_missing || strcmp(res->missing[i + 1].reviewer, x->reviewer) != 0;
        if (first)
            fprintf(stderr, "jury merge: missing from %s's sheets:", cli_esc(x->reviewer));
        fprintf(stderr, " %s (%s)%s", cli_esc(x->pack), x->in_sheet ? "not submitted" : "absent",
                last ? "\n" : ",");
    }
}

static int run(struct args *a, struct rank_settings *s)
{
    struct jury_error err = {0};
    struct app_merge_options o = {.sheets = a->sheets,
                                  .n_sheets = (size_t)a->n_sheets,
                                  .roster = a->roster,
                                  .out = a->out,
                                  .kit = a->kit,
                                  .chair = a->chair,
                                  .prefer_newest = a->prefer_newest,
                                  .evidence = a->evidence,
                                  .allow_altered_kit = a->allow_altered,
                                  .settings = s};
    struct app_merge_result res;
    if (app_merge(&o, &res, &err) < 0) {
        app_merge_result_free(&res);
        return cli_fail(&err);
    }
    print_sheets(&res);
    print_findings(&res);
    int rc = EXIT_OK;
    if (res.unchanged)
        printf("unchanged\tnothing new to merge: %s left exactly as it was\n", cli_esc(a->out));
    else
        rc = cli_rank_finish(res.merged, s, a->out);
    if (res.n_refused)
        fprintf(stderr, "jury merge: %zu of %d sheets refused\n", res.n_refused, a->n_sheets);
    rc = rc == EXIT_OK && res.n_refused ? EXIT_CHECK : rc;
    app_merge_result_free(&res);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    struct args a = {.sheets = jury_xcalloc((size_t)argc + 1, sizeof *a.sheets), .evidence = true};
    struct rank_settings s;
    rank_settings_default(&s);
    struct jury_error err = {0};
    /* kit.json first, so the command line overrides it */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--kit") == 0 && app_merge_kit_settings(argv[i + 1], &s, &err) < 0)
            return free(a.sheets), cli_fail(&err);
    int rc = parse_args(argc, argv, &a, &s);
    if (rc == 0)
        rc = run(&a, &s);
    free(a.sheets);
    return rc;
}
