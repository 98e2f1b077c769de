/* audit.c - the store's append-only audit log.
 *
 * Rows are hashed into a chain as db/sheet defines it (audit_leaf,
 * audit_link), so a sheet made from the store verifies on its own. Sheets
 * carry leaves for redacted rows, so a chain verifies without revealing a
 * withheld score. */
#include "db/store/store_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void store_now(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char sql_tail[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

int audit_load_tail(struct store *s, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_tail, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(&s->q, st, err);
    if (rc < 0)
        return rc;
    memset(s->audit_hash, '0', SHA256_HEX_LEN);
    s->audit_hash[SHA256_HEX_LEN] = '\0';
    s->audit_seq = 0;
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 1);
        if (!h || strlen(h) != SHA256_HEX_LEN) {
            sqlite3_reset(st);
            return jury_error_set(err, JURY_ERR_CORRUPT, s->path,
                                  "audit log's last row has no valid hash");
        }
        s->audit_seq = (uint64_t)sqlite3_column_int64(st, 0);
        memcpy(s->audit_hash, h, SHA256_HEX_LEN);
    }
    sqlite3_reset(st);
    return 0;
}

static const char sql_append[] = "INSERT INTO audit(seq, at, pack, kind, item, old, new, hash) "
                                 "VALUES(:seq, :at, :pack, :kind, :item, :old, :new, :hash)";

int audit_append(struct store *s, const char *pack, const char *kind, const char *item,
                 const char *old_value, const char *new_value, struct jury_error *err)
{
    char at[32], leaf[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
    store_now(at, sizeof at);
    uint64_t seq = s->audit_seq + 1;
    audit_leaf(seq, at, pack, kind, item, old_value, new_value, leaf);
    audit_link(s->audit_hash, leaf, hash);
    sqlite3_stmt *st = sqlq_get(&s->q, sql_append, err);
    if (!st)
        return err->status;
    sqlq_int(st, ":seq", (int64_t)seq);
    sqlq_text(st, ":at", at);
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":kind", kind);
    sqlq_text(st, ":item", item);
    sqlq_text(st, ":old", old_value);
    sqlq_text(st, ":new", new_value);
    sqlq_text(st, ":hash", hash);
    int rc = sqlq_done(&s->q, st, err);
    if (rc < 0)
        return rc;
    s->audit_seq = seq;
    memcpy(s->audit_hash, hash, sizeof hash);
    return 0;
}

static const char sql_rows[] =
    "SELECT seq, at, pack, kind, item, old, new, hash FROM audit ORDER BY seq";

/* The replay: the log (and, for a store made before schema 5, the copy of
 * its tables taken when it was migrated: audit_base, ordered just after the
 * log row it was taken at) read as the last word on every key of every table
 * that reaches a sheet, against the tables. Keys: (what, pack, item, sub);
 * a NULL last word means "absent". The SQL lives here, not in a view, so an
 * edit of the schema cannot change what is compared. */
static const char sql_replay[] =
    "WITH log(ord, pack, kind, item, new) AS ("
    " SELECT 2 * seq, pack, kind, item, new FROM audit"
    " UNION ALL SELECT 2 * seq + 1, pack, kind, item, new FROM audit_base),"
    "keyed(ord, k, pack, item, sub, val) AS (SELECT ord,"
    " CASE WHEN kind IN ('submit', 'reopen', 'start', 'state') THEN 'state'"
    "  WHEN kind IN ('cite', 'uncite') THEN 'cite'"
    "  WHEN kind IN ('condition', 'veto') THEN 'confirm' ELSE kind END,"
    " coalesce(pack, ''),"
    " CASE WHEN kind IN ('pack', 'conflict', 'submit', 'reopen', 'start', 'state') THEN ''"
    "  ELSE coalesce(item, '') END,"
    " CASE WHEN kind IN ('cite', 'uncite') THEN coalesce(new, '') ELSE '' END,"
    " CASE kind WHEN 'submit' THEN '2' WHEN 'reopen' THEN '1' WHEN 'start' THEN '1'"
    "  WHEN 'cite' THEN 'cite' WHEN 'uncite' THEN NULL"
    "  WHEN 'condition' THEN 'condition:' || new WHEN 'veto' THEN 'veto:' || new ELSE new END"
    " FROM log WHERE kind IN ('ruleset', 'pack', 'conflict', 'submit', 'reopen', 'start',"
    " 'state', 'score', 'comment', 'points', 'cite', 'uncite', 'condition', 'veto', 'deduction',"
    " 'check-comment')"
    " OR (kind = 'meta' AND item IN ('kit', 'reviewer', 'reviewer_name', 'panel'))),"
    "want(k, pack, item, sub, val) AS (SELECT k, pack, item, sub, val FROM"
    " (SELECT k, pack, item, sub, val, max(ord) FROM keyed GROUP BY k, pack, item, sub)"
    " WHERE val IS NOT NULL),"
    "have(k, pack, item, sub, val) AS ("
    " SELECT 'meta', '', key, '', value FROM meta"
    "  WHERE key IN ('kit', 'reviewer', 'reviewer_name', 'panel')"
    " UNION ALL SELECT 'ruleset', '', id, '', sha256 FROM rulesets"
    " UNION ALL SELECT 'pack', id, '', '', " STORE_PACK_VALUE_SQL " FROM packs"
    " UNION ALL SELECT 'conflict', id, '', '', conflict FROM packs WHERE conflict IS NOT NULL"
    " UNION ALL SELECT 'state', id, '', '', CAST(state AS TEXT) FROM packs WHERE state <> 0"
    " UNION ALL SELECT 'score', pack, indicator, '', value FROM scores WHERE value IS NOT NULL"
    " UNION ALL SELECT 'comment', pack, indicator, '', comment FROM scores"
    "  WHERE comment IS NOT NULL"
    " UNION ALL SELECT 'points', pack, indicator, '', jury_real(points) FROM scores"
    "  WHERE value IS NOT NULL"
    " UNION ALL SELECT 'cite', pack, indicator, path || ':' || page, 'cite' FROM cites"
    " UNION ALL SELECT 'confirm', pack, item, '', CASE is_veto WHEN 1 THEN 'veto:'"
    "  ELSE 'condition:' END || CASE answer WHEN 1 THEN 'yes' ELSE 'no' END FROM confirms"
    " UNION ALL SELECT 'deduction', pack, id, '', jury_real(value) FROM deductions"
    " UNION ALL SELECT 'check-comment', pack, item, '', comment FROM check_comments)"
    /* one sort of both sides (a join of the two would be quadratic) */
    "SELECT k, pack, item, sub, max(w), max(h) FROM ("
    " SELECT k, pack, item, sub, val AS w, NULL AS h FROM want"
    " UNION ALL SELECT k, pack, item, sub, NULL, val FROM have)"
    " GROUP BY k, pack, item, sub HAVING max(w) IS NOT max(h) OR count(*) > 2"
    " ORDER BY 2, 3, instr('meta ruleset pack state conflict score points comment cite confirm"
    " deduction check-comment', k), 4 LIMIT 1";

/* ---- the baseline of a store migrated to schema 5 (audit_base)
 *
 * Its rows are sealed like the log: seal = the chain continued from the hash
 * of the log row the copy was taken at (seq m) over the leaf of each row
 * (seq m, at "base", pack, kind, item, NULL, new) in rowid order, kept as one
 * more row of kind 'seal'. A store made at schema 5 has no baseline. */

static const char sql_base_rows[] =
    "SELECT seq, pack, kind, item, new FROM audit_base WHERE kind <> 'seal' ORDER BY rowid";
static const char sql_base_at[] =
    "SELECT (SELECT hash FROM audit WHERE seq = :m), (SELECT count(DISTINCT seq) FROM audit_base),"
    " (SELECT new FROM audit_base WHERE kind = 'seal'),"
    " (SELECT count(*) FROM audit_base WHERE kind = 'seal')";
static const char sql_base_seal[] =
    "INSERT INTO audit_base(seq, kind, new) VALUES(:m, 'seal', :seal)";

/* seal = the hash of log row m (64 '0' for none): where the baseline's
 * chain starts. */
static int chain_start(struct sqlq *q, int64_t m, char seal[SHA256_HEX_LEN + 1],
                       struct jury_error *err)
{
    sqlite3_stmt *at = sqlq_get(q, sql_base_at, err);
    if (!at)
        return err->status;
    sqlq_int(at, ":m", m);
    int rc = sqlq_step(q, at, err);
    const char *h = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(at, 0) : NULL;
    memset(seal, '0', SHA256_HEX_LEN);
    if (h && strlen(h) == SHA256_HEX_LEN)
        memcpy(seal, h, SHA256_HEX_LEN);
    seal[SHA256_HEX_LEN] = '\0';
    sqlite3_reset(at);
    return rc < 0 ? rc : 0;
}

/* The seal of the baseline rows (seal "" when there are none); *m their seq. */
static int base_digest(struct sqlq *q, char seal[SHA256_HEX_LEN + 1], int64_t *m,
                       struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(q, sql_base_rows, err);
    if (!st)
        return err->status;
    char leaf[SHA256_HEX_LEN + 1];
    seal[0] = '\0';
    *m = -1;
    int rc;
    while ((rc = sqlq_step(q, st, err)) == SQLITE_ROW) {
        const char *c[4];
        for (int i = 1; i < 5; i++)
            c[i - 1] = (const char *)sqlite3_column_text(st, i);
        int64_t seq = sqlite3_column_int64(st, 0);
        if (!seal[0] && (rc = chain_start(q, *m = seq, seal, err)) < 0)
            break;
        audit_leaf((uint64_t)seq, "base", c[0], c[1], c[2], NULL, c[3], leaf);
        audit_link(seal, leaf, seal);
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int audit_base_seal(struct sqlq *q, struct jury_error *err)
{
    char seal[SHA256_HEX_LEN + 1];
    int64_t m = 0;
    int rc = base_digest(q, seal, &m, err);
    if (rc < 0 || !seal[0])
        return rc;
    sqlite3_stmt *st = sqlq_get(q, sql_base_seal, err);
    if (!st)
        return err->status;
    sqlq_int(st, ":m", m);
    sqlq_text(st, ":seal", seal);
    return sqlq_done(q, st, err);
}

static int base_check(struct store *s, struct jury_error *err)
{
    char seal[SHA256_HEX_LEN + 1];
    int64_t m = 0;
    int rc = base_digest(&s->q, seal, &m, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_base_at, err);
    if (!st)
        return err->status;
    sqlq_int(st, ":m", m);
    if ((rc = sqlq_step(&s->q, st, err)) < 0)
        return rc;
    const char *kept = (const char *)sqlite3_column_text(st, 2);
    bool ok = seal[0] ? sqlite3_column_int(st, 1) == 1 && sqlite3_column_int(st, 3) == 1 && kept &&
                            strcmp(kept, seal) == 0
                      : sqlite3_column_int(st, 3) == 0;
    sqlite3_reset(st);
    if (!ok)
        return jury_error_set(err, JURY_ERR_CORRUPT, s->path,
                              "the copy of the store taken when it was upgraded (audit_base) does "
                              "not match its seal: the store was changed outside jury");
    return 0;
}

static int verify_chain(struct store *s, char head[SHA256_HEX_LEN + 1], uint64_t *rows,
                        struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_rows, err);
    if (!st)
        return err->status;
    char prev[SHA256_HEX_LEN + 1], leaf[SHA256_HEX_LEN + 1];
    memset(prev, '0', SHA256_HEX_LEN);
    prev[SHA256_HEX_LEN] = '\0';
    uint64_t n = 0;
    int rc;
    while ((rc = sqlq_step(&s->q, st, err)) == SQLITE_ROW) {
        uint64_t seq = (uint64_t)sqlite3_column_int64(st, 0);
        const char *c[7];
        for (int i = 1; i < 8; i++)
            c[i - 1] = (const char *)sqlite3_column_text(st, i);
        audit_leaf(seq, c[0], c[1], c[2], c[3], c[4], c[5], leaf);
        audit_link(prev, leaf, prev);
        n++;
        if (seq != n || !c[6] || strcmp(prev, c[6]) != 0) {
            sqlite3_reset(st);
            return jury_error_set(
                err, JURY_ERR_CORRUPT, s->path,
                "audit log broken at row %" PRIu64 ": the store was changed outside jury", seq);
        }
    }
    sqlite3_reset(st);
    if (rc < 0)
        return rc;
    if (head)
        memcpy(head, prev, sizeof prev);
    if (rows)
        *rows = n;
    return 0;
}

/* What a replay key names, for the message: the table and row. */
static void replay_row(struct jstr *m, const char *k, const char *pack, const char *item,
                       const char *sub)
{
    static const char *const names[][2] = {
        {"meta", "meta '%s%s'"},
        {"ruleset", "rulesets row %s%s"},
        {"pack", "packs row %s%s (applicant, task, rule set, file hash)"},
        {"conflict", "packs row %s%s, its conflict of interest"},
        {"state", "packs row %s%s, its state"},
        {"score", "scores row %s/%s, its value"},
        {"comment", "scores row %s/%s, its comment"},
        {"points", "scores row %s/%s, its points"},
        {"cite", "cites row %s/%s"},
        {"confirm", "confirms row %s/%s"},
        {"deduction", "deductions row %s/%s"},
        {"check-comment", "check_comments row %s/%s"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(k, names[i][0]) == 0) {
            bool keyless = i < 2;
            jstr_addf(m, names[i][1], keyless ? item : pack, keyless ? "" : item);
            if (sub[0])
                jstr_addf(m, " %s", sub);
            return;
        }
    jstr_addf(m, "%s %s/%s", k, pack, item);
}

/* A value of a replayed row as the message shows it. */
static const char *replay_value(const char *k, const char *v)
{
    if (!v)
        return "nothing";
    if (strcmp(k, "state") == 0)
        return strcmp(v, "2") == 0 ? "submitted" : "in progress";
    if (strcmp(k, "pack") == 0 || strcmp(k, "comment") == 0 || strcmp(k, "conflict") == 0 ||
        strcmp(k, "check-comment") == 0)
        return "another text";
    return v;
}

static int replay_check(struct store *s, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_replay, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        const char *c[6];
        for (int i = 0; i < 6; i++)
            c[i] = (const char *)sqlite3_column_text(st, i);
        struct jstr m = {0};
        replay_row(&m, c[0], c[1], c[2], c[3]);
        const char *have = replay_value(c[0], c[5]), *want = replay_value(c[0], c[4]);
        if (c[4] && c[5])
            jstr_addf(&m, " is %s but the audit log gave %s", have,
                      strcmp(have, want) ? want : "something else");
        else
            jstr_addf(&m, c[5] ? " is not in the audit log" : " is missing (the audit log has it)");
        jury_error_set(err, JURY_ERR_CORRUPT, s->path, "%s: the store was changed outside jury",
                       jstr_cstr(&m));
        jstr_free(&m);
        rc = JURY_ERR_CORRUPT;
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int store_audit_verify(struct store *s, char head[SHA256_HEX_LEN + 1], uint64_t *rows,
                       struct jury_error *err)
{
    int rc = verify_chain(s, head, rows, err);
    if (rc == 0)
        rc = base_check(s, err);
    return rc < 0 ? rc : replay_check(s, err);
}

/* jury_real(x): x as audit_real prints it (NULL for NULL), so the replay
 * compares reals exactly as the log and the sheet write them. */
static void sql_real(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    char buf[AUDIT_REAL_LEN];
    audit_real(sqlite3_value_double(argv[0]), buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

int audit_functions(struct sqlq *q, struct jury_error *err)
{
    int rc = sqlite3_create_function(q->db, "jury_real", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                     sql_real, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sqlq_fail(q, rc, err);
}

static const char sql_count[] = "SELECT count(*) FROM audit";

int store_audit_count(struct store *s, uint64_t *rows, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_count, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW)
        *rows = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}
