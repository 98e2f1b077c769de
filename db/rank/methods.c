/* methods.c - every ranking method side by side, and the sensitivity table.
 *
 * The official result (rank_compute) decides which packs are ranked at all
 * (vetoes, eligibility, no scores); every method here ranks exactly those
 * packs, per task, so a difference in rank is the method's doing alone.
 *
 * Definitions (the report quotes them):
 * - mean, trimmed, median, zscore, point_trimmed: rank_compute with the
 *   settings changed to that method (zscore: per-reviewer z-scores mapped
 *   onto the pool, then the settings' aggregator, trimming totals when the
 *   settings trim per point; point_trimmed: each observation point trimmed).
 * - percentile (NIH-style): a pack's panel is the panel most of its reviewers
 *   belong to (ties: the panel name first in byte order). Within each panel
 *   and task, the packs' aggregated scores (settings' aggregator, no
 *   normalisation) become P = 100 * (r - 0.5) / n, r the ascending rank with
 *   ties averaged, n the panel's ranked packs in that task. NIH reports the
 *   complement (lower is better); we keep "higher is better" like every other
 *   column, which gives the same order. Packs are then ranked across panels
 *   by P.
 * - borda: each reviewer orders the packs of a task they scored by net
 *   total; a pack at ascending rank r (ties averaged) among k packs gets
 *   (r - 1) / (k - 1) points (1 for the reviewer's best, 0 for the worst;
 *   0.5 when k = 1, which says nothing). A pack's Borda score is 100 times
 *   the MEAN of its points, not the sum, so reviewers who scored more packs
 *   do not weigh more and packs with more reviewers are not favoured.
 * - schulze: d[a][b] = reviewers who scored both and gave a the higher net
 *   total; strongest (widest) paths over the links where d[a][b] > d[b][a];
 *   a beats b when p[a][b] > p[b][a]. That relation is transitive, so the
 *   number of packs a pack beats orders them; equal counts tie and the
 *   settings' tie-breaks, then the pack id, order the tie deterministically.
 */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[DECIDE_N_METHODS] = {
    "mean", "trimmed", "median", "zscore", "percentile", "borda", "schulze", "point_trimmed"};

const char *decide_method_name(enum decide_method m)
{
    return (unsigned)m < DECIDE_N_METHODS ? method_names[m] : "?";
}

int decide_method_parse(const char *name, enum decide_method *out, struct jury_error *err)
{
    for (int m = 0; m < DECIDE_N_METHODS; m++)
        if (strcmp(name, method_names[m]) == 0) {
            *out = (enum decide_method)m;
            return 0;
        }
    struct rank_settings s;
    rank_settings_default(&s);
    if (rank_settings_set_method(&s, name, NULL) == 0) {
        *out = decide_method_of_settings(&s);
        return 0;
    }
    return jury_error_set(err, JURY_ERR_INVALID, "method",
                          "unknown method '%s' (mean, trimmed, median, zscore, percentile, "
                          "borda, schulze)",
                          name);
}

enum decide_method decide_method_of_settings(const struct rank_settings *s)
{
    if (s->norm != RANK_NORM_NONE)
        return DECIDE_ZSCORE;
    return s->agg == RANK_AGG_MEAN            ? DECIDE_MEAN
           : s->agg == RANK_AGG_MEDIAN        ? DECIDE_MEDIAN
           : s->agg == RANK_AGG_POINT_TRIMMED ? DECIDE_POINT_TRIMMED
                                              : DECIDE_TRIMMED;
}

void decide_percentiles(const double *x, size_t n, double *out)
{
    stats_rank_average(x, n, out);
    for (size_t i = 0; i < n; i++)
        out[i] = 100.0 * (out[i] - 0.5) / (double)n;
}

static double net(const struct rank_entry *e)
{
    return e->total - e->deduction;
}

static bool ranked(const struct rank_result *res, size_t p)
{
    return !res->rows[p].excluded;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Scores from rank_compute with the method's settings (no bootstrap). */
static int scores_by_settings(const struct rank_input *in, const struct rank_result *res,
                              enum decide_method m, double *score, struct jury_error *err)
{
    struct rank_settings s = res->settings;
    s.bootstrap = 0;
    s.norm = m == DECIDE_ZSCORE ? RANK_NORM_REVIEWER : RANK_NORM_NONE;
    s.intervals = false;
    if (m == DECIDE_MEAN || m == DECIDE_TRIMMED || m == DECIDE_MEDIAN)
        s.agg = m == DECIDE_MEAN     ? RANK_AGG_MEAN
                : m == DECIDE_MEDIAN ? RANK_AGG_MEDIAN
                                     : RANK_AGG_TRIMMED;
    if (m == DECIDE_POINT_TRIMMED)
        s.agg = RANK_AGG_POINT_TRIMMED;
    if (m == DECIDE_ZSCORE && s.agg == RANK_AGG_POINT_TRIMMED)
        s.agg = RANK_AGG_TRIMMED;
    struct rank_result *r = NULL;
    int rc = rank_compute(in, &s, &r, err);
    if (rc < 0)
        return rc;
    for (size_t p = 0; p < in->n_packs; p++)
        score[p] = ranked(res, p) ? r->rows[p].score : NAN;
    rank_result_free(&r);
    return 0;
}

/* The panel most of pack p's reviewers belong to. */
static const char *pack_panel(const struct rank_input *in, const size_t *start,
                              const size_t *by_pack, size_t p)
{
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = start[p]; i < start[p + 1]; i++) {
        const char *c = in->reviewers[in->entries[by_pack[i]].reviewer].panel;
        size_t n = 0;
        for (size_t j = start[p]; j < start[p + 1]; j++)
            n += cmp_str(in->reviewers[in->entries[by_pack[j]].reviewer].panel, c) == 0;
        if (n > best_n || (n == best_n && cmp_str(c, best) < 0)) {
            best = c;
            best_n = n;
        }
    }
    return best ? best : "";
}

static int scores_percentile(const struct rank_input *in, const struct rank_result *res,
                             double *score, struct jury_error *err)
{
    /* the settings' aggregator without normalisation: the panel's own scale */
    struct rank_settings s = res->settings;
    enum decide_method base = s.agg == RANK_AGG_MEAN     ? DECIDE_MEAN
                              : s.agg == RANK_AGG_MEDIAN ? DECIDE_MEDIAN
                                                         : DECIDE_TRIMMED;
    double *raw = jury_xmalloc((in->n_packs + 1) * sizeof *raw);
    int rc = scores_by_settings(in, res, base, raw, err);
    size_t *start, *by_pack;
    rank_group_entries(in, &start, &by_pack);
    const char **panel = jury_xmalloc((in->n_packs + 1) * sizeof *panel);
    size_t *grp = jury_xmalloc((in->n_packs + 1) * sizeof *grp);
    double *x = jury_xmalloc((in->n_packs + 1) * sizeof *x);
    double *pc = jury_xmalloc((in->n_packs + 1) * sizeof *pc);
    bool *done = jury_xcalloc(in->n_packs + 1, sizeof *done);
    for (size_t p = 0; p < in->n_packs; p++) {
        score[p] = NAN;
        panel[p] = pack_panel(in, start, by_pack, p);
    }
    for (size_t p = 0; rc == 0 && p < in->n_packs; p++) {
        if (done[p] || !ranked(res, p) || isnan(raw[p]))
            continue;
        size_t n = 0; /* the group of p: same task and panel */
        for (size_t q = p; q < in->n_packs; q++)
            if (!done[q] && ranked(res, q) && !isnan(raw[q]) &&
                cmp_str(in->packs[q].task, in->packs[p].task) == 0 &&
                strcmp(panel[q], panel[p]) == 0) {
                grp[n] = q;
                x[n++] = raw[q];
                done[q] = true;
            }
        decide_percentiles(x, n, pc);
        for (size_t i = 0; i < n; i++)
            score[grp[i]] = pc[i];
    }
    free(raw);
    free(start);
    free(by_pack);
    free(panel);
    free(grp);
    free(x);
    free(pc);
    free(done);
    return rc;
}

/* Ranked entries sorted by reviewer, task, pack: each reviewer's orderings. */
struct rev_entry {
    size_t reviewer;
    const char *task;
    size_t pack;
    double net;
};

static int cmp_rev_entry(const void *a, const void *b)
{
    const struct rev_entry *x = a, *y = b;
    if (x->reviewer != y->reviewer)
        return x->reviewer < y->reviewer ? -1 : 1;
    int c = cmp_str(x->task, y->task);
    if (c)
        return c;
    return (x->pack > y->pack) - (x->pack < y->pack);
}

static struct rev_entry *reviewer_orderings(const struct rank_input *in,
                                            const struct rank_result *res, size_t *n_out)
{
    struct rev_entry *v = jury_xmalloc((in->n_entries + 1) * sizeof *v);
    size_t n = 0;
    for (size_t e = 0; e < in->n_entries; e++) {
        const struct rank_entry *x = &in->entries[e];
        if (ranked(res, x->pack))
            v[n++] = (struct rev_entry){x->reviewer, in->packs[x->pack].task, x->pack, net(x)};
    }
    qsort(v, n, sizeof *v, cmp_rev_entry);
    *n_out = n;
    return v;
}

/* The end (exclusive) of the run of v starting at i with the same reviewer
 * and task. */
static size_t run_end(const struct rev_entry *v, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && v[j].reviewer == v[i].reviewer && cmp_str(v[j].task, v[i].task) == 0)
        j++;
    return j;
}

static void scores_borda(const struct rank_input *in, const struct rank_result *res, double *score)
{
    size_t n;
    struct rev_entry *v = reviewer_orderings(in, res, &n);
    double *sum = jury_xcalloc(in->n_packs + 1, sizeof *sum);
    double *cnt = jury_xcalloc(in->n_packs + 1, sizeof *cnt);
    double *x = jury_xmalloc((n + 1) * sizeof *x), *r = jury_xmalloc((n + 1) * sizeof *r);
    for (size_t i = 0; i < n;) {
        size_t j = run_end(v, n, i), k = j - i;
        for (size_t t = 0; t < k; t++)
            x[t] = v[i + t].net;
        stats_rank_average(x, k, r);
        for (size_t t = 0; t < k; t++) {
            sum[v[i + t].pack] += k > 1 ? (r[t] - 1) / (double)(k - 1) : 0.5;
            cnt[v[i + t].pack] += 1;
        }
        i = j;
    }
    for (size_t p = 0; p < in->n_packs; p++)
        score[p] = ranked(res, p) && cnt[p] > 0 ? 100 * sum[p] / cnt[p] : NAN;
    free(v);
    free(sum);
    free(cnt);
    free(x);
    free(r);
}

/* Schulze within one task whose ranked packs are ids[0..n). local[p] maps a
 * pack to its position or SIZE_MAX. */
static void schulze_task(const struct rev_entry *v, size_t nv, const char *task, const size_t *ids,
                         size_t n, const size_t *local, double *score)
{
    unsigned *d = jury_xcalloc(n * n + 1, sizeof *d), *p = jury_xcalloc(n * n + 1, sizeof *p);
    for (size_t i = 0; i < nv;) {
        size_t j = run_end(v, nv, i);
        if (cmp_str(v[i].task, task) == 0)
            for (size_t a = i; a < j; a++)
                for (size_t b = i; b < j; b++)
                    if (v[a].net > v[b].net)
                        d[local[v[a].pack] * n + local[v[b].pack]]++;
        i = j;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            p[a * n + b] = a != b && d[a * n + b] > d[b * n + a] ? d[a * n + b] : 0;
    /* Floyd-Warshall for widest paths. k == i or k == j needs no test: the
     * diagonal then gets a width no wider than a path already has, and the
     * diagonal is never counted as a win. */
    for (size_t i = 0; i < n; i++) {
        const unsigned *pi = p + i * n;
        for (size_t j = 0; j < n; j++) {
            unsigned *pj = p + j * n, ji = pj[i];
            if (j == i || !ji)
                continue;
            for (size_t k = 0; k < n; k++) {
                unsigned w = ji < pi[k] ? ji : pi[k];
                pj[k] = w > pj[k] ? w : pj[k];
            }
        }
    }
    for (size_t a = 0; a < n; a++) {
        unsigned wins = 0;
        for (size_t b = 0; b < n; b++)
            wins += p[a * n + b] > p[b * n + a];
        score[ids[a]] = wins;
    }
    free(d);
    free(p);
}

static void scores_schulze(const struct rank_input *in, const struct rank_result *res,
                           double *score, bool *skipped)
{
    size_t nv;
    struct rev_entry *v = reviewer_orderings(in, res, &nv);
    size_t *ids = jury_xmalloc((in->n_packs + 1) * sizeof *ids);
    size_t *local = jury_xmalloc((in->n_packs + 1) * sizeof *local);
    bool *done = jury_xcalloc(in->n_packs + 1, sizeof *done);
    for (size_t p = 0; p < in->n_packs; p++) {
        score[p] = NAN;
        local[p] = SIZE_MAX;
    }
    for (size_t p = 0; p < in->n_packs; p++) {
        if (done[p] || !ranked(res, p))
            continue;
        size_t n = 0;
        for (size_t q = p; q < in->n_packs; q++)
            if (!done[q] && ranked(res, q) && cmp_str(in->packs[q].task, in->packs[p].task) == 0) {
                done[q] = true;
                local[q] = n;
                ids[n++] = q;
            }
        if (n > DECIDE_SCHULZE_MAX)
            *skipped = true;
        else
            schulze_task(v, nv, in->packs[p].task, ids, n, local, score);
        for (size_t i = 0; i < n; i++)
            local[ids[i]] = SIZE_MAX;
    }
    free(v);
    free(ids);
    free(local);
    free(done);
}

int decide_scores(const struct rank_input *in, const struct rank_result *res, enum decide_method m,
                  double *score, bool *skipped, struct jury_error *err)
{
    switch (m) {
    case DECIDE_PERCENTILE:
        return scores_percentile(in, res, score, err);
    case DECIDE_BORDA:
        scores_borda(in, res, score);
        return 0;
    case DECIDE_SCHULZE:
        scores_schulze(in, res, score, skipped);
        return 0;
    default:
        return scores_by_settings(in, res, m, score, err);
    }
}

/* Competition ranks per task from score (the settings' tie-breaks apply);
 * 0 for excluded packs and packs the method could not score. */
static void ranks_of(const struct rank_input *in, const struct rank_result *res,
                     const double *score, int *rank)
{
    struct rank_result t = *res;
    t.rows = jury_xmalloc((res->n_rows + 1) * sizeof *t.rows);
    memcpy(t.rows, res->rows, res->n_rows * sizeof *t.rows);
    t.order = NULL;
    for (size_t p = 0; p < t.n_rows; p++) {
        t.rows[p].score = score[p];
        t.rows[p].excluded = res->rows[p].excluded || isnan(score[p]);
    }
    rank_sort_and_number(in, &t);
    for (size_t p = 0; p < t.n_rows; p++)
        rank[p] = t.rows[p].excluded ? 0 : t.rows[p].rank;
    free(t.rows);
    free(t.order);
}

int decide_apply_official(const struct rank_input *in, struct rank_result *res,
                          enum decide_method m, struct jury_error *err)
{
    double *score = jury_xmalloc((res->n_rows + 1) * sizeof *score);
    bool skipped = false;
    int rc = decide_scores(in, res, m, score, &skipped, err);
    if (rc == 0 && skipped)
        rc = jury_error_set(err, JURY_ERR_LIMIT, "schulze", "a task has more than %d ranked packs",
                            DECIDE_SCHULZE_MAX);
    for (size_t p = 0; rc == 0 && p < res->n_rows; p++) {
        struct rank_row *row = &res->rows[p];
        row->flags &= ~(unsigned)(RANK_FLAG_TIE | RANK_FLAG_TIE_BROKEN);
        row->rank_low = row->rank_high = 0; /* the bootstrap was for another method */
        if (!row->excluded)
            row->score = score[p];
    }
    if (rc == 0)
        rc = rank_sort_and_number(in, res);
    free(score);
    return rc;
}

static void find_shifts(const struct rank_result *res, struct decide_methods *d)
{
    size_t cap = 0, np = d->n_packs;
    for (size_t i = 0; i < res->n_rows; i++) {
        size_t p = res->order[i];
        int off = d->rank[d->official * np + p];
        for (int m = 0; off > 0 && m < DECIDE_N_METHODS; m++) {
            int other = d->rank[(size_t)m * np + p];
            if (m == (int)d->official || other <= 0 || abs(other - off) <= (int)d->threshold)
                continue;
            if (d->n_shifts == cap) {
                cap = cap ? 2 * cap : 16;
                d->shifts = jury_xrealloc(d->shifts, cap * sizeof *d->shifts);
            }
            d->shifts[d->n_shifts++] = (struct decide_shift){p, (enum decide_method)m, off, other};
        }
    }
}

int decide_methods_compute(const struct rank_input *in, const struct rank_result *res,
                           enum decide_method official, unsigned threshold,
                           struct decide_methods **out, struct jury_error *err)
{
    *out = NULL;
    struct decide_methods *d = jury_xcalloc(1, sizeof *d);
    size_t np = in->n_packs;
    d->official = official;
    d->n_packs = np;
    d->threshold = threshold;
    d->score = jury_xmalloc((DECIDE_N_METHODS * np + 1) * sizeof *d->score);
    d->rank = jury_xcalloc(DECIDE_N_METHODS * np + 1, sizeof *d->rank);
    int rc = 0;
    for (int m = 0; rc == 0 && m < DECIDE_N_METHODS; m++) {
        double *sc = d->score + (size_t)m * np;
        int *rk = d->rank + (size_t)m * np;
        rc = decide_scores(in, res, (enum decide_method)m, sc, &d->schulze_skipped, err);
        if (rc == 0)
            ranks_of(in, res, sc, rk);
    }
    /* the official column is the official result, tie-breaks and all */
    for (size_t p = 0; rc == 0 && p < np; p++) {
        d->score[official * np + p] = res->rows[p].excluded ? NAN : res->rows[p].score;
        d->rank[official * np + p] = res->rows[p].excluded ? 0 : res->rows[p].rank;
    }
    if (rc == 0)
        find_shifts(res, d);
    if (rc < 0)
        decide_methods_free(&d);
    *out = d;
    return rc;
}

void decide_methods_free(struct decide_methods **p)
{
    if (!p || !*p)
        return;
    free((*p)->score);
    free((*p)->rank);
    free((*p)->shifts);
    free(*p);
    *p = NULL;
}
