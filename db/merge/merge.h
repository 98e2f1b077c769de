/* merge.h - the one public header of db/merge: the chair's merged folder.
 *
 * OUT/merged.sqlite holds the roster, the kit's packs and every verified
 * sheet's results; merge_rank ranks them through db/rank into one
 * merge_ranking (what every output and the chair's view show), with the
 * panel's decisions: veto votes, the calibration round, the re-review queue
 * (复议) and the method log. report/ writes the outputs.
 */
#ifndef JURY_MERGE_H
#define JURY_MERGE_H

#include "core/core.h"
#include "db/rank/rank.h"
#include "db/sheet/sheet.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* OUT/merged.sqlite: PRAGMA application_id 'JRMG' and schema version. */
#define MERGE_APPLICATION_ID 0x4A524D47
#define MERGE_SCHEMA_VERSION 3

struct merge;

/* Open (creating the folder and the database when missing) dir/merged.sqlite:
 * WAL, defensive mode, trusted_schema off. A file of another program or a
 * newer schema is refused (JURY_ERR_VERSION). */
int merge_open(struct merge **out, const char *dir, struct jury_error *err);
void merge_close(struct merge **p);

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

/* ------------------------------------------------ veto votes */

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

/* ------------------------------------------------ calibration round */

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

/* ------------------------------------- re-review queue, 复议 (requeue.c) */

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

/* ------------------------------------------------ panel decisions */

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
    char **members;     /* "id name (panel)" per roster reviewer */
    size_t n_members;
    char *chair;  /* chair id or NULL */
    char *run_id; /* the run that writes the outputs (meta "run_id"), NULL when none */
};

int decide_report_build(struct merge *m, const struct merge_ranking *r, unsigned threshold,
                        struct decide_report **out, struct jury_error *err);

void decide_report_free(struct decide_report **p);

#endif
