/* rank.h - the one public header of db/rank: statistics and ranking
 * methods over plain arrays.
 *
 * Pure C (no SQLite, no files): aggregation, normalisation, vetoes, ranks
 * and bootstrap intervals per task, agreement statistics, cross-pack
 * collisions, every method side by side (decide_*) and the calibration
 * offsets. db/merge feeds it from merged.sqlite; tests feed it arrays.
 */
#ifndef JURY_RANK_H
#define JURY_RANK_H

#include "core/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------ statistics (stats.c)
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

/* ------------------------------------------------- ranking (rank.c) */

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
/* The name of a veto policy, as rank_settings_set_veto_policy reads it. */
const char *decide_policy_name(enum rank_veto_policy p);
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

/* Why a pack is not ranked. */
enum rank_exclusion {
    RANK_IN = 0,         /* ranked */
    RANK_OUT_INELIGIBLE, /* the rule set found it ineligible (rank_pack.ineligible) */
    RANK_OUT_UNSCORED,   /* no reviewer's result */
    RANK_OUT_VETO,       /* the reviewers' veto carried under the pack's veto policy */
};

struct rank_row {
    size_t pack;   /* index into the input packs */
    bool excluded; /* vetoed, ineligible or unscored: not ranked */
    enum rank_exclusion cause;
    char *reason; /* why excluded (owned by the result), else NULL */
    int rank;     /* competition rank within the task (1, 2, 2, 4); 0 if excluded */
    int rank_low; /* 90% bootstrap interval (5th, 95th percentile); 0 = none */
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
/* The veto policy that decides pack pk: its rule set's, else the settings'. */
enum rank_veto_policy rank_pack_veto_policy(const struct rank_settings *s,
                                            const struct rank_pack *pk);
/* The chair's vote on pack p: 1 veto, 0 no veto, -1 the chair did not
 * score it (entries grouped as rank_group_entries makes them). */
int rank_chair_vote(const struct rank_input *in, const size_t *start, const size_t *by_pack,
                    size_t p);
/* Entries grouped by pack: the entries of pack p are
 * by_pack[start[p] .. start[p + 1]). Both arrays are the caller's to free. */
void rank_group_entries(const struct rank_input *in, size_t **start, size_t **by_pack);
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

/* ------------------------------------------------ methods side by side */

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

/* ------------------------------------------------ calibration offsets */

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

#endif
