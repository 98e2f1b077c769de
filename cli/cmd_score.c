/* cmd_score.c - scriptable scoring: `jury score set|show|submit|reopen`,
 * `jury conflict declare`, `jury confirm`, `jury deduct`, `jury export`.
 * All go through the session facade (app/app.h). Exit 0 done, 1 refused
 * (invalid value, locked pack), 2 could not run. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The session every scoring command opens (cmd_score_table's "more"). */
static const struct cli_opt session_opts[] = {
    {.name = "kit",
     .arg = "DIR",
     .help = N_("the review kit (default: this folder if it has kit.json,\n"
                "else the bundled sample kit)")},
    {.name = "reviewer",
     .arg = "ID",
     .help = N_("whose store and key (default: the only key in the data folder)")},
    {.name = "db",
     .arg = "PATH",
     .help = N_("the score store (default: <data>/stores/<kit>-<reviewer>.sqlite)")},
    {0}};
static const char session_title[] =
    N_("Options of every scoring command (PACK is a path to a pack of the kit, its\n"
       "file name, that name without extension, or its SHA-256 pack id):");

static const struct cli_opt set_opts[] = {
    {.name = "comment", .arg = "TEXT", .help = N_("the comment kept with the score")},
    {.name = "cite",
     .arg = "PATH[:PAGE]",
     .help = N_("cite a file of the pack (and a page) as evidence"),
     .repeat = true},
    {0}};
static const struct cli_opt json_opts[] = {
    {.name = "json", .help = N_("the pack's part of the sheet as JSON")}, {0}};
static const struct cli_opt all_opts[] = {
    {.name = "all", .help = N_("every pack of the kit scored and not yet submitted")}, {0}};
static const struct cli_opt confirm_opts[] = {
    {.name = "comment", .arg = "TEXT", .help = N_("the comment kept with the answer")}, {0}};
static const struct cli_opt reason_opts[] = {
    {.name = "reason", .arg = "TEXT", .help = N_("why (kept and logged; required)")}, {0}};
static const struct cli_opt deduct_opts[] = {
    {.name = "reason",
     .arg = "TEXT",
     .help = N_("why the deduction (kept and logged; a new one replaces it)")},
    {0}};
static const struct cli_opt export_opts[] = {
    {.name = "out",
     .letter = 'o',
     .arg = "FILE.jury",
     .help = N_("where to write the sheet (default: <kit>-<reviewer>.jury here)")},
    {0}};

static struct session_options session_options_of(const struct cli_args *a)
{
    return (struct session_options){.kit_dir = cli_opt(a, "kit"),
                                    .reviewer_id = cli_opt(a, "reviewer"),
                                    .db_path = cli_opt(a, "db")};
}

/* Exit status for a library error: refusals are 1, the rest 2. */
static int fail(const struct jury_error *err)
{
    cli_fail(err);
    return err->status == JURY_ERR_INVALID || err->status == JURY_ERR_DENIED ? EXIT_CHECK
                                                                             : EXIT_USAGE;
}

/* A pack command's arguments, its open session and its resolved pack. */
struct pack_job {
    const struct cli_args *a;
    struct session *s;
    const struct checklist *cl;
    const char *pack;
};
/* What a pack command does once its pack is resolved: 0 or < 0 with err. */
typedef int (*pack_action)(struct pack_job *j, struct jury_error *err);

/* The body every pack command shares: open the session, resolve the pack
 * named by the first argument, run act on it, close; the exit code. */
static int with_pack(const struct cli_args *a, enum session_access access, pack_action act)
{
    struct session_options o = session_options_of(a);
    struct pack_job j = {.a = a};
    struct jury_error err = {0};
    int rc = session_open_access(&j.s, &o, access, &err);
    if (rc == 0)
        rc = session_pack(j.s, a->pos[0], &j.pack, &j.cl, &err);
    if (rc == 0)
        rc = act(&j, &err);
    session_close(&j.s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

/* "PATH[:PAGE]" -> path (new string) and page. */
static char *split_cite(const char *arg, int *page)
{
    const char *colon = strrchr(arg, ':');
    char *end = NULL;
    *page = 0;
    if (colon && colon[1]) {
        long p = strtol(colon + 1, &end, 10);
        if (*end == '\0' && p > 0 && p < 1000000) {
            *page = (int)p;
            return jury_xstrndup(arg, (size_t)(colon - arg));
        }
    }
    return jury_xstrdup(arg);
}

static int set_act(struct pack_job *j, struct jury_error *err)
{
    const char *ind = j->a->pos[1], *value = strcmp(j->a->pos[2], "-") == 0 ? NULL : j->a->pos[2];
    int rc = app_score_set(j->s, j->pack, ind, value, cli_opt(j->a, "comment"), err);
    const char *cite;
    for (int i = 0; rc == 0 && (cite = cli_opt_next(j->a, "cite", &i));) {
        int page;
        char *path = split_cite(cite, &page);
        rc = app_cite_add(j->s, j->pack, ind, path, page, err);
        free(path);
    }
    return rc;
}

static int score_set(const struct cli_args *a)
{
    return with_pack(a, SESSION_WRITE, set_act);
}

static const struct app_score *find_score(const struct app_values *p, const char *ind)
{
    for (size_t i = 0; p && i < p->n_scores; i++)
        if (strcmp(p->scores[i].indicator, ind) == 0)
            return &p->scores[i];
    return NULL;
}

static const char *const state_names[] = {N_("not started"), N_("in progress"), N_("submitted")};

static void show_text(struct session *s, const struct checklist *cl, const struct app_values *p,
                      const char *id)
{
    printf(_("pack %s  rule set %s  state %s\n"), cli_esc(id), cli_esc(cl->id ? cl->id : "?"),
           _(state_names[p ? p->state : 0]));
    if (p && p->conflict)
        printf(_("conflict of interest (回避): %s\n"), cli_esc(p->conflict));
    double total = 0;
    for (size_t i = 0; i < cl->n_indicators; i++) {
        const struct cl_indicator *in = &cl->indicators[i];
        const struct app_score *sc = find_score(p, in->id);
        printf("%*s%s %s", (in->depth - 1) * 2, "", cli_esc(in->id),
               cli_esc(in->text ? in->text : ""));
        if (in->scored)
            printf("  [%s / %g]", cli_esc(sc && sc->value ? sc->value : "-"), in->max);
        if (sc && sc->value) {
            printf(" = %g", sc->points);
            total += sc->points;
        }
        putchar('\n');
        if (sc && sc->comment)
            printf(_("%*s  comment: %s\n"), (in->depth - 1) * 2, "", cli_esc(sc->comment));
        for (size_t c = 0; sc && c < sc->n_cites; c++)
            printf(_("%*s  cites: %s%s%d\n"), (in->depth - 1) * 2, "", cli_esc(sc->cites[c].path),
                   sc->cites[c].page ? ":" : "", sc->cites[c].page);
    }
    for (size_t i = 0; p && i < p->n_confirms; i++)
        printf("%s %s: %s\n", p->confirms[i].is_veto ? _("veto") : _("condition"),
               cli_esc(p->confirms[i].item), p->confirms[i].yes ? _("yes") : _("no"));
    for (size_t i = 0; p && i < p->n_check_comments; i++) {
        const char *item = p->check_comments[i].item;
        printf(_("%s %s comment: %s\n"), checklist_find_veto(cl, item) ? _("veto") : _("condition"),
               cli_esc(item), cli_esc(p->check_comments[i].comment));
    }
    for (size_t i = 0; p && i < p->n_deductions; i++) {
        char *why = app_deduction_reason(s, id, p->deductions[i].id);
        printf(_("deduction %s: %g%s%s\n"), cli_esc(p->deductions[i].id), p->deductions[i].value,
               why ? _("  reason: ") : "", cli_esc(why ? why : ""));
        free(why);
        total -= p->deductions[i].value;
    }
    printf(_("total %g / %g\n"), total, cl->total);
}

static int show_act(struct pack_job *j, struct jury_error *err)
{
    struct app_score_view v = {0};
    bool json = cli_has(j->a, "json");
    int rc = app_score_view(j->s, j->pack, json, &v, err);
    if (rc == 0 && json) {
        cli_put_json(stdout, v.json); /* NULL only for bytes the store never takes */
        putchar('\n');
    } else if (rc == 0) {
        show_text(j->s, j->cl, v.values, j->pack);
    }
    app_score_view_clear(&v);
    return rc;
}

static int score_show(const struct cli_args *a)
{
    return with_pack(a, SESSION_READ, show_act); /* works beside a running workbench */
}

/* Submit one pack by name; a refusal is printed and counted. */
static int submit_one(struct session *s, const char *name, int *refused)
{
    struct app_pack *ap = NULL;
    struct jury_error err = {0};
    /* as the workbench submits: conditions the pack's facts decided need no
     * answer, vetoes the rules left open do */
    int rc = app_pack_open(s, name, &ap, &err);
    if (rc == 0)
        rc = app_pack_submit(s, ap, &err);
    if (rc == 0)
        printf(_("submitted %s\n"), cli_esc(app_pack_name(ap)));
    else if (err.status == JURY_ERR_INVALID || err.status == JURY_ERR_DENIED)
        cli_fail(&err), ++*refused;
    app_pack_close(&ap);
    return rc == 0 || err.status == JURY_ERR_INVALID || err.status == JURY_ERR_DENIED ? 0
                                                                                      : fail(&err);
}

/* --all: the kit's packs this store has scores for and that are not
 * submitted yet. */
static int submit_all(struct session *s, int *refused)
{
    char **packs = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    app_score_in_progress(s, &packs, &n, &err);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = submit_one(s, packs[i], refused);
        free(packs[i]);
    }
    free(packs);
    if (rc == 0 && n == 0)
        puts(_("nothing to submit: no pack in progress"));
    return rc;
}

static int score_submit(const struct cli_args *a)
{
    bool all = cli_has(a, "all");
    if (a->n_pos == 0 && !all)
        return cli_usage("score submit", _("needs PACK... or --all"));
    if (a->n_pos > 0 && all)
        return cli_usage("score submit", _("takes PACK... or --all, not both"));
    struct session_options o = session_options_of(a);
    struct session *s = NULL;
    struct jury_error err = {0};
    if (session_open(&s, &o, &err) < 0)
        return fail(&err);
    int refused = 0, rc = 0;
    if (all)
        rc = submit_all(s, &refused);
    for (int i = 0; rc == 0 && i < a->n_pos; i++)
        rc = submit_one(s, a->pos[i], &refused);
    session_close(&s);
    return rc ? rc : refused ? EXIT_CHECK : EXIT_OK;
}

static int reopen_act(struct pack_job *j, struct jury_error *err)
{
    return app_reopen(j->s, j->pack, cli_opt(j->a, "reason"), err);
}

static int score_reopen(const struct cli_args *a)
{
    if (!cli_opt(a, "reason"))
        return cli_usage("score reopen", _("needs --reason TEXT"));
    return with_pack(a, SESSION_WRITE, reopen_act);
}

/* ------------------------------------------------------------ import */

/* A refusal of one row: "FILE:ROW: what" on stderr (terminal-safe). */
static void print_refusals(const char *file, const struct jstr *lines)
{
    for (const char *l = jstr_cstr(lines); *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        char *row = jury_xstrndup(l, n), *tab = strchr(row, '\t');
        if (tab)
            *tab = '\0';
        fprintf(stderr, "%s:%s: %s\n", cli_esc(file), cli_esc(tab ? row : "?"),
                cli_esc(tab ? tab + 1 : row));
        free(row);
        l += n + (nl != NULL);
    }
}

/* The outcome of an import, said once. */
static int import_report(const char *file, int rc, const struct app_score_import *r,
                         const struct jury_error *err)
{
    print_refusals(file, &r->refusals);
    if (rc < 0) {
        fprintf(stderr, _("%s:%ld: not stored; the %zu rows before it were\n"), cli_esc(file),
                r->failed_row, r->n_stored);
        return fail(err);
    }
    if (r->n_rows == 0) {
        fprintf(stderr, _("%s: no score rows\n"), cli_esc(file));
        return EXIT_CHECK;
    }
    if (r->n_refused) {
        fprintf(stderr, _("%s: %zu of %zu rows refused; nothing stored\n"), cli_esc(file),
                r->n_refused, r->n_rows);
        return EXIT_CHECK;
    }
    printf(_("%zu scores stored from %s\n"), r->n_stored, cli_esc(file));
    return EXIT_OK;
}

static int score_import(const struct cli_args *a)
{
    const char *file = a->pos[0];
    struct session_options o = session_options_of(a);
    struct csv *c = NULL;
    struct session *s = NULL;
    struct jury_error err = {0};
    if (app_facts_table_load(file, &c, &err) < 0)
        return fail(&err);
    if (session_open(&s, &o, &err) < 0) {
        csv_free(&c);
        return fail(&err);
    }
    struct app_score_import r;
    int rc = app_score_import(s, c, &r, &err);
    int ex = import_report(file, rc, &r, &err);
    app_score_import_clear(&r);
    session_close(&s);
    csv_free(&c);
    return ex;
}

static int conflict_act(struct pack_job *j, struct jury_error *err)
{
    bool declare = strcmp(j->a->cmd->name, "conflict withdraw") != 0;
    /* the reason is logged in the audit chain */
    return app_conflict(j->s, j->pack, declare, cli_opt(j->a, "reason"), err);
}

static int cmd_conflict(const struct cli_args *a)
{
    if (!cli_opt(a, "reason"))
        return cli_usage(a->cmd->name, _("needs --reason TEXT"));
    return with_pack(a, SESSION_WRITE, conflict_act);
}

static int confirm_act(struct pack_job *j, struct jury_error *err)
{
    const char *answer = j->a->pos[2], *comment = cli_opt(j->a, "comment");
    int rc = 0;
    if (answer)
        rc = app_confirm(j->s, j->pack, j->a->pos[1], strcmp(answer, "yes") == 0, err);
    if (rc == 0 && comment)
        rc = app_check_comment(j->s, j->cl, j->pack, j->a->pos[1], comment, err);
    return rc;
}

static int cmd_confirm(const struct cli_args *a)
{
    const char *answer = a->pos[2];
    if (answer && strcmp(answer, "yes") != 0 && strcmp(answer, "no") != 0)
        return cli_usage("confirm", _("the answer is yes or no, not '%s'"), answer);
    if (!answer && !cli_opt(a, "comment"))
        return cli_usage("confirm", _("needs yes or no, or --comment TEXT"));
    return with_pack(a, SESSION_WRITE, confirm_act);
}

static int deduct_act(struct pack_job *j, struct jury_error *err)
{
    double v = strtod(j->a->pos[2], NULL);
    return app_deduct(j->s, j->pack, j->a->pos[1], v, cli_opt(j->a, "reason"), err);
}

static int cmd_deduct(const struct cli_args *a)
{
    char *end = NULL;
    strtod(a->pos[2], &end);
    if (end == a->pos[2] || *end)
        return cli_usage("deduct", _("VALUE is a number, not '%s'"), a->pos[2]);
    return with_pack(a, SESSION_WRITE, deduct_act);
}

/* The packs a sheet leaves out of the panel, said on stderr (the sheet is
 * still written: a reviewer may send a partial sheet on purpose). */
static void export_warn(struct session *s)
{
    struct jstr reopened = {0}, unsubmitted = {0};
    struct jury_error err = {0};
    if (app_export_missing(s, &reopened, &unsubmitted, &err) == 0) {
        if (reopened.len) {
            fputs(_("jury export: warning: reopened and not submitted again, left out:\n"), stderr);
            cli_put_lines(stderr, reopened.s, reopened.len);
        }
        if (unsubmitted.len) {
            fputs(_("jury export: warning: not submitted, left out:\n"), stderr);
            cli_put_lines(stderr, unsubmitted.s, unsubmitted.len);
        }
    }
    jstr_free(&reopened);
    jstr_free(&unsubmitted);
}

static int cmd_export(const struct cli_args *a)
{
    struct session_options o = session_options_of(a);
    struct session *s = NULL;
    struct jury_error err = {0};
    char *written = NULL;
    /* a read-only or full data folder still exports */
    int rc = session_open_access(&s, &o, SESSION_READ_IF_UNWRITABLE, &err);
    if (rc == 0)
        rc = session_export(s, cli_opt(a, "out"), &written, &err);
    if (rc == 0 && session_read_only(s))
        fprintf(stderr,
                _("jury: the data folder cannot be written (read-only or full): the score store "
                  "was read without changes and the sheet written to %s\n"),
                cli_esc(written));
    if (rc == 0)
        printf("%s\n", cli_esc(written));
    if (rc == 0)
        export_warn(s);
    free(written);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

const struct cli_cmd cmd_score_table[] = {
    {.name = "conflict",
     .summary = N_("declare (or withdraw) a conflict of interest (回避) for a pack")},
    {.name = "conflict declare",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .opts = reason_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("declare a conflict of interest: the pack takes no scores"),
     .run = cmd_conflict},
    {.name = "conflict withdraw",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .opts = reason_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("withdraw a conflict of interest declared by mistake"),
     .run = cmd_conflict},
    {.name = "confirm",
     .args = "PACK CONDITION_OR_VETO [yes|no]",
     .min_args = 2,
     .max_args = 3,
     .opts = confirm_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("answer an eligibility condition or veto item, or comment on it"),
     .text = N_("The comment (\"\" clears it) may sit on any condition or veto item, answered or\n"
                "not; it goes into the sheet and the chair's report.\n"),
     .run = cmd_confirm},
    {.name = "deduct",
     .args = "PACK DEDUCTION_ID VALUE",
     .min_args = 3,
     .max_args = 3,
     .opts = deduct_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("set a deduction of a pack"),
     .run = cmd_deduct},
    {.name = "export",
     .opts = export_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("write the signed score sheet"),
     .text = N_("Writes every pack's scores, comments, citations, confirmations, deductions\n"
                "and conflicts, signed with the reviewer's key; warns about packs left out\n"
                "(reopened or not submitted). See docs/sheet-format.md.\n"),
     .run = cmd_export},
    {.name = "score",
     .summary = N_("score observation points, show, submit, reopen"),
     .text = N_("Every change is committed at once and logged. Exit 1 when refused.\n")},
    {.name = "score set",
     .args = "PACK INDICATOR VALUE",
     .min_args = 3,
     .max_args = 3,
     .opts = set_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("score an observation point"),
     .text = N_("VALUE is a number on the indicator's step or a level: its name, 1-4, A-D or\n"
                "its pinyin initial; '-' clears it.\n"),
     .run = score_set},
    {.name = "score show",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .opts = json_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("show a pack's scores (works beside a running workbench)"),
     .run = score_show},
    {.name = "score submit",
     .args = "PACK...|--all",
     .max_args = -1,
     .opts = all_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("submit packs: they lock until reopened"),
     .run = score_submit},
    {.name = "score import",
     .args = "FILE.csv|FILE.xlsx",
     .min_args = 1,
     .max_args = 1,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("enter paper scores from a table"),
     .text = N_("One row per score, columns pack, indicator, value[, comment] (a header row\n"
                "naming them is optional; 包/指标/分值/评语 work too). Every row is checked\n"
                "first; when one is refused (its row number is named) nothing is stored.\n"),
     .run = score_import},
    {.name = "score reopen",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .opts = reason_opts,
     .more = session_opts,
     .more_title = session_title,
     .summary = N_("reopen a submitted pack"),
     .run = score_reopen},
    {0}};
