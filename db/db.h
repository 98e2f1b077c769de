/* db.h - the one public header of db/.
 *
 * Sections by topic: store, sheet, keys, roster (the reviewer's crash-safe
 * SQLite store, signed score sheets, Ed25519 reviewer keys, roster.csv); then
 * merge, rank, report, panel decisions and the workbench's read-only views.
 *
 * db/ depends on core, SQLite, libsodium, jansson and libxlsxwriter; it never
 * prints. No SQLite type leaves db/: callers see opaque structs and plain C data.
 */
#ifndef JURY_DB_H
#define JURY_DB_H

#include "core/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ the store */

/* The reviewer store's PRAGMA application_id ('JURY') and schema version. */
#define STORE_APPLICATION_ID 0x4A555259
#define STORE_SCHEMA_VERSION 6

enum store_pack_state {
    STORE_NOT_STARTED = 0,
    STORE_IN_PROGRESS = 1,
    STORE_SUBMITTED = 2,
};

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
/* The file the store was opened from (owned by the store). */
const char *store_path(const struct store *s);

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
/* Set a deduction (validated by checklist_validate_deduction); 0 clears. */
int store_set_deduction(struct store *s, const struct checklist *cl, const char *pack_id,
                        const char *deduction_id, double value, struct jury_error *err);
/* A deduction with the reviewer's reason (required when value > 0; kept in
 * the store and logged as an audit row "deduction-reason"). */
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
 * conflict was declared). Locks the pack. */
int store_submit(struct store *s, const struct checklist *cl, const char *pack_id,
                 struct jury_error *err);
/* store_submit where the rules already decided the confirm-type conditions
 * listed in decided (from the pack's facts): those need no answer. */
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
/* out zeroed when none is stored; clear with store_place_clear. */
int store_get_place(struct store *s, const char *pack_id, struct store_place *out,
                    struct jury_error *err);
void store_place_clear(struct store_place *pl);
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

/* ------------------------------------------------------------ sheets */

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

/* Build the sheet content from a store (integrity_check and audit verify
 * first; conflict packs withheld and their audit rows redacted). *out is
 * unsigned (public_key empty). */
int store_snapshot(struct store *s, struct sheet **out, struct jury_error *err);

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
/* Export the store: store_snapshot + sheet_write with the reviewer's key. */
int store_export(struct store *s, const unsigned char sk[64], const char *path,
                 struct jury_error *err);

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

/* ---- merge, rank, report ---- */
/* Ranking math over plain arrays
 * (stats_*, rank_*), the merged database (merge_*) and the outputs
 * (report_*). */

/* ------------------------------------------------ statistics (db/stats.c)
 * Pure functions over plain arrays; NaN means "not available". */

/* Mean of n values (NaN when n == 0). */
double stats_mean(const double *x, size_t n);
/* Population standard deviation (divides by n; NaN when n == 0). */
double stats_sd(const double *x, size_t n);
/* Median; sorts x in place (NaN when n == 0). */
double stats_median(double *x, size_t n);
/* Mean after dropping `trim` values at each end; sorts x in place. When
 * n - 2*trim < 1 the plain mean is returned. */
double stats_trimmed_mean(double *x, size_t n, size_t trim);
/* Pearson correlation of x and y (NaN when n < 2 or a side is constant). */
double stats_pearson(const double *x, const double *y, size_t n);
/* Ranks 1..n of x (ascending), ties given their average rank. */
void stats_rank_average(const double *x, size_t n, double *ranks);
/* Kendall's W with tie correction. m[obj * k + rater]: n objects (packs),
 * k raters, complete. Ranks are taken within each rater over the objects.
 * W = 12 S / (k^2 (n^3 - n) - k sum T), T = sum(t^3 - t) over tie groups.
 * NaN when n < 2 or k < 2 or the denominator is 0. */
double stats_kendall_w(const double *m, size_t n, size_t k);
/* ICC(2,k) (Shrout and Fleiss: two-way random effects, absolute agreement,
 * mean of k raters) of m[target * k + rater], complete data:
 * (MSR - MSE) / (MSR + (MSC - MSE) / n). NaN when n < 2 or k < 2. */
double stats_icc2k(const double *m, size_t n, size_t k);

/* A small deterministic PRNG (splitmix64): the same seed gives the same
 * stream on every platform, so a bootstrap is reproducible. */
struct stats_rng {
    uint64_t state;
};
void stats_rng_seed(struct stats_rng *r, uint64_t seed);
uint64_t stats_rng_next(struct stats_rng *r);
/* Uniform integer in [0, n), without modulo bias; n > 0. */
uint64_t stats_rng_below(struct stats_rng *r, uint64_t n);

/* ------------------------------------------------- ranking (db/rank.c) */

/* How reviewer totals become one score per pack. */
enum rank_agg {
    RANK_AGG_MEAN,
    RANK_AGG_TRIMMED, /* drop `trim` highest and lowest when >= min_reviewers_for_trim */
    RANK_AGG_MEDIAN,
    /* figure-skating style: each observation point's reviewer points are
     * trimmed (`trim` highest and lowest when >= min_reviewers_for_trim
     * reviewers gave it) and averaged; the pack's score is the sum of those
     * means minus the deductions trimmed and averaged the same way */
    RANK_AGG_POINT_TRIMMED,
};

/* Normalisation applied to each reviewer's net total before aggregation. */
enum rank_norm {
    RANK_NORM_NONE,
    /* each reviewer's totals standardised over the packs they scored, mapped
     * back with the mean and spread of all totals (the pool) */
    RANK_NORM_REVIEWER,
    /* the same per panel: for panels that scored disjoint sets of packs */
    RANK_NORM_PANEL,
};

/* Who decides a veto or a failed eligibility item (with votes). */
enum rank_veto_policy {
    RANK_VETO_MAJORITY, /* more than half of the pack's reviewers; a tie goes to the chair */
    RANK_VETO_ANY,      /* one reviewer is enough */
    RANK_VETO_CHAIR,    /* the chair's vote; majority when the chair did not score */
};

#define RANK_MAX_TIE_BREAKS 8
#define RANK_ID_MAX         64

struct rank_settings {
    enum rank_agg agg;
    enum rank_norm norm;
    size_t trim;                   /* per end; default 1 */
    size_t min_reviewers_for_trim; /* default 5 */
    double disagreement_total;     /* max - min of totals above this: 复议; default 20 */
    enum rank_veto_policy veto_policy;
    /* Tie-breaks, only those the kit names (none by default: equal scores
     * share a rank and are flagged): a higher mean on each named indicator,
     * then (when spread_tie_break, kit.json's "spread") a smaller spread. */
    char tie_breaks[RANK_MAX_TIE_BREAKS][RANK_ID_MAX];
    size_t n_tie_breaks;
    bool spread_tie_break; /* default false */
    unsigned bootstrap;    /* resamples when intervals are asked for; default 1000 */
    /* run the bootstrap in this ranking (on request: `--bootstrap N`, the
     * chair view's key); not kept with the settings */
    bool intervals;
    uint64_t seed; /* default 20240601 */
    /* "borda", "schulze" or "percentile" when one of those is the
     * official method (decide_rank applies it after agg/norm), else "" */
    char official[16];
    unsigned sensitivity; /* places a rank may move between methods; default 2 */
};

/* Defaults: trimmed mean, no normalisation, trim 1 from 5 reviewers,
 * disagreement 20, majority vetoes, no tie-break, 1000 resamples (run only
 * when intervals are asked for). */
void rank_settings_default(struct rank_settings *s);
/* Set agg and norm from a method name: "mean", "trimmed", "median",
 * "point_trimmed" (per observation point, without normalisation),
 * "zscore" (reviewer z-scores, then trimmed mean), "panel" (panel z-scores,
 * then trimmed mean), or "zscore+AGG" / "panel+AGG"; or official
 * from "borda", "schulze", "percentile" (agg and norm unchanged).
 * JURY_ERR_INVALID when unknown. */
int rank_settings_set_method(struct rank_settings *s, const char *method, struct jury_error *err);
/* Where a trimmed method trims: "point" (each observation point:
 * RANK_AGG_POINT_TRIMMED) or "total" (the net totals). JURY_ERR_INVALID for
 * anything else, for "point" after z-scores or with an untrimmed method.
 * kit.json: aggregation.trim_per. */
int rank_settings_set_trim_per(struct rank_settings *s, const char *what, struct jury_error *err);
/* The canonical method name of s ("zscore+trimmed(1,5)") into buf. */
const char *rank_settings_method_name(const struct rank_settings *s, char *buf, size_t size);
/* Veto policy by name: "majority", "any", "chair". */
int rank_settings_set_veto_policy(struct rank_settings *s, const char *name,
                                  struct jury_error *err);
/* Settings that change the ranking itself differ (not bootstrap, seed,
 * sensitivity or intervals, which never move a rank). */
bool rank_settings_differ(const struct rank_settings *a, const struct rank_settings *b);
/* Apply kit.json's "aggregation" object (text of the whole kit.json; absent
 * object = nothing changes): method, trim, min_reviewers_for_trim,
 * disagreement_total, tie_breaks (array of indicator ids), bootstrap, seed,
 * veto_policy. `where` names the file for errors. */
int rank_settings_from_kit_json(struct rank_settings *s, const char *json, size_t len,
                                const char *where, struct jury_error *err);
/* s as {"aggregation": {...}}, which rank_settings_from_kit_json reads back
 * to the same settings (a seed above 2^63 is not representable). Caller frees. */
char *rank_settings_to_json(const struct rank_settings *s);

/* Input: plain arrays, strings borrowed for the duration of the call. */
struct rank_pack {
    const char *id;
    const char *task;
    const char *task_name; /* the rule set's name of the task, or NULL */
    const char *applicant;
    /* the pack's mean points on each of settings.tie_breaks (NaN = none) */
    double tie[RANK_MAX_TIE_BREAKS];
    /* why the rule set found the pack ineligible (failed conditions), or
     * NULL: such a pack is excluded whatever the reviewers said */
    const char *ineligible;
    /* the pack's rule set's veto_policy ("majority", "any", "chair"), or NULL
     * for settings.veto_policy */
    const char *veto_policy;
};

struct rank_reviewer {
    const char *id;
    const char *name; /* from the roster, or NULL */
    const char *panel;
    bool chair;
};

/* One reviewer's result for one pack. */
struct rank_entry {
    size_t pack;
    size_t reviewer;
    double total;            /* sum of the points of the scored indicators */
    double deduction;        /* points deducted (>= 0); net = total - deduction */
    bool veto;               /* confirmed a veto or failed an eligibility item */
    const char *veto_reason; /* which item, or NULL */
};

/* One observation point's points in one entry (for RANK_AGG_POINT_TRIMMED). */
struct rank_score {
    size_t entry; /* index into the entries */
    size_t point; /* the observation point: equal numbers are the same point */
    double points;
};

struct rank_input {
    const struct rank_pack *packs;
    size_t n_packs;
    const struct rank_reviewer *reviewers;
    size_t n_reviewers;
    const struct rank_entry *entries;
    size_t n_entries;
    /* per-point scores; may be empty (point trimming then trims totals) */
    const struct rank_score *scores;
    size_t n_scores;
};

enum rank_flag {
    RANK_FLAG_DISAGREE = 1u << 0,   /* reviewer totals spread above the threshold */
    RANK_FLAG_SPLIT_VETO = 1u << 1, /* some but not enough reviewers vetoed */
    RANK_FLAG_TIE = 1u << 2,        /* shares its rank with another pack */
    RANK_FLAG_CONFLICT = 1u << 3,   /* set by the merge: an unresolved sheet conflict */
    RANK_FLAG_CROSSCHECK = 1u << 4, /* set by the merge: a cross-pack check hit */
    RANK_FLAG_TIE_BROKEN = 1u << 5, /* equal score, ordered by a tie-break the kit names */
};

struct rank_row {
    size_t pack;   /* index into the input packs */
    bool excluded; /* vetoed, ineligible or unscored: not ranked */
    char *reason;  /* why excluded (owned by the result), else NULL */
    int rank;      /* competition rank within the task (1, 2, 2, 4); 0 if excluded */
    int rank_low;  /* 90% bootstrap interval (5th, 95th percentile); 0 = none */
    int rank_high;
    double score;  /* the aggregated (and normalised) score */
    double mean;   /* plain mean of net totals, for reference */
    double spread; /* max - min of the net totals */
    size_t n_reviewers;
    size_t veto_votes;
    unsigned flags; /* enum rank_flag bits */
};

struct rank_result {
    struct rank_settings settings; /* as used */
    struct rank_row *rows;         /* one per input pack, in input order */
    size_t n_rows;
    size_t *order;             /* rows in report order: task, then rank, then excluded by id */
    double pool_mean, pool_sd; /* of the net totals of ranked packs */
    double *norm;              /* the normalised value of each input entry (NaN if unused) */
    /* per entry: left out by the aggregation as one of the lowest (-1) or
     * highest (1) values (trimmed, or not a middle value of the median);
     * 0 when it counted, and for every entry of an excluded pack */
    signed char *dropped;
    /* per entry: how many of its points point trimming left out */
    size_t *points_dropped;
    /* per input score: left out by point trimming (-1 lowest, 1 highest) */
    signed char *score_dropped;
};

/* Aggregate, normalise, decide vetoes, rank each task, and (settings.bootstrap
 * > 0 and settings.intervals) run the bootstrap. *out is owned by the caller (rank_result_free).
 * JURY_ERR_INVALID when an entry points outside the packs or reviewers. */
int rank_compute(const struct rank_input *in, const struct rank_settings *s,
                 struct rank_result **out, struct jury_error *err);
/* The bootstrap alone (rank_compute calls it): resample each pack's reviewers
 * with replacement `bootstrap` times, aggregate their normalised values with
 * the same method, rank per task by score, and set rank_low/rank_high to the
 * 5th and 95th percentiles (nearest rank) of the pack's ranks. */
int rank_bootstrap(const struct rank_input *in, struct rank_result *res, struct jury_error *err);
void rank_result_free(struct rank_result **p);
/* Aggregate n values with the settings' method (sorts x). */
double rank_aggregate(const struct rank_settings *s, double *x, size_t n);
double rank_trimmed_mean(double *x, size_t n, size_t trim, size_t min_reviewers);

/* Agreement per panel. Kendall's W and ICC(2,k) use the panel's packs scored
 * by every reviewer of the panel (listwise); leniency is the mean of (the
 * reviewer's net total - the pack's mean over the panel's reviewers), and
 * correlation is Pearson's r between the reviewer's totals and those means. */
struct rank_reviewer_stats {
    size_t reviewer; /* index into the input reviewers */
    size_t n_packs;
    double leniency;
    double correlation;
};

struct rank_panel_stats {
    const char *panel; /* borrowed from the input */
    size_t n_reviewers;
    size_t n_packs;    /* packs any panel reviewer scored */
    size_t n_complete; /* packs every panel reviewer scored */
    double kendall_w;  /* NaN when not computable */
    double icc2k;
    struct rank_reviewer_stats *reviewers;
};

int rank_agreement(const struct rank_input *in, struct rank_panel_stats **out, size_t *n_out,
                   struct jury_error *err);
void rank_agreement_free(struct rank_panel_stats **p, size_t n);

/* Cross-pack checks: a (key, value) seen in more than one pack. For evidence
 * the key is "sha256" and the value a file hash, and only packs of different
 * applicants count; for a rule set's crosscheck key ("course_leader") any two
 * packs of the same task count. */
struct rank_key {
    size_t pack;
    const char *key;
    const char *value;
    const char *label; /* what to show (a file name), may be NULL */
};

struct rank_collision {
    const struct rank_key **keys; /* the colliding keys (borrowed) */
    size_t n_keys;
};

int rank_find_collisions(const struct rank_input *in, const struct rank_key *keys, size_t n,
                         bool different_applicants, struct rank_collision **out, size_t *n_out,
                         struct jury_error *err);
void rank_collisions_free(struct rank_collision **p, size_t n);

/* ------------------------------------- the merged database (db/merge*.c) */

/* OUT/merged.sqlite: PRAGMA application_id 'JRMG' and schema version. */
#define MERGE_APPLICATION_ID 0x4A524D47
#define MERGE_SCHEMA_VERSION 3

struct merge;

/* Open (creating the folder and the database when missing) dir/merged.sqlite:
 * WAL, defensive mode, trusted_schema off. A file of another program or a
 * newer schema is refused (JURY_ERR_VERSION). */
int merge_open(struct merge **out, const char *dir, struct jury_error *err);
void merge_close(struct merge **p);
/* The folder given to merge_open (owned by m). */
const char *merge_dir(const struct merge *m);

/* Reviewers from the roster (names and panels are the roster's); chair_id
 * (may be NULL) marks the chair, who breaks veto ties. */
int merge_add_roster(struct merge *m, const struct roster *r, const char *chair_id,
                     struct jury_error *err);
/* The maximum of an observation point (from the rule set), for the "spread
 * beyond half the max" check. Points without a known max are not checked. */
int merge_set_indicator_max(struct merge *m, const char *ruleset, const char *indicator, double max,
                            struct jury_error *err);
/* Facts for cross-pack checks: an evidence file's SHA-256, a rule set's
 * crosscheck key ("course_leader" = "张三"). Idempotent. */
int merge_add_evidence(struct merge *m, const char *pack, const char *path, const char *sha256,
                       struct jury_error *err);
int merge_add_crosscheck(struct merge *m, const char *pack, const char *key, const char *value,
                         struct jury_error *err);
/* A pack of the kit (so one nobody scored is listed too) and its rule set's
 * veto_policy; strings may be NULL; a sheet later fills only what is missing. */
int merge_add_pack(struct merge *m, const char *id, const char *task, const char *applicant,
                   const char *ruleset, const char *veto_policy, struct jury_error *err);
/* The rule set's verdict that a pack is ineligible (reason: the failed
 * conditions); NULL clears it. The pack leaves the ranking, listed apart. */
int merge_set_pack_ineligible(struct merge *m, const char *pack, const char *reason,
                              struct jury_error *err);
/* Free-form settings kept with the data ("settings", "kit"); *value is the
 * caller's to free, NULL when unset. */
int merge_meta_set(struct merge *m, const char *key, const char *value, struct jury_error *err);
int merge_meta_get(struct merge *m, const char *key, char **value, struct jury_error *err);

enum merge_outcome {
    MERGE_IMPORTED, /* a new sheet */
    MERGE_ALREADY,  /* this very file was imported before: nothing changed */
    MERGE_REJECTED, /* verification or import failed: err says why */
};

struct merge_sheet_report {
    enum merge_outcome outcome;
    size_t n_packs;     /* reviewer results stored */
    size_t n_conflicts; /* same reviewer and pack, other content, left unresolved */
    size_t n_replaced;  /* replaced by this newer sheet (prefer_newest) */
    size_t n_coi;       /* packs the reviewer declared a conflict of interest on */
};

/* Import a sheet already verified (sheet_read_verified) whose file has the
 * given SHA-256, in one transaction (all or nothing). A file already present
 * changes nothing (MERGE_ALREADY), except that with prefer_newest its lost
 * conflicts are decided again. See merge_import.c for conflict rules. */
int merge_import(struct merge *m, const struct sheet *sh, const char *path, const char *sha256,
                 bool prefer_newest, struct merge_sheet_report *rep, struct jury_error *err);
/* Verify the file against the roster and kit (sheet_read_verified), run the
 * kit-free checks of merge_sheet_check, then merge_import it. A refused sheet: rep->outcome
 * MERGE_REJECTED, err says why, the database is untouched. */
int merge_import_file(struct merge *m, const char *path, const struct roster *roster,
                      const char *kit_id, bool prefer_newest, struct merge_sheet_report *rep,
                      struct jury_error *err);

/* 1 when the file with this SHA-256 was imported before and needs nothing
 * (with prefer_newest: no conflict it lost is pending), 0 when it must be
 * imported, < 0 on error. Reads only. */
int merge_sheet_known(struct merge *m, const char *sha256, bool prefer_newest,
                      struct jury_error *err);
/* A reviewer's result for a pack in the merged database: its pack state
 * (enum store_pack_state), MERGE_ENTRY_COI when declared a conflict of
 * interest, MERGE_ENTRY_NONE when absent; < 0 on error. */
#define MERGE_ENTRY_NONE 100
#define MERGE_ENTRY_COI  101
int merge_entry_state(struct merge *m, const char *reviewer, const char *pack,
                      struct jury_error *err);

/* What the kit says about one of its packs, for checking sheets at merge
 * (strings borrowed from the caller). */
struct merge_kit_pack {
    const char *id;                  /* the kit's pack file name */
    const char *task;                /* from the pack's manifest, NULL when none */
    const char *applicant;           /* likewise */
    const char *ruleset;             /* the task's rule set id, NULL when it has none */
    const char *ruleset_sha256;      /* of the kit's rule file */
    const struct checklist *cl;      /* that rule set's checklist; NULL: see why */
    const char *why;                 /* why there is no checklist (NULL: no task) */
    char sha256[SHA256_HEX_LEN + 1]; /* the pack file's SHA-256, "" unknown */
};

/* The kit a merge checks sheets against; packs sorted by id (bytewise). */
struct merge_kit {
    const char *id;
    const struct merge_kit_pack *packs;
    size_t n_packs;
};

/* Check a verified sheet against the kit and re-derive every number in it
 * from the kit's rule sets, before anything of it is stored. Every id must
 * pass text_id_problem; packs and indicators strictly sorted (no duplicates);
 * numbers finite. With a kit (kit not NULL): every pack is one of the kit's;
 * the rule set of a pack that carries scores, confirmations or deductions is
 * the kit's, with the same SHA-256 (both hashes named when not); each value is on the indicator's
 * scale or step and its points are recomputed from it (checklist_validate), whatever the sheet
 * claims; every indicator, confirmed condition or veto and deduction exists in the rule set and
 * each deduction is within its bounds; the pack's task, applicant and rule set become the kit's.
 * Without a kit only the kit-free checks run (ids, order, every claimed points and deduction within
 * 0..1e6). The first refusal sets err (JURY_ERR_DENIED, naming the pack and item). */
int merge_sheet_check(const struct merge_kit *kit, struct sheet *sh, const char *path,
                      struct jury_error *err);

/* An observation point whose reviewers' scores spread beyond half its max. */
struct merge_point {
    size_t pack; /* index into the ranking's packs */
    char *indicator;
    double max, spread;
    char *values; /* "r1=3, r2=9": each reviewer's value */
};

/* The mean points of one observation point over a task's ranked results. */
struct merge_indicator_mean {
    char *task;
    char *indicator;
    double mean;
    size_t n;
};

/* A sheet conflict or a declared conflict of interest, for the report. */
struct merge_note {
    char *reviewer;
    char *pack;
    char *text; /* the kept and the other sheet, or the 回避 reason */
    bool resolved;
};

/* A reviewer's comment on one score (untrusted text: escape it to show it). */
struct merge_comment {
    size_t score;     /* index into merge_ranking.scores */
    const char *text; /* one line; in the ranking's pool */
};

/* A reviewer's comment on an eligibility condition or a veto item of a pack
 * (untrusted text: escape it to show it). */
struct merge_check_comment {
    size_t entry;     /* index into merge_ranking.entries (a submitted result) */
    const char *item; /* condition or veto id; in the ranking's pool */
    const char *text; /* one line; in the ranking's pool */
};

/* Everything the outputs and a chair's screen show; plain C, owned here. */
struct merge_ranking {
    struct rank_settings settings;
    char method[96];      /* rank_settings_method_name */
    struct rank_input in; /* points into the arrays below */
    struct rank_pack *packs;
    struct rank_reviewer *reviewers;
    struct rank_entry *entries;
    struct rank_result *result;
    struct rank_panel_stats *panels;
    size_t n_panels;
    struct rank_key *keys; /* evidence hashes and crosscheck keys */
    size_t n_keys;
    struct rank_collision *collisions; /* duplicate evidence, then crosschecks */
    size_t n_collisions, n_evidence_collisions;
    struct merge_point *points;
    size_t n_points;
    struct merge_indicator_mean *means;
    size_t n_means;
    struct merge_note *conflicts; /* unresolved first */
    size_t n_conflicts, n_unresolved;
    struct merge_note *cois;
    size_t n_cois;
    size_t n_sheets;
    struct rank_score *scores; /* per-point scores (point trimming, the panel table) */
    char **point_ids;          /* the observation point of each rank_score.point */
    size_t n_point_ids;
    struct merge_comment *comments; /* the scores that carry one, by score index */
    size_t n_comments;
    struct merge_check_comment *check_comments; /* by entry, then item */
    size_t n_check_comments;
    /* the scores of entry e: scores[by_entry[score_start[e] .. score_start[e + 1])] */
    size_t *score_start, *by_entry;
    /* the entries of pack p: by_pack[pack_start[p] .. pack_start[p + 1]) */
    size_t *pack_start, *by_pack;
    char **pool; /* strings the arrays point into */
    size_t n_pool;
    struct decide_report *decide; /* panel decisions, else NULL */
};

enum merge_rank_flags {
    /* recompute each reviewer's total from the stored scores instead of the
     * totals kept at import (the full path; the result is the same) */
    MERGE_RANK_FROM_SCORES = 1u << 0,
    /* also the per-indicator work: observation-point spreads, means */
    MERGE_RANK_DETAILS = 1u << 1,
};

/* THE ranking: every output (ranking.csv/xlsx, report.md/html/pdf, the
 * printed ranking) and the chair's view come from this one function. Ranks
 * the stored data with settings s (only submitted results count): the
 * aggregation, then the official method when s->official names Borda,
 * Schulze or percentile, the bootstrap when s->intervals, and r->decide
 * (votes, every method side by side, the re-review queue as stored, the
 * sheets' hashes, the method log). Reads only. *out is the caller's
 * (merge_ranking_free). The TUI calls it, never SQL. */
int merge_rank(struct merge *m, const struct rank_settings *s, unsigned flags,
               struct merge_ranking **out, struct jury_error *err);
/* Make r the official ranking of the folder before its outputs are written:
 * its settings become the stored ones (meta "settings"), a method other than
 * the stored official one is logged (table method_log; r->decide's
 * previous_method and log say so), and its disagreements join the re-review
 * queue. A what-if ranking is simply never adopted. */
int merge_rank_adopt(struct merge *m, struct merge_ranking *r, struct jury_error *err);
/* The rule set's name of a task ("市域产教联合体"), shown beside its id. */
int merge_set_task_name(struct merge *m, const char *task, const char *name,
                        struct jury_error *err);
void merge_ranking_free(struct merge_ranking **p);

/* One pack's reviewer-by-indicator table (the chair's drill-down): submitted
 * results only; indicators in the order first seen (each reviewer's sorted). */
struct merge_pack_detail {
    char *pack;
    char **reviewers; /* columns, sorted by id */
    size_t n_reviewers;
    char **indicators; /* rows */
    size_t n_indicators;
    double *points;     /* points[indicator * n_reviewers + reviewer]; NaN = none */
    double *totals;     /* per reviewer, as kept at import */
    double *deductions; /* per reviewer */
};

/* JURY_ERR_NOTFOUND when nobody submitted scores for the pack. *out is the
 * caller's (merge_pack_detail_free), NULL on failure. */
int merge_pack_detail(struct merge *m, const char *pack, struct merge_pack_detail **out,
                      struct jury_error *err);
void merge_pack_detail_free(struct merge_pack_detail **p);

/* ------------------------------------------------ outputs (db/report*.c) */

/* Write ranking.csv (UTF-8 with BOM, RFC 4180), ranking.xlsx, report.md and
 * report.html into dir, each atomically (a temporary, then rename). */
int report_write_all(const struct merge_ranking *r, const char *dir, struct jury_error *err);
int report_write_csv(const struct merge_ranking *r, const char *path, struct jury_error *err);
int report_write_xlsx(const struct merge_ranking *r, const char *path, struct jury_error *err);
/* A grid of text cells (cells[row * cols + col], NULL = empty) as the one
 * sheet of an XLSX workbook; the first head_rows rows bold and frozen. */
int table_write_xlsx(const char *path, const char *sheet, const char *const *cells, size_t rows,
                     size_t cols, size_t head_rows, struct jury_error *err);
int report_write_markdown(const struct merge_ranking *r, const char *path, struct jury_error *err);
int report_write_html(const struct merge_ranking *r, const char *path, struct jury_error *err);
/* How pack p's official figure was computed, in words (Chinese, then
 * English), e.g. "去掉一个最高分和一个最低分后取平均：(…) / 4 = 87.25 (…)".
 * Caller frees. */
char *report_figure_text(const struct merge_ranking *r, size_t pack);
/* Whether entry e counted: "计入 counted", "去掉 dropped（最高分 highest）", ... */
void report_entry_status(const struct merge_ranking *r, size_t entry, char *buf, size_t size);
/* "张三 (R01)", or the id when the roster gives no name. */
const char *report_reviewer_label(const struct merge_ranking *r, size_t reviewer, char *buf,
                                  size_t size);
/* The flags of a row as text: "disagree,split-veto,tie,conflict,crosscheck,tie-broken". */
void report_flags_text(unsigned flags, char *buf, size_t size);

/* ---- panel decisions ---- */
/* Every method side by side
 * with a sensitivity table (db/methods.c), veto vote tables (db/decide.c),
 * the calibration round (db/calib.c) and the re-review queue (db/requeue.c). */

/* The ranking methods shown side by side. Higher scores rank higher in all. */
enum decide_method {
    DECIDE_MEAN,          /* mean of net totals */
    DECIDE_TRIMMED,       /* trimmed mean (the settings' trim and minimum) */
    DECIDE_MEDIAN,        /* median */
    DECIDE_ZSCORE,        /* per-reviewer z-scores mapped onto the pool, then the mean */
    DECIDE_PERCENTILE,    /* NIH-style percentile within the pack's panel (methods.c) */
    DECIDE_BORDA,         /* normalised Borda count over reviewers' orderings */
    DECIDE_SCHULZE,       /* Schulze over pairwise preferences from reviewers' totals */
    DECIDE_POINT_TRIMMED, /* each observation point trimmed, then summed */
    DECIDE_N_METHODS,
};

/* The short name ("mean", ..., "schulze"), never NULL. */
const char *decide_method_name(enum decide_method m);
/* Parse a short name (also "trimmed_mean", "zscore+mean"); JURY_ERR_INVALID. */
int decide_method_parse(const char *name, enum decide_method *out, struct jury_error *err);
/* The method a rank_settings stands for (mean, trimmed, median, zscore;
 * panel z-scores count as zscore). */
enum decide_method decide_method_of_settings(const struct rank_settings *s);

/* Widest-path tasks above this many ranked packs are not run through Schulze
 * (O(n^3)); their Schulze ranks stay 0 and `schulze_skipped` says so. */
#define DECIDE_SCHULZE_MAX 600

/* Percentile within a group (NIH-style, higher = better): for the n ranked
 * values of one panel and task, P = 100 * (r - 0.5) / n where r is the
 * value's ascending rank with ties given their average rank. out[i] for x[i]. */
void decide_percentiles(const double *x, size_t n, double *out);

/* A pack whose rank under another method differs from its official rank by
 * more than the threshold. */
struct decide_shift {
    size_t pack;
    enum decide_method method;
    int official_rank, other_rank;
};

struct decide_methods {
    enum decide_method official;
    size_t n_packs;
    double *score; /* score[m * n_packs + p]; NaN when the pack is not ranked */
    int *rank;     /* rank[m * n_packs + p]; competition rank per task, 0 = none */
    unsigned threshold;
    struct decide_shift *shifts; /* by pack (report order), then method */
    size_t n_shifts;
    bool schulze_skipped; /* a task was larger than DECIDE_SCHULZE_MAX */
};

/* Rank every non-excluded pack of res (the official result: its exclusions
 * and, for the official method, its ranks are used as they are) under every
 * method, then list the packs whose rank moves by more than `threshold`
 * places between `official` and any other method. */
int decide_methods_compute(const struct rank_input *in, const struct rank_result *res,
                           enum decide_method official, unsigned threshold,
                           struct decide_methods **out, struct jury_error *err);
void decide_methods_free(struct decide_methods **p);

/* Scores of every pack under one method (NaN for excluded packs); ranks by
 * the settings' tie-breaks. The building block of decide_methods_compute,
 * public for tests and for ranking officially by Borda, Schulze or
 * percentile (decide_apply_official). */
int decide_scores(const struct rank_input *in, const struct rank_result *res, enum decide_method m,
                  double *score, bool *skipped, struct jury_error *err);
/* Replace res's scores by method m's and renumber the ranks (no bootstrap
 * interval is kept for Borda, Schulze or percentile: rank_low/high = 0). */
int decide_apply_official(const struct rank_input *in, struct rank_result *res,
                          enum decide_method m, struct jury_error *err);

/* The vote on a pack's vetoes and failed eligibility items. */
struct decide_vote {
    size_t pack;
    size_t yes;     /* reviewers who confirmed a veto or found an item failed */
    size_t no;      /* reviewers who scored the pack without either */
    size_t abstain; /* reviewers who declared a conflict (回避): not counted */
    enum rank_veto_policy policy;
    bool carried;   /* the pack is out by this vote */
    bool split;     /* 0 < yes < yes + no: listed for the chair */
    bool chair_tie; /* majority tie decided by the chair's vote */
};

/* The votes of every pack with at least one yes, in report order. */
int decide_votes(const struct merge_ranking *r, struct decide_vote **out, size_t *n,
                 struct jury_error *err);
/* "majority", "any", "chair". */
const char *decide_policy_name(enum rank_veto_policy p);

/* ------------------------------------------------ calibration (db/calib.c) */

/* A reviewer's offset and spread against the panel on the calibration packs:
 * offset = mean over the calibration packs they scored of (their net total -
 * the mean net total of the pack over their panel's reviewers who scored it),
 * spread = population standard deviation of those differences. */
struct calib_reviewer {
    size_t reviewer; /* index into the input reviewers */
    size_t n_packs;
    double offset, spread;
};

/* is_calib[p]: pack p is a calibration pack. *out (caller frees) lists every
 * reviewer who scored one, by reviewer index. */
int calib_compute(const struct rank_input *in, const bool *is_calib, struct calib_reviewer **out,
                  size_t *n_out, struct jury_error *err);

/* The calibration packs of the merged database (kept in its own table; set
 * from kit.json's "calibration"). merge_rank leaves them out. */
int merge_set_calibration(struct merge *m, const char *const *packs, size_t n,
                          struct jury_error *err);
/* kit.json's "calibration" array of pack files ("packs/c1.zip" -> pack
 * "c1.zip", the id the merge gives a kit's pack); *packs is NULL-terminated,
 * freed with calib_packs_free. */
int calib_packs_from_kit_json(const char *json, size_t len, char ***packs, size_t *n,
                              struct jury_error *err);
void calib_packs_free(char ***packs, size_t n);

/* The calibration round read from the merged database: reviewers (ids and
 * panels) and their offsets, plus the packs used. Everything owned here. */
struct calib_report {
    char **packs;
    size_t n_packs;
    char **reviewer_ids, **panels; /* per row */
    struct calib_reviewer *rows;
    size_t n_rows;
};
int merge_calibration(struct merge *m, struct calib_report **out, struct jury_error *err);
void calib_report_free(struct calib_report **p);

/* ------------------------------------- re-review queue, 复议 (db/requeue.c) */

/* A pack in the re-review queue, and what happened to it. */
struct requeue_item {
    char *pack;
    char *why;    /* "spread 38.00 > 20.00" or the observation points */
    char *opened; /* ISO 8601 UTC */
    bool revised; /* at least one reviewer sent a revision */
};

/* A reviewer's revision of a pack in the queue: the values before and after
 * and the reason the reviewer gave when reopening (from their signed audit
 * chain). */
struct requeue_revision {
    char *reviewer, *pack, *reason;
    char *old_sheet, *new_sheet; /* SHA-256 of the sheets */
    double old_total, new_total; /* net totals */
    char *at;
};

/* Add the ranking's disagreements (spread flag and observation points) to
 * the queue; a pack already queued is left as it is. */
int requeue_build(struct merge *m, const struct merge_ranking *r, struct jury_error *err);
int requeue_list(struct merge *m, struct requeue_item **items, size_t *n_items,
                 struct requeue_revision **revs, size_t *n_revs, struct jury_error *err);
void requeue_free(struct requeue_item **items, size_t n_items, struct requeue_revision **revs,
                  size_t n_revs);

/* ---- panel decisions: outputs ---- */

/* What the signed report adds to a merge_ranking: built by decide_report_build
 * (after merge_rank) and used by the HTML/Markdown writers and the PDF. */
struct decide_report {
    struct decide_methods *methods;
    struct decide_vote *votes;
    size_t n_votes;
    struct requeue_item *queue;
    size_t n_queue;
    struct requeue_revision *revisions;
    size_t n_revisions;
    char **sheet_hashes; /* "reviewer  sha256  path" per imported sheet */
    size_t n_sheet_hashes;
    char *kit_hash;        /* seal.json's or kit.json's SHA-256, NULL when unknown */
    char *previous_method; /* when this run changed the method, else NULL */
    char **method_log;     /* "AT: OLD -> NEW" per official method change, oldest first */
    size_t n_method_log;
    char *kit_seal;     /* the kit's seal as the merge found it, NULL when unknown */
    char *kit_settings; /* kit.json's aggregation as the merge read it, or NULL */
    char *sections;     /* the decision sections' markup, made once for report.md and .html */
    char **members;     /* "id name (panel)" per roster reviewer */
    size_t n_members;
    char *chair;  /* chair id or NULL */
    char *run_id; /* the run that writes the outputs (meta "run_id"), NULL when none */
};

int decide_report_build(struct merge *m, const struct merge_ranking *r, unsigned threshold,
                        struct decide_report **out, struct jury_error *err);

void decide_report_free(struct decide_report **p);
/* The report to sign as plain text blocks (headings, paragraphs, tables with
 * '\t' between cells), for the PDF writer in packs/: see decide_report_text. */
char *decide_report_text(const struct merge_ranking *r, const struct decide_report *d);

/* ------------------------------------ workbench reads (db/store_read.c) */
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
