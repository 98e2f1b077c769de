/* store_snapshot.c - a store's content as a struct sheet.
 * Packs with a declared conflict keep their id and reason only; their
 * scoring audit rows are redacted to leaves. */
#include "db/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, n)                                                                               \
    do {                                                                                           \
        if (((n) & ((n)-1)) == 0)                                                                  \
            (arr) = jury_xrealloc((arr), sizeof *(arr) * ((n) ? (n)*2 : 4));                       \
    } while (0)

static const char sql_rulesets[] = "SELECT id, sha256 FROM rulesets ORDER BY id";
static const char sql_packs[] =
    "SELECT id, applicant, task, ruleset, state, conflict, sha256 FROM packs ORDER BY id";
static const char sql_scores[] = "SELECT indicator, value, points, comment FROM scores "
                                 "WHERE pack = :pack ORDER BY indicator";
static const char sql_cites[] =
    "SELECT pack, indicator, path, page FROM cites ORDER BY pack, indicator, path, page";
static const char sql_confirms[] =
    "SELECT item, is_veto, answer FROM confirms WHERE pack = :pack ORDER BY item";
static const char sql_deductions[] =
    "SELECT id, value FROM deductions WHERE pack = :pack ORDER BY id";
static const char sql_check_comments[] =
    "SELECT item, comment FROM check_comments WHERE pack = :pack ORDER BY item";
static const char sql_audit[] = "SELECT a.seq, a.at, a.pack, a.kind, a.item, a.old, a.new, "
                                "(p.conflict IS NOT NULL AND a.kind IN ('score', 'points', "
                                "'comment', 'cite', 'uncite', 'condition', 'veto', "
                                "'deduction', 'check-comment')) "
                                "FROM audit a LEFT JOIN packs p ON p.id = a.pack ORDER BY a.seq";

static int load_rulesets(struct store *s, struct sheet *sh, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_rulesets, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(sh->rulesets, sh->n_rulesets);
        struct sheet_ruleset *r = &sh->rulesets[sh->n_rulesets++];
        r->id = sqlq_col_dup(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(r->sha256, sizeof r->sha256, "%s", h ? h : "");
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* The score (pack, indicator) of sorted packs and scores at or after the cursors,
 * or NULL (withheld pack, a citation without a score row). BINARY order in
 * SQL is bytewise, as strcmp. */
static struct sheet_score *score_at(struct sheet *sh, size_t *pi, size_t *si, const char *pack,
                                    const char *ind)
{
    int c = 1;
    while (*pi < sh->n_packs && (c = strcmp(sh->packs[*pi].id, pack)) < 0) {
        ++*pi;
        *si = 0;
    }
    if (*pi >= sh->n_packs || c != 0)
        return NULL;
    struct sheet_pack *k = &sh->packs[*pi];
    while (*si < k->n_scores && strcmp(k->scores[*si].indicator, ind) < 0)
        ++*si;
    return *si < k->n_scores && strcmp(k->scores[*si].indicator, ind) == 0 ? &k->scores[*si] : NULL;
}

/* Every citation in one ordered pass, matched to its score: one query per
 * score cost more than the rest of an export of a large store. */
static int load_cites(struct store *s, struct sheet *sh, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_cites, err);
    if (!st)
        return err->status;
    size_t pi = 0, si = 0;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        const char *pack = (const char *)sqlite3_column_text(st, 0);
        const char *ind = (const char *)sqlite3_column_text(st, 1);
        struct sheet_score *sc = pack && ind ? score_at(sh, &pi, &si, pack, ind) : NULL;
        if (!sc)
            continue;
        GROW(sc->cites, sc->n_cites);
        sc->cites[sc->n_cites].path = sqlq_col_dup(st, 2);
        sc->cites[sc->n_cites++].page = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* A pack's scores in indicator order (also the workbench's store_read_pack). */
int store_load_scores(struct store *s, struct sheet_pack *k, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_scores, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", k->id);
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(k->scores, k->n_scores);
        struct sheet_score *sc = &k->scores[k->n_scores++];
        memset(sc, 0, sizeof *sc);
        sc->indicator = sqlq_col_dup(st, 0);
        sc->value = sqlq_col_dup(st, 1);
        sc->points = sqlite3_column_double(st, 2);
        sc->comment = sqlq_col_dup(st, 3);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* A pack's confirmations, deductions and comments on conditions and vetoes
 * (also store_read_pack). */
int store_load_extras(struct store *s, struct sheet_pack *k, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_confirms, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", k->id);
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(k->confirms, k->n_confirms);
        struct sheet_confirm *c = &k->confirms[k->n_confirms++];
        c->item = sqlq_col_dup(st, 0);
        c->is_veto = sqlite3_column_int(st, 1);
        c->yes = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc < 0 || !(st = sqlq_get(&s->q, sql_deductions, err)))
        return rc < 0 ? rc : err->status;
    sqlq_text(st, ":pack", k->id);
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(k->deductions, k->n_deductions);
        k->deductions[k->n_deductions].id = sqlq_col_dup(st, 0);
        k->deductions[k->n_deductions++].value = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    if (rc < 0 || !(st = sqlq_get(&s->q, sql_check_comments, err)))
        return rc < 0 ? rc : err->status;
    sqlq_text(st, ":pack", k->id);
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(k->check_comments, k->n_check_comments);
        struct sheet_check_comment *c = &k->check_comments[k->n_check_comments++];
        c->item = sqlq_col_dup(st, 0);
        c->comment = sqlq_col_dup(st, 1);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_packs(struct store *s, struct sheet *sh, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_packs, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(sh->packs, sh->n_packs);
        struct sheet_pack *k = &sh->packs[sh->n_packs++];
        memset(k, 0, sizeof *k);
        k->id = sqlq_col_dup(st, 0);
        k->applicant = sqlq_col_dup(st, 1);
        k->task = sqlq_col_dup(st, 2);
        k->ruleset = sqlq_col_dup(st, 3);
        k->state = (enum store_pack_state)sqlite3_column_int(st, 4);
        k->conflict = sqlq_col_dup(st, 5);
        const char *sha = (const char *)sqlite3_column_text(st, 6);
        snprintf(k->sha256, sizeof k->sha256, "%s", sha ? sha : "");
    }
    sqlite3_reset(st);
    for (size_t i = 0; rc >= 0 && i < sh->n_packs; i++) {
        if (sh->packs[i].conflict)
            continue; /* withheld */
        if ((rc = store_load_scores(s, &sh->packs[i], err)) >= 0)
            rc = store_load_extras(s, &sh->packs[i], err);
    }
    if (rc >= 0)
        rc = load_cites(s, sh, err);
    return rc < 0 ? rc : 0;
}

static int load_audit(struct store *s, struct sheet *sh, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_audit, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        GROW(sh->audit, sh->n_audit);
        struct sheet_audit *a = &sh->audit[sh->n_audit++];
        memset(a, 0, sizeof *a);
        a->seq = (uint64_t)sqlite3_column_int64(st, 0);
        const char *c[6];
        for (int i = 0; i < 6; i++)
            c[i] = (const char *)sqlite3_column_text(st, i + 1);
        audit_leaf(a->seq, c[0], c[1], c[2], c[3], c[4], c[5], a->leaf);
        a->redacted = sqlite3_column_int(st, 7);
        if (!a->redacted) {
            a->at = sqlq_col_dup(st, 1);
            a->pack = sqlq_col_dup(st, 2);
            a->kind = sqlq_col_dup(st, 3);
            a->item = sqlq_col_dup(st, 4);
            a->old_value = sqlq_col_dup(st, 5);
            a->new_value = sqlq_col_dup(st, 6);
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int integrity(struct store *s, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->q.db, "PRAGMA integrity_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    if (!ok)
        return jury_error_set(err, JURY_ERR_CORRUPT, s->path,
                              "the score store fails its integrity check: nothing exported");
    return 0;
}

/* Read everything in one read transaction, so the snapshot is consistent. */
static int snapshot_read(struct store *s, struct sheet *sh, struct jury_error *err)
{
    int rc;
    if ((rc = integrity(s, err)) < 0 ||
        (rc = store_audit_verify(s, sh->audit_head, &sh->audit_rows, err)) < 0 ||
        (rc = load_rulesets(s, sh, err)) < 0 || (rc = load_packs(s, sh, err)) < 0 ||
        (rc = load_audit(s, sh, err)) < 0)
        return rc;
    sh->kit_id = store_meta(s, "kit");
    sh->reviewer_id = store_meta(s, "reviewer");
    sh->reviewer_name = store_meta(s, "reviewer_name");
    sh->panel = store_meta(s, "panel");
    if (!sh->kit_id || !sh->reviewer_id)
        return jury_error_set(err, JURY_ERR_INVALID, s->path,
                              "the store has no kit or reviewer yet: nothing to export");
    return 0;
}

int store_snapshot(struct store *s, struct sheet **out, struct jury_error *err)
{
    *out = NULL;
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    sh->version = 1;
    char now[32];
    store_now(now, sizeof now);
    sh->created = jury_xstrdup(now);
    sh->tool_version = jury_xstrdup(JURY_VERSION);
    int rc = sqlq_exec(&s->q, "BEGIN", err);
    if (rc == 0) {
        rc = snapshot_read(s, sh, err);
        sqlite3_exec(s->q.db, "COMMIT", NULL, NULL, NULL);
    }
    if (rc < 0) {
        sheet_free(&sh);
        return rc;
    }
    sh->n_audit = (size_t)sh->audit_rows;
    *out = sh;
    return 0;
}

int store_export(struct store *s, const unsigned char sk[64], const char *path,
                 struct jury_error *err)
{
    struct sheet *sh = NULL;
    int rc = store_snapshot(s, &sh, err);
    if (rc == 0)
        rc = sheet_write(sh, sk, path, err);
    sheet_free(&sh);
    return rc;
}
