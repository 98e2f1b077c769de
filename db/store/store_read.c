/* store_read.c - cheap read-only views of an open store for the workbench
 * (the pack list and the checklist). The workbench redraws after
 * every change; store_snapshot's integrity_check and audit-chain verify cost
 * grows with the store's history, so these are plain SELECTs on the current
 * values. Nothing here writes. */
#include "db/store/store_int.h"

#include <stdlib.h>
#include <string.h>

static const char sql_pack[] = "SELECT applicant, task, ruleset, state, conflict, sha256 "
                               "FROM packs WHERE id = :pack";
static const char sql_cites[] = "SELECT indicator, path, page FROM cites WHERE pack = :pack "
                                "ORDER BY indicator, path, page";
static const char sql_totals[] =
    "SELECT p.id, p.applicant, p.task, p.state, p.conflict,"
    " (SELECT COALESCE(SUM(s.points), 0) FROM scores s WHERE s.pack = p.id AND s.value IS NOT "
    "NULL),"
    " (SELECT COUNT(*) FROM scores s WHERE s.pack = p.id AND s.value IS NOT NULL),"
    " (SELECT COALESCE(SUM(d.value), 0) FROM deductions d WHERE d.pack = p.id)"
    " FROM packs p ORDER BY p.id";

static void grow(void **arr, size_t n, size_t size)
{
    if ((n & (n - 1)) == 0)
        *arr = jury_xrealloc(*arr, size * (n ? n * 2 : 4));
}

/* Citations in (indicator, path, page) order, matched to the sorted scores;
 * a citation without a score row is not shown (as in a sheet). */
static int read_cites(struct store *s, struct sheet_pack *k, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_cites, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", k->id);
    size_t si = 0;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        const char *ind = (const char *)sqlite3_column_text(st, 0);
        while (ind && si < k->n_scores && strcmp(k->scores[si].indicator, ind) < 0)
            si++;
        if (!ind || si >= k->n_scores || strcmp(k->scores[si].indicator, ind) != 0)
            continue;
        struct sheet_score *sc = &k->scores[si];
        grow((void **)&sc->cites, sc->n_cites, sizeof *sc->cites);
        sc->cites[sc->n_cites].path = sqlq_col_dup(st, 1);
        sc->cites[sc->n_cites++].page = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int store_read_pack(struct store *s, const char *pack_id, struct sheet_pack **out,
                    struct jury_error *err)
{
    *out = NULL;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pack, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack_id);
    int rc = sqlq_step(&s->q, st, err);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc < 0 ? rc : 0;
    }
    struct sheet_pack *k = jury_xcalloc(1, sizeof *k);
    k->id = jury_xstrdup(pack_id);
    k->applicant = sqlq_col_dup(st, 0);
    k->task = sqlq_col_dup(st, 1);
    k->ruleset = sqlq_col_dup(st, 2);
    k->state = (enum store_pack_state)sqlite3_column_int(st, 3);
    k->conflict = sqlq_col_dup(st, 4);
    const char *h = (const char *)sqlite3_column_text(st, 5);
    if (h && audit_is_hex64(h))
        memcpy(k->sha256, h, SHA256_HEX_LEN + 1);
    sqlite3_reset(st);
    rc = 0;
    if (!k->conflict) /* withheld, as in a sheet */
        rc = store_load_scores(s, k, err);
    if (rc == 0 && !k->conflict)
        rc = read_cites(s, k, err);
    if (rc == 0 && !k->conflict)
        rc = store_load_extras(s, k, err);
    if (rc < 0)
        store_sheet_pack_free(&k);
    *out = k;
    return rc;
}

void store_sheet_pack_free(struct sheet_pack **p)
{
    if (!*p)
        return;
    sheet_pack_clear(*p);
    free(*p);
    *p = NULL;
}

int store_read_totals(struct store *s, struct store_pack_total **out, size_t *n,
                      struct jury_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_totals, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        grow((void **)out, *n, sizeof **out);
        struct store_pack_total *t = &(*out)[(*n)++];
        t->id = sqlq_col_dup(st, 0);
        t->applicant = sqlq_col_dup(st, 1);
        t->task = sqlq_col_dup(st, 2);
        t->state = (enum store_pack_state)sqlite3_column_int(st, 3);
        t->conflict = sqlq_col_dup(st, 4);
        bool withheld = t->conflict != NULL;
        t->total = withheld ? 0 : sqlite3_column_double(st, 5) - sqlite3_column_double(st, 7);
        t->scored = withheld ? 0 : (size_t)sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    if (rc < 0)
        store_pack_totals_free(out, *n);
    return rc < 0 ? rc : 0;
}

void store_pack_totals_free(struct store_pack_total **p, size_t n)
{
    for (size_t i = 0; *p && i < n; i++) {
        free((*p)[i].id);
        free((*p)[i].applicant);
        free((*p)[i].task);
        free((*p)[i].conflict);
    }
    free(*p);
    *p = NULL;
}
