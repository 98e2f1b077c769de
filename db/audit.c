/* audit.c - the store's append-only audit log and its hash chain.
 *
 * leaf_i = SHA-256(canonical row i); hash_i = SHA-256(hash_{i-1} || leaf_i)
 * over the 64-digit lowercase hex forms; hash_0 = 64 '0'. The canonical row
 * is each field as a netstring "<len>:<bytes>," (NULL as "~,"), in the order
 * seq, at, pack, kind, item, old, new. Sheets carry leaves for redacted rows,
 * so a chain verifies without revealing a withheld score. */
#include "db/store_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Hashing is most of reading a sheet (two SHA-256 per audit row), so rows
 * are laid out in one buffer and hashed in one call (core's SHA-256 uses the
 * CPU's SHA instructions through nettle). */

static char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* Bytes field() appends for v. */
static size_t field_len(const char *v, size_t n)
{
    return v ? n + 22 : 2;
}

static char *field(char *p, const char *v, size_t n)
{
    if (!v) {
        memcpy(p, "~,", 2);
        return p + 2;
    }
    p = put_uint(p, n);
    *p++ = ':';
    memcpy(p, v, n);
    p += n;
    *p++ = ',';
    return p;
}

void audit_leaf(uint64_t seq, const char *at, const char *pack, const char *kind, const char *item,
                const char *old_value, const char *new_value, char leaf[SHA256_HEX_LEN + 1])
{
    const char *f[6] = {at, pack, kind, item, old_value, new_value};
    size_t n[6], total = 48;
    for (size_t i = 0; i < 6; i++) {
        n[i] = f[i] ? strlen(f[i]) : 0;
        total += field_len(f[i], n[i]);
    }
    char small[512], num[24];
    char *buf = total <= sizeof small ? small : jury_xmalloc(total);
    char *p = field(buf, num, (size_t)(put_uint(num, seq) - num));
    for (size_t i = 0; i < 6; i++)
        p = field(p, f[i], n[i]);
    sha256_hex(buf, (size_t)(p - buf), leaf);
    if (buf != small)
        free(buf);
}

void audit_link(const char *prev, const char *leaf, char next[SHA256_HEX_LEN + 1])
{
    unsigned char in[2 * SHA256_HEX_LEN];
    memcpy(in, prev, SHA256_HEX_LEN);
    memcpy(in + SHA256_HEX_LEN, leaf, SHA256_HEX_LEN);
    sha256_hex(in, sizeof in, next);
}

bool audit_is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (n == SHA256_HEX_LEN || !((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == SHA256_HEX_LEN;
}

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

/* Every score equals the value its last 'score' audit row gave it, and every
 * value the log gave still stands. */
static const char sql_replay[] =
    "SELECT coalesce(l.pack, s.pack), coalesce(l.item, s.indicator) FROM (SELECT pack, item, "
    "new, max(seq) FROM audit WHERE kind = 'score' GROUP BY pack, item) l FULL JOIN scores s "
    "ON s.pack = l.pack AND s.indicator = l.item WHERE l.new IS NOT s.value LIMIT 1";

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

int store_audit_verify(struct store *s, char head[SHA256_HEX_LEN + 1], uint64_t *rows,
                       struct jury_error *err)
{
    int rc = verify_chain(s, head, rows, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_replay, err);
    if (!st)
        return err->status;
    rc = sqlq_step(&s->q, st, err);
    if (rc == SQLITE_ROW) {
        jury_error_set(err, JURY_ERR_CORRUPT, s->path,
                       "score %s/%s differs from the audit log: the store was changed outside "
                       "jury",
                       sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
        rc = JURY_ERR_CORRUPT;
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
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
