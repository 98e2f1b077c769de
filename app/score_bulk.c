/* score_bulk.c - scores entered in bulk for one reviewer: a secretary's
 * table of paper scores (every row checked before any is stored) and
 * submitting every pack in progress. */
#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct import_row {
    long line; /* 1-based row of the table */
    const char *pack_arg, *indicator, *value, *comment;
    char *pack; /* the resolved pack id */
    const struct checklist *cl;
};

static int import_col(const struct csv *c, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        int k = csv_column(c, names[i]);
        if (k >= 0)
            return k;
    }
    return -1;
}

/* Columns pack, indicator, value, comment: from a header row when there is
 * one (*first = 1), else positional (*first = 0). */
static void import_columns(const struct csv *c, int col[4], size_t *first)
{
    static const char *const pk[] = {"pack", "包", "申报包", "PACK", NULL};
    static const char *const ind[] = {"indicator", "指标", "观测点", "INDICATOR", NULL};
    static const char *const val[] = {"value", "分值", "得分", "等级", "VALUE", NULL};
    static const char *const com[] = {"comment", "评语", "备注", "COMMENT", NULL};
    const char *const *names[] = {pk, ind, val, com};
    *first = 0;
    for (int i = 0; i < 4; i++)
        col[i] = import_col(c, names[i]);
    if (col[0] >= 0 && col[1] >= 0 && col[2] >= 0) {
        *first = 1;
        return;
    }
    for (int i = 0; i < 4; i++)
        col[i] = i;
}

/* One line per refusal: a value typed with a line break or a tab (a cell)
 * must not split it. */
static void refuse(struct app_score_import *out, long line, const char *what, const char *detail)
{
    struct jstr m = {0};
    jstr_addf(&m, "%s%s%s", what, detail && *detail ? ": " : "", detail ? detail : "");
    for (size_t i = 0; i < m.len; i++)
        if (m.s[i] == '\n' || m.s[i] == '\r' || m.s[i] == '\t')
            m.s[i] = ' ';
    jstr_addf(&out->refusals, "%ld\t%s\n", line, jstr_cstr(&m));
    jstr_free(&m);
    out->n_refused++;
}

/* "a conflict (回避) is declared" / "already submitted", or NULL. */
static const char *locked(struct session *s, const char *pack)
{
    struct sheet_pack *sp = NULL;
    struct jury_error err = {0};
    const char *why = NULL;
    if (store_read_pack(session_store(s), pack, &sp, &err) == 0 && sp)
        why = sp->conflict                   ? "a conflict (回避) is declared"
              : sp->state == STORE_SUBMITTED ? "already submitted (jury score reopen first)"
                                             : NULL;
    store_sheet_pack_free(&sp);
    return why;
}

static bool check_row(struct session *s, struct import_row *r, struct app_score_import *out)
{
    struct jury_error err = {0};
    const char *id = NULL;
    if (!*r->pack_arg || !*r->indicator || !*r->value) {
        refuse(out, r->line, "needs pack, indicator and value", NULL);
        return false;
    }
    if (session_pack(s, r->pack_arg, &id, &r->cl, &err) < 0) {
        refuse(out, r->line, r->pack_arg, err.message);
        return false;
    }
    r->pack = jury_xstrdup(id);
    const char *why = locked(s, r->pack);
    if (why) {
        refuse(out, r->line, r->pack, why);
        return false;
    }
    double pts;
    if (strcmp(r->value, "-") != 0 &&
        checklist_validate(r->cl, r->indicator, r->value, &pts, &err) < 0) {
        char what[600];
        snprintf(what, sizeof what, "%s %s value '%s'", r->pack, r->indicator, r->value);
        refuse(out, r->line, what, err.message);
        return false;
    }
    return true;
}

/* The same pack and indicator twice would make the result depend on order. */
static bool duplicate(struct import_row *v, size_t i, struct app_score_import *out)
{
    for (size_t k = 0; k < i; k++)
        if (v[k].pack && v[i].pack && !strcmp(v[k].pack, v[i].pack) &&
            !strcmp(v[k].indicator, v[i].indicator)) {
            char what[600];
            snprintf(what, sizeof what, "%s %s is also on row %ld", v[i].pack, v[i].indicator,
                     v[k].line);
            refuse(out, v[i].line, what, NULL);
            return true;
        }
    return false;
}

static size_t read_rows(const struct csv *c, struct import_row **out)
{
    int col[4];
    size_t first, n = 0;
    import_columns(c, col, &first);
    struct import_row *v = jury_xcalloc(c->nrows + 1, sizeof *v);
    for (size_t r = first; r < c->nrows; r++) {
        const char *p = csv_get(c, r, (size_t)col[0]);
        if (p[0] == '#' || (!*p && !*csv_get(c, r, (size_t)col[1])))
            continue; /* a comment or an empty row */
        v[n++] = (struct import_row){.line = (long)r + 1,
                                     .pack_arg = p,
                                     .indicator = csv_get(c, r, (size_t)col[1]),
                                     .value = csv_get(c, r, (size_t)col[2]),
                                     .comment = col[3] >= 0 ? csv_get(c, r, (size_t)col[3]) : ""};
    }
    *out = v;
    return n;
}

static int store_rows(struct session *s, struct import_row *v, size_t n,
                      struct app_score_import *out, struct jury_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *value = strcmp(v[i].value, "-") == 0 ? NULL : v[i].value;
        int rc = store_set_score(session_store(s), v[i].cl, v[i].pack, v[i].indicator, value,
                                 *v[i].comment ? v[i].comment : NULL, err);
        if (rc < 0) {
            out->failed_row = v[i].line;
            return rc;
        }
        out->n_stored++;
    }
    return JURY_OK;
}

int app_score_import(struct session *s, const struct csv *table, struct app_score_import *out,
                     struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    struct import_row *v = NULL;
    out->n_rows = read_rows(table, &v);
    for (size_t i = 0; i < out->n_rows; i++)
        if (check_row(s, &v[i], out))
            duplicate(v, i, out);
    int rc = JURY_OK;
    if (out->n_rows && !out->n_refused)
        rc = store_rows(s, v, out->n_rows, out, err);
    for (size_t i = 0; i < out->n_rows; i++)
        free(v[i].pack);
    free(v);
    return rc;
}

void app_score_import_clear(struct app_score_import *a)
{
    jstr_free(&a->refusals);
    memset(a, 0, sizeof *a);
}

int app_score_in_progress(struct session *s, char ***packs, size_t *n, struct jury_error *err)
{
    const struct kit *k = session_kit(s);
    *packs = jury_xcalloc((k ? k->n_packs : 0) + 1, sizeof **packs);
    *n = 0;
    for (size_t i = 0; k && i < k->n_packs; i++) {
        enum store_pack_state st = STORE_NOT_STARTED;
        if (store_pack_state(session_store(s), k->packs[i], &st, err) == 0 &&
            st == STORE_IN_PROGRESS)
            (*packs)[(*n)++] = jury_xstrdup(k->packs[i]);
    }
    jury_error_clear(err);
    return JURY_OK;
}
