/* rank_boot.c - rank stability by bootstrap over reviewers.
 *
 * Each resample draws, for every ranked pack, as many reviewers as scored it,
 * with replacement, from that pack's reviewers, aggregates their normalised
 * values with the chosen method and ranks each task by that score alone
 * (competition ranks). Normalisation is not recomputed per resample: the
 * interval shows how much the ranking depends on which reviewers happened to
 * score a pack, not how the normalisation itself would move. One splitmix64
 * stream, consumed in pack order, makes the result a function of the seed.
 *
 * A resample of n values never sorts them: each pack's values are sorted
 * once, a resample only counts how often each sorted position was drawn,
 * and the trimmed mean (or median) walks those counts from the low end,
 * skipping `trim` values at each end. The sum runs in the same ascending
 * order as sorting the resample would give, so the scores are bit for bit
 * those of aggregating a sorted copy. The 5th and 95th percentile ranks are
 * picked by selection, not by sorting every pack's resampled ranks. */
#define _GNU_SOURCE
#include "db/rank/rank_int.h"

#include <stdlib.h>
#include <string.h>

struct scored {
    double score;
    size_t pack;
};

static int cmp_scored(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->pack > y->pack) - (x->pack < y->pack);
}

/* The k-th smallest of r[0..n) (0-based), moving it to r[k] with nothing
 * larger before it and nothing smaller after it (Hoare's selection). */
static uint32_t select_u32(uint32_t *r, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        uint32_t pivot = r[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (r[i] < pivot)
                i++;
            while (r[j] > pivot)
                j--;
            if (i <= j) {
                uint32_t t = r[i];
                r[i++] = r[j];
                r[j] = t;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return r[k];
}

static bool same_task(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Segments of res->order holding one task's packs: seg[i]..seg[i+1]. */
static size_t task_segments(const struct rank_input *in, const struct rank_result *res, size_t *seg)
{
    size_t n_seg = 0;
    for (size_t i = 0; i < res->n_rows; i++)
        if (i == 0 || !same_task(in->packs[res->order[i - 1]].task, in->packs[res->order[i]].task))
            seg[n_seg++] = i;
    seg[n_seg] = res->n_rows;
    return n_seg;
}

/* Packs that take part, as "slots" in the order the resamples visit them
 * (task by task, in res->order, excluded packs left out), with the data
 * each resample reads laid out in that order. */
struct boot {
    const struct rank_input *in;
    struct rank_result *res;
    size_t *start, *by_pack;
    struct stats_rng rng;
    double *vals;
    struct scored *sc;
    uint32_t *ranks; /* ranks[b * n_rows + pack] */
    unsigned B;
    size_t n_slots;
    size_t *live;     /* live[q]: the pack of slot q */
    size_t *base;     /* slot q's values: sorted[base[q]] .. sorted[base[q + 1] - 1] */
    bool *counted;    /* slot q is aggregated from counts (trimmed mean or median) */
    double *sorted;   /* a counted slot's values, ascending */
    size_t *position; /* position[base[q] + j]: where by_pack's j-th value sorts */
    size_t *count;    /* draws per sorted position, for the slot at hand */
};

static int cmp_double_at(const void *a, const void *b, void *ctx)
{
    const double *v = ctx;
    double x = v[*(const size_t *)a], y = v[*(const size_t *)b];
    return (x > y) - (x < y);
}

/* Trimmed means that trim and medians are order statistics: for those
 * slots sort the values once and remember where each draw lands. */
static void prepare_slot(struct boot *bt, size_t q, size_t p, size_t *idx)
{
    const struct rank_settings *s = &bt->res->settings;
    size_t n = bt->start[p + 1] - bt->start[p], off = bt->base[q];
    double *v = bt->vals;
    bool trims = s->agg == RANK_AGG_TRIMMED && s->trim > 0 && n >= s->min_reviewers_for_trim &&
                 n > 2 * s->trim;
    bt->live[q] = p;
    bt->base[q + 1] = off + n;
    bt->counted[q] = n > 0 && (trims || s->agg == RANK_AGG_MEDIAN);
    for (size_t j = 0; bt->counted[q] && j < n; j++) {
        v[j] = bt->res->norm[bt->by_pack[bt->start[p] + j]];
        idx[j] = j;
        if (v[j] != v[j]) /* NaN has no place in an order: aggregate as before */
            bt->counted[q] = false;
    }
    if (!bt->counted[q])
        return;
    qsort_r(idx, n, sizeof *idx, cmp_double_at, v);
    for (size_t i = 0; i < n; i++) {
        bt->sorted[off + i] = v[idx[i]];
        bt->position[off + idx[i]] = i;
    }
}

/* Slots for every task segment seg[t]..seg[t+1] of res->order; slot
 * segments are written back into seg. */
static void prepare_slots(struct boot *bt, size_t *seg, size_t n_seg)
{
    size_t total = bt->start[bt->in->n_packs], max_n = 1, rows = bt->res->n_rows;
    for (size_t p = 0; p < bt->in->n_packs; p++)
        if (bt->start[p + 1] - bt->start[p] > max_n)
            max_n = bt->start[p + 1] - bt->start[p];
    bt->vals = jury_xmalloc(max_n * sizeof *bt->vals);
    bt->count = jury_xmalloc(max_n * sizeof *bt->count);
    bt->live = jury_xmalloc((rows + 1) * sizeof *bt->live);
    bt->base = jury_xcalloc(rows + 1, sizeof *bt->base);
    bt->counted = jury_xcalloc(rows + 1, sizeof *bt->counted);
    bt->sorted = jury_xmalloc((total + 1) * sizeof *bt->sorted);
    bt->position = jury_xmalloc((total + 1) * sizeof *bt->position);
    size_t *idx = jury_xmalloc(max_n * sizeof *idx), q = 0, from = seg[0];
    for (size_t t = 0; t < n_seg; t++) {
        size_t to = seg[t + 1];
        seg[t] = q;
        for (size_t i = from; i < to; i++) {
            size_t p = bt->res->order[i];
            if (bt->res->rows[p].excluded)
                break; /* excluded packs come last in a task */
            prepare_slot(bt, q++, p, idx);
        }
        from = to;
    }
    seg[n_seg] = q;
    bt->n_slots = q;
    free(idx);
}

/* The value at 0-based sorted index k of the resample described by count. */
static double nth_counted(const struct boot *bt, size_t off, size_t n, size_t k)
{
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        seen += bt->count[i];
        if (k < seen)
            return bt->sorted[off + i];
    }
    return bt->sorted[off + n - 1];
}

/* Sum the values at sorted indexes [from, to) in ascending order. */
static double sum_counted(const struct boot *bt, size_t off, size_t n, size_t from, size_t to)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n && k < to; i++)
        for (size_t c = 0; c < bt->count[i] && k < to; c++, k++)
            if (k >= from)
                s += bt->sorted[off + i];
    return s;
}

static double resample_counted(struct boot *bt, size_t q, size_t n)
{
    size_t off = bt->base[q];
    memset(bt->count, 0, n * sizeof *bt->count);
    for (size_t j = 0; j < n; j++)
        bt->count[bt->position[off + stats_rng_below(&bt->rng, n)]]++;
    if (bt->res->settings.agg == RANK_AGG_MEDIAN)
        return n % 2 ? nth_counted(bt, off, n, n / 2)
                     : (nth_counted(bt, off, n, n / 2 - 1) + nth_counted(bt, off, n, n / 2)) / 2;
    size_t trim = bt->res->settings.trim;
    return sum_counted(bt, off, n, trim, n - trim) / (double)(n - 2 * trim);
}

static double resample_slot(struct boot *bt, size_t q)
{
    size_t n = bt->base[q + 1] - bt->base[q], p = bt->live[q];
    if (bt->counted[q])
        return resample_counted(bt, q, n);
    for (size_t j = 0; j < n; j++) {
        size_t e = bt->by_pack[bt->start[p] + stats_rng_below(&bt->rng, n)];
        bt->vals[j] = bt->res->norm[e];
    }
    return rank_aggregate(&bt->res->settings, bt->vals, n);
}

static void resample_task(struct boot *bt, size_t from, size_t to, unsigned b)
{
    size_t n = 0;
    for (size_t q = from; q < to; q++)
        bt->sc[n++] = (struct scored){resample_slot(bt, q), bt->live[q]};
    qsort(bt->sc, n, sizeof *bt->sc, cmp_scored);
    uint32_t r = 0, *out = bt->ranks + (size_t)b * bt->res->n_rows;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || bt->sc[i].score != bt->sc[i - 1].score)
            r = (uint32_t)i + 1;
        out[bt->sc[i].pack] = r;
    }
}

#define GATHER 16 /* packs whose ranks are gathered together: one cache line */

static void set_intervals(struct boot *bt)
{
    /* nearest-rank percentiles: the ceil(p * B)-th smallest */
    size_t B = bt->B, rows = bt->res->n_rows;
    size_t lo = (5 * B + 99) / 100 - 1, hi = (95 * B + 99) / 100 - 1;
    uint32_t *r = jury_xmalloc(GATHER * B * sizeof *r);
    for (size_t p0 = 0; p0 < rows; p0 += GATHER) {
        size_t m = rows - p0 < GATHER ? rows - p0 : GATHER;
        for (size_t b = 0; b < B; b++)
            for (size_t k = 0; k < m; k++)
                r[k * B + b] = bt->ranks[b * rows + p0 + k];
        for (size_t k = 0; k < m; k++) {
            struct rank_row *row = &bt->res->rows[p0 + k];
            if (row->excluded)
                continue;
            uint32_t *v = r + k * B;
            row->rank_low = (int)select_u32(v, B, lo);
            /* everything from lo on is at least v[lo]: select among those */
            row->rank_high = (int)select_u32(v + lo, B - lo, hi - lo);
        }
    }
    free(r);
}

int rank_bootstrap(const struct rank_input *in, struct rank_result *res, struct jury_error *err)
{
    unsigned B = res->settings.bootstrap;
    if (B == 0 || res->n_rows == 0)
        return 0;
    if ((size_t)B * res->n_rows > ((size_t)1 << 31))
        return jury_error_set(err, JURY_ERR_LIMIT, "bootstrap",
                              "%u resamples of %zu packs is too many", B, res->n_rows);
    struct boot bt = {.in = in, .res = res, .B = B};
    rank_group_entries(in, &bt.start, &bt.by_pack);
    stats_rng_seed(&bt.rng, res->settings.seed);
    size_t *seg = jury_xmalloc((res->n_rows + 1) * sizeof *seg);
    size_t n_seg = task_segments(in, res, seg);
    prepare_slots(&bt, seg, n_seg);
    bt.sc = jury_xmalloc((bt.n_slots + 1) * sizeof *bt.sc);
    bt.ranks = jury_xcalloc((size_t)B * res->n_rows, sizeof *bt.ranks);
    for (unsigned b = 0; b < B; b++)
        for (size_t t = 0; t < n_seg; t++)
            resample_task(&bt, seg[t], seg[t + 1], b);
    set_intervals(&bt);
    free(seg);
    free(bt.vals);
    free(bt.count);
    free(bt.live);
    free(bt.base);
    free(bt.counted);
    free(bt.sorted);
    free(bt.position);
    free(bt.sc);
    free(bt.ranks);
    free(bt.start);
    free(bt.by_pack);
    return 0;
}
