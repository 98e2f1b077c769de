/* store_state.c - a pack's life (conflict, submit, reopen) and the
 * workbench position. */
#include "db/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_state[] = "SELECT state, conflict FROM packs WHERE id = :id";

static int read_state(struct store *s, const char *pack, int *state, char **conflict,
                      struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_state, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack);
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        *state = sqlite3_column_int(st, 0);
        if (conflict)
            *conflict = sqlq_col_dup(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return jury_error_set(err, JURY_ERR_NOTFOUND, pack, "no such pack in this store");
    return rc < 0 ? rc : 0;
}

int store_pack_state(struct store *s, const char *pack_id, enum store_pack_state *state,
                     struct jury_error *err)
{
    int v = 0;
    int rc = read_state(s, pack_id, &v, NULL, err);
    if (rc == 0)
        *state = (enum store_pack_state)v;
    return rc;
}

static const char sql_conflict[] = "UPDATE packs SET conflict = :reason WHERE id = :id";

/* Declare (withdraw false) or withdraw a conflict of interest, with its
 * reason. The conflict's own log row always says what the column now holds,
 * so the log replays to the table; a withdrawal's reason is a row of its own. */
static int change_conflict(struct store *s, const char *pack_id, const char *reason, bool withdraw,
                           struct jury_error *err)
{
    int state = 0;
    char *old = NULL;
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    if ((rc = read_state(s, pack_id, &state, &old, err)) < 0)
        goto fail;
    if (!withdraw && state == STORE_SUBMITTED)
        rc = jury_error_set(err, JURY_ERR_DENIED, pack_id,
                            "pack is submitted and locked: reopen it first");
    else if (withdraw && !old)
        rc = jury_error_set(err, JURY_ERR_INVALID, pack_id,
                            "no conflict of interest (回避) is declared for this pack");
    sqlite3_stmt *st = rc < 0 ? NULL : sqlq_get(&s->q, sql_conflict, err);
    if (rc == 0 && !st)
        rc = err->status;
    if (rc < 0)
        goto fail;
    sqlq_text(st, ":reason", withdraw ? NULL : reason);
    sqlq_text(st, ":id", pack_id);
    if ((rc = sqlq_done(&s->q, st, err)) < 0 ||
        (rc = audit_append(s, pack_id, "conflict", NULL, old, withdraw ? NULL : reason, err)) < 0 ||
        (withdraw &&
         (rc = audit_append(s, pack_id, "conflict-withdrawn", NULL, old, reason, err)) < 0))
        goto fail;
    free(old);
    return store_commit(s, err);
fail:
    free(old);
    store_rollback(s);
    return rc;
}

int store_declare_conflict(struct store *s, const char *pack_id, const char *reason,
                           struct jury_error *err)
{
    if (!reason || !reason[0])
        return jury_error_set(err, JURY_ERR_INVALID, pack_id,
                              "a conflict of interest (回避) needs a reason");
    return change_conflict(s, pack_id, reason, false, err);
}

int store_withdraw_conflict(struct store *s, const char *pack_id, const char *reason,
                            struct jury_error *err)
{
    if (!reason || !reason[0])
        return jury_error_set(err, JURY_ERR_INVALID, pack_id,
                              "withdrawing a conflict of interest (回避) needs a reason");
    return change_conflict(s, pack_id, reason, true, err);
}

static const char sql_reopened[] =
    "SELECT 1 FROM audit WHERE pack = :pack AND kind = 'reopen' LIMIT 1";

int store_was_reopened(struct store *s, const char *pack_id, bool *yes, struct jury_error *err)
{
    *yes = false;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_reopened, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack_id);
    int rc = sqlq_step(&s->q, st, err);
    *yes = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static const char sql_answered[] = "SELECT 1 FROM confirms WHERE pack = :pack AND item = :item";

static bool listed(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/* The first reviewer-confirmed condition without an answer, and how many;
 * those the rules decided are not asked. */
static int first_unanswered(struct store *s, const struct checklist *cl, const char *pack,
                            const char *const *decided, size_t n_decided, const char **first,
                            size_t *n, struct jury_error *err)
{
    *first = NULL;
    *n = 0;
    for (size_t i = 0; i < cl->n_conditions; i++) {
        if (cl->conditions[i].kind != CL_COND_CONFIRM ||
            listed(cl->conditions[i].id, decided, n_decided))
            continue;
        sqlite3_stmt *st = sqlq_get(&s->q, sql_answered, err);
        if (!st)
            return err->status;
        sqlq_text(st, ":pack", pack);
        sqlq_text(st, ":item", cl->conditions[i].id);
        int rc = sqlq_step(&s->q, st, err);
        sqlite3_reset(st);
        if (rc < 0)
            return rc;
        if (rc == SQLITE_DONE && (*n)++ == 0)
            *first = cl->conditions[i].id;
    }
    return 0;
}

static const char sql_scored[] =
    "SELECT 1 FROM scores WHERE pack = :pack AND indicator = :ind AND value IS NOT NULL";

/* The first scored indicator of cl without a value, or NULL. An optional (自选)
 * indicator may stay without one. */
static int first_missing(struct store *s, const struct checklist *cl, const char *pack,
                         const char **missing, size_t *n_missing, struct jury_error *err)
{
    *missing = NULL;
    *n_missing = 0;
    for (size_t i = 0; i < cl->n_indicators; i++) {
        if (!cl->indicators[i].scored || cl->indicators[i].optional)
            continue;
        sqlite3_stmt *st = sqlq_get(&s->q, sql_scored, err);
        if (!st)
            return err->status;
        sqlq_text(st, ":pack", pack);
        sqlq_text(st, ":ind", cl->indicators[i].id);
        int rc = sqlq_step(&s->q, st, err);
        sqlite3_reset(st);
        if (rc < 0)
            return rc;
        if (rc == SQLITE_DONE && (*n_missing)++ == 0)
            *missing = cl->indicators[i].id;
    }
    return 0;
}

static const char sql_set_state[] =
    "UPDATE packs SET state = :state, submitted = :at WHERE id = :id";

static int set_state(struct store *s, const char *pack, int state, const char *at,
                     struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_set_state, err);
    if (!st)
        return err->status;
    sqlq_int(st, ":state", state);
    sqlq_text(st, ":at", at);
    sqlq_text(st, ":id", pack);
    return sqlq_done(&s->q, st, err);
}

int store_submit_decided(struct store *s, const struct checklist *cl, const char *pack_id,
                         const char *const *decided, size_t n_decided, struct jury_error *err)
{
    int state = 0;
    char *conflict = NULL;
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    if ((rc = read_state(s, pack_id, &state, &conflict, err)) < 0)
        goto fail;
    if (state == STORE_SUBMITTED) {
        rc = jury_error_set(err, JURY_ERR_DENIED, pack_id, "pack is already submitted");
        goto fail;
    }
    const char *missing = NULL;
    size_t n = 0;
    if (!conflict && (rc = first_missing(s, cl, pack_id, &missing, &n, err)) < 0)
        goto fail;
    if (n > 0) {
        rc = jury_error_set(err, JURY_ERR_INVALID, pack_id,
                            "%zu observation point%s not scored yet (first: %s)", n,
                            n == 1 ? "" : "s", missing);
        goto fail;
    }
    if (!conflict &&
        (rc = first_unanswered(s, cl, pack_id, decided, n_decided, &missing, &n, err)) < 0)
        goto fail;
    if (n > 0) {
        rc = jury_error_set(err, JURY_ERR_INVALID, pack_id,
                            "%zu eligibility condition%s not answered yet (first: %s)", n,
                            n == 1 ? "" : "s", missing);
        goto fail;
    }
    char at[32];
    store_now(at, sizeof at);
    if ((rc = set_state(s, pack_id, STORE_SUBMITTED, at, err)) < 0 ||
        (rc = audit_append(s, pack_id, "submit", NULL, NULL, NULL, err)) < 0)
        goto fail;
    free(conflict);
    return store_commit(s, err);
fail:
    free(conflict);
    store_rollback(s);
    return rc;
}

int store_reopen(struct store *s, const char *pack_id, const char *reason, struct jury_error *err)
{
    if (!reason || !reason[0])
        return jury_error_set(err, JURY_ERR_INVALID, pack_id, "reopening needs a reason");
    int state = 0;
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    if ((rc = read_state(s, pack_id, &state, NULL, err)) < 0)
        goto fail;
    if (state != STORE_SUBMITTED) {
        rc = jury_error_set(err, JURY_ERR_INVALID, pack_id, "pack is not submitted");
        goto fail;
    }
    if ((rc = set_state(s, pack_id, STORE_IN_PROGRESS, NULL, err)) < 0 ||
        (rc = audit_append(s, pack_id, "reopen", NULL, NULL, reason, err)) < 0)
        goto fail;
    return store_commit(s, err);
fail:
    store_rollback(s);
    return rc;
}

static const char sql_pos_put[] =
    "INSERT INTO position(id, pack, file, page, indicator) VALUES(1, :pack, :file, :page, :ind) "
    "ON CONFLICT(id) DO UPDATE SET pack = excluded.pack, file = excluded.file, page = "
    "excluded.page, indicator = excluded.indicator";
static const char sql_pos_get[] = "SELECT pack, file, page, indicator FROM position WHERE id = 1";

int store_set_position(struct store *s, const struct store_position *pos, struct jury_error *err)
{
    if (s->read_only)
        return jury_error_set(err, JURY_ERR_DENIED, s->path,
                              "the score store is open read-only here: nothing can be changed");
    /* one statement in autocommit mode: its own transaction */
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pos_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pos->pack);
    sqlq_text(st, ":file", pos->file);
    sqlq_int(st, ":page", pos->page);
    sqlq_text(st, ":ind", pos->indicator);
    return sqlq_done(&s->q, st, err);
}

int store_get_position(struct store *s, struct store_position *out, struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pos_get, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        out->pack = sqlq_col_dup(st, 0);
        out->file = sqlq_col_dup(st, 1);
        out->page = sqlite3_column_int(st, 2);
        out->indicator = sqlq_col_dup(st, 3);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

void store_position_clear(struct store_position *pos)
{
    free(pos->pack);
    free(pos->file);
    free(pos->indicator);
    memset(pos, 0, sizeof *pos);
}

static const char sql_place_put[] =
    "INSERT INTO places(pack, file, page, top, row, focus) VALUES(:pack, :file, :page, :top, "
    ":row, :focus) ON CONFLICT(pack) DO UPDATE SET file = excluded.file, page = excluded.page, "
    "top = excluded.top, row = excluded.row, focus = excluded.focus";
static const char sql_place_get[] =
    "SELECT file, page, top, row, focus FROM places WHERE pack = :pack";

int store_set_place(struct store *s, const char *pack_id, const struct store_place *pl,
                    struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_place_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":file", pl->file);
    sqlq_int(st, ":page", pl->page);
    sqlq_int(st, ":top", pl->top);
    sqlq_text(st, ":row", pl->row);
    sqlq_int(st, ":focus", pl->focus);
    return sqlq_done(&s->q, st, err);
}

int store_get_place(struct store *s, const char *pack_id, struct store_place *out,
                    struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sqlq_get(&s->q, sql_place_get, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack_id);
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        out->file = sqlq_col_dup(st, 0);
        out->page = sqlite3_column_int(st, 1);
        out->top = (long)sqlite3_column_int64(st, 2);
        out->row = sqlq_col_dup(st, 3);
        out->focus = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}
