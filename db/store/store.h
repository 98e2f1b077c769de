/* store.h - the one public header of db/store: the reviewer's crash-safe
 * SQLite store and its audit log, the workbench's cheap reads of it, and
 * its export as a signed sheet (db/sheet).
 *
 * No SQLite type leaves db/store: callers see an opaque struct store and
 * plain C data. It never prints.
 */
#ifndef JURY_STORE_H
#define JURY_STORE_H

#include "core/core.h"
#include "db/sheet/sheet.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The reviewer store's PRAGMA application_id ('JURY') and schema version. */
#define STORE_APPLICATION_ID 0x4A555259
#define STORE_SCHEMA_VERSION 6

/* An open reviewer store (one SQLite file per reviewer and kit). */
struct store;

/* "<data>/stores/<kit_id>-<reviewer_id>.sqlite" (caller frees); creates the
 * folder. NULL with err when the data folder cannot be made. */
char *store_default_path(const char *kit_id, const char *reviewer_id, struct jury_error *err);

/* Open (creating when missing) the store at path: takes the exclusive lock
 * file "<path>-lock" (JURY_ERR_BUSY "open elsewhere" when another jury holds
 * it), sets every PRAGMA (WAL, synchronous=FULL, foreign_keys=ON, busy timeout
 * 5 s), runs quick_check (JURY_ERR_CORRUPT with how to recover), refuses a
 * foreign application_id or a newer user_version (JURY_ERR_VERSION), migrates
 * older schemas, and verifies the audit chain's tail is readable. */
int store_open(struct store **out, const char *path, struct jury_error *err);
/* Open an existing store for reading only: no lock file (so it works beside
 * a running workbench, and on a folder that is read-only or full), a
 * read-only SQLite connection (query_only), no migration (an older schema is
 * refused with JURY_ERR_VERSION). Every change is refused (JURY_ERR_DENIED);
 * store_set_identity and store_add_pack_sha256 only check, store_add_ruleset
 * does nothing. JURY_ERR_NOTFOUND when there is no store yet. */
int store_open_read_only(struct store **out, const char *path, struct jury_error *err);
bool store_is_read_only(const struct store *s);
void store_close(struct store **p);

/* Identity of the store: kit and reviewer. Set once when the store is new;
 * setting a different kit or reviewer on an existing store is refused
 * (JURY_ERR_DENIED). Logged in the audit chain. */
int store_set_identity(struct store *s, const char *kit_id, const char *reviewer_id,
                       const char *reviewer_name, const char *panel, struct jury_error *err);
/* Bind the store to the kit as issued: the SHA-256 of its kit.json, set once
 * (meta "kit_json_sha256", logged); a kit with the same id but another
 * kit.json is refused (JURY_ERR_DENIED), never mixed into the store. */
int store_bind_kit(struct store *s, const char *kit_json_sha256, struct jury_error *err);
/* Record a rule set used and the SHA-256 (hex) of its file; a changed hash is
 * logged. */
int store_add_ruleset(struct store *s, const char *ruleset_id, const char *sha256_hex,
                      struct jury_error *err);
/* Record a pack (idempotent; applicant/task/ruleset updated when changed).
 * pack_id is the kit's file name of the pack; the archive's SHA-256 is left
 * as recorded (unknown for a new pack). */
int store_add_pack(struct store *s, const char *pack_id, const char *applicant, const char *task,
                   const char *ruleset_id, struct jury_error *err);
/* store_add_pack that also records sha256_hex, the SHA-256 of the pack's
 * archive file (pack_id(p) in packs/; NULL: unknown, keep what is recorded).
 * A pack recorded with another SHA-256 is refused with nothing written
 * (JURY_ERR_CORRUPT, "the pack file changed since you scored it: was X…,
 * now Y…", where = the pack): scores must not move silently to other
 * evidence. A first SHA-256 for a known pack (store from before schema 4)
 * is recorded and logged. */
int store_add_pack_sha256(struct store *s, const char *pack_id, const char *sha256_hex,
                          const char *applicant, const char *task, const char *ruleset_id,
                          struct jury_error *err);
/* The recorded SHA-256 of a pack's archive ("" when unknown); NOTFOUND when
 * the store does not know the pack. */
int store_pack_sha256(struct store *s, const char *pack_id, char hex[SHA256_HEX_LEN + 1],
                      struct jury_error *err);

/* Set the score of observation point `indicator` of pack_id to `value` (the
 * typed text: "7.5" or a level name), validated by checklist_validate against
 * cl; value NULL clears it. `comment` NULL leaves the comment alone, "" clears
 * it. One transaction, one audit row per field changed. Refused with nothing
 * written: unknown pack (NOTFOUND), submitted pack or declared conflict
 * (DENIED), invalid value (INVALID, the checklist's reason). */
int store_set_score(struct store *s, const struct checklist *cl, const char *pack_id,
                    const char *indicator, const char *value, const char *comment,
                    struct jury_error *err);
/* Set only the comment of an observation point (NULL or "" clears). */
int store_set_comment(struct store *s, const struct checklist *cl, const char *pack_id,
                      const char *indicator, const char *comment, struct jury_error *err);
/* Cite evidence for an observation point: a path inside the pack, page >= 1
 * or 0 for none. Adding an existing citation is a no-op; remove drops it. */
int store_add_cite(struct store *s, const struct checklist *cl, const char *pack_id,
                   const char *indicator, const char *path, int page, struct jury_error *err);
int store_remove_cite(struct store *s, const char *pack_id, const char *indicator, const char *path,
                      int page, struct jury_error *err);
/* Answer a reviewer-confirmed eligibility condition (CL_COND_CONFIRM) or a
 * veto item: yes = the condition holds / the veto applies. */
int store_confirm(struct store *s, const struct checklist *cl, const char *pack_id,
                  const char *item_id, bool yes, struct jury_error *err);
/* Set a deduction (validated by checklist_validate_deduction; 0 clears)
 * with the reviewer's reason (NULL: none; kept in the store and logged as
 * an audit row "deduction-reason"). */
int store_set_deduction_reason(struct store *s, const struct checklist *cl, const char *pack_id,
                               const char *deduction_id, double value, const char *reason,
                               struct jury_error *err);
/* The reason stored with a deduction (caller frees; NULL when none). */
char *store_deduction_reason(struct store *s, const char *pack_id, const char *deduction_id);
/* The reviewer's comment on an eligibility condition or a veto item of cl,
 * answered or not (NULL or "" clears); logged as an audit row
 * "check-comment". Refused like store_set_comment: unknown pack or item,
 * submitted pack, declared conflict. */
int store_set_check_comment(struct store *s, const struct checklist *cl, const char *pack_id,
                            const char *item_id, const char *comment, struct jury_error *err);
/* The level name a typed score stands for: the name itself, its number
 * (1 = the first level), its letter (A = the first), its pinyin ("you") or
 * the pinyin initial when no other level or letter shares it. Returns
 * `typed` for points-scored or unknown points and anything else (the
 * validation then says why). The result is `typed` or a level name owned
 * by cl. */
const char *store_level_resolve(const struct checklist *cl, const char *indicator,
                                const char *typed);
/* Declare a conflict of interest (回避) with a non-empty reason. The pack's
 * scores are then withheld from sheets and no score can be set. */
int store_declare_conflict(struct store *s, const char *pack_id, const char *reason,
                           struct jury_error *err);
/* Withdraw a declared conflict with a non-empty reason (logged as an audit
 * row "conflict-withdrawn": old = the declared reason, new = this one). The
 * pack's values, kept while withheld, count again. */
int store_withdraw_conflict(struct store *s, const char *pack_id, const char *reason,
                            struct jury_error *err);
/* Was the pack ever reopened after a submit (an audit row "reopen")? */
int store_was_reopened(struct store *s, const char *pack_id, bool *yes, struct jury_error *err);
/* Submit a pack: every scored indicator of cl must have a value and every
 * reviewer-confirmed condition (CL_COND_CONFIRM) an answer (unless a
 * conflict was declared), except the confirm-type conditions the rules
 * already decided, listed in decided (from the pack's facts). Locks the
 * pack. */
int store_submit_decided(struct store *s, const struct checklist *cl, const char *pack_id,
                         const char *const *decided, size_t n_decided, struct jury_error *err);
/* Reopen a submitted pack; the non-empty reason is logged. */
int store_reopen(struct store *s, const char *pack_id, const char *reason, struct jury_error *err);
/* State of a pack (NOTFOUND when the store does not know it). */
int store_pack_state(struct store *s, const char *pack_id, enum store_pack_state *state,
                     struct jury_error *err);

/* Where the reviewer was: reopening the workbench returns here. Strings are
 * NULL when unset; store_get_position fills a struct the caller releases with
 * store_position_clear. Not audited (it is not a score). */
struct store_position {
    char *pack;
    char *file;
    int page;
    char *indicator;
};
int store_set_position(struct store *s, const struct store_position *pos, struct jury_error *err);
/* The reviewer's place inside one pack (schema 5): file, page, the display
 * rows from that page's first row to the viewer's top (so another width
 * lands on the same page), the checklist row's indicator or item id, the
 * focused pane. */
struct store_place {
    char *file;
    int page;
    long top;
    char *row;
    int focus;
};
int store_set_place(struct store *s, const char *pack_id, const struct store_place *pl,
                    struct jury_error *err);
/* out zeroed when none is stored; the caller frees file and row. */
int store_get_place(struct store *s, const char *pack_id, struct store_place *out,
                    struct jury_error *err);
int store_get_position(struct store *s, struct store_position *out, struct jury_error *err);
void store_position_clear(struct store_position *pos);

/* The audit log. Row i's hash is SHA-256(hash_{i-1} || leaf_i) over the hex
 * digits, leaf_i = SHA-256(canonical row i) (see docs/sheet-format.md); the
 * genesis hash is 64 '0'. Verify recomputes the chain and checks that every
 * stored score equals the last value the log gave it (JURY_ERR_CORRUPT naming
 * the first bad row). head gets the last hash, *rows the row count (either
 * may be NULL). */
int store_audit_verify(struct store *s, char head[SHA256_HEX_LEN + 1], uint64_t *rows,
                       struct jury_error *err);
/* Number of audit rows (for tests and the status line). */
int store_audit_count(struct store *s, uint64_t *rows, struct jury_error *err);

/* Build the sheet content from a store (integrity_check and audit verify
 * first; conflict packs withheld and their audit rows redacted). *out is
 * unsigned (public_key empty). */
int store_snapshot(struct store *s, struct sheet **out, struct jury_error *err);

/* Export the store: store_snapshot + sheet_write with the reviewer's key. */
int store_export(struct store *s, const unsigned char sk[64], const char *path,
                 struct jury_error *err);

/* ------------------------------------ workbench reads (store_read.c) */
/* Cheap read-only views of an open store
 * for the workbench's redraw after every change: plain SELECTs, no
 * integrity_check and no audit verify (store_snapshot does those, for
 * export). */

/* One pack's values as a sheet carries them (scores with citations, sorted;
 * confirms; deductions). A pack with a declared conflict keeps its reason and
 * has its values withheld, as in a sheet. *out is NULL when the store does
 * not know the pack. Free with store_sheet_pack_free. */
int store_read_pack(struct store *s, const char *pack_id, struct sheet_pack **out,
                    struct jury_error *err);
void store_sheet_pack_free(struct sheet_pack **p);

/* Every pack the store knows, by id: what the pack list shows. */
struct store_pack_total {
    char *id, *applicant, *task, *conflict; /* applicant, task, conflict may be NULL */
    enum store_pack_state state;
    double total;  /* points of the values given minus deductions (0 for a conflict) */
    size_t scored; /* observation points with a value (0 for a conflict) */
};
int store_read_totals(struct store *s, struct store_pack_total **out, size_t *n,
                      struct jury_error *err);
void store_pack_totals_free(struct store_pack_total **p, size_t n);

#endif
