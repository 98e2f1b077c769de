/* rank_boot.c - rank stability by bootstrap over reviewers.
 *
 * Each resample draws, for every ranked pack, as many reviewers as scored it,
 * with replacement, from that pack's reviewers, aggregates their normalised
 * values with the chosen method and ranks each task by that score alone
 * (competition ranks). Normalisation is not recomputed per resample: the
 * interval shows how much the ranking depends on which reviewers happened to
 * score a pack, not how the normalisation itself would move. One splitmix64
 * stream, consumed in pack order, makes the result a function of the seed. */
#include "db/merge_int.h"

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

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
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

struct boot {
    const struct rank_input *in;
    struct rank_result *res;
    size_t *start, *by_pack;
    struct stats_rng rng;
    double *vals;
    struct scored *sc;
    uint32_t *ranks; /* ranks[pack * B + b] */
    unsigned B;
};

static double resample_pack(struct boot *bt, size_t p)
{
    size_t n = bt->start[p + 1] - bt->start[p];
    for (size_t j = 0; j < n; j++) {
        size_t e = bt->by_pack[bt->start[p] + stats_rng_below(&bt->rng, n)];
        bt->vals[j] = bt->res->norm[e];
    }
    return rank_aggregate(&bt->res->settings, bt->vals, n);
}

static void resample_task(struct boot *bt, size_t from, size_t to, unsigned b)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        size_t p = bt->res->order[i];
        if (bt->res->rows[p].excluded)
            break; /* excluded packs come last in a task */
        bt->sc[n++] = (struct scored){resample_pack(bt, p), p};
    }
    qsort(bt->sc, n, sizeof *bt->sc, cmp_scored);
    uint32_t r = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || bt->sc[i].score != bt->sc[i - 1].score)
            r = (uint32_t)i + 1;
        bt->ranks[bt->sc[i].pack * bt->B + b] = r;
    }
}

static void set_intervals(struct boot *bt)
{
    /* nearest-rank percentiles: the ceil(p * B)-th smallest */
    size_t lo = (5 * (size_t)bt->B + 99) / 100 - 1, hi = (95 * (size_t)bt->B + 99) / 100 - 1;
    for (size_t p = 0; p < bt->res->n_rows; p++) {
        struct rank_row *row = &bt->res->rows[p];
        if (row->excluded)
            continue;
        uint32_t *r = bt->ranks + p * bt->B;
        qsort(r, bt->B, sizeof *r, cmp_u32);
        row->rank_low = (int)r[lo];
        row->rank_high = (int)r[hi];
    }
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
    size_t max_n = 1;
    for (size_t p = 0; p < in->n_packs; p++)
        if (bt.start[p + 1] - bt.start[p] > max_n)
            max_n = bt.start[p + 1] - bt.start[p];
    bt.vals = jury_xmalloc(max_n * sizeof *bt.vals);
    bt.sc = jury_xmalloc(res->n_rows * sizeof *bt.sc);
    bt.ranks = jury_xcalloc((size_t)B * res->n_rows, sizeof *bt.ranks);
    size_t *seg = jury_xmalloc((res->n_rows + 1) * sizeof *seg);
    size_t n_seg = task_segments(in, res, seg);
    for (unsigned b = 0; b < B; b++)
        for (size_t t = 0; t < n_seg; t++)
            resample_task(&bt, seg[t], seg[t + 1], b);
    set_intervals(&bt);
    free(seg);
    free(bt.vals);
    free(bt.sc);
    free(bt.ranks);
    free(bt.start);
    free(bt.by_pack);
    return 0;
}
