/* cmd_score.c - scriptable scoring: `jury score set|show|submit|reopen`,
 * `jury conflict declare`, `jury confirm`, `jury deduct`, `jury export`.
 * All go through the session facade (app/app.h). Exit 0 done, 1 refused
 * (invalid value, locked pack), 2 could not run. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GLOBAL_OPTS                                                                                \
    "Options for every scoring command:\n"                                                         \
    "  --kit DIR       the review kit (default: this folder if it has kit.json,\n"                 \
    "                  else the bundled sample kit)\n"                                             \
    "  --reviewer ID   whose store and key (default: the only key in the data folder)\n"           \
    "  --db PATH       the score store (default: <data>/stores/<kit>-<reviewer>.sqlite)\n"         \
    "PACK is a path to a pack of the kit, its file name, that name without\n"                      \
    "extension, or its SHA-256 pack id.\n"

const char cmd_score_summary[] = "score observation points, show, submit, reopen";
const char cmd_score_usage[] =
    "usage: jury score set PACK INDICATOR VALUE [--comment TEXT] [--cite PATH[:PAGE]]...\n"
    "       jury score show PACK [--json]\n"
    "       jury score submit PACK... | --all\n"
    "       jury score import FILE.csv|FILE.xlsx\n"
    "       jury score reopen PACK --reason TEXT\n"
    "VALUE is a number on the indicator's step or a level name; '-' clears it.\n"
    "import enters paper scores: one row per score, columns pack, indicator,\n"
    "value[, comment] (a header row naming them is optional; 包/指标/分值/评语\n"
    "work too). Every row is checked first; when one is refused (its row number\n"
    "is named) nothing is stored. submit --all submits every pack of the kit\n"
    "this reviewer has scored and not yet submitted.\n"
    "Every change is committed at once and logged. Exit 1 when refused.\n" GLOBAL_OPTS;
const char cmd_conflict_summary[] =
    "declare (or withdraw) a conflict of interest (回避) for a pack";
const char cmd_conflict_usage[] = "usage: jury conflict declare PACK --reason TEXT\n"
                                  "       jury conflict withdraw PACK --reason TEXT\n" GLOBAL_OPTS;
const char cmd_confirm_summary[] = "answer an eligibility condition or veto item";
const char cmd_confirm_usage[] =
    "usage: jury confirm PACK CONDITION_OR_VETO yes|no [--comment TEXT]\n"
    "       jury confirm PACK CONDITION_OR_VETO --comment TEXT\n"
    "The comment (\"\" clears it) may sit on any condition or veto item, answered or\n"
    "not; it goes into the sheet and the chair's report.\n" GLOBAL_OPTS;
const char cmd_deduct_summary[] = "set a deduction of a pack";
const char cmd_deduct_usage[] =
    "usage: jury deduct PACK DEDUCTION_ID VALUE [--reason TEXT]\n"
    "The reason is kept with the deduction and logged (a new one replaces it).\n" GLOBAL_OPTS;
const char cmd_export_summary[] = "write the signed score sheet";
const char cmd_export_usage[] =
    "usage: jury export [-o FILE.jury]\n"
    "Writes every pack's scores, comments, citations, confirmations, deductions\n"
    "and conflicts, signed with the reviewer's key (default file:\n"
    "<kit>-<reviewer>.jury in this folder). See docs/sheet-format.md.\n" GLOBAL_OPTS;

#define MAX_POS   8
#define MAX_CITES 32

struct opts {
    struct session_options s;
    const char *comment, *reason, *out;
    const char *cites[MAX_CITES];
    int n_cites;
    bool json, all;
    enum session_access access; /* SESSION_WRITE unless the command only reads */
    const char *pos[MAX_POS];
    int n_pos;
};

/* Take the value of option argv[*i] (--name VALUE or --name=VALUE). */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse(const char *cmd, int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof *o);
    static const char *const names[] = {"--db",     "--kit", "--reviewer", "--comment",
                                        "--reason", "-o",    "--cite",     NULL};
    for (int i = 1; i < argc; i++) {
        const char *v = NULL, *a = argv[i];
        int k = 0;
        for (; names[k] && !(v = opt_value(argc, argv, &i, names[k])); k++)
            ;
        const char **slot[] = {&o->s.db_path, &o->s.kit_dir, &o->s.reviewer_id, &o->comment,
                               &o->reason};
        if (v && k < 5)
            *slot[k] = v;
        else if (v && k == 5)
            o->out = v;
        else if (v && o->n_cites < MAX_CITES)
            o->cites[o->n_cites++] = v;
        else if (strcmp(a, "--json") == 0)
            o->json = true;
        else if (strcmp(a, "--all") == 0)
            o->all = true;
        else if (a[0] == '-' && a[1] && strcmp(a, "-") != 0)
            return cli_usage(cmd, "unknown option or missing value: %s", a);
        else if (o->n_pos < MAX_POS)
            o->pos[o->n_pos++] = a;
        else
            return cli_usage(cmd, "too many arguments");
    }
    return 0;
}

/* Exit status for a library error: refusals are 1, the rest 2. */
static int fail(const struct jury_error *err)
{
    cli_fail(err);
    return err->status == JURY_ERR_INVALID || err->status == JURY_ERR_DENIED ? EXIT_CHECK
                                                                             : EXIT_USAGE;
}

/* Open the session and resolve the pack named by o->pos[pack_arg]. */
static int begin(const struct opts *o, int pack_arg, struct session **s, const char **pack,
                 const struct checklist **cl, struct jury_error *err)
{
    int rc = session_open_access(s, &o->s, o->access, err);
    if (rc == 0 && pack_arg >= 0)
        rc = session_pack(*s, o->pos[pack_arg], pack, cl, err);
    return rc;
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

static int score_set(struct opts *o)
{
    if (o->n_pos != 4)
        return cli_usage("score", "score set needs PACK INDICATOR VALUE");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct jury_error err = {0};
    int rc = begin(o, 1, &s, &pack, &cl, &err);
    const char *value = strcmp(o->pos[3], "-") == 0 ? NULL : o->pos[3];
    if (rc == 0)
        rc = store_set_score(session_store(s), cl, pack, o->pos[2], value, o->comment, &err);
    for (int i = 0; rc == 0 && i < o->n_cites; i++) {
        int page;
        char *path = split_cite(o->cites[i], &page);
        rc = store_add_cite(session_store(s), cl, pack, o->pos[2], path, page, &err);
        free(path);
    }
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

static const struct sheet_pack *find_pack(const struct sheet *sh, const char *id)
{
    for (size_t i = 0; i < sh->n_packs; i++)
        if (strcmp(sh->packs[i].id, id) == 0)
            return &sh->packs[i];
    return NULL;
}

static const struct sheet_score *find_score(const struct sheet_pack *p, const char *ind)
{
    for (size_t i = 0; p && i < p->n_scores; i++)
        if (strcmp(p->scores[i].indicator, ind) == 0)
            return &p->scores[i];
    return NULL;
}

static const char *const state_names[] = {"not started", "in progress", "submitted"};

static void show_text(struct store *st, const struct checklist *cl, const struct sheet_pack *p,
                      const char *id)
{
    printf("pack %s  rule set %s  state %s\n", cli_esc(id), cli_esc(cl->id ? cl->id : "?"),
           state_names[p ? p->state : 0]);
    if (p && p->conflict)
        printf("conflict of interest (回避): %s\n", cli_esc(p->conflict));
    double total = 0;
    for (size_t i = 0; i < cl->n_indicators; i++) {
        const struct cl_indicator *in = &cl->indicators[i];
        const struct sheet_score *sc = find_score(p, in->id);
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
            printf("%*s  comment: %s\n", (in->depth - 1) * 2, "", cli_esc(sc->comment));
        for (size_t c = 0; sc && c < sc->n_cites; c++)
            printf("%*s  cites: %s%s%d\n", (in->depth - 1) * 2, "", cli_esc(sc->cites[c].path),
                   sc->cites[c].page ? ":" : "", sc->cites[c].page);
    }
    for (size_t i = 0; p && i < p->n_confirms; i++)
        printf("%s %s: %s\n", p->confirms[i].is_veto ? "veto" : "condition",
               cli_esc(p->confirms[i].item), p->confirms[i].yes ? "yes" : "no");
    for (size_t i = 0; p && i < p->n_check_comments; i++) {
        const char *item = p->check_comments[i].item;
        printf("%s %s comment: ", checklist_find_veto(cl, item) ? "veto" : "condition",
               cli_esc(item));
        printf("%s\n", cli_esc(p->check_comments[i].comment));
    }
    for (size_t i = 0; p && i < p->n_deductions; i++) {
        char *why = store_deduction_reason(st, id, p->deductions[i].id);
        printf("deduction %s: %g%s%s\n", cli_esc(p->deductions[i].id), p->deductions[i].value,
               why ? "  reason: " : "", cli_esc(why ? why : ""));
        free(why);
        total -= p->deductions[i].value;
    }
    printf("total %g / %g\n", total, cl->total);
}

/* One pack as sheet content JSON: a sheet view holding only that pack. */
static void show_json(const struct sheet *sh, const struct sheet_pack *p)
{
    struct sheet one = *sh;
    one.packs = (struct sheet_pack *)p;
    one.n_packs = p ? 1 : 0;
    one.audit = NULL;
    one.n_audit = 0;
    char *json = sheet_content_json(&one);
    cli_put_json(stdout, json); /* NULL only for bytes the store never takes */
    putchar('\n');
    free(json);
}

static int score_show(struct opts *o)
{
    if (o->n_pos != 2)
        return cli_usage("score", "score show needs PACK");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    o->access = SESSION_READ; /* works beside a running workbench */
    int rc = begin(o, 1, &s, &pack, &cl, &err);
    if (rc == 0)
        rc = store_snapshot(session_store(s), &sh, &err);
    if (rc == 0 && o->json)
        show_json(sh, find_pack(sh, pack));
    else if (rc == 0)
        show_text(session_store(s), cl, find_pack(sh, pack), pack);
    sheet_free(&sh);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

/* s made safe for one terminal line (no escapes, no CR/LF). Caller frees. */
static char *one_line(const char *s)
{
    char *d = utf8_sanitize(s ? s : "", s ? strlen(s) : 0);
    for (char *c = d; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    return d;
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
        printf("submitted %s\n", cli_esc(app_pack_name(ap)));
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
        puts("nothing to submit: no pack in progress");
    return rc;
}

static int score_submit(struct opts *o)
{
    if (o->n_pos < 2 && !o->all)
        return cli_usage("score", "score submit needs PACK... or --all");
    if (o->n_pos > 1 && o->all)
        return cli_usage("score", "score submit takes PACK... or --all, not both");
    struct session *s = NULL;
    struct jury_error err = {0};
    if (session_open(&s, &o->s, &err) < 0)
        return fail(&err);
    int refused = 0, rc = 0;
    if (o->all)
        rc = submit_all(s, &refused);
    for (int i = 1; rc == 0 && i < o->n_pos; i++)
        rc = submit_one(s, o->pos[i], &refused);
    session_close(&s);
    return rc ? rc : refused ? EXIT_CHECK : EXIT_OK;
}

static int score_reopen(struct opts *o)
{
    if (o->n_pos != 2)
        return cli_usage("score", "needs PACK");
    if (!o->reason)
        return cli_usage("score", "score reopen needs --reason TEXT");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct jury_error err = {0};
    int rc = begin(o, 1, &s, &pack, &cl, &err);
    if (rc == 0)
        rc = store_reopen(session_store(s), pack, o->reason, &err);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

/* ------------------------------------------------------------ import */

/* A refusal of one row: "FILE:ROW: what" on stderr (terminal-safe). */
static void print_refusals(const char *file, const struct jstr *lines)
{
    char *f = one_line(file);
    for (const char *l = jstr_cstr(lines); *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        char *row = jury_xstrndup(l, n), *tab = strchr(row, '\t');
        char *msg = one_line(tab ? tab + 1 : row);
        fprintf(stderr, "%s:%s: %s\n", cli_esc(f), cli_esc(tab ? (*tab = 0, row) : "?"),
                cli_esc(msg));
        free(msg);
        free(row);
        l += n + (nl != NULL);
    }
    free(f);
}

static int score_import(struct opts *o)
{
    if (o->n_pos != 2)
        return cli_usage("score", "score import needs FILE.csv or FILE.xlsx");
    const char *file = o->pos[1];
    struct csv *c = NULL;
    struct session *s = NULL;
    struct jury_error err = {0};
    if (app_facts_table_load(file, &c, &err) < 0)
        return fail(&err);
    if (session_open(&s, &o->s, &err) < 0) {
        csv_free(&c);
        return fail(&err);
    }
    struct app_score_import r;
    int rc = app_score_import(s, c, &r, &err), ex = EXIT_OK;
    char *f = one_line(file);
    print_refusals(file, &r.refusals);
    if (rc < 0) {
        fprintf(stderr, "%s:%ld: not stored; the %zu rows before it were\n", cli_esc(f),
                r.failed_row, r.n_stored);
        ex = fail(&err);
    } else if (r.n_rows == 0) {
        fprintf(stderr, "%s: no score rows\n", cli_esc(f)), ex = EXIT_CHECK;
    } else if (r.n_refused) {
        fprintf(stderr, "%s: %zu of %zu rows refused; nothing stored\n", cli_esc(f), r.n_refused,
                r.n_rows);
        ex = EXIT_CHECK;
    } else {
        printf("%zu scores stored from %s\n", r.n_stored, cli_esc(f));
    }
    free(f);
    app_score_import_clear(&r);
    session_close(&s);
    csv_free(&c);
    return ex;
}

int cmd_score(int argc, char **argv)
{
    struct opts o;
    int rc = parse("score", argc, argv, &o);
    if (rc)
        return rc;
    const char *sub = o.n_pos ? o.pos[0] : "";
    if (strcmp(sub, "set") == 0)
        return score_set(&o);
    if (strcmp(sub, "show") == 0)
        return score_show(&o);
    if (strcmp(sub, "submit") == 0)
        return score_submit(&o);
    if (strcmp(sub, "reopen") == 0)
        return score_reopen(&o);
    if (strcmp(sub, "import") == 0)
        return score_import(&o);
    return cli_usage("score", "unknown or missing action '%s'", sub);
}

int cmd_conflict(int argc, char **argv)
{
    struct opts o;
    int rc = parse("conflict", argc, argv, &o);
    if (rc)
        return rc;
    bool withdraw = o.n_pos == 2 && strcmp(o.pos[0], "withdraw") == 0;
    if (o.n_pos != 2 || (!withdraw && strcmp(o.pos[0], "declare") != 0) || !o.reason)
        return cli_usage("conflict", "needs: declare|withdraw PACK --reason TEXT");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct jury_error err = {0};
    rc = begin(&o, 1, &s, &pack, &cl, &err);
    if (rc == 0 && withdraw) /* the reason is logged in the audit chain */
        rc = store_withdraw_conflict(session_store(s), pack, o.reason, &err);
    else if (rc == 0)
        rc = store_declare_conflict(session_store(s), pack, o.reason, &err);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

int cmd_confirm(int argc, char **argv)
{
    struct opts o;
    int rc = parse("confirm", argc, argv, &o);
    if (rc)
        return rc;
    bool yes = o.n_pos == 3 && strcmp(o.pos[2], "yes") == 0;
    bool answer = o.n_pos == 3 && (yes || strcmp(o.pos[2], "no") == 0);
    if (!answer && !(o.n_pos == 2 && o.comment))
        return cli_usage("confirm", "needs PACK ITEM yes|no, or PACK ITEM --comment TEXT");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct jury_error err = {0};
    rc = begin(&o, 0, &s, &pack, &cl, &err);
    if (rc == 0 && answer)
        rc = store_confirm(session_store(s), cl, pack, o.pos[1], yes, &err);
    if (rc == 0 && o.comment)
        rc = app_check_comment(s, cl, pack, o.pos[1], o.comment, &err);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

int cmd_deduct(int argc, char **argv)
{
    struct opts o;
    int rc = parse("deduct", argc, argv, &o);
    if (rc)
        return rc;
    char *end = NULL;
    double v = o.n_pos == 3 ? strtod(o.pos[2], &end) : 0;
    if (o.n_pos != 3 || !end || *end)
        return cli_usage("deduct", "needs PACK DEDUCTION_ID VALUE (a number)");
    struct session *s = NULL;
    const char *pack = NULL;
    const struct checklist *cl = NULL;
    struct jury_error err = {0};
    rc = begin(&o, 0, &s, &pack, &cl, &err);
    if (rc == 0)
        rc = store_set_deduction_reason(session_store(s), cl, pack, o.pos[1], v, o.reason, &err);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}

/* The packs a sheet leaves out of the panel, said on stderr (the sheet is
 * still written: a reviewer may send a partial sheet on purpose). */
static void export_warn(struct session *s)
{
    struct jstr reopened = {0}, unsubmitted = {0};
    struct jury_error err = {0};
    if (app_export_missing(s, &reopened, &unsubmitted, &err) == 0) {
        if (reopened.len) {
            fputs("jury export: warning: reopened and not submitted again, left out:\n", stderr);
            cli_put_lines(stderr, reopened.s, reopened.len);
        }
        if (unsubmitted.len) {
            fputs("jury export: warning: not submitted, left out:\n", stderr);
            cli_put_lines(stderr, unsubmitted.s, unsubmitted.len);
        }
    }
    jstr_free(&reopened);
    jstr_free(&unsubmitted);
}

int cmd_export(int argc, char **argv)
{
    struct opts o;
    int rc = parse("export", argc, argv, &o);
    if (rc)
        return rc;
    if (o.n_pos)
        return cli_usage("export", "unexpected argument '%s'", o.pos[0]);
    struct session *s = NULL;
    struct jury_error err = {0};
    char *written = NULL;
    o.access = SESSION_READ_IF_UNWRITABLE; /* a read-only or full data folder still exports */
    rc = begin(&o, -1, &s, NULL, NULL, &err);
    if (rc == 0)
        rc = session_export(s, o.out, &written, &err);
    if (rc == 0 && store_is_read_only(session_store(s)))
        fprintf(stderr,
                "jury: the data folder cannot be written (read-only or full): the score store "
                "was read without changes and the sheet written to %s\n",
                cli_esc(written));
    if (rc == 0)
        printf("%s\n", cli_esc(written));
    if (rc == 0)
        export_warn(s);
    free(written);
    session_close(&s);
    return rc < 0 ? fail(&err) : EXIT_OK;
}
