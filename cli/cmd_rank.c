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

const char cmd_rank_summary[] = "re-rank a merged folder and rewrite its outputs";
const char cmd_rank_usage[] =
    "usage: jury rank OUT/ [--official] [--view | --no-view] [RANK OPTIONS]\n"
    "\n"
    "Ranks the data kept in OUT/merged.sqlite (no sheet is read again) with the\n"
    "official settings stored by `jury merge` and rewrites OUT/ranking.csv,\n"
    "ranking.xlsx, report.md, report.html and report.pdf (the report to sign).\n"
    "Options that change the ranking (--method, --trim, --tie-break, ...) make a\n"
    "what-if: its ranking is printed and no output is touched. With --official\n"
    "the what-if becomes the official ranking: its settings are stored, a method\n"
    "change is logged (table method_log) and named in the reports and the view.\n"
    "--bootstrap N computes the 90% rank intervals (not done by default).\n"
    "Then, when stdin and stdout are terminals, opens the chair's view in the\n"
    "workbench (the ranking; Enter shows a pack's reviewer-by-indicator table).\n"
    "  --no-view  do not open it     --view  open it (an error without a "
    "terminal)\n"
    "  --official  adopt these options as the official ranking\n" CLI_RANK_OPTIONS_HELP;

static bool parse_count(const char *s, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max || s[0] == '-')
        return false;
    *out = v;
    return true;
}

/* The value of option argv[*i] (advancing *i), or NULL when missing. */
static const char *opt_value(int argc, char **argv, int *i)
{
    return *i + 1 < argc ? argv[++*i] : NULL;
}

int cli_rank_option(const char *cmd, struct rank_settings *s, int argc, char **argv, int *i)
{
    const char *o = argv[*i], *v = NULL;
    struct jury_error err = {0};
    unsigned long n = 0;
    static const char *const known[] = {
        "--method",    "--trim", "--min-trim",  "--veto",        "--disagreement",
        "--bootstrap", "--seed", "--tie-break", "--sensitivity", "--trim-per"};
    bool is_known = false;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        is_known |= strcmp(o, known[k]) == 0;
    if (!is_known)
        return 0;
    if (!(v = opt_value(argc, argv, i)))
        return -cli_usage(cmd, "%s needs a value", o);
    if (strcmp(o, "--method") == 0 && rank_settings_set_method(s, v, &err) < 0)
        return -cli_usage(cmd, "%s", err.message);
    if (strcmp(o, "--trim-per") == 0 && rank_settings_set_trim_per(s, v, &err) < 0)
        return -cli_usage(cmd, "%s", err.message);
    if (strcmp(o, "--veto") == 0 && rank_settings_set_veto_policy(s, v, &err) < 0)
        return -cli_usage(cmd, "%s", err.message);
    if (strcmp(o, "--disagreement") == 0) {
        char *end = NULL;
        s->disagreement_total = strtod(v, &end);
        if (*end || s->disagreement_total < 0)
            return -cli_usage(cmd, "--disagreement takes a number of points");
    }
    if (strcmp(o, "--tie-break") == 0) {
        if (s->n_tie_breaks == RANK_MAX_TIE_BREAKS || strlen(v) >= RANK_ID_MAX)
            return -cli_usage(cmd, "too many or too long --tie-break indicators");
        snprintf(s->tie_breaks[s->n_tie_breaks++], RANK_ID_MAX, "%s", v);
    }
    bool counted = strcmp(o, "--trim") == 0 || strcmp(o, "--min-trim") == 0 ||
                   strcmp(o, "--bootstrap") == 0 || strcmp(o, "--seed") == 0 ||
                   strcmp(o, "--sensitivity") == 0;
    if (counted && !parse_count(v, strcmp(o, "--seed") == 0 ? 0xFFFFFFFFul : 100000, &n))
        return -cli_usage(cmd, "%s takes a whole number", o);
    if (strcmp(o, "--trim") == 0)
        s->trim = n;
    if (strcmp(o, "--min-trim") == 0)
        s->min_reviewers_for_trim = n;
    if (strcmp(o, "--bootstrap") == 0) /* asking for the intervals now */
        s->bootstrap = (unsigned)n, s->intervals = n > 0;
    if (strcmp(o, "--seed") == 0)
        s->seed = n;
    if (strcmp(o, "--sensitivity") == 0)
        s->sensitivity = (unsigned)n;
    return 1;
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
                "jury: NOTE the official method changes from %s to %s (logged in merged.sqlite, "
                "named in the reports)\n",
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
                "jury: report.pdf embeds the whole CJK font (%zu bytes): set JURY_PDF_FONT to "
                "a TrueType CJK font to subset it\n",
                font_whole);
    printf("run\t%s\n", cli_esc(run));
    cli_rank_print(r);
    print_ties(r);
    print_decisions(r);
    if (!r->result->settings.intervals)
        fprintf(stderr, "jury: no rank intervals computed (ask with --bootstrap N, or b in the "
                        "view)\n");
    if (r->n_unresolved)
        fprintf(stderr, "jury: %zu unresolved sheet conflicts (see report.md; --prefer-newest)\n",
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
            "jury: WHAT-IF with %s: the official outputs (%s) are unchanged; add --official "
            "to adopt these settings\n",
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

static bool is_flag(const char *a)
{
    return strcmp(a, "--view") == 0 || strcmp(a, "--no-view") == 0 || strcmp(a, "--official") == 0;
}

int cmd_rank(int argc, char **argv)
{
    const char *out = NULL;
    int view = -1;
    bool official = false;
    struct jury_error err = {0};
    struct app_rank *k = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--official") == 0)
            official = true;
        else if (is_flag(argv[i]))
            view = argv[i][2] == 'v';
        else if (argv[i][0] == '-')
            i++; /* every other rank option takes a value */
        else if (!out)
            out = argv[i];
        else
            return cli_usage("rank", "unexpected argument '%s'", argv[i]);
    }
    if (!out)
        return cli_usage("rank", "which merged folder?");
    char *db = jury_path_join(out, "merged.sqlite");
    bool exists = jury_is_file(db);
    free(db);
    if (!exists) {
        fprintf(stderr, "jury rank: %s has no merged.sqlite (run jury merge first)\n",
                cli_esc(out));
        return EXIT_USAGE;
    }
    if (app_rank_open(&k, out, &err) < 0)
        return cli_fail(&err);
    const char *kept_name = NULL;
    struct rank_settings s = *app_rank_kept(k, &kept_name);
    for (int i = 1; i < argc; i++) {
        if (argv[i] == out || is_flag(argv[i]))
            continue;
        int c = cli_rank_option("rank", &s, argc, argv, &i);
        if (c <= 0) {
            app_rank_close(&k);
            return c < 0 ? -c : cli_usage("rank", "unknown option '%s'", argv[i]);
        }
    }
    if (!official && app_rank_is_what_if(k, &s)) {
        int rc = what_if(k, &s, kept_name);
        app_rank_close(&k);
        return rc;
    }
    struct app_published pub;
    int rc = finish(&pub, app_rank_official(k, &s, out, &pub, &err), &err);
    app_rank_close(&k); /* the view opens merged.sqlite itself */
    return rc == EXIT_OK || rc == EXIT_CHECK ? open_view(out, view, rc) : rc;
}
