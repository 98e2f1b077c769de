/* tui_support.c - what the workbench reads beyond the session: pack rows with totals, an open
 * pack's files, pages, search, rule results, and private temporary copies. */
#define _GNU_SOURCE
#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "app/values_int.h"
#include "scripting/rules.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ pack rows */

static char *dup_or_null(const char *s)
{
    return s ? jury_xstrdup(s) : NULL;
}

/* Applicant and task from the pack's manifest: no rule set is loaded. */
static void row_manifest(const struct kit *k, struct app_pack_row *r)
{
    char *path = kit_pack_path(k, r->pack);
    struct pack *p = NULL;
    struct jury_error ignored = {0};
    if (pack_open(&p, path, NULL, &ignored) == 0 && pack_manifest(p)) {
        r->applicant = dup_or_null(pack_manifest(p)->applicant);
        r->task = dup_or_null(pack_manifest(p)->task);
    }
    pack_close(&p);
    free(path);
}

static int total_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct store_pack_total *)elem)->id);
}

static void row_fill(struct app_pack_row *r, const struct store_pack_total *t)
{
    r->applicant = dup_or_null(t->applicant);
    r->task = dup_or_null(t->task);
    r->state = app_state_of(t->state);
    r->conflict = dup_or_null(t->conflict);
    r->total = t->total;
    r->scored = t->scored;
}

int app_pack_rows(struct session *s, struct app_pack_row **rows, size_t *n, struct jury_error *err)
{
    const struct kit *k = session_kit(s);
    size_t na = 0, nt = 0;
    const char **mine = kit_reviewer_packs(k, session_reviewer(s), &na);
    const char **names = na ? mine : k->packs;
    size_t count = na ? na : k->n_packs;
    struct store_pack_total *tot = NULL;
    int rc = store_read_totals(session_store(s), &tot, &nt, err);
    if (rc == 0) {
        *rows = jury_xcalloc(count ? count : 1, sizeof **rows);
        *n = count;
        for (size_t i = 0; i < count; i++) {
            struct app_pack_row *r = &(*rows)[i];
            r->pack = jury_xstrdup(names[i]);
            r->left = SIZE_MAX;
            /* the store's ids are in BINARY (bytewise) order, as strcmp */
            const struct store_pack_total *t =
                nt ? bsearch(names[i], tot, nt, sizeof *tot, total_cmp)
                   : NULL; /* tot may be NULL */
            if (t)
                row_fill(r, t);
            if (!t || (!t->applicant && !t->task)) /* not opened yet */
                row_manifest(k, r);
        }
    }
    store_pack_totals_free(&tot, nt);
    free(mine);
    return rc;
}

int app_pack_points(struct session *s, const char *pack, size_t *points, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    *points = 0;
    int rc = session_pack(s, pack, &id, &cl, err);
    if (rc == 0)
        *points = checklist_scored_count(cl);
    return rc;
}

void app_pack_rows_free(struct app_pack_row **rows, size_t n)
{
    for (size_t i = 0; *rows && i < n; i++) {
        free((*rows)[i].pack);
        free((*rows)[i].applicant);
        free((*rows)[i].task);
        free((*rows)[i].conflict);
    }
    free(*rows);
    *rows = NULL;
}

/* ------------------------------------------------------------ open pack */

struct app_pack {
    char *name;
    struct pack *pack;
    struct pack_index *index;
    const struct checklist *cl;
    size_t *files; /* entry indexes, sorted by path */
    size_t n_files;
    struct ruleset *rs; /* kept: result strings borrow from it */
    struct rules_result *res;
    char rules_error[1600];   /* where: message, the row's detail */
    char rules_message[1100]; /* the message, the row's text */
    struct app_check *checks;
    size_t n_checks;
    struct app_link *links;
    size_t n_links;
    char *tmpdir;
    struct sheet *values;    /* app_pack_values: a one-pack sheet */
    struct app_values *vals; /* ... as app_values */
    struct index_hit *hits;
    struct app_hit *app_hits;
    size_t n_hits;
};

static struct pack *sort_pack;

static int by_path(const void *a, const void *b)
{
    return strcmp(pack_entry(sort_pack, *(const size_t *)a)->path,
                  pack_entry(sort_pack, *(const size_t *)b)->path);
}

static void list_files(struct app_pack *ap)
{
    size_t n = pack_entry_count(ap->pack);
    long manifest = pack_manifest_entry(ap->pack);
    ap->files = jury_xcalloc(n ? n : 1, sizeof *ap->files);
    for (size_t i = 0; i < n; i++) {
        const struct pack_entry *e = pack_entry(ap->pack, i);
        if (!e->hidden && !e->is_link && (long)i != manifest)
            ap->files[ap->n_files++] = i;
    }
    sort_pack = ap->pack;
    qsort(ap->files, ap->n_files, sizeof *ap->files, by_path);
}

static void add_checks(struct app_pack *ap, const struct rules_check *c, size_t n,
                       enum app_check_kind kind)
{
    ap->checks = jury_xrealloc(ap->checks, (ap->n_checks + n + 1) * sizeof *ap->checks);
    for (size_t i = 0; i < n; i++)
        ap->checks[ap->n_checks++] = (struct app_check){
            kind, c[i].id, c[i].text, c[i].indicator, rules_result_name(c[i].result), c[i].detail};
}

/* Rule results: a failure to evaluate is shown, not fatal (the reviewer
 * can still read and score). */
static void eval_rules(struct session *s, struct app_pack *ap)
{
    const struct pack_manifest *m = pack_manifest(ap->pack);
    struct jury_error err = {0};
    char *path = m && m->task ? rules_find(m->task, session_kit_dir(s), &err) : NULL;
    struct ruleset *rs = NULL;
    struct rules_pack_view *view = NULL;
    if (path && rules_load(&rs, path, NULL, &err) == 0 &&
        app_rules_view(ap->pack, &view, &err) == 0 && rules_eval(rs, view, &ap->res, &err) == 0) {
        add_checks(ap, ap->res->conditions, ap->res->n_conditions, APP_CHECK_CONDITION);
        add_checks(ap, ap->res->autochecks, ap->res->n_autochecks, APP_CHECK_AUTO);
        add_checks(ap, ap->res->vetoes, ap->res->n_vetoes, APP_CHECK_VETO);
        ap->links = jury_xcalloc(ap->res->n_evidence + 1, sizeof *ap->links);
        for (size_t i = 0; i < ap->res->n_evidence; i++)
            ap->links[ap->n_links++] =
                (struct app_link){ap->res->evidence[i].indicator, ap->res->evidence[i].path};
    }
    if (!ap->res) {
        /* the row says it in words the workbench translates; where, in its detail */
        struct jury_error inner = err;
        jury_error_set(&err, inner.status, inner.where[0] ? inner.where : NULL,
                       "rule set %s could not check this pack: %s", m && m->task ? m->task : "?",
                       inner.message);
        jury_error_text(&err, ap->rules_error, sizeof ap->rules_error);
        snprintf(ap->rules_message, sizeof ap->rules_message, "%s", err.message);
        static const char *const names[] = {"rules"};
        struct rules_check c = {names[0], ap->rules_message, NULL, RULES_ERROR, ap->rules_error};
        add_checks(ap, &c, 1, APP_CHECK_AUTO);
        ap->checks[ap->n_checks - 1].detail = ap->rules_error;
        ruleset_free(&rs);
    }
    app_rules_view_free(&view);
    free(path);
    ap->rs = rs;
}

int app_pack_open(struct session *s, const char *pack, struct app_pack **out,
                  struct jury_error *err)
{
    *out = NULL;
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    if (rc < 0)
        return rc;
    struct app_pack *ap = jury_xcalloc(1, sizeof *ap);
    ap->name = jury_xstrdup(id);
    ap->cl = cl;
    char *path = kit_pack_path(session_kit(s), id);
    rc = pack_open(&ap->pack, path, NULL, err);
    free(path);
    if (rc < 0) {
        app_pack_close(&ap);
        return rc;
    }
    list_files(ap);
    eval_rules(s, ap);
    *out = ap;
    return 0;
}

/* Remove the private folder of temporary copies (files directly inside). */
static void remove_tmpdir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *f = jury_path_join(dir, e->d_name);
        unlink(f);
        free(f);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static void hits_clear(struct app_pack *ap)
{
    index_hits_free(&ap->hits, ap->n_hits);
    free(ap->app_hits);
    ap->app_hits = NULL;
    ap->n_hits = 0;
}

void app_pack_close(struct app_pack **p)
{
    struct app_pack *ap = *p;
    if (!ap)
        return;
    if (ap->tmpdir)
        remove_tmpdir(ap->tmpdir);
    free(ap->tmpdir);
    app_values_free(&ap->vals);
    sheet_free(&ap->values);
    hits_clear(ap);
    index_close(&ap->index);
    rules_result_free(&ap->res);
    ruleset_free(&ap->rs);
    pack_close(&ap->pack);
    free(ap->files);
    free(ap->checks);
    free(ap->links);
    free(ap->name);
    free(ap);
    *p = NULL;
}

const char *app_pack_name(const struct app_pack *p)
{
    return p->name;
}

const struct checklist *app_pack_checklist(const struct app_pack *p)
{
    return p->cl;
}

const char *app_pack_applicant(const struct app_pack *p)
{
    const struct pack_manifest *m = pack_manifest(p->pack);
    return m ? m->applicant : NULL;
}

const char *app_pack_task(const struct app_pack *p)
{
    const struct pack_manifest *m = pack_manifest(p->pack);
    return m ? m->task : NULL;
}

size_t app_pack_file_count(const struct app_pack *p)
{
    return p->n_files;
}

static const struct pack_entry *file_entry(const struct app_pack *p, size_t i)
{
    return pack_entry(p->pack, p->files[i]);
}

size_t app_pack_checks(const struct app_pack *p, const struct app_check **out)
{
    *out = p->checks;
    return p->n_checks;
}

size_t app_pack_links(const struct app_pack *p, const struct app_link **out)
{
    *out = p->links;
    return p->n_links;
}

const char *app_pack_file_path(const struct app_pack *p, size_t i)
{
    return file_entry(p, i)->path;
}

/* The store's values of pack `name` as a one-pack sheet (so that sheet_free
 * releases it); *snap NULL when nothing is stored. */
static int read_values(struct session *s, const char *name, struct sheet **snap,
                       struct jury_error *err)
{
    struct sheet_pack *k = NULL;
    *snap = NULL;
    int rc = store_read_pack(session_store(s), name, &k, err);
    if (rc < 0 || !k)
        return rc;
    *snap = jury_xcalloc(1, sizeof **snap);
    (*snap)->packs = k;
    (*snap)->n_packs = 1;
    return 0;
}

const struct app_values *app_pack_values(struct session *s, struct app_pack *p,
                                         struct jury_error *err)
{
    app_values_free(&p->vals);
    sheet_free(&p->values);
    read_values(s, p->name, &p->values, err);
    p->vals = app_values_from(p->values ? p->values->packs : NULL);
    return p->vals;
}

int app_pack_text(struct app_pack *p, size_t i, struct app_file_text *out, struct jury_error *err)
{
    struct extract_result *r = NULL;
    memset(out, 0, sizeof *out);
    int rc = extract_entry(p->pack, p->files[i], NULL, &r, err);
    if (rc < 0)
        return rc;
    struct app_text_page *pages = jury_xcalloc(r->n_pages + 1, sizeof *pages);
    for (size_t k = 0; k < r->n_pages; k++)
        pages[k] = (struct app_text_page){r->pages[k].title, r->pages[k].text};
    *out = (struct app_file_text){pages, r->n_pages, r->type, r->truncated, r->note, r};
    return 0;
}

void app_file_text_clear(struct app_file_text *t)
{
    free((void *)t->pages);
    extract_result_free(&t->own);
    memset(t, 0, sizeof *t);
}

int app_pack_search(struct app_pack *p, const char *query, const struct app_hit **hits, size_t *n,
                    struct jury_error *err)
{
    hits_clear(p);
    *hits = NULL;
    *n = 0;
    int rc = p->index ? 0 : index_open(&p->index, p->pack, err);
    struct index_progress prog = {0};
    if (rc == 0)
        rc = index_step(p->index, 0, &prog, err);
    if (rc == 0)
        rc = index_search(p->index, query, 1000, &p->hits, &p->n_hits, err);
    if (rc < 0)
        return rc;
    p->app_hits = jury_xcalloc(p->n_hits + 1, sizeof *p->app_hits);
    for (size_t k = 0; k < p->n_hits; k++)
        p->app_hits[k] =
            (struct app_hit){p->hits[k].path, (int)p->hits[k].page, p->hits[k].snippet};
    *hits = p->app_hits;
    *n = p->n_hits;
    return 0;
}

int app_pack_temp_copy(struct app_pack *p, size_t i, char **path, struct jury_error *err)
{
    *path = NULL;
    if (!p->tmpdir) {
        const char *t = getenv("TMPDIR");
        char tmpl[1024];
        snprintf(tmpl, sizeof tmpl, "%s/jury-open-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmpl)) /* mkdtemp makes it 0700 */
            return jury_error_set(err, JURY_ERR_IO, tmpl, "cannot make a private folder");
        p->tmpdir = jury_xstrdup(tmpl);
    }
    const struct pack_entry *e = file_entry(p, i);
    const char *base = strrchr(e->path, '/');
    char *buf = NULL, *dst = jury_path_join(p->tmpdir, base ? base + 1 : e->path);
    size_t len = 0;
    int rc = pack_read_entry(p->pack, p->files[i], &buf, &len, err);
    if (rc == 0)
        rc = jury_write_file_atomic(dst, buf, len, 0600, err);
    free(buf);
    if (rc == 0)
        *path = dst;
    else
        free(dst);
    return rc;
}

/* ------------------------------------------------------------ submit */

/* The first veto the rules left to the reviewer ("confirm") without an
 * answer in the stored values, or NULL. */
static const char *veto_unanswered(const struct app_pack *p, const struct sheet_pack *v)
{
    for (size_t i = 0; i < p->n_checks; i++) {
        const struct app_check *c = &p->checks[i];
        if (c->kind != APP_CHECK_VETO || strcmp(c->result, "confirm") != 0)
            continue;
        bool answered = false;
        for (size_t k = 0; v && k < v->n_confirms; k++)
            answered |= strcmp(v->confirms[k].item, c->id) == 0;
        if (!answered)
            return c->id;
    }
    return NULL;
}

/* The store refuses a submit while a confirm-type condition has no answer;
 * one the pack's facts decided (pass or fail) is no question for the
 * reviewer, so those are handed to the store as decided. */
bool app_check_decided(const struct app_check *c)
{
    return strcmp(c->result, "pass") == 0 || strcmp(c->result, "fail") == 0;
}

static int submit_decided(struct session *s, struct app_pack *p, struct jury_error *err)
{
    const char **decided = jury_xcalloc(p->n_checks + 1, sizeof *decided);
    size_t n = 0;
    for (size_t i = 0; i < p->n_checks; i++) {
        const struct app_check *c = &p->checks[i];
        if (c->kind == APP_CHECK_CONDITION && app_check_decided(c))
            decided[n++] = c->id;
    }
    int rc = store_submit_decided(session_store(s), p->cl, p->name, decided, n, err);
    free(decided);
    return rc;
}

int app_pack_submit(struct session *s, struct app_pack *p, struct jury_error *err)
{
    struct sheet *snap = NULL; /* not p->values: the caller may hold those */
    int rc = read_values(s, p->name, &snap, err);
    const struct sheet_pack *v = snap ? snap->packs : NULL;
    const char *veto = rc == 0 && !(v && v->conflict) ? veto_unanswered(p, v) : NULL;
    if (veto)
        rc = jury_error_set(err, JURY_ERR_INVALID, p->name,
                            "veto item %s is not answered yet (the rules could not decide it)",
                            veto);
    sheet_free(&snap);
    if (rc == 0)
        rc = submit_decided(s, p, err);
    return rc;
}

/* ------------------------------------------------------------ export */

char *app_export_name(struct session *s)
{
    char day[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    struct jstr name = {0};
    jstr_addf(&name, "%s-%s-%s.jury", session_kit(s)->id, session_reviewer(s), day);
    return jstr_take(&name);
}

int app_export_missing(struct session *s, struct jstr *reopened, struct jstr *unsubmitted,
                       struct jury_error *err)
{
    struct app_pack_row *rows = NULL;
    size_t n = 0;
    int rc = app_pack_rows(s, &rows, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (rows[i].conflict || rows[i].state == APP_SUBMITTED)
            continue;
        bool again = false;
        if (rows[i].state == APP_IN_PROGRESS)
            rc = store_was_reopened(session_store(s), rows[i].pack, &again, err);
        jstr_addf(again ? reopened : unsubmitted, "%s\n", rows[i].pack);
    }
    app_pack_rows_free(&rows, n);
    return rc;
}

int app_check_comment(struct session *s, const struct checklist *cl, const char *pack,
                      const char *item, const char *comment, struct jury_error *err)
{
    return store_set_check_comment(session_store(s), cl, pack, item, comment, err);
}

int app_pack_check_comment(struct session *s, struct app_pack *p, const char *item,
                           const char *comment, struct jury_error *err)
{
    return app_check_comment(s, p->cl, p->name, item, comment, err);
}
