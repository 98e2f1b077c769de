/* stats.c - the statistics the ranking needs, over plain arrays.
 *
 * Nothing here knows about packs or SQLite, so the panel's methods (Borda,
 * Schulze, percentiles) can reuse it. NaN means "not available". */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double stats_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

double stats_sd(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double m = stats_mean(x, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    return sqrt(s / (double)n);
}

/* Insertion sort: the arrays here are a pack's reviewers (a handful), where
 * it beats qsort's call overhead by far (the bootstrap sorts millions). */
static void sort_small(double *x, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        for (; j > 0 && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void sort_values(double *x, size_t n)
{
    if (n <= 32)
        sort_small(x, n);
    else
        qsort(x, n, sizeof *x, cmp_double);
}

double stats_median(double *x, size_t n)
{
    if (n == 0)
        return NAN;
    sort_values(x, n);
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

double stats_trimmed_mean(double *x, size_t n, size_t trim)
{
    if (n == 0)
        return NAN;
    if (trim == 0 || n <= 2 * trim)
        return stats_mean(x, n);
    sort_values(x, n);
    return stats_mean(x + trim, n - 2 * trim);
}

double stats_pearson(const double *x, const double *y, size_t n)
{
    if (n < 2)
        return NAN;
    double mx = stats_mean(x, n), my = stats_mean(y, n);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    return sxy / sqrt(sxx * syy);
}

struct indexed {
    double v;
    size_t i;
};

static int cmp_indexed(const void *a, const void *b)
{
    const struct indexed *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

void stats_rank_average(const double *x, size_t n, double *ranks)
{
    struct indexed *v = jury_xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (struct indexed){x[i], i};
    qsort(v, n, sizeof *v, cmp_indexed);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[j + 1].v == v[i].v)
            j++;
        double r = (double)(i + j) / 2 + 1; /* average of ranks i+1 .. j+1 */
        for (size_t t = i; t <= j; t++)
            ranks[v[t].i] = r;
        i = j + 1;
    }
    free(v);
}

/* Sum of (t^3 - t) over the groups of equal values in x (tie correction). */
static double tie_term(const double *x, size_t n)
{
    double *s = jury_xmalloc((n ? n : 1) * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    sort_values(s, n);
    double t_sum = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && s[j + 1] == s[i])
            j++;
        double t = (double)(j - i + 1);
        t_sum += t * t * t - t;
        i = j + 1;
    }
    free(s);
    return t_sum;
}

double stats_kendall_w(const double *m, size_t n, size_t k)
{
    if (n < 2 || k < 2)
        return NAN;
    double *col = jury_xmalloc(n * sizeof *col), *r = jury_xmalloc(n * sizeof *r);
    double *sum = jury_xcalloc(n, sizeof *sum), ties = 0;
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            col[i] = m[i * k + j];
        stats_rank_average(col, n, r);
        for (size_t i = 0; i < n; i++)
            sum[i] += r[i];
        ties += tie_term(col, n);
    }
    double mean = (double)k * (double)(n + 1) / 2, s = 0;
    for (size_t i = 0; i < n; i++)
        s += (sum[i] - mean) * (sum[i] - mean);
    double dn = (double)n, dk = (double)k;
    double denom = dk * dk * (dn * dn * dn - dn) - dk * ties;
    free(col);
    free(r);
    free(sum);
    return denom > 0 ? 12 * s / denom : NAN;
}

double stats_icc2k(const double *m, size_t n, size_t k)
{
    if (n < 2 || k < 2)
        return NAN;
    double grand = stats_mean(m, n * k), ssr = 0, ssc = 0, sst = 0;
    for (size_t i = 0; i < n; i++) {
        double row = stats_mean(m + i * k, k);
        ssr += (row - grand) * (row - grand);
    }
    ssr *= (double)k;
    for (size_t j = 0; j < k; j++) {
        double c = 0;
        for (size_t i = 0; i < n; i++)
            c += m[i * k + j];
        c /= (double)n;
        ssc += (c - grand) * (c - grand);
    }
    ssc *= (double)n;
    for (size_t i = 0; i < n * k; i++)
        sst += (m[i] - grand) * (m[i] - grand);
    double msr = ssr / (double)(n - 1), msc = ssc / (double)(k - 1);
    double mse = (sst - ssr - ssc) / ((double)(n - 1) * (double)(k - 1));
    double denom = msr + (msc - mse) / (double)n;
    return denom != 0 ? (msr - mse) / denom : NAN;
}

void stats_rng_seed(struct stats_rng *r, uint64_t seed)
{
    r->state = seed;
}

/* splitmix64 (Steele, Lea, Flood 2014): one add, three xor-shift-multiplies. */
uint64_t stats_rng_next(struct stats_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t stats_rng_below(struct stats_rng *r, uint64_t n)
{
    /* Reject the top sliver that would make low values more likely. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do
        v = stats_rng_next(r);
    while (v >= limit);
    return v % n;
}
