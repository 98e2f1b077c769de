/* store_int.h - private to db/store: the store's connection and the pieces
 * its files share. */
#ifndef JURY_STORE_INT_H
#define JURY_STORE_INT_H

#include "db/sql/sql.h"
#include "db/store/store.h"

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
/* Append one row in the open transaction. */
int audit_append(struct store *s, const char *pack, const char *kind, const char *item,
                 const char *old_value, const char *new_value, struct jury_error *err);
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

/* store_snapshot.c: a pack's scores (indicator order), and its confirmations
 * and deductions, appended to k; shared by store_snapshot and store_read_pack. */
int store_load_scores(struct store *s, struct sheet_pack *k, struct jury_error *err);
int store_load_extras(struct store *s, struct sheet_pack *k, struct jury_error *err);

#endif
