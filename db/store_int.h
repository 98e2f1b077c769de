/* store_int.h - private to db/: the SQL statement helper and the pieces of
 * the store shared by store*.c and sheet*.c. Never included outside db/. */
#ifndef JURY_STORE_INT_H
#define JURY_STORE_INT_H

#include "db/db.h"

#include <sqlite3.h>

/* Prepared statements cached by the address of their (static) SQL text, so
 * each statement is compiled once per connection. */
#define SQLQ_MAX 96

struct sqlq {
    sqlite3 *db;
    const char *sql[SQLQ_MAX];
    sqlite3_stmt *st[SQLQ_MAX];
    size_t n;
    const char *where; /* the file, for errors */
};

/* The cached statement for sql (prepared on first use), reset and with its
 * bindings cleared. NULL with err on a prepare failure. */
sqlite3_stmt *sqlq_get(struct sqlq *q, const char *sql, struct jury_error *err);
/* Bind by ":name"; a NULL text binds SQL NULL. A name the statement does not
 * have is a programming error (assert). */
void sqlq_text(sqlite3_stmt *st, const char *name, const char *v);
void sqlq_int(sqlite3_stmt *st, const char *name, int64_t v);
void sqlq_real(sqlite3_stmt *st, const char *name, double v);
/* Step: returns SQLITE_ROW or SQLITE_DONE, or a negative status with err
 * (SQLITE_BUSY -> JURY_ERR_BUSY, SQLITE_FULL/IOERR -> JURY_ERR_IO,
 * SQLITE_CORRUPT/NOTADB -> JURY_ERR_CORRUPT). */
int sqlq_step(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err);
/* Run a statement that returns no rows (prepared, bound by the caller). */
int sqlq_done(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err);
/* Run literal SQL with no parameters (DDL, PRAGMA, BEGIN). */
int sqlq_exec(struct sqlq *q, const char *sql, struct jury_error *err);
/* Column text copied (NULL for SQL NULL; caller frees). */
char *sqlq_col_dup(sqlite3_stmt *st, int col);
/* Map a SQLite result code to a jury status and fill err with the message. */
int sqlq_fail(struct sqlq *q, int rc, struct jury_error *err);
void sqlq_finalize(struct sqlq *q);

struct store {
    struct sqlq q;
    char *path;
    int lock_fd;
    uint64_t audit_seq;                  /* last audit row, cached (we hold the lock) */
    char audit_hash[SHA256_HEX_LEN + 1]; /* its hash */
    bool in_tx;
    bool read_only;                   /* store_open_read_only: no lock, nothing written */
    enum store_pack_state edit_state; /* of the pack being changed (edit_begin) */
};

/* schema.c: create or migrate to STORE_SCHEMA_VERSION inside the caller's
 * transaction; refuses newer/foreign files. */
int schema_check(struct sqlq *q, int *user_version, struct jury_error *err);
int schema_migrate(struct sqlq *q, int from_version, struct jury_error *err);

/* audit.c */
/* leaf = SHA-256 of the canonical form of one audit row (NULL fields allowed). */
void audit_leaf(uint64_t seq, const char *at, const char *pack, const char *kind, const char *item,
                const char *old_value, const char *new_value, char leaf[SHA256_HEX_LEN + 1]);
/* next = SHA-256(prev_hex || leaf_hex). */
void audit_link(const char *prev, const char *leaf, char next[SHA256_HEX_LEN + 1]);
/* s is 64 lowercase hex digits (a SHA-256 as written everywhere here). */
bool audit_is_hex64(const char *s);
/* Append one row in the open transaction. */
int audit_append(struct store *s, const char *pack, const char *kind, const char *item,
                 const char *old_value, const char *new_value, struct jury_error *err);
/* A real as the log writes it (points, deductions): "%.10g", the precision
 * a sheet carries. */
#define AUDIT_REAL_LEN 32
void audit_real(double v, char buf[AUDIT_REAL_LEN]);
/* Register jury_real(x) (audit_real in SQL) on the connection. */
int audit_functions(struct sqlq *q, struct jury_error *err);
/* A packs row's audited value in SQL: "applicant US task US ruleset", and
 * " US sha256" once known (store.c's pack_value). */
#define STORE_PACK_VALUE_SQL                                                                       \
    "(coalesce(applicant, '') || char(31) || coalesce(task, '') || char(31) || "                   \
    "coalesce(ruleset, '') || CASE WHEN coalesce(sha256, '') <> '' THEN char(31) || sha256 "       \
    "ELSE '' END)"
/* Seal the rows schema 5's migration copied into audit_base (none: nothing
 * written); store_audit_verify checks the seal. */
int audit_base_seal(struct sqlq *q, struct jury_error *err);
/* Load the tail (seq, hash) into the store's cache. */
int audit_load_tail(struct store *s, struct jury_error *err);
/* Current UTC time, ISO 8601 with seconds, into buf (>= 21 bytes). */
void store_now(char *buf, size_t size);

/* store.c transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK (reloads the
 * audit cache). */
int store_begin(struct store *s, struct jury_error *err);
int store_commit(struct store *s, struct jury_error *err);
void store_rollback(struct store *s);
/* A meta value ("kit", "reviewer", "reviewer_name", "panel"), caller frees;
 * NULL when unset. */
char *store_meta(struct store *s, const char *key);

/* sheet_json.c: the canonical JSON of sheets, byte for byte what jansson
 * wrote with JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10) (the
 * first sheets), so old and new sheets share one strict reader. */
/* s (n bytes) is UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), as jansson required of every string. */
bool sj_utf8_ok(const char *s, size_t n);
/* Append s (n bytes) as a JSON string; false (nothing appended) when s is
 * not UTF-8. Escapes exactly ", \, \b \f \n \r \t and \u00XX below 0x20. */
bool sj_string(struct jstr *b, const char *s, size_t n);
/* A real as jansson prints it: %.10g, ".0" added when it would read as an
 * integer, exponent without '+' or leading zeros. false when not finite. */
bool sj_real(struct jstr *b, double v);

/* A strict reader of that JSON: positions into one buffer, the first error
 * names the byte offset; nothing is allocated but the strings returned. */
struct sj {
    const char *base, *p, *end;
    const char *path; /* for errors */
    struct jury_error *err;
    int status; /* 0 or the first error */
};
/* Expect the exact bytes lit. */
bool sj_lit(struct sj *c, const char *lit);
/* A string or (nullable) null; *out owned by the caller (NULL for null). */
bool sj_str(struct sj *c, bool nullable, char **out);
/* A canonical non-negative integer <= max. */
bool sj_uint(struct sj *c, uint64_t max, uint64_t *out);
/* A canonical real (exactly as sj_real prints it). */
bool sj_num(struct sj *c, double *out);
/* Peek: the next byte is ch (not consumed). */
bool sj_peek(const struct sj *c, char ch);
/* Fail with "sheet content: what at byte N". */
bool sj_fail(struct sj *c, const char *what);

/* sheet_snapshot.c: a pack's scores (indicator order), and its confirmations
 * and deductions, appended to k; shared by store_snapshot and store_read_pack. */
int store_load_scores(struct store *s, struct sheet_pack *k, struct jury_error *err);
int store_load_extras(struct store *s, struct sheet_pack *k, struct jury_error *err);

/* sheet_replay.c: every value of a sheet is the last word its own audit log
 * gave it, and every value the log leaves standing is in the sheet
 * (JURY_ERR_CORRUPT "inconsistent audit log: ..." naming the first). */
int sheet_replay_check(const char *path, const struct sheet *sh, struct jury_error *err);

#endif
