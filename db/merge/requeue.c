/* requeue.c - the re-review queue (复议).
 *
 * The merge's disagreements (reviewer totals spreading beyond the threshold,
 * observation points beyond half their maximum) become rows of `requeue` in
 * merged.sqlite. The reviewer re-reviews with `jury score reopen PACK
 * --reason ...` (the reason goes into their signed audit chain), changes the
 * scores, submits and exports a NEW sheet. When the merge meets that newer
 * sheet for a pack in the queue, it takes it as a revision instead of a
 * conflict: the previous values stay in `revision` with both sheets' hashes
 * and the reason, and the report shows before and after. Without a reopen
 * reason in the sheet (or for a pack not queued) the ordinary conflict rules
 * apply (--prefer-newest). */
#include "db/merge/decide_int.h"

#include <stdlib.h>
#include <string.h>

/* This module's tables, made when first needed so that merged databases
 * written before them still open (the schema version is unchanged). */
static const char sql_tables[] =
    "CREATE TABLE IF NOT EXISTS requeue(pack TEXT PRIMARY KEY, why TEXT, opened TEXT,\n"
    "  revised INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS revision(reviewer TEXT NOT NULL, pack TEXT NOT NULL,\n"
    "  old_sheet INTEGER NOT NULL, new_sheet INTEGER NOT NULL, old_total REAL,\n"
    "  new_total REAL, reason TEXT, at TEXT, PRIMARY KEY(reviewer, pack, new_sheet))\n"
    "  WITHOUT ROWID;";

static int ensure(struct merge *m, struct jury_error *err)
{
    return sqlq_exec(&m->q, sql_tables, err);
}

const char *requeue_reopen_reason(const struct sheet *sh, const char *pack)
{
    const char *reason = NULL;
    for (size_t i = 0; i < sh->n_audit; i++) {
        const struct sheet_audit *a = &sh->audit[i];
        if (!a->redacted && a->pack && a->kind && strcmp(a->pack, pack) == 0 &&
            strcmp(a->kind, "reopen") == 0)
            reason = a->new_value;
    }
    return reason;
}

static const char sql_queued[] = "SELECT 1 FROM requeue WHERE pack = :pack";

int requeue_is_queued(struct merge *m, const char *pack, struct jury_error *err)
{
    int rc = ensure(m, err);
    sqlite3_stmt *st = rc == 0 ? sqlq_get(&m->q, sql_queued, err) : NULL;
    if (!st)
        return rc < 0 ? rc : err->status;
    sqlq_text(st, ":pack", pack);
    rc = sqlq_step(&m->q, st, err);
    sqlite3_reset(st);
    return rc < 0 ? rc : rc == SQLITE_ROW;
}

static const char sql_rev_begin[] =
    "INSERT OR REPLACE INTO revision(reviewer, pack, old_sheet, new_sheet, old_total, reason, at) "
    "SELECT reviewer, pack, :old, :new, total - deduction, :reason, "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM entry WHERE reviewer = :reviewer AND pack = :pack";
static const char sql_rev_end[] =
    "UPDATE revision SET new_total = (SELECT total - deduction FROM entry "
    "WHERE reviewer = :reviewer AND pack = :pack) "
    "WHERE reviewer = :reviewer AND pack = :pack AND new_sheet = :new";
static const char sql_mark_revised[] = "UPDATE requeue SET revised = 1 WHERE pack = :pack";

int requeue_revision_begin(struct merge *m, const char *reviewer, const char *pack,
                           int64_t old_sheet, int64_t new_sheet, const char *reason,
                           struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_rev_begin, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":reviewer", reviewer);
    sqlq_text(st, ":pack", pack);
    sqlq_int(st, ":old", old_sheet);
    sqlq_int(st, ":new", new_sheet);
    sqlq_text(st, ":reason", reason);
    return sqlq_done(&m->q, st, err);
}

int requeue_revision_end(struct merge *m, const char *reviewer, const char *pack, int64_t new_sheet,
                         struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_rev_end, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":reviewer", reviewer);
    sqlq_text(st, ":pack", pack);
    sqlq_int(st, ":new", new_sheet);
    int rc = sqlq_done(&m->q, st, err);
    if (rc == 0 && !(st = sqlq_get(&m->q, sql_mark_revised, err)))
        rc = err->status;
    if (rc == 0) {
        sqlq_text(st, ":pack", pack);
        rc = sqlq_done(&m->q, st, err);
    }
    return rc;
}

static const char sql_queue_put[] =
    "INSERT INTO requeue(pack, why, opened) VALUES(:pack, :why, "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(pack) DO NOTHING";

static int queue_put(struct merge *m, const char *pack, const char *why, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_queue_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":why", why);
    return sqlq_done(&m->q, st, err);
}

int requeue_build(struct merge *m, const struct merge_ranking *r, struct jury_error *err)
{
    /* inside the caller's transaction (merge_rank_adopt) when there is one */
    bool own = sqlite3_get_autocommit(m->q.db) != 0;
    int rc = ensure(m, err);
    if (rc == 0 && own)
        rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    for (size_t p = 0; rc == 0 && p < r->result->n_rows; p++) {
        const struct rank_row *row = &r->result->rows[p];
        if (!(row->flags & RANK_FLAG_DISAGREE))
            continue;
        struct jstr why = {0};
        jstr_addf(&why, "spread %.2f > %.2f", row->spread, r->settings.disagreement_total);
        rc = queue_put(m, r->in.packs[p].id, jstr_cstr(&why), err);
        jstr_free(&why);
    }
    for (size_t i = 0; rc == 0 && i < r->n_points; i++) {
        struct jstr why = {0};
        jstr_addf(&why, "%s: spread %.2f > %.2f/2", r->points[i].indicator, r->points[i].spread,
                  r->points[i].max);
        rc = queue_put(m, r->in.packs[r->points[i].pack].id, jstr_cstr(&why), err);
        jstr_free(&why);
    }
    if (rc < 0) {
        if (own)
            sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return own ? sqlq_exec(&m->q, "COMMIT", err) : 0;
}

static const char sql_queue_list[] = "SELECT pack, why, opened, revised FROM requeue ORDER BY pack";
static const char sql_rev_list[] =
    "SELECT v.reviewer, v.pack, v.reason, o.sha256, n.sha256, v.old_total, v.new_total, v.at "
    "FROM revision v LEFT JOIN sheet o ON o.id = v.old_sheet "
    "LEFT JOIN sheet n ON n.id = v.new_sheet ORDER BY v.pack, v.reviewer, v.at";

static int list_queue(struct merge *m, struct requeue_item **items, size_t *n,
                      struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_queue_list, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        *items = jury_xrealloc(*items, (*n + 1) * sizeof **items);
        (*items)[(*n)++] =
            (struct requeue_item){sqlq_col_dup(st, 0), sqlq_col_dup(st, 1), sqlq_col_dup(st, 2),
                                  sqlite3_column_int(st, 3) != 0};
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int list_revisions(struct merge *m, struct requeue_revision **revs, size_t *n,
                          struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_rev_list, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        *revs = jury_xrealloc(*revs, (*n + 1) * sizeof **revs);
        (*revs)[(*n)++] = (struct requeue_revision){
            sqlq_col_dup(st, 0),          sqlq_col_dup(st, 1), sqlq_col_dup(st, 2),
            sqlq_col_dup(st, 3),          sqlq_col_dup(st, 4), sqlite3_column_double(st, 5),
            sqlite3_column_double(st, 6), sqlq_col_dup(st, 7)};
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int requeue_list(struct merge *m, struct requeue_item **items, size_t *n_items,
                 struct requeue_revision **revs, size_t *n_revs, struct jury_error *err)
{
    *items = NULL;
    *revs = NULL;
    *n_items = *n_revs = 0;
    int rc = ensure(m, err);
    if (rc == 0)
        rc = list_queue(m, items, n_items, err);
    if (rc == 0)
        rc = list_revisions(m, revs, n_revs, err);
    if (rc < 0)
        requeue_free(items, *n_items, revs, *n_revs);
    return rc;
}

void requeue_free(struct requeue_item **items, size_t n_items, struct requeue_revision **revs,
                  size_t n_revs)
{
    for (size_t i = 0; items && *items && i < n_items; i++) {
        free((*items)[i].pack);
        free((*items)[i].why);
        free((*items)[i].opened);
    }
    for (size_t i = 0; revs && *revs && i < n_revs; i++) {
        struct requeue_revision *v = &(*revs)[i];
        free(v->reviewer);
        free(v->pack);
        free(v->reason);
        free(v->old_sheet);
        free(v->new_sheet);
        free(v->at);
    }
    if (items) {
        free(*items);
        *items = NULL;
    }
    if (revs) {
        free(*revs);
        *revs = NULL;
    }
}
