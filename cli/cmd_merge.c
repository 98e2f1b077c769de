/* cmd_merge.c - `jury merge`: verify and merge signed score sheets into
 * OUT/merged.sqlite, rank, and write the outputs. */
#include "cli/cli.h"
#include "app/app.h"
#include "db/rank/rank.h" /* rank_settings, filled from the options */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt merge_opts[] = {
    {.name = "roster",
     .arg = "FILE.csv",
     .help = N_("the kit's roster: reviewers and keys (required)")},
    {.name = "out", .letter = 'o', .arg = "OUT/", .help = N_("the merged folder (required)")},
    {.name = "kit",
     .arg = "KIT",
     .help = N_("the kit: points re-derived from its rules (without it: an\n"
                "UNOFFICIAL PREVIEW of what the sheets claim)")},
    {.name = "chair", .arg = "ID", .help = N_("the panel chair, whose vote decides a tied veto")},
    {.name = "prefer-newest",
     .help = N_("resolve a reviewer's two sheets for a pack by the newer one")},
    {.name = "no-evidence", .help = N_("do not hash the packs' files to find shared evidence")},
    {.name = "allow-altered-kit",
     .help = N_("merge though the kit's seal fails (recorded in the report)")},
    {0}};

struct args {
    const char *const *sheets;
    int n_sheets;
    const char *roster, *out, *kit, *chair;
    bool prefer_newest, evidence, allow_altered;
};

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
        fprintf(stderr, _("jury merge: warning: %s\n"), cli_esc(res->warnings[i]));
    }
    if (res->seal_summary) {
        printf("kit seal\t%s%s\n", cli_esc(res->seal_summary),
               res->seal_overridden ? " -- MERGED ANYWAY (--allow-altered-kit, in the report)"
                                    : "");
    }
    if (!res->official)
        fputs(_("jury merge: UNOFFICIAL PREVIEW: no --kit, so the points are what the sheets "
                "claim, not re-derived from the kit's rules (the reports say so)\n"),
              stderr);
    /* per reviewer, one line: the assigned packs their sheets leave out */
    for (size_t i = 0; i < res->n_missing; i++) {
        const struct app_merge_missing *x = &res->missing[i];
        bool first = i == 0 || strcmp(res->missing[i - 1].reviewer, x->reviewer) != 0;
        bool last =
            i + 1 == res->n_missing || strcmp(res->missing[i + 1].reviewer, x->reviewer) != 0;
        if (first)
            fprintf(stderr, _("jury merge: missing from %s's sheets:"), cli_esc(x->reviewer));
        fprintf(stderr, " %s (%s)%s", cli_esc(x->pack),
                x->in_sheet ? _("not submitted") : _("absent"), last ? "\n" : ",");
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
        fprintf(stderr, _("jury merge: %zu of %d sheets refused\n"), res.n_refused, a->n_sheets);
    rc = rc == EXIT_OK && res.n_refused ? EXIT_CHECK : rc;
    app_merge_result_free(&res);
    return rc;
}

static int cmd_merge(const struct cli_args *ca)
{
    struct args a = {.sheets = ca->pos,
                     .n_sheets = ca->n_pos,
                     .roster = cli_opt(ca, "roster"),
                     .out = cli_opt(ca, "out"),
                     .kit = cli_opt(ca, "kit"),
                     .chair = cli_opt(ca, "chair"),
                     .prefer_newest = cli_has(ca, "prefer-newest"),
                     .evidence = !cli_has(ca, "no-evidence"),
                     .allow_altered = cli_has(ca, "allow-altered-kit")};
    if (!a.roster || !a.out)
        return cli_usage("merge", _("needs --roster FILE.csv and -o OUT/"));
    struct rank_settings s;
    app_rank_settings_default(&s);
    struct jury_error err = {0};
    /* kit.json first, so the command line overrides it */
    if (a.kit && app_merge_kit_settings(a.kit, &s, &err) < 0)
        return cli_fail(&err);
    int rc = cli_rank_apply(ca, &s);
    return rc ? rc : run(&a, &s);
}

const struct cli_cmd cmd_merge_table[] = {
    {.name = "merge",
     .args = "SHEET...",
     .min_args = 1,
     .max_args = -1,
     .opts = merge_opts,
     .more = cli_rank_opts,
     .more_title = cli_rank_title,
     .summary = N_("verify and merge score sheets, rank, write the reports"),
     .text =
         N_("Every sheet is verified against the roster (signature, audit chain) and then\n"
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
            "Exit: 0 all merged, 1 a sheet refused or a conflict unresolved, 2 could not run.\n"),
     .run = cmd_merge},
    {0}};
