/* store_scores.c - every change a reviewer makes: scores, comments,
 * citations, confirmations, deductions, conflicts, submit and reopen. Each is
 * one BEGIN IMMEDIATE transaction with its audit rows, validated first
 * against the checklist so a refused change writes nothing. */
#include "db/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_pack_state[] = "SELECT state, conflict FROM packs WHERE id = :id";

/* Read the pack's state; refuse when it is unknown, or (for_edit) when it is
 * submitted or has a declared conflict. */
static int pack_check(struct store *s, const char *pack, bool for_edit,
                      enum store_pack_state *state, bool *conflict, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pack_state, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack);
    int rc = sqlq_step(&s->q, st, err);
    if (rc < 0)
        return rc;
    if (rc != SQLITE_ROW)
        return jury_error_set(err, JURY_ERR_NOTFOUND, pack, "no such pack in this store");
    int v = sqlite3_column_int(st, 0);
    bool c = sqlite3_column_type(st, 1) != SQLITE_NULL;
    sqlite3_reset(st);
    if (state)
        *state = (enum store_pack_state)v;
    if (conflict)
        *conflict = c;
    if (for_edit && v == STORE_SUBMITTED)
        return jury_error_set(err, JURY_ERR_DENIED, pack,
                              "pack is submitted and locked: reopen it first (jury score reopen "
                              "PACK --reason TEXT)");
    if (for_edit && c)
        return jury_error_set(err, JURY_ERR_DENIED, pack,
                              "a conflict of interest (回避) is declared for this pack: it "
                              "takes no scores");
    return 0;
}

static const char sql_progress[] = "UPDATE packs SET state = 1 WHERE id = :id AND state = 0";

/* The pack leaves "not started": logged, so the state replays from the log. */
static int mark_progress(struct store *s, const char *pack, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_progress, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack);
    int rc = sqlq_done(&s->q, st, err);
    if (rc < 0 || sqlite3_changes(s->q.db) == 0)
        return rc;
    return audit_append(s, pack, "start", NULL, NULL, NULL, err);
}

/* Begin a change of an editable pack. */
static int edit_begin(struct store *s, const char *pack, struct jury_error *err)
{
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    if ((rc = pack_check(s, pack, true, &s->edit_state, NULL, err)) < 0)
        store_rollback(s);
    return rc;
}

/* Finish a change: mark in progress and commit, or roll back on rc < 0. */
static int edit_end(struct store *s, const char *pack, int rc, struct jury_error *err)
{
    if (rc >= 0 && s->edit_state == STORE_NOT_STARTED) /* skip a statement per change */
        rc = mark_progress(s, pack, err);
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char sql_score_get[] = "SELECT value, comment, jury_real(points) FROM scores "
                                    "WHERE pack = :pack AND indicator = :ind";
static const char sql_score_put[] =
    "INSERT INTO scores(pack, indicator, value, points, comment, updated) "
    "VALUES(:pack, :ind, :value, :points, :comment, :at) ON CONFLICT(pack, indicator) DO "
    "UPDATE SET value = excluded.value, points = excluded.points, comment = excluded.comment, "
    "updated = excluded.updated";
static const char sql_score_del[] = "DELETE FROM scores WHERE pack = :pack AND indicator = :ind";

/* The score's value, comment and (when points is not NULL) its points as
 * the log writes them; each NULL when absent. */
static int score_get(struct store *s, const char *pack, const char *ind, char **value,
                     char **comment, char **points, struct jury_error *err)
{
    *value = *comment = NULL;
    if (points)
        *points = NULL;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_score_get, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":ind", ind);
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        *value = sqlq_col_dup(st, 0);
        *comment = sqlq_col_dup(st, 1);
        if (points && *value)
            *points = sqlq_col_dup(st, 2);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int score_put(struct store *s, const char *pack, const char *ind, const char *value,
                     double points, const char *comment, struct jury_error *err)
{
    const char *sql = value || comment ? sql_score_put : sql_score_del;
    sqlite3_stmt *st = sqlq_get(&s->q, sql, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":ind", ind);
    if (sql == sql_score_put) {
        char at[32];
        store_now(at, sizeof at);
        sqlq_text(st, ":value", value);
        if (value)
            sqlq_real(st, ":points", points);
        sqlq_text(st, ":comment", comment);
        sqlq_text(st, ":at", at);
    }
    return sqlq_done(&s->q, st, err);
}

static int scored_indicator(const struct checklist *cl, const char *ind, struct jury_error *err)
{
    const struct cl_indicator *i = checklist_find(cl, ind);
    if (!i)
        return jury_error_set(err, JURY_ERR_INVALID, ind, "unknown indicator in rule set %s",
                              cl->id ? cl->id : "?");
    if (!i->scored)
        return jury_error_set(err, JURY_ERR_INVALID, ind,
                              "not an observation point (it takes no score)");
    return 0;
}

/* Apply value/comment changes, each logged; the points a value is worth are
 * logged beside it whenever they change. new_comment NULL: unchanged. */
static int score_change(struct store *s, const char *pack, const char *ind, const char *value,
                        double points, const char *new_comment, struct jury_error *err)
{
    char *old_v = NULL, *old_c = NULL, *old_p = NULL, now_p[AUDIT_REAL_LEN];
    int rc = score_get(s, pack, ind, &old_v, &old_c, &old_p, err);
    const char *c = new_comment ? (new_comment[0] ? new_comment : NULL) : old_c;
    const char *p = value ? (audit_real(points, now_p), now_p) : NULL;
    if (rc < 0 || (same(value, old_v) && same(c, old_c) && same(p, old_p)))
        goto out;
    if (!same(value, old_v) && (rc = audit_append(s, pack, "score", ind, old_v, value, err)) < 0)
        goto out;
    if (!same(p, old_p) && (rc = audit_append(s, pack, "points", ind, old_p, p, err)) < 0)
        goto out;
    if (!same(c, old_c) && (rc = audit_append(s, pack, "comment", ind, old_c, c, err)) < 0)
        goto out;
    rc = score_put(s, pack, ind, value, points, c, err);
out:
    free(old_v);
    free(old_c);
    free(old_p);
    return rc;
}

int store_set_score(struct store *s, const struct checklist *cl, const char *pack_id,
                    const char *indicator, const char *value, const char *comment,
                    struct jury_error *err)
{
    double points = 0;
    int rc = scored_indicator(cl, indicator, err);
    if (rc < 0)
        return rc;
    if (value)
        value = store_level_resolve(cl, indicator, value);
    if (value && (rc = checklist_validate(cl, indicator, value, &points, err)) < 0)
        return rc;
    if ((rc = edit_begin(s, pack_id, err)) < 0)
        return rc;
    rc = score_change(s, pack_id, indicator, value, points, comment, err);
    return edit_end(s, pack_id, rc, err);
}

static const char sql_points_keep[] = "UPDATE scores SET comment = :comment, updated = :at "
                                      "WHERE pack = :pack AND indicator = :ind";

int store_set_comment(struct store *s, const struct checklist *cl, const char *pack_id,
                      const char *indicator, const char *comment, struct jury_error *err)
{
    int rc = scored_indicator(cl, indicator, err);
    if (rc < 0 || (rc = edit_begin(s, pack_id, err)) < 0)
        return rc;
    char *old_v = NULL, *old_c = NULL;
    const char *c = comment && comment[0] ? comment : NULL;
    if ((rc = score_get(s, pack_id, indicator, &old_v, &old_c, NULL, err)) < 0 || same(c, old_c))
        goto out;
    if ((rc = audit_append(s, pack_id, "comment", indicator, old_c, c, err)) < 0)
        goto out;
    if (old_v) { /* keep the value and its points as they are */
        sqlite3_stmt *st = sqlq_get(&s->q, sql_points_keep, err);
        char at[32];
        store_now(at, sizeof at);
        if (!st) {
            rc = err->status;
            goto out;
        }
        sqlq_text(st, ":comment", c);
        sqlq_text(st, ":at", at);
        sqlq_text(st, ":pack", pack_id);
        sqlq_text(st, ":ind", indicator);
        rc = sqlq_done(&s->q, st, err);
    } else {
        rc = score_put(s, pack_id, indicator, NULL, 0, c, err);
    }
out:
    free(old_v);
    free(old_c);
    return edit_end(s, pack_id, rc, err);
}

static const char sql_cite_add[] = "INSERT OR IGNORE INTO cites(pack, indicator, path, page) "
                                   "VALUES(:pack, :ind, :path, :page)";
static const char sql_cite_del[] = "DELETE FROM cites WHERE pack = :pack AND indicator = :ind "
                                   "AND path = :path AND page = :page";

static int cite_change(struct store *s, const char *sql, const char *kind, const char *pack,
                       const char *ind, const char *path, int page, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":ind", ind);
    sqlq_text(st, ":path", path);
    sqlq_int(st, ":page", page);
    int rc = sqlq_done(&s->q, st, err);
    if (rc < 0 || sqlite3_changes(s->q.db) == 0)
        return rc;
    char v[64];
    snprintf(v, sizeof v, "%d", page);
    struct jstr cite = {0};
    jstr_addf(&cite, "%s:%s", path, v);
    rc = audit_append(s, pack, kind, ind, NULL, jstr_cstr(&cite), err);
    jstr_free(&cite);
    return rc;
}

int store_add_cite(struct store *s, const struct checklist *cl, const char *pack_id,
                   const char *indicator, const char *path, int page, struct jury_error *err)
{
    int rc = scored_indicator(cl, indicator, err);
    if (rc < 0)
        return rc;
    if (!path || !path[0] || page < 0)
        return jury_error_set(err, JURY_ERR_INVALID, indicator,
                              "a citation needs a file path and a page >= 0");
    if ((rc = edit_begin(s, pack_id, err)) < 0)
        return rc;
    rc = cite_change(s, sql_cite_add, "cite", pack_id, indicator, path, page, err);
    return edit_end(s, pack_id, rc, err);
}

int store_remove_cite(struct store *s, const char *pack_id, const char *indicator, const char *path,
                      int page, struct jury_error *err)
{
    int rc = edit_begin(s, pack_id, err);
    if (rc < 0)
        return rc;
    rc = cite_change(s, sql_cite_del, "uncite", pack_id, indicator, path, page, err);
    return edit_end(s, pack_id, rc, err);
}

static const char sql_confirm_get[] =
    "SELECT answer FROM confirms WHERE pack = :pack AND item = :item";
static const char sql_confirm_put[] =
    "INSERT INTO confirms(pack, item, is_veto, answer) VALUES(:pack, :item, :veto, :answer) "
    "ON CONFLICT(pack, item) DO UPDATE SET is_veto = excluded.is_veto, answer = excluded.answer";

int store_confirm(struct store *s, const struct checklist *cl, const char *pack_id,
                  const char *item_id, bool yes, struct jury_error *err)
{
    const struct cl_condition *c = checklist_find_condition(cl, item_id);
    bool veto = !c && checklist_find_veto(cl, item_id);
    if (!c && !veto)
        return jury_error_set(err, JURY_ERR_INVALID, item_id,
                              "no eligibility condition or veto item with this id");
    if (c && c->kind != CL_COND_CONFIRM)
        return jury_error_set(err, JURY_ERR_INVALID, item_id,
                              "this condition is decided by the rules, not by a reviewer");
    int rc = edit_begin(s, pack_id, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_confirm_get, err);
    if (!st) {
        rc = err->status;
        goto out;
    }
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":item", item_id);
    if ((rc = sqlq_step(&s->q, st, err)) < 0)
        goto out;
    const char *old = rc == SQLITE_ROW ? (sqlite3_column_int(st, 0) ? "yes" : "no") : NULL;
    sqlite3_reset(st);
    rc = 0;
    if (same(old, yes ? "yes" : "no"))
        goto out;
    if ((rc = audit_append(s, pack_id, veto ? "veto" : "condition", item_id, old,
                           yes ? "yes" : "no", err)) < 0 ||
        !(st = sqlq_get(&s->q, sql_confirm_put, err))) {
        rc = rc < 0 ? rc : err->status;
        goto out;
    }
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":item", item_id);
    sqlq_int(st, ":veto", veto);
    sqlq_int(st, ":answer", yes);
    rc = sqlq_done(&s->q, st, err);
out:
    return edit_end(s, pack_id, rc, err);
}

static const char sql_note_get[] =
    "SELECT comment FROM check_comments WHERE pack = :pack AND item = :item";
static const char sql_note_put[] =
    "INSERT INTO check_comments(pack, item, comment) VALUES(:pack, :item, :comment) "
    "ON CONFLICT(pack, item) DO UPDATE SET comment = excluded.comment";
static const char sql_note_del[] = "DELETE FROM check_comments WHERE pack = :pack AND item = :item";

/* The comment on a condition or veto (caller frees; NULL when none). */
static int note_get(struct store *s, const char *pack, const char *item, char **out,
                    struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_note_get, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":item", item);
    int rc = sqlq_step(&s->q, st, err);
    *out = rc == SQLITE_ROW ? sqlq_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int store_set_check_comment(struct store *s, const struct checklist *cl, const char *pack_id,
                            const char *item_id, const char *comment, struct jury_error *err)
{
    if (!checklist_find_condition(cl, item_id) && !checklist_find_veto(cl, item_id))
        return jury_error_set(err, JURY_ERR_INVALID, item_id,
                              "no eligibility condition or veto item with this id");
    int rc = edit_begin(s, pack_id, err);
    if (rc < 0)
        return rc;
    const char *c = comment && comment[0] ? comment : NULL;
    char *old = NULL;
    sqlite3_stmt *st = NULL;
    if ((rc = note_get(s, pack_id, item_id, &old, err)) < 0 || same(c, old))
        goto out;
    if ((rc = audit_append(s, pack_id, "check-comment", item_id, old, c, err)) < 0 ||
        !(st = sqlq_get(&s->q, c ? sql_note_put : sql_note_del, err))) {
        rc = rc < 0 ? rc : err->status;
        goto out;
    }
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":item", item_id);
    if (c)
        sqlq_text(st, ":comment", c);
    rc = sqlq_done(&s->q, st, err);
out:
    free(old);
    return edit_end(s, pack_id, rc, err);
}

static const char sql_ded_get[] = "SELECT value FROM deductions WHERE pack = :pack AND id = :id";
static const char sql_ded_put[] =
    "INSERT INTO deductions(pack, id, value) VALUES(:pack, :id, :value) "
    "ON CONFLICT(pack, id) DO UPDATE SET value = excluded.value";
static const char sql_ded_del[] = "DELETE FROM deductions WHERE pack = :pack AND id = :id";

static const char sql_ded_reason_get[] =
    "SELECT reason FROM deductions WHERE pack = :pack AND id = :id";
static const char sql_ded_reason_put[] =
    "UPDATE deductions SET reason = :reason WHERE pack = :pack AND id = :id";

char *store_deduction_reason(struct store *s, const char *pack_id, const char *deduction_id)
{
    struct jury_error err = {0};
    sqlite3_stmt *st = sqlq_get(&s->q, sql_ded_reason_get, &err);
    if (!st)
        return NULL;
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":id", deduction_id);
    char *r = sqlq_step(&s->q, st, &err) == SQLITE_ROW ? sqlq_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return r;
}

/* Store and log the reason of a deduction that is now set (value > 0). */
static int reason_change(struct store *s, const char *pack, const char *id, const char *reason,
                         struct jury_error *err)
{
    char *old = store_deduction_reason(s, pack, id);
    int rc = 0;
    if (!same(old, reason)) {
        sqlite3_stmt *st = sqlq_get(&s->q, sql_ded_reason_put, err);
        rc = st ? 0 : err->status;
        if (rc == 0)
            rc = audit_append(s, pack, "deduction-reason", id, old, reason, err);
        if (rc == 0) {
            sqlq_text(st, ":reason", reason);
            sqlq_text(st, ":pack", pack);
            sqlq_text(st, ":id", id);
            rc = sqlq_done(&s->q, st, err);
        }
    }
    free(old);
    return rc;
}

int store_set_deduction_reason(struct store *s, const struct checklist *cl, const char *pack_id,
                               const char *deduction_id, double value, const char *reason,
                               struct jury_error *err)
{
    int rc = checklist_validate_deduction(cl, deduction_id, value, err);
    if (rc < 0 || (rc = edit_begin(s, pack_id, err)) < 0)
        return rc;
    if (reason && !reason[0])
        reason = NULL;
    char old[64] = "", now[64];
    snprintf(now, sizeof now, "%.10g", value);
    sqlite3_stmt *st = sqlq_get(&s->q, sql_ded_get, err);
    if (!st) {
        rc = err->status;
        goto out;
    }
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":id", deduction_id);
    if ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW)
        snprintf(old, sizeof old, "%.10g", sqlite3_column_double(st, 0));
    sqlite3_reset(st);
    if (rc < 0 || strcmp(old, value == 0 ? "" : now) == 0) {
        rc = rc < 0 ? rc : 0;
        goto reason;
    }
    if ((rc = audit_append(s, pack_id, "deduction", deduction_id, old[0] ? old : NULL,
                           value == 0 ? NULL : now, err)) < 0)
        goto out;
    if (!(st = sqlq_get(&s->q, value == 0 ? sql_ded_del : sql_ded_put, err))) {
        rc = err->status;
        goto out;
    }
    sqlq_text(st, ":pack", pack_id);
    sqlq_text(st, ":id", deduction_id);
    if (value != 0)
        sqlq_real(st, ":value", value);
    rc = sqlq_done(&s->q, st, err);
reason:
    if (rc == 0 && value != 0 && reason)
        rc = reason_change(s, pack_id, deduction_id, reason, err);
out:
    return edit_end(s, pack_id, rc, err);
}
