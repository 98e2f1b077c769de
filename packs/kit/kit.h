/* kit.h - the one public header of packs/kit: review kits.
 *
 * A review kit is a folder: kit.json, rules/, packs/, roster.csv,
 * assignments.csv, optional conflicts.csv and seal.json. kit_open reads it;
 * kit_assign_solve balances the assignment; kit_seal and kit_verify sign and
 * check every file of it (packs' identity cache makes the check cheap).
 */
#ifndef JURY_KIT_H
#define JURY_KIT_H

#include "packs/pack.h"

struct kit_reviewer {
    const char *id;
    const char *name;
    const char *panel;       /* "" when the roster has none */
    const char *affiliation; /* "" when unknown */
    const char *public_key;  /* as written in the roster ("" when none) */
};

struct kit_assignment {
    const char *reviewer_id;
    const char *pack; /* file name inside packs/ */
};

struct kit_conflict {
    const char *reviewer_id;
    const char *target; /* a pack file name or an applicant name */
    const char *reason;
};

struct kit {
    const char *dir;
    const char *id;
    const char *name;
    const char *json; /* kit.json as read (aggregation settings for the merge) */
    const char **tasks;
    size_t n_tasks;
    const char **packs; /* file names in packs/, sorted */
    size_t n_packs;
    struct kit_reviewer *reviewers;
    size_t n_reviewers;
    struct kit_assignment *assignments;
    size_t n_assignments;
    struct kit_conflict *conflicts;
    size_t n_conflicts;
};

/* Make a kit skeleton in dir (created when missing; refused when it already
 * holds a kit.json): kit.json with the merge's aggregation defaults, rules/,
 * packs/, roster.csv and assignments.csv headers, conflicts.csv, README.txt.
 * id NULL: the folder's name and a random suffix; an id that
 * text_id_problem refuses or holding '/' is refused. */
int kit_init_id(const char *dir, const char *id, const char *name, const char *const *tasks,
                size_t n_tasks, struct jury_error *err);
/* Read a kit folder. Missing roster/assignments/conflicts files are empty;
 * a missing or invalid kit.json fails naming the file and line. */
int kit_open(struct kit **out, const char *dir, struct jury_error *err);
void kit_close(struct kit **p);
/* Full path of a pack of the kit (caller frees). */
char *kit_pack_path(const struct kit *k, const char *pack);
/* The reviewer with this id, or NULL. */
const struct kit_reviewer *kit_reviewer(const struct kit *k, const char *id);
/* Packs assigned to a reviewer (array of pack names owned by the kit; caller
 * frees the array only). */
const char **kit_reviewer_packs(const struct kit *k, const char *reviewer_id, size_t *n);

/* Canonical form of an organisation name for conflict checks: full-width
 * ASCII and the ideographic space folded to half-width, spaces removed,
 * ASCII lower-cased, full-width brackets folded, 有限责任公司 -> 有限公司.
 * Other suffixes (学院, 大学 ...) are kept as given. Caller frees. */
char *kit_normalise_org(const char *name);
/* True when a reviewer of affiliation `aff` may not review `applicant`:
 * equal canonical forms, or one contains the other (at least 4 characters). */
bool kit_org_conflict(const char *aff, const char *applicant);

/* Balanced assignment. Inputs by index; outputs allocated by kit_assign_solve
 * and freed with kit_assign_result_free. */
struct kit_assign_input {
    size_t n_packs, n_reviewers, per_pack;
    uint64_t seed;
    const char *const *pack_applicant; /* n_packs */
    const char *const *pack_panel;     /* n_packs, or NULL: no panels */
    const char *const *reviewer_panel; /* n_reviewers */
    const char *const *reviewer_aff;   /* n_reviewers */
    const unsigned char *forbidden;    /* n_packs*n_reviewers (pack-major), or NULL */
};

struct kit_assign_result {
    unsigned char *assigned; /* n_packs*n_reviewers, pack-major: 1 = reviews */
    size_t *load;            /* per reviewer */
    size_t cap;              /* ceil(packs*K/reviewers) */
    size_t *short_packs;     /* packs that could not reach K reviewers */
    size_t n_short;
    size_t conflicts_avoided; /* (pack, reviewer) pairs excluded by affiliation or list */
};

/* Assign every pack to per_pack reviewers: no reviewer over the cap, a
 * panel's packs only to that panel's reviewers, never an affiliation
 * conflict or a forbidden pair; deterministic for a seed. Packs that cannot
 * reach K are listed in short_packs (not an error). */
int kit_assign_solve(const struct kit_assign_input *in, struct kit_assign_result *out,
                     struct jury_error *err);
void kit_assign_result_free(struct kit_assign_result *r);

/* Seal: seal.json lists every file of the kit (but itself) with its SHA-256,
 * signed with the organiser's Ed25519 secret key (64 bytes). */
int kit_seal(const char *dir, const unsigned char secret_key[64], struct jury_error *err);

struct kit_verify_report {
    bool sealed;         /* seal.json present and well-formed */
    bool signature_ok;   /* the signature matches the listed signer */
    bool signer_trusted; /* the signer is the trusted key given (false when none given) */
    char signer[65];     /* signer public key, base64 as in roster.csv */
    struct jstr added, removed, changed; /* one path per line */
};

/* Check a kit against its seal. trusted_pk (32 bytes) may be NULL. Returns
 * JURY_OK when the check could run; the report says what it found. */
int kit_verify(const char *dir, const unsigned char *trusted_pk, struct kit_verify_report *rep,
               struct jury_error *err);
void kit_verify_report_free(struct kit_verify_report *rep);
/* True when the report shows a sealed, trusted, unaltered kit. */
bool kit_verify_ok(const struct kit_verify_report *rep);

#endif
