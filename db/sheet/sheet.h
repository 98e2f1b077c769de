/* sheet.h - the one public header of db/sheet: signed score sheets, the
 * audit chain they carry, reviewer keys and the roster.
 *
 * A sheet is plain C data; sheet_read_verified checks a .jury file end to end
 * (envelope, roster, key, signature, structure, audit chain) before handing
 * one out, sheet_write signs and writes one. No SQLite here: the store
 * (db/store) makes sheets from its tables.
 */
#ifndef JURY_SHEET_H
#define JURY_SHEET_H

#include "core/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The state of a pack as the reviewer left it (kept in the store, carried
 * in the sheet). */

enum store_pack_state {
    STORE_NOT_STARTED = 0,
    STORE_IN_PROGRESS = 1,
    STORE_SUBMITTED = 2,
};

/* A score sheet as plain C data: what `jury export` writes (signed) and what
 * sheet_read_verified returns after every check. All strings UTF-8, owned by
 * the sheet; optional strings are NULL when absent. */

struct sheet_cite {
    char *path; /* inside the pack */
    int page;   /* >= 1, or 0 when no page */
};

struct sheet_score {
    char *indicator; /* observation point id */
    char *value;     /* the typed value ("7.5", "优"); NULL: only a comment */
    double points;   /* what value is worth (0 when value is NULL) */
    char *comment;   /* NULL when none */
    struct sheet_cite *cites;
    size_t n_cites;
};

struct sheet_confirm {
    char *item;   /* condition or veto id */
    bool is_veto; /* false: eligibility condition */
    bool yes;     /* condition holds / veto applies */
};

struct sheet_deduction {
    char *id;
    double value;
};

/* A comment on an eligibility condition or a veto item (answered or not). */
struct sheet_check_comment {
    char *item;
    char *comment;
};

struct sheet_pack {
    char *id;        /* the kit's pack file name */
    char *applicant; /* may be NULL */
    char *task;      /* may be NULL */
    char *ruleset;   /* rule-set id, may be NULL */
    enum store_pack_state state;
    char *conflict;             /* 回避 reason; NULL when none. When set, scores,
                                   confirms and deductions are withheld (n_* = 0). */
    struct sheet_score *scores; /* sorted by indicator id (bytewise) */
    size_t n_scores;
    struct sheet_confirm *confirms; /* sorted by item */
    size_t n_confirms;
    struct sheet_deduction *deductions; /* sorted by id */
    size_t n_deductions;
    char sha256[SHA256_HEX_LEN + 1];            /* SHA-256 of the pack archive; "" unknown
                                                   (a sheet or store from before it) */
    struct sheet_check_comment *check_comments; /* sorted by item; withheld with a conflict */
    size_t n_check_comments;
};

struct sheet_ruleset {
    char *id;
    char sha256[SHA256_HEX_LEN + 1];
};

/* One audit row as carried in a sheet. For a pack whose scores are withheld
 * only seq and leaf are kept (redacted = true, other strings NULL), so the
 * chain still verifies without revealing them. */
struct sheet_audit {
    uint64_t seq;
    bool redacted;
    char *at; /* ISO 8601 UTC */
    char *pack, *kind, *item, *old_value, *new_value;
    char leaf[SHA256_HEX_LEN + 1];
};

struct sheet {
    int version; /* sheet format version (1) */
    char *reviewer_id;
    char *reviewer_name;
    char *panel;
    char *kit_id;
    char *created;                  /* ISO 8601 UTC, e.g. 2024-05-01T09:30:00Z */
    char *tool_version;             /* JURY_VERSION of the writer */
    char public_key[64];            /* base64 of the 32-byte Ed25519 key that signed */
    struct sheet_ruleset *rulesets; /* sorted by id */
    size_t n_rulesets;
    struct sheet_pack *packs; /* sorted by id */
    size_t n_packs;
    char audit_head[SHA256_HEX_LEN + 1];
    uint64_t audit_rows;
    struct sheet_audit *audit; /* n_audit == audit_rows, in seq order */
    size_t n_audit;
};

void sheet_free(struct sheet **p);
/* Free what one pack of a sheet owns (not the struct itself) and zero it. */
void sheet_pack_clear(struct sheet_pack *k);

struct roster;

/* Read a .jury file and check everything before returning it: the envelope
 * (else "not a jury score sheet": zip, SQLite, random bytes), the reviewer on
 * the roster, the key on file matching the roster's, the Ed25519 signature
 * over the content's exact bytes, the content's structure, the kit id (when
 * kit_id is not NULL), the audit chain (recomputed from the rows to the
 * stated head) and that every score equals its last audit value. Each refusal
 * sets err (JURY_ERR_FORMAT, JURY_ERR_DENIED, JURY_ERR_CORRUPT) with the
 * reason; *out gets a sheet the caller frees with sheet_free. */
int sheet_read_verified(const char *path, const struct roster *roster, const char *kit_id,
                        struct sheet **out, struct jury_error *err);

/* Serialise sh canonically (see docs/sheet-format.md), sign it with the
 * 64-byte libsodium secret key, and write it atomically to path (mode 0644).
 * sh->public_key is set from sk. The audit leaves and head in sh are taken
 * as given; sheet_audit_seal recomputes them for sheets made by hand. */
int sheet_write(struct sheet *sh, const unsigned char sk[64], const char *path,
                struct jury_error *err);
/* The sheet's canonical content JSON text, exactly the bytes that are signed
 * (caller frees). Also what `jury score show --json` prints. */
char *sheet_content_json(const struct sheet *sh);
/* Recompute leaf of every non-redacted audit row and the head/count of sh. */
void sheet_audit_seal(struct sheet *sh);

/* The audit chain (docs/sheet-format.md): leaf_i = SHA-256(canonical row i),
 * hash_i = SHA-256(hash_{i-1} || leaf_i) over the hex digits. One definition
 * for the store that appends rows and the sheet check that recomputes them. */
void audit_leaf(uint64_t seq, const char *at, const char *pack, const char *kind, const char *item,
                const char *old_value, const char *new_value, char leaf[SHA256_HEX_LEN + 1]);
void audit_link(const char *prev, const char *leaf, char next[SHA256_HEX_LEN + 1]);
bool audit_is_hex64(const char *s);
/* A number as the audit log writes it (shortest text that reads back equal). */
#define AUDIT_REAL_LEN 32
void audit_real(double v, char buf[AUDIT_REAL_LEN]);

/* ------------------------------------------------------------ keys */

/* Reviewer keys live in "<data>/keys/<id>.key" (base64 of the 64-byte
 * libsodium Ed25519 secret key, mode 0600) and "<id>.pub" (the roster line).
 * Public keys are written as standard base64 (44 characters). */

/* Make a key pair for reviewer `id` (letters, digits, '-', '_', '.'), refusing
 * to overwrite (JURY_ERR_DENIED). *roster_line (caller frees) gets
 * "id,name,panel,affiliation,public_key" with CSV quoting, no newline. */
int keys_generate(const char *id, const char *name, const char *panel, const char *affiliation,
                  char **roster_line, struct jury_error *err);
/* Load the secret key of reviewer id (NOTFOUND when missing). */
int keys_load_secret(const char *id, unsigned char sk[64], struct jury_error *err);
/* The ids that have a secret key in the data folder (caller frees each and
 * the array with keys_list_free). */
int keys_list(char ***ids, size_t *n, struct jury_error *err);
void keys_list_free(char ***ids, size_t n);
/* Read "<data>/keys/<id>.pub" into a roster entry (caller frees it with
 * roster_entry_clear). */
struct roster_entry;
int keys_load_public(const char *id, struct roster_entry *out, struct jury_error *err);

/* ------------------------------------------------------------ roster */

struct roster_entry {
    char *reviewer_id;
    char *name;
    char *panel;
    char *affiliation;
    char *public_key; /* base64 as written in the file */
    unsigned char pk[32];
};

struct roster {
    struct roster_entry *entries;
    size_t n;
};

/* Parse roster.csv: UTF-8 (optional BOM; GBK accepted), quoted fields, a
 * header row naming reviewer_id,name,panel,affiliation,public_key (any
 * order). Refuses duplicate ids and keys that are not 32-byte base64, naming
 * the line. */
int roster_load(const char *path, struct roster **out, struct jury_error *err);
void roster_free(struct roster **p);
const struct roster_entry *roster_find(const struct roster *r, const char *reviewer_id);
void roster_entry_clear(struct roster_entry *e);

#endif
