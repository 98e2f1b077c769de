/* merge_import.c - one verified sheet into the merged database, in one
 * transaction.
 *
 * The same reviewer and pack from two different sheets is a conflict unless
 * both carry the same content (a re-export). Without prefer_newest the first
 * imported stays and the conflict is listed as unresolved; with it the sheet
 * created later wins. Running again with prefer_newest revisits sheets that
 * lost a conflict, so the result does not depend on the order of the files. */
#include "db/merge/decide_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct imp {
    struct merge *m;
    const struct sheet *sh;
    int64_t sheet_id;
    bool prefer_newest;
    struct merge_sheet_report *rep;
    struct jury_error *err;
};

/* Hash a string with its terminating NUL, so fields cannot run together. */
static void digest_str(struct jury_sha256_ctx *c, const char *s)
{
    jury_sha256_update(c, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void digest_num(struct jury_sha256_ctx *c, double v)
{
    jury_sha256_update(c, &v, sizeof v); /* compared only within one database */
}

/* SHA-256 over what a pack's result consists of, in the sheet's sorted order
 * (raw fields, no printf: this runs for every pack of every sheet). */
static void pack_digest(const struct sheet_pack *p, char hex[SHA256_HEX_LEN + 1])
{
    struct jury_sha256_ctx c;
    jury_sha256_init(&c);
    digest_num(&c, (double)p->state);
    for (size_t i = 0; i < p->n_scores; i++) {
        digest_str(&c, p->scores[i].indicator);
        digest_str(&c, p->scores[i].value);
        digest_num(&c, p->scores[i].points);
    }
    for (size_t i = 0; i < p->n_confirms; i++) {
        digest_str(&c, p->confirms[i].item);
        digest_num(&c, p->confirms[i].is_veto * 2 + p->confirms[i].yes);
    }
    for (size_t i = 0; i < p->n_deductions; i++) {
        digest_str(&c, p->deductions[i].id);
        digest_num(&c, p->deductions[i].value);
    }
    jury_sha256_final_hex(&c, hex);
}

static const char sql_pack_put[] =
    "INSERT INTO pack(id, task, applicant, ruleset) VALUES(:id, :task, :applicant, :ruleset) "
    "ON CONFLICT(id) DO UPDATE SET task = coalesce(excluded.task, task), "
    "applicant = coalesce(excluded.applicant, applicant), "
    "ruleset = coalesce(excluded.ruleset, ruleset)";
static const char sql_entry_get[] =
    "SELECT e.sheet, e.digest, s.created, s.audit_rows FROM entry e JOIN sheet s ON s.id = e.sheet "
    "WHERE e.reviewer = :reviewer AND e.pack = :pack";
static const char sql_entry_del[] = "DELETE FROM entry WHERE reviewer = :reviewer AND pack = :pack";
static const char sql_score_del[] = "DELETE FROM score WHERE reviewer = :reviewer AND pack = :pack";
static const char sql_entry_put[] =
    "INSERT INTO entry(reviewer, pack, sheet, state, total, deduction, veto, veto_reason, digest) "
    "VALUES(:reviewer, :pack, :sheet, :state, :total, :deduction, :veto, :reason, :digest)";
static const char sql_score_put[] =
    "INSERT INTO score(reviewer, pack, indicator, points, value, comment) "
    "VALUES(:reviewer, :pack, :indicator, :points, :value, :comment)";
static const char sql_coi_put[] =
    "INSERT INTO coi(reviewer, pack, reason, sheet) VALUES(:reviewer, :pack, :reason, :sheet) "
    "ON CONFLICT(reviewer, pack) DO UPDATE SET reason = excluded.reason, sheet = excluded.sheet";
static const char sql_conflict_put[] =
    "INSERT INTO conflict(reviewer, pack, kept, other, resolved) "
    "VALUES(:reviewer, :pack, :kept, :other, :resolved) "
    "ON CONFLICT(reviewer, pack, other) DO UPDATE SET kept = excluded.kept, "
    "resolved = excluded.resolved";
static const char sql_conflict_resolve[] =
    "UPDATE conflict SET resolved = 1 WHERE reviewer = :reviewer AND pack = :pack";

#define STEP(im, st) ((st) ? sqlq_done(&(im)->m->q, (st), (im)->err) : (im)->err->status)

static sqlite3_stmt *keyed(struct imp *im, const char *sql, const char *pack)
{
    sqlite3_stmt *st = sqlq_get(&im->m->q, sql, im->err);
    if (st) {
        sqlq_text(st, ":reviewer", im->sh->reviewer_id);
        sqlq_text(st, ":pack", pack);
    }
    return st;
}

static const char sql_note_del[] =
    "DELETE FROM check_comment WHERE reviewer = :reviewer AND pack = :pack";
static const char sql_note_put[] = "INSERT INTO check_comment(reviewer, pack, item, comment) "
                                   "VALUES(:reviewer, :pack, :item, :comment)";

static int drop_entry(struct imp *im, const char *pack)
{
    int rc = STEP(im, keyed(im, sql_entry_del, pack));
    if (rc == 0)
        rc = STEP(im, keyed(im, sql_note_del, pack));
    return rc ? rc : STEP(im, keyed(im, sql_score_del, pack));
}

/* The comments on conditions and vetoes: words, not figures (no digest). */
static int put_check_comments(struct imp *im, const struct sheet_pack *p)
{
    int rc = STEP(im, keyed(im, sql_note_del, p->id));
    for (size_t i = 0; rc == 0 && i < p->n_check_comments; i++) {
        sqlite3_stmt *st = keyed(im, sql_note_put, p->id);
        if (st) {
            sqlq_text(st, ":item", p->check_comments[i].item);
            sqlq_text(st, ":comment", p->check_comments[i].comment);
        }
        rc = STEP(im, st);
    }
    return rc;
}

/* Veto votes: a confirmed veto, or an eligibility condition not met. */
static bool veto_of(const struct sheet_pack *p, struct jstr *reason)
{
    bool veto = false;
    for (size_t i = 0; i < p->n_confirms; i++) {
        const struct sheet_confirm *c = &p->confirms[i];
        if (c->is_veto != c->yes)
            continue;
        jstr_addf(reason, "%s%s%s", veto ? "; " : "", c->item, c->is_veto ? "" : " not met");
        veto = true;
    }
    return veto;
}

/* Eight scores per statement: one cursor open and one VDBE start for eight
 * rows instead of one each (the import's per-row cost is mostly that). */
#define SCORE_ROW(n) "(:reviewer, :pack, :i" #n ", :x" #n ", :v" #n ", :c" #n ")"
static const char sql_score_put8[] =
    "INSERT INTO score(reviewer, pack, indicator, points, value, comment) "
    "VALUES " SCORE_ROW(0) ", " SCORE_ROW(1) ", " SCORE_ROW(2) ", " SCORE_ROW(3) ", " SCORE_ROW(
        4) ", " SCORE_ROW(5) ", " SCORE_ROW(6) ", " SCORE_ROW(7);
#define SCORE_BATCH 8

static int put_batch(struct imp *im, const char *pack, const struct sheet_score *const *s)
{
    static const char *const ni[] = {":i0", ":i1", ":i2", ":i3", ":i4", ":i5", ":i6", ":i7"};
    static const char *const nx[] = {":x0", ":x1", ":x2", ":x3", ":x4", ":x5", ":x6", ":x7"};
    static const char *const nv[] = {":v0", ":v1", ":v2", ":v3", ":v4", ":v5", ":v6", ":v7"};
    static const char *const nc[] = {":c0", ":c1", ":c2", ":c3", ":c4", ":c5", ":c6", ":c7"};
    sqlite3_stmt *st = keyed(im, sql_score_put8, pack);
    if (!st)
        return im->err->status;
    for (int k = 0; k < SCORE_BATCH; k++) {
        sqlq_text(st, ni[k], s[k]->indicator);
        sqlq_real(st, nx[k], s[k]->points);
        sqlq_text(st, nv[k], s[k]->value);
        sqlq_text(st, nc[k], s[k]->comment);
    }
    return sqlq_done(&im->m->q, st, im->err);
}

static int put_one(struct imp *im, const char *pack, const struct sheet_score *s)
{
    sqlite3_stmt *st = keyed(im, sql_score_put, pack);
    if (!st)
        return im->err->status;
    sqlq_text(st, ":indicator", s->indicator);
    sqlq_real(st, ":points", s->points);
    sqlq_text(st, ":value", s->value);
    sqlq_text(st, ":comment", s->comment);
    return sqlq_done(&im->m->q, st, im->err);
}

static int put_scores(struct imp *im, const struct sheet_pack *p, double *total)
{
    const struct sheet_score *batch[SCORE_BATCH];
    size_t n = 0;
    int rc = 0;
    *total = 0;
    for (size_t i = 0; rc == 0 && i < p->n_scores; i++) {
        if (!p->scores[i].value)
            continue; /* a comment only */
        *total += p->scores[i].points;
        batch[n++] = &p->scores[i];
        if (n == SCORE_BATCH) {
            rc = put_batch(im, p->id, batch);
            n = 0;
        }
    }
    for (size_t k = 0; rc == 0 && k < n; k++)
        rc = put_one(im, p->id, batch[k]);
    return rc;
}

static const char sql_comment_put[] =
    "UPDATE score SET comment = :comment "
    "WHERE reviewer = :reviewer AND pack = :pack AND indicator = :indicator";

/* Comments are not part of a result's digest (they do not change a figure),
 * so a later export with the same scores is no conflict; its comments, the
 * reviewer's latest words, replace the earlier ones. */
static int put_comments(struct imp *im, const struct sheet_pack *p)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < p->n_scores; i++) {
        if (!p->scores[i].value)
            continue;
        sqlite3_stmt *st = keyed(im, sql_comment_put, p->id);
        if (st) {
            sqlq_text(st, ":comment", p->scores[i].comment);
            sqlq_text(st, ":indicator", p->scores[i].indicator);
        }
        rc = STEP(im, st);
    }
    return rc ? rc : put_check_comments(im, p);
}

static int put_entry(struct imp *im, const struct sheet_pack *p, const char *digest)
{
    double total, deduction = 0;
    int rc = put_scores(im, p, &total);
    if (rc == 0)
        rc = put_check_comments(im, p);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < p->n_deductions; i++)
        deduction += p->deductions[i].value;
    struct jstr reason = {0};
    bool veto = veto_of(p, &reason);
    sqlite3_stmt *st = keyed(im, sql_entry_put, p->id);
    if (st) {
        sqlq_int(st, ":sheet", im->sheet_id);
        sqlq_int(st, ":state", (int)p->state);
        sqlq_real(st, ":total", total);
        sqlq_real(st, ":deduction", deduction);
        sqlq_int(st, ":veto", veto);
        sqlq_text(st, ":reason", veto ? jstr_cstr(&reason) : NULL);
        sqlq_text(st, ":digest", digest);
    }
    rc = STEP(im, st);
    jstr_free(&reason);
    if (rc == 0)
        im->rep->n_packs++;
    return rc;
}

static int put_conflict(struct imp *im, const char *pack, int64_t kept, int64_t other,
                        bool resolved)
{
    sqlite3_stmt *st = keyed(im, sql_conflict_put, pack);
    if (st) {
        sqlq_int(st, ":kept", kept);
        sqlq_int(st, ":other", other);
        sqlq_int(st, ":resolved", resolved);
    }
    int rc = STEP(im, st);
    if (rc == 0 && resolved)
        rc = STEP(im, keyed(im, sql_conflict_resolve, pack));
    return rc;
}

/* An entry for this reviewer and pack exists from sheet `old`. */
/* Newer: created later; within the same second, the longer audit chain (one
 * reviewer's store only grows). */
static bool is_newer(const struct sheet *sh, const char *old_created, int64_t old_rows)
{
    int c = strcmp(sh->created ? sh->created : "", old_created ? old_created : "");
    return c > 0 || (c == 0 && (int64_t)sh->audit_rows > old_rows);
}

/* A newer sheet for a pack in the re-review queue, reopened with a reason:
 * a revision (the old values kept in requeue.c's table), not a conflict.
 * 1 taken, 0 not a revision, < 0 error. */
static int revision(struct imp *im, const struct sheet_pack *p, const char *digest, int64_t old)
{
    const char *reason = requeue_reopen_reason(im->sh, p->id);
    int rc = reason ? requeue_is_queued(im->m, p->id, im->err) : 0;
    if (rc <= 0)
        return rc;
    if ((rc = requeue_revision_begin(im->m, im->sh->reviewer_id, p->id, old, im->sheet_id, reason,
                                     im->err)) < 0 ||
        (rc = drop_entry(im, p->id)) < 0 || (rc = put_entry(im, p, digest)) < 0 ||
        (rc = requeue_revision_end(im->m, im->sh->reviewer_id, p->id, im->sheet_id, im->err)) < 0)
        return rc;
    im->rep->n_replaced++;
    return 1;
}

static int resolve(struct imp *im, const struct sheet_pack *p, const char *digest, int64_t old,
                   const char *old_digest, const char *old_created, int64_t old_rows)
{
    if (old == im->sheet_id)
        return 0; /* this sheet again */
    bool newer = is_newer(im->sh, old_created, old_rows);
    if (strcmp(old_digest, digest) == 0) /* the same scores exported twice */
        return newer ? put_comments(im, p) : 0;
    if (newer) { /* 复议: a queued pack reopened with a reason */
        int q = revision(im, p, digest, old);
        if (q != 0)
            return q < 0 ? q : 0;
    }
    if (!im->prefer_newest || !newer) {
        im->rep->n_conflicts += !im->prefer_newest;
        return put_conflict(im, p->id, old, im->sheet_id, im->prefer_newest);
    }
    int rc = drop_entry(im, p->id);
    if (rc == 0)
        rc = put_conflict(im, p->id, im->sheet_id, old, true);
    if (rc == 0)
        rc = put_entry(im, p, digest);
    im->rep->n_replaced += rc == 0;
    return rc;
}

static int import_pack(struct imp *im, const struct sheet_pack *p)
{
    sqlite3_stmt *st = sqlq_get(&im->m->q, sql_pack_put, im->err);
    if (st) {
        sqlq_text(st, ":id", p->id);
        sqlq_text(st, ":task", p->task);
        sqlq_text(st, ":applicant", p->applicant);
        sqlq_text(st, ":ruleset", p->ruleset);
    }
    int rc = STEP(im, st);
    if (rc < 0)
        return rc;
    if (p->conflict) { /* 回避: whatever this reviewer gave the pack is out */
        im->rep->n_coi++;
        if ((rc = drop_entry(im, p->id)) < 0 || !(st = keyed(im, sql_coi_put, p->id)))
            return rc < 0 ? rc : im->err->status;
        sqlq_text(st, ":reason", p->conflict);
        sqlq_int(st, ":sheet", im->sheet_id);
        return sqlq_done(&im->m->q, st, im->err);
    }
    char digest[SHA256_HEX_LEN + 1];
    pack_digest(p, digest);
    if (!(st = keyed(im, sql_entry_get, p->id)))
        return im->err->status;
    if ((rc = sqlq_step(&im->m->q, st, im->err)) < 0)
        return rc;
    if (rc == SQLITE_DONE)
        return put_entry(im, p, digest);
    int64_t old = sqlite3_column_int64(st, 0);
    char *old_digest = sqlq_col_dup(st, 1), *old_created = sqlq_col_dup(st, 2);
    int64_t old_rows = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    rc = resolve(im, p, digest, old, old_digest ? old_digest : "", old_created, old_rows);
    free(old_digest);
    free(old_created);
    return rc;
}

static const char sql_sheet_get[] = "SELECT id FROM sheet WHERE sha256 = :sha256";
static const char sql_sheet_pending[] =
    "SELECT count(*) FROM conflict WHERE other = :sheet AND resolved = 0";
static const char sql_sheet_put[] =
    "INSERT INTO sheet(sha256, path, reviewer, panel, kit, created, audit_head, audit_rows, "
    "imported) VALUES(:sha256, :path, :reviewer, :panel, :kit, :created, :head, :rows, "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
static const char sql_reviewer_add[] =
    "INSERT INTO reviewer(id, name, panel) VALUES(:id, :name, :panel) "
    "ON CONFLICT(id) DO NOTHING";

static int64_t query_int(struct imp *im, const char *sql, const char *name, const char *text,
                         int64_t num, int *rc)
{
    sqlite3_stmt *st = sqlq_get(&im->m->q, sql, im->err);
    if (!st) {
        *rc = im->err->status;
        return -1;
    }
    if (text)
        sqlq_text(st, name, text);
    else
        sqlq_int(st, name, num);
    int r = sqlq_step(&im->m->q, st, im->err);
    int64_t v = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    *rc = r < 0 ? r : 0;
    return v;
}

static int add_sheet_row(struct imp *im, const char *path, const char *sha256)
{
    const struct sheet *sh = im->sh;
    sqlite3_stmt *st = sqlq_get(&im->m->q, sql_reviewer_add, im->err);
    if (st) {
        sqlq_text(st, ":id", sh->reviewer_id);
        sqlq_text(st, ":name", sh->reviewer_name);
        sqlq_text(st, ":panel", sh->panel);
    }
    int rc = STEP(im, st);
    if (rc < 0 || !(st = sqlq_get(&im->m->q, sql_sheet_put, im->err)))
        return rc < 0 ? rc : im->err->status;
    sqlq_text(st, ":sha256", sha256);
    sqlq_text(st, ":path", path);
    sqlq_text(st, ":reviewer", sh->reviewer_id);
    sqlq_text(st, ":panel", sh->panel);
    sqlq_text(st, ":kit", sh->kit_id);
    sqlq_text(st, ":created", sh->created);
    sqlq_text(st, ":head", sh->audit_head);
    sqlq_int(st, ":rows", (int64_t)sh->audit_rows);
    if ((rc = sqlq_done(&im->m->q, st, im->err)) < 0)
        return rc;
    im->sheet_id = sqlite3_last_insert_rowid(im->m->q.db);
    return 0;
}

/* Decide whether the sheet (by file hash) needs work: 1 import, 0 skip. */
static int sheet_needed(struct imp *im, const char *sha256, int *rc)
{
    im->sheet_id = query_int(im, sql_sheet_get, ":sha256", sha256, 0, rc);
    if (*rc < 0 || im->sheet_id < 0)
        return *rc < 0 ? 0 : 1;
    if (!im->prefer_newest)
        return 0;
    return query_int(im, sql_sheet_pending, ":sheet", NULL, im->sheet_id, rc) > 0;
}

int merge_import(struct merge *m, const struct sheet *sh, const char *path, const char *sha256,
                 bool prefer_newest, struct merge_sheet_report *rep, struct jury_error *err)
{
    memset(rep, 0, sizeof *rep);
    struct imp im = {m, sh, -1, prefer_newest, rep, err};
    int rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    if (rc < 0)
        return rc;
    bool fresh = false;
    if (sheet_needed(&im, sha256, &rc) && rc == 0) {
        fresh = im.sheet_id < 0;
        if (fresh)
            rc = add_sheet_row(&im, path, sha256);
        for (size_t i = 0; rc == 0 && i < sh->n_packs; i++)
            rc = import_pack(&im, &sh->packs[i]);
    }
    if (rc == 0)
        rc = sqlq_exec(&m->q, "COMMIT", err);
    if (rc < 0) {
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
        memset(rep, 0, sizeof *rep);
        return rc;
    }
    rep->outcome = fresh ? MERGE_IMPORTED : MERGE_ALREADY;
    return 0;
}

int merge_import_file(struct merge *m, const char *path, const struct roster *roster,
                      const char *kit_id, bool prefer_newest, struct merge_sheet_report *rep,
                      struct jury_error *err)
{
    memset(rep, 0, sizeof *rep);
    rep->outcome = MERGE_REJECTED;
    struct sheet *sh = NULL;
    char sha[SHA256_HEX_LEN + 1];
    int rc = sheet_read_verified(path, roster, kit_id, &sh, err);
    if (rc == 0) /* the kit-free checks: ids, order, bounded numbers */
        rc = merge_sheet_check(NULL, sh, path, err);
    if (rc == 0)
        rc = jury_sha256_file_hex(path, sha, err);
    if (rc == 0)
        rc = merge_import(m, sh, path, sha, prefer_newest, rep, err);
    if (rc < 0)
        rep->outcome = MERGE_REJECTED;
    sheet_free(&sh);
    return rc;
}

int merge_sheet_known(struct merge *m, const char *sha256, bool prefer_newest,
                      struct jury_error *err)
{
    struct merge_sheet_report rep;
    struct imp im = {m, NULL, -1, prefer_newest, &rep, err};
    int rc = 0;
    int needed = sheet_needed(&im, sha256, &rc);
    return rc < 0 ? rc : !needed;
}

static const char sql_entry_state[] =
    "SELECT state, 0 FROM entry WHERE reviewer = :reviewer AND pack = :pack "
    "UNION ALL SELECT -1, 1 FROM coi WHERE reviewer = :reviewer AND pack = :pack";

int merge_entry_state(struct merge *m, const char *reviewer, const char *pack,
                      struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_entry_state, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":reviewer", reviewer);
    sqlq_text(st, ":pack", pack);
    int rc = sqlq_step(&m->q, st, err);
    int v = rc == SQLITE_ROW
                ? (sqlite3_column_int(st, 1) ? MERGE_ENTRY_COI : sqlite3_column_int(st, 0))
                : MERGE_ENTRY_NONE;
    sqlite3_reset(st);
    return rc < 0 ? rc : v;
}
