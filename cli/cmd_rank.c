/* cmd_rank.c - `jury rank OUT/`: re-rank a merged folder from its stored
 * data and rewrite the outputs; also the ranking options `jury merge` shares. */
#include "cli/cli.h"
#include "app/app.h"
#include "db/merge/merge.h"
#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_rank_title[] = N_("Rank options (override kit.json's \"aggregation\"):");
const struct cli_opt cli_rank_opts[] = {
    {.name = "method",
     .arg = "M",
     .help = N_("mean, trimmed, median, zscore, panel, zscore+median, ...,\n"
                "percentile (per panel, NIH-style), borda, schulze,\n"
                "point_trimmed (trim each observation point, then sum)")},
    {.name = "sensitivity",
     .arg = "N",
     .help = N_("list packs moving more than N places between methods (2)")},
    {.name = "trim",
     .arg = "N",
     .help = N_("reviewers dropped at each end by the trimmed mean (1)")},
    {.name = "trim-per",
     .arg = "P",
     .help = N_("total (net totals) or point (each observation point)")},
    {.name = "min-trim", .arg = "N", .help = N_("fewest reviewers for trimming (5)")},
    {.name = "veto",
     .arg = "P",
     .help = N_("majority, any or chair (majority; a tie goes to the chair)")},
    {.name = "disagreement",
     .arg = "X",
     .help = N_("spread of reviewer totals that calls for 复议 (20)")},
    {.name = "tie-break",
     .arg = "ID",
     .help = N_("break ties by the mean on this indicator (\"spread\": the\n"
                "smaller spread); none by default: ties share the rank"),
     .repeat = true},
    {.name = "bootstrap",
     .arg = "N",
     .help = N_("compute the 90% rank interval from N resamples (not by default)")},
    {.name = "seed", .arg = "N", .help = N_("seed of the bootstrap")},
    {0}};

static const struct cli_opt rank_opts[] = {
    {.name = "official", .help = N_("adopt these options as the official ranking")},
    {.name = "view", .help = N_("open the chair's view (an error without a terminal)")},
    {.name = "no-view", .help = N_("do not open the chair's view")},
    {0}};

static bool parse_count(const char *s, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max || s[0] == '-')
        return false;
    *out = v;
    return true;
}

/* A whole-number option o = v into s; false when v is not one. */
static bool apply_count(struct rank_settings *s, const char *o, const char *v)
{
    unsigned long n = 0;
    if (!parse_count(v, strcmp(o, "seed") == 0 ? 0xFFFFFFFFul : 100000, &n))
        return false;
    if (strcmp(o, "trim") == 0)
        s->trim = n;
    else if (strcmp(o, "min-trim") == 0)
        s->min_reviewers_for_trim = n;
    else if (strcmp(o, "bootstrap") == 0) /* asking for the intervals now */
        s->bootstrap = (unsigned)n, s->intervals = n > 0;
    else if (strcmp(o, "seed") == 0)
        s->seed = n;
    else
        s->sensitivity = (unsigned)n;
    return true;
}

/* One ranking option o = v into s: 0, or the exit code after saying why. */
static int apply_one(const char *cmd, struct rank_settings *s, const char *o, const char *v)
{
    struct jury_error err = {0};
    char *end = NULL;
    int rc = 0;
    if (strcmp(o, "method") == 0 || strcmp(o, "trim-per") == 0 || strcmp(o, "veto") == 0)
        rc = app_rank_settings_set(s, o, v, &err);
    else if (strcmp(o, "disagreement") == 0) {
        s->disagreement_total = strtod(v, &end);
        if (end == v || *end || s->disagreement_total < 0)
            return cli_usage(cmd, _("--disagreement takes a number of points"));
    } else if (strcmp(o, "tie-break") == 0) {
        if (s->n_tie_breaks == RANK_MAX_TIE_BREAKS || strlen(v) >= RANK_ID_MAX)
            return cli_usage(cmd, _("too many or too long --tie-break indicators"));
        snprintf(s->tie_breaks[s->n_tie_breaks++], RANK_ID_MAX, "%s", v);
    } else if (!apply_count(s, o, v)) {
        return cli_usage(cmd, _("--%s takes a whole number"), o);
    }
    return rc < 0 ? cli_usage(cmd, "%s", err.message) : 0;
}

int cli_rank_apply(const struct cli_args *a, struct rank_settings *s)
{
    for (int i = 0; i < a->n_hits; i++) {
        const struct cli_opt *o = a->hits[i].opt;
        bool ranking = false;
        for (const struct cli_opt *r = cli_rank_opts; r->name && !ranking; r++)
            ranking = r == o;
        int rc = ranking ? apply_one(a->cmd->name, s, o->name, a->hits[i].value) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

/* Untrusted text (from sheets) made safe for the terminal. */
static void put_safe(const char *s)
{
    cli_put(stdout, s);
}

static void cli_rank_print(const struct merge_ranking *r)
{
    printf("method %s, %zu sheets\n", cli_esc(r->method), r->n_sheets);
    for (size_t i = 0; i < r->result->n_rows; i++) {
        struct app_rank_row row;
        app_ranking_row(r, i, &row);
        put_safe(*row.task ? row.task : "-");
        if (row.excluded) {
            printf("\t-\t");
            put_safe(row.pack);
            printf("\texcluded: ");
            put_safe(row.reason);
            putchar('\n');
            continue;
        }
        printf("\t%d\t", row.rank);
        put_safe(row.pack);
        if (row.low) /* the 90% interval, when asked for */
            printf("\t%.2f\t[%d-%d]\t%s", row.score, row.low, row.high, cli_esc(row.flags));
        else
            printf("\t%.2f\t[-]\t%s", row.score, cli_esc(row.flags));
        if (row.veto_votes) /* the vote count, in every output */
            printf("%sveto %zu/%zu", *row.flags ? "," : "", row.veto_votes, row.n_reviewers);
        putchar('\n');
    }
}

/* What the chair must look at: a changed method, split votes, moves. */
static void print_decisions(const struct merge_ranking *r)
{
    const struct decide_report *d = r->decide;
    if (d->previous_method)
        fprintf(stderr,
                _("jury: NOTE the official method changes from %s to %s (logged in merged.sqlite, "
                  "named in the reports)\n"),
                cli_esc(d->previous_method), cli_esc(r->method));
    for (size_t i = 0; i < app_ranking_votes(r); i++) {
        struct app_veto_vote v;
        app_ranking_vote(r, i, &v);
        if (!v.split)
            continue;
        printf("for the chair: ");
        put_safe(v.pack);
        printf("\tveto vote %s: yes %zu, no %zu, abstain %zu -> %s%s\n", v.policy, v.yes, v.no,
               v.abstain, v.carried ? "vetoed" : "kept",
               v.chair_tie ? " (tie: the chair's vote)" : "");
    }
    if (d->methods->n_shifts)
        printf("sensitivity: %zu moves of more than %u places between %s and another method "
               "(see report.md)\n",
               d->methods->n_shifts, d->methods->threshold, cli_esc(r->method));
}

static const char *task_of(const struct merge_ranking *r, size_t p)
{
    const char *t = r->in.packs[p].task;
    return t && *t ? t : "-";
}

/* Ties the chair must see: equal scores sharing a rank, and equal scores a
 * tie-break named by the kit put apart. */
static void print_ties(const struct merge_ranking *r)
{
    const struct rank_result *res = r->result;
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct rank_row *row = &res->rows[res->order[i]];
        bool first = i == 0 || res->rows[res->order[i - 1]].rank != row->rank ||
                     strcmp(task_of(r, res->order[i - 1]), task_of(r, row->pack)) != 0;
        if (!(row->flags & RANK_FLAG_TIE) || !first || row->excluded)
            continue;
        printf("for the chair: tie at rank %d in task ", row->rank);
        put_safe(task_of(r, row->pack));
        printf(":");
        for (size_t k = i; k < res->n_rows; k++) {
            const struct rank_row *x = &res->rows[res->order[k]];
            if (x->rank != row->rank || x->excluded ||
                strcmp(task_of(r, x->pack), task_of(r, row->pack)) != 0)
                break;
            putchar(' ');
            put_safe(r->in.packs[x->pack].id);
        }
        printf(" (equal scores share the rank)\n");
    }
}

/* Print an adopted ranking whose outputs were written. */
static int publish(const struct merge_ranking *r, const char *run, size_t font_whole)
{
    if (font_whole)
        fprintf(stderr,
                _("jury: report.pdf embeds the whole CJK font (%zu bytes): set JURY_PDF_FONT to "
                  "a TrueType CJK font to subset it\n"),
                font_whole);
    printf("run\t%s\n", cli_esc(run));
    cli_rank_print(r);
    print_ties(r);
    print_decisions(r);
    if (!r->result->settings.intervals)
        fputs(_("jury: no rank intervals computed (ask with --bootstrap N, or b in the view)\n"),
              stderr);
    if (r->n_unresolved)
        fprintf(stderr,
                _("jury: %zu unresolved sheet conflicts (see report.md; --prefer-newest)\n"),
                r->n_unresolved);
    return r->n_unresolved ? EXIT_CHECK : EXIT_OK;
}

/* The official ranking: ranked, adopted, every output written, printed. */
static int finish(struct app_published *pub, int rc, const struct jury_error *err)
{
    rc = rc < 0 ? cli_fail(err) : publish(pub->r, pub->run, pub->font_whole_bytes);
    app_published_clear(pub);
    return rc;
}

int cli_rank_finish(struct merge *m, const struct rank_settings *s, const char *out)
{
    struct jury_error err = {0};
    struct app_published pub;
    return finish(&pub, app_rank_publish(m, s, out, &pub, &err), &err);
}

/* A what-if: printed, never written over the official outputs. */
static int what_if(struct app_rank *k, const struct rank_settings *s, const char *official)
{
    struct jury_error err = {0};
    const struct merge_ranking *r = NULL;
    if (app_rank_what_if(k, s, &r, &err) < 0)
        return cli_fail(&err);
    fprintf(stderr,
            _("jury: WHAT-IF with %s: the official outputs (%s) are unchanged; add --official "
              "to adopt these settings\n"),
            cli_esc(r->method), cli_esc(official));
    cli_rank_print(r);
    print_ties(r);
    return EXIT_OK;
}

/* The chair's view after re-ranking: asked for (1), refused (0), or by
 * default (-1) only on a usable terminal, so scripts and CI never see it. */
static int open_view(const char *out, int view, int rc)
{
    struct jury_error err = {0};
    if (view == 0 || (view < 0 && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
                                   tui_check_terminal(&err) != 0)))
        return rc;
    fflush(stdout); /* the printed ranking stays above the view's screen */
    struct tui_options opt = {.target = out};
    if (tui_run(&opt, &err) != 0)
        return cli_fail(&err);
    return rc;
}

static int cmd_rank(const struct cli_args *a)
{
    const char *out = a->pos[0];
    int view = -1; /* the last of --view and --no-view */
    for (int i = 0; i < a->n_hits; i++)
        if (!strcmp(a->hits[i].opt->name, "view") || !strcmp(a->hits[i].opt->name, "no-view"))
            view = a->hits[i].opt->name[0] == 'v';
    struct jury_error err = {0};
    struct app_rank *k = NULL;
    char *db = jury_path_join(out, "merged.sqlite");
    bool exists = jury_is_file(db);
    free(db);
    if (!exists) {
        fprintf(stderr, _("jury rank: %s has no merged.sqlite (run jury merge first)\n"),
                cli_esc(out));
        return EXIT_USAGE;
    }
    if (app_rank_open(&k, out, &err) < 0)
        return cli_fail(&err);
    const char *kept_name = NULL;
    struct rank_settings s = *app_rank_kept(k, &kept_name);
    int rc = cli_rank_apply(a, &s);
    if (rc) {
        app_rank_close(&k);
        return rc;
    }
    if (!cli_has(a, "official") && app_rank_is_what_if(k, &s)) {
        rc = what_if(k, &s, kept_name);
        app_rank_close(&k);
        return rc;
    }
    struct app_published pub;
    rc = finish(&pub, app_rank_official(k, &s, out, &pub, &err), &err);
    app_rank_close(&k); /* the view opens merged.sqlite itself */
    return rc == EXIT_OK || rc == EXIT_CHECK ? open_view(out, view, rc) : rc;
}

const struct cli_cmd cmd_rank_table[] = {
    {.name = "rank",
     .args = "OUT/",
     .min_args = 1,
     .max_args = 1,
     .opts = rank_opts,
     .more = cli_rank_opts,
     .more_title = cli_rank_title,
     .summary = N_("re-rank a merged folder and rewrite its outputs"),
     .text = N_("Ranks the data kept in OUT/merged.sqlite (no sheet is read again) with the\n"
                "official settings stored by `jury merge` and rewrites OUT/ranking.csv,\n"
                "ranking.xlsx, report.md, report.html and report.pdf (the report to sign).\n"
                "Options that change the ranking (--method, --trim, --tie-break, ...) make a\n"
                "what-if: its ranking is printed and no output is touched. With --official\n"
                "the what-if becomes the official ranking: its settings are stored, a method\n"
                "change is logged (table method_log) and named in the reports and the view.\n"
                "--bootstrap N computes the 90% rank intervals (not done by default).\n"
                "Then, when stdin and stdout are terminals, opens the chair's view in the\n"
                "workbench (the ranking; Enter shows a pack's reviewer-by-indicator table).\n"),
     .run = cmd_rank},
    {0}};
