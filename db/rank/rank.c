/* rank.c - from reviewer totals to a ranking per task.
 *
 * Steps, in order: group entries by pack; decide vetoes (a vetoed or
 * ineligible pack leaves the ranking before anything is normalised, so it
 * cannot shift other packs' z-scores); normalise net totals; aggregate per
 * pack (marking which values the trimming or the median left out, for the
 * reports' panel tables); sort each task and give competition ranks; the
 * bootstrap (rank_boot.c) only when intervals are asked for. */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rank_group_entries(const struct rank_input *in, size_t **start, size_t **by_pack)
{
    size_t *st = jury_xcalloc(in->n_packs + 1, sizeof *st);
    size_t *bp = jury_xmalloc((in->n_entries ? in->n_entries : 1) * sizeof *bp);
    for (size_t e = 0; e < in->n_entries; e++)
        st[in->entries[e].pack + 1]++;
    for (size_t p = 0; p < in->n_packs; p++)
        st[p + 1] += st[p];
    size_t *fill = jury_xmalloc((in->n_packs + 1) * sizeof *fill);
    memcpy(fill, st, (in->n_packs + 1) * sizeof *fill);
    for (size_t e = 0; e < in->n_entries; e++)
        bp[fill[in->entries[e].pack]++] = e;
    free(fill);
    *start = st;
    *by_pack = bp;
}

double rank_trimmed_mean(double *x, size_t n, size_t trim, size_t min_reviewers)
{
    if (n < min_reviewers)
        trim = 0;
    return stats_trimmed_mean(x, n, trim);
}

double rank_aggregate(const struct rank_settings *s, double *x, size_t n)
{
    switch (s->agg) {
    case RANK_AGG_TRIMMED:
    case RANK_AGG_POINT_TRIMMED: /* on totals: what the bootstrap resamples */
        return rank_trimmed_mean(x, n, s->trim, s->min_reviewers_for_trim);
    case RANK_AGG_MEDIAN:
        return stats_median(x, n);
    case RANK_AGG_MEAN:
    default:
        return stats_mean(x, n);
    }
}

struct ctx {
    const struct rank_input *in;
    const struct rank_settings *s;
    struct rank_result *res;
    size_t *start;
    size_t *by_pack;
    size_t *sc_start; /* scores of entry e: sc_by_entry[sc_start[e] .. sc_start[e + 1]) */
    size_t *sc_by_entry;
};

/* How many values the aggregation leaves out at each end of n. */
static size_t left_out(const struct rank_settings *s, size_t n)
{
    switch (s->agg) {
    case RANK_AGG_TRIMMED:
    case RANK_AGG_POINT_TRIMMED:
        return n >= s->min_reviewers_for_trim && s->trim > 0 && n > 2 * s->trim ? s->trim : 0;
    case RANK_AGG_MEDIAN:
        return n > 0 ? (n - 1) / 2 : 0;
    case RANK_AGG_MEAN:
    default:
        return 0;
    }
}

/* A value and who gave it, for marking what was left out. */
struct valued {
    double v;
    size_t id;
    size_t group; /* the observation point, when trimming per point */
};

static int cmp_valued(const void *a, const void *b)
{
    const struct valued *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Sort v[0..n) (one group) and set out[id] for the `cut` lowest and highest;
 * returns the mean of the rest. */
static double mean_kept(struct valued *v, size_t n, size_t cut, signed char *out)
{
    qsort(v, n, sizeof *v, cmp_valued);
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        signed char side = i < cut ? -1 : i >= n - cut ? 1 : 0;
        if (out)
            out[v[i].id] = side;
        sum += side ? 0 : v[i].v;
    }
    return n > 2 * cut ? sum / (double)(n - 2 * cut) : NAN;
}

static int check_input(const struct rank_input *in, struct jury_error *err)
{
    for (size_t e = 0; e < in->n_entries; e++) {
        const struct rank_entry *x = &in->entries[e];
        if (x->pack >= in->n_packs || x->reviewer >= in->n_reviewers)
            return jury_error_set(err, JURY_ERR_INVALID, "rank", "entry %zu out of range", e);
        if (!isfinite(x->total) || !isfinite(x->deduction))
            return jury_error_set(err, JURY_ERR_INVALID, in->packs[x->pack].id,
                                  "a total or deduction is not a number");
    }
    for (size_t i = 0; i < in->n_scores; i++)
        if (in->scores[i].entry >= in->n_entries || !isfinite(in->scores[i].points))
            return jury_error_set(err, JURY_ERR_INVALID, "rank", "score %zu out of range", i);
    return 0;
}

int rank_chair_vote(const struct rank_input *in, const size_t *start, const size_t *by_pack,
                    size_t p)
{
    for (size_t i = start[p]; i < start[p + 1]; i++) {
        const struct rank_entry *e = &in->entries[by_pack[i]];
        if (in->reviewers[e->reviewer].chair)
            return e->veto ? 1 : 0;
    }
    return -1;
}

static int chair_vote(const struct ctx *c, size_t p)
{
    return rank_chair_vote(c->in, c->start, c->by_pack, p);
}

enum rank_veto_policy rank_pack_veto_policy(const struct rank_settings *s,
                                            const struct rank_pack *pk)
{
    struct rank_settings t = *s;
    if (pk->veto_policy && rank_settings_set_veto_policy(&t, pk->veto_policy, NULL) == 0)
        return t.veto_policy;
    return s->veto_policy; /* none, or a name this version does not know */
}

static enum rank_veto_policy policy_of(const struct ctx *c, size_t p)
{
    return rank_pack_veto_policy(c->s, &c->in->packs[p]);
}

static bool veto_carries(const struct ctx *c, size_t p, size_t votes, size_t n)
{
    if (votes == 0)
        return false;
    switch (policy_of(c, p)) {
    case RANK_VETO_ANY:
        return true;
    case RANK_VETO_CHAIR: {
        int v = chair_vote(c, p);
        if (v >= 0)
            return v == 1;
        break;
    }
    case RANK_VETO_MAJORITY:
    default:
        break;
    }
    if (2 * votes != n)
        return 2 * votes > n;
    return chair_vote(c, p) == 1; /* a tie goes to the chair; no chair: stays */
}

static char *veto_reason(const struct ctx *c, size_t p, size_t votes, size_t n)
{
    struct jstr b = {0};
    jstr_addf(&b, "veto %zu/%zu", votes, n);
    const char *sep = ": ";
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++) {
        const char *r = c->in->entries[c->by_pack[i]].veto_reason;
        if (!r || !c->in->entries[c->by_pack[i]].veto || strstr(jstr_cstr(&b), r))
            continue;
        jstr_add(&b, sep);
        jstr_add(&b, r);
        sep = "; ";
    }
    return jstr_take(&b);
}

static void decide_vetoes(struct ctx *c)
{
    for (size_t p = 0; p < c->in->n_packs; p++) {
        struct rank_row *row = &c->res->rows[p];
        size_t n = c->start[p + 1] - c->start[p], votes = 0;
        for (size_t i = c->start[p]; i < c->start[p + 1]; i++)
            votes += c->in->entries[c->by_pack[i]].veto;
        row->n_reviewers = n;
        row->veto_votes = votes;
        if (c->in->packs[p].ineligible) {
            row->excluded = true;
            row->cause = RANK_OUT_INELIGIBLE;
            struct jstr b = {0};
            jstr_addf(&b, "ineligible: %s", c->in->packs[p].ineligible);
            row->reason = jstr_take(&b);
        } else if (n == 0) {
            row->excluded = true;
            row->cause = RANK_OUT_UNSCORED;
            row->reason = jury_xstrdup("no scores");
        } else if (veto_carries(c, p, votes, n)) {
            row->excluded = true;
            row->cause = RANK_OUT_VETO;
            row->reason = veto_reason(c, p, votes, n);
        } else if (votes > 0) {
            row->flags |= RANK_FLAG_SPLIT_VETO;
        }
    }
}

static double net_of(const struct rank_entry *e)
{
    return e->total - e->deduction;
}

/* Group of entry e for normalisation: its reviewer or its panel's index. */
static size_t *norm_groups(const struct ctx *c, size_t *n_groups)
{
    const struct rank_input *in = c->in;
    size_t *g = jury_xmalloc((in->n_reviewers ? in->n_reviewers : 1) * sizeof *g);
    size_t n = 0;
    for (size_t r = 0; r < in->n_reviewers; r++) {
        if (c->s->norm != RANK_NORM_PANEL) {
            g[r] = n++;
            continue;
        }
        const char *pr = in->reviewers[r].panel ? in->reviewers[r].panel : "";
        size_t q = 0;
        for (; q < r; q++) {
            const char *pq = in->reviewers[q].panel ? in->reviewers[q].panel : "";
            if (strcmp(pq, pr) == 0)
                break;
        }
        g[r] = q < r ? g[q] : n++;
    }
    *n_groups = n;
    return g;
}

/* z-score each group's net totals and map them back onto the pool. */
static void normalise_groups(struct ctx *c)
{
    const struct rank_input *in = c->in;
    size_t n_groups, *group = norm_groups(c, &n_groups);
    double *sum = jury_xcalloc(n_groups + 1, sizeof *sum);
    double *sq = jury_xcalloc(n_groups + 1, sizeof *sq);
    double *cnt = jury_xcalloc(n_groups + 1, sizeof *cnt);
    for (size_t e = 0; e < in->n_entries; e++) {
        if (isnan(c->res->norm[e]))
            continue;
        size_t g = group[in->entries[e].reviewer];
        double v = net_of(&in->entries[e]);
        sum[g] += v;
        sq[g] += v * v;
        cnt[g] += 1;
    }
    for (size_t e = 0; e < in->n_entries; e++) {
        if (isnan(c->res->norm[e]))
            continue;
        size_t g = group[in->entries[e].reviewer];
        double m = sum[g] / cnt[g], var = sq[g] / cnt[g] - m * m;
        double sd = var > 1e-12 ? sqrt(var) : 0;
        double z = sd > 0 ? (net_of(&in->entries[e]) - m) / sd : 0;
        c->res->norm[e] = c->res->pool_mean + z * c->res->pool_sd;
    }
    free(group);
    free(sum);
    free(sq);
    free(cnt);
}

static void normalise(struct ctx *c)
{
    const struct rank_input *in = c->in;
    double s = 0, sq = 0, n = 0;
    for (size_t e = 0; e < in->n_entries; e++) {
        c->res->norm[e] = NAN;
        if (c->res->rows[in->entries[e].pack].excluded)
            continue;
        double v = net_of(&in->entries[e]);
        c->res->norm[e] = v;
        s += v;
        sq += v * v;
        n += 1;
    }
    c->res->pool_mean = n > 0 ? s / n : NAN;
    double var = n > 0 ? sq / n - (s / n) * (s / n) : NAN;
    c->res->pool_sd = var > 0 ? sqrt(var) : 0;
    if (c->s->norm != RANK_NORM_NONE && n > 0)
        normalise_groups(c);
}

/* Mark which of pack p's entries the aggregation of totals left out. */
static void mark_entries(struct ctx *c, size_t p, struct valued *v)
{
    size_t n = 0;
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++)
        v[n++] = (struct valued){c->res->norm[c->by_pack[i]], c->by_pack[i], 0};
    mean_kept(v, n, left_out(c->s, n), c->res->dropped);
}

/* Point trimming of pack p: the sum over its observation points of the
 * trimmed mean of the reviewers' points, minus the deductions trimmed and
 * averaged the same way. NaN when no entry of p has per-point scores. */
static double point_trimmed(struct ctx *c, size_t p)
{
    size_t n = 0, n_ent = c->start[p + 1] - c->start[p];
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++)
        n += c->sc_start[c->by_pack[i] + 1] - c->sc_start[c->by_pack[i]];
    if (n == 0)
        return NAN;
    struct valued *v = jury_xmalloc((n + n_ent) * sizeof *v);
    size_t k = 0;
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++) {
        size_t e = c->by_pack[i];
        for (size_t j = c->sc_start[e]; j < c->sc_start[e + 1]; j++) {
            const struct rank_score *x = &c->in->scores[c->sc_by_entry[j]];
            v[k++] = (struct valued){x->points, c->sc_by_entry[j], x->point};
        }
    }
    qsort(v, n, sizeof *v, cmp_valued);
    double score = 0;
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && v[b].group == v[a].group;)
            b++;
        score += mean_kept(v + a, b - a, left_out(c->s, b - a), c->res->score_dropped);
    }
    for (size_t j = 0; j < n; j++) {
        const struct rank_score *x = &c->in->scores[v[j].id];
        c->res->points_dropped[x->entry] += c->res->score_dropped[v[j].id] != 0;
    }
    k = 0;
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++)
        v[k++] = (struct valued){c->in->entries[c->by_pack[i]].deduction, c->by_pack[i], 0};
    score -= mean_kept(v, k, left_out(c->s, k), NULL);
    free(v);
    return score;
}

/* Plain mean and spread of pack p's net totals (row->mean, row->spread and
 * the disagreement flag); scratch holds the pack's normalised values after. */
static size_t pack_values(struct ctx *c, size_t p, double *scratch, double *nets)
{
    struct rank_row *row = &c->res->rows[p];
    size_t n = 0;
    for (size_t i = c->start[p]; i < c->start[p + 1]; i++) {
        size_t e = c->by_pack[i];
        scratch[n] = c->res->norm[e];
        nets[n++] = net_of(&c->in->entries[e]);
    }
    if (n == 0) {
        row->score = row->mean = row->spread = NAN;
        return 0;
    }
    row->mean = stats_mean(nets, n);
    double lo = nets[0], hi = nets[0];
    for (size_t i = 1; i < n; i++) {
        lo = nets[i] < lo ? nets[i] : lo;
        hi = nets[i] > hi ? nets[i] : hi;
    }
    row->spread = hi - lo;
    if (row->spread > c->s->disagreement_total)
        row->flags |= RANK_FLAG_DISAGREE;
    return n;
}

static void aggregate(struct ctx *c, double *scratch, double *nets, struct valued *v)
{
    for (size_t p = 0; p < c->in->n_packs; p++) {
        struct rank_row *row = &c->res->rows[p];
        size_t n = pack_values(c, p, scratch, nets);
        if (n == 0)
            continue;
        if (row->excluded) {
            row->score = NAN;
            continue;
        }
        row->score = c->s->agg == RANK_AGG_POINT_TRIMMED ? point_trimmed(c, p) : NAN;
        if (isnan(row->score)) {
            mark_entries(c, p, v);
            row->score = rank_aggregate(c->s, scratch, n);
        }
    }
}

/* Scores grouped by entry (see struct ctx). */
static void group_scores(struct ctx *c)
{
    const struct rank_input *in = c->in;
    c->sc_start = jury_xcalloc(in->n_entries + 2, sizeof *c->sc_start);
    c->sc_by_entry = jury_xmalloc((in->n_scores ? in->n_scores : 1) * sizeof *c->sc_by_entry);
    for (size_t i = 0; i < in->n_scores; i++)
        c->sc_start[in->scores[i].entry + 1]++;
    for (size_t e = 0; e < in->n_entries; e++)
        c->sc_start[e + 1] += c->sc_start[e];
    size_t *fill = jury_xmalloc((in->n_entries + 1) * sizeof *fill);
    memcpy(fill, c->sc_start, (in->n_entries + 1) * sizeof *fill);
    for (size_t i = 0; i < in->n_scores; i++)
        c->sc_by_entry[fill[in->scores[i].entry]++] = i;
    free(fill);
}

static struct rank_result *result_new(const struct rank_input *in, const struct rank_settings *s)
{
    struct rank_result *res = jury_xcalloc(1, sizeof *res);
    res->settings = *s;
    res->n_rows = in->n_packs;
    res->rows = jury_xcalloc(in->n_packs ? in->n_packs : 1, sizeof *res->rows);
    res->norm = jury_xmalloc((in->n_entries ? in->n_entries : 1) * sizeof *res->norm);
    res->dropped = jury_xcalloc(in->n_entries + 1, sizeof *res->dropped);
    res->points_dropped = jury_xcalloc(in->n_entries + 1, sizeof *res->points_dropped);
    res->score_dropped = jury_xcalloc(in->n_scores + 1, sizeof *res->score_dropped);
    for (size_t p = 0; p < in->n_packs; p++)
        res->rows[p].pack = p;
    return res;
}

int rank_compute(const struct rank_input *in, const struct rank_settings *s,
                 struct rank_result **out, struct jury_error *err)
{
    *out = NULL;
    int rc = check_input(in, err);
    if (rc)
        return rc;
    struct rank_result *res = result_new(in, s);
    struct ctx c = {.in = in, .s = &res->settings, .res = res};
    rank_group_entries(in, &c.start, &c.by_pack);
    group_scores(&c);
    size_t max_n = 1;
    for (size_t p = 0; p < in->n_packs; p++)
        max_n = c.start[p + 1] - c.start[p] > max_n ? c.start[p + 1] - c.start[p] : max_n;
    double *scratch = jury_xmalloc(2 * max_n * sizeof *scratch);
    struct valued *v = jury_xmalloc(max_n * sizeof *v);
    decide_vetoes(&c);
    normalise(&c);
    aggregate(&c, scratch, scratch + max_n, v);
    free(v);
    free(scratch);
    free(c.start);
    free(c.by_pack);
    free(c.sc_start);
    free(c.sc_by_entry);
    rank_sort_and_number(in, res);
    if (s->intervals && s->bootstrap > 0 && (rc = rank_bootstrap(in, res, err)) != 0) {
        rank_result_free(&res);
        return rc;
    }
    *out = res;
    return 0;
}

void rank_result_free(struct rank_result **p)
{
    if (!p || !*p)
        return;
    for (size_t i = 0; i < (*p)->n_rows; i++)
        free((*p)->rows[i].reason);
    free((*p)->rows);
    free((*p)->order);
    free((*p)->norm);
    free((*p)->dropped);
    free((*p)->points_dropped);
    free((*p)->score_dropped);
    free(*p);
    *p = NULL;
}
