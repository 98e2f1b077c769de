/* merge_detail.c - one pack's reviewer-by-indicator table, for the chair's
 * drill-down (the TUI) and reports.
 *
 * Scores are keyed (reviewer, pack, indicator), so the pack's reviewers come
 * from the small entry table and each reviewer's scores by key prefix: no
 * scan of the score table. */
#include "db/merge/merge_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char sql_reviewers[] =
    "SELECT reviewer, total, deduction FROM entry WHERE pack = :pack AND state = 2 "
    "ORDER BY reviewer";
static const char sql_scores[] = "SELECT indicator, points FROM score "
                                 "WHERE reviewer = :reviewer AND pack = :pack ORDER BY indicator";

static size_t indicator_slot(struct merge_pack_detail *d, const char *id)
{
    for (size_t i = 0; i < d->n_indicators; i++)
        if (strcmp(d->indicators[i], id) == 0)
            return i;
    d->indicators = jury_xrealloc(d->indicators, (d->n_indicators + 1) * sizeof *d->indicators);
    d->indicators[d->n_indicators] = jury_xstrdup(id);
    return d->n_indicators++;
}

static int load_reviewers(struct merge *m, struct merge_pack_detail *d, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_reviewers, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", d->pack);
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        size_t n = d->n_reviewers++;
        d->reviewers = jury_xrealloc(d->reviewers, (n + 1) * sizeof *d->reviewers);
        d->totals = jury_xrealloc(d->totals, (n + 1) * sizeof *d->totals);
        d->deductions = jury_xrealloc(d->deductions, (n + 1) * sizeof *d->deductions);
        d->reviewers[n] = sqlq_col_dup(st, 0);
        d->totals[n] = sqlite3_column_double(st, 1);
        d->deductions[n] = sqlite3_column_double(st, 2);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* Scores as (reviewer, indicator slot, points) triples, then the matrix. */
static int load_scores(struct merge *m, struct merge_pack_detail *d, struct jury_error *err)
{
    struct cell {
        size_t r, i;
        double v;
    } *cells = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < d->n_reviewers; r++) {
        sqlite3_stmt *st = sqlq_get(&m->q, sql_scores, err);
        if (!st)
            return err->status;
        sqlq_text(st, ":reviewer", d->reviewers[r]);
        sqlq_text(st, ":pack", d->pack);
        while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
            if (n == cap)
                cells = jury_xrealloc(cells, (cap = cap ? 2 * cap : 64) * sizeof *cells);
            cells[n++] =
                (struct cell){r, indicator_slot(d, (const char *)sqlite3_column_text(st, 0)),
                              sqlite3_column_double(st, 1)};
        }
        sqlite3_reset(st);
        rc = rc < 0 ? rc : 0;
    }
    d->points = jury_xmalloc((d->n_indicators * d->n_reviewers + 1) * sizeof *d->points);
    for (size_t k = 0; k < d->n_indicators * d->n_reviewers; k++)
        d->points[k] = NAN;
    for (size_t k = 0; k < n; k++)
        d->points[cells[k].i * d->n_reviewers + cells[k].r] = cells[k].v;
    free(cells);
    return rc;
}

int merge_pack_detail(struct merge *m, const char *pack, struct merge_pack_detail **out,
                      struct jury_error *err)
{
    struct merge_pack_detail *d = jury_xcalloc(1, sizeof *d);
    d->pack = jury_xstrdup(pack);
    int rc = sqlq_exec(&m->q, "BEGIN", err);
    if (rc == 0)
        rc = load_reviewers(m, d, err);
    if (rc == 0)
        rc = load_scores(m, d, err);
    if (!sqlite3_get_autocommit(m->q.db))
        sqlite3_exec(m->q.db, "COMMIT", NULL, NULL, NULL);
    if (rc == 0 && d->n_reviewers == 0)
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, pack, "no submitted scores for this pack");
    if (rc < 0)
        merge_pack_detail_free(&d);
    *out = d; /* NULL after a failure */
    return rc;
}

void merge_pack_detail_free(struct merge_pack_detail **p)
{
    struct merge_pack_detail *d = p ? *p : NULL;
    if (!d)
        return;
    for (size_t i = 0; i < d->n_reviewers; i++)
        free(d->reviewers[i]);
    for (size_t i = 0; i < d->n_indicators; i++)
        free(d->indicators[i]);
    free(d->reviewers);
    free(d->indicators);
    free(d->points);
    free(d->totals);
    free(d->deductions);
    free(d->pack);
    free(d);
    *p = NULL;
}
