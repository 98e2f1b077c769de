/* rank_agree.c - agreement per panel and cross-pack checks.
 *
 * Agreement uses the raw net totals (before normalisation): it describes the
 * reviewers as they scored, which is what a chair discusses with them. */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *panel_of(const struct rank_input *in, size_t r)
{
    return in->reviewers[r].panel ? in->reviewers[r].panel : "";
}

/* A panel's matrix: m[row * k + col] = net total or NaN when not scored. */
struct panel_matrix {
    size_t n, k;
    size_t *col_reviewer; /* column -> reviewer index */
    double *m;
};

static void build_matrix(const struct rank_input *in, const char *panel, struct panel_matrix *pm)
{
    size_t *col = jury_xmalloc((in->n_reviewers + 1) * sizeof *col);
    size_t *row = jury_xmalloc((in->n_packs + 1) * sizeof *row);
    memset(col, 0xff, (in->n_reviewers + 1) * sizeof *col);
    memset(row, 0xff, (in->n_packs + 1) * sizeof *row);
    pm->n = pm->k = 0;
    pm->col_reviewer = jury_xmalloc((in->n_reviewers + 1) * sizeof *pm->col_reviewer);
    for (size_t e = 0; e < in->n_entries; e++) {
        const struct rank_entry *x = &in->entries[e];
        if (strcmp(panel_of(in, x->reviewer), panel) != 0)
            continue;
        if (col[x->reviewer] == SIZE_MAX) {
            pm->col_reviewer[pm->k] = x->reviewer;
            col[x->reviewer] = pm->k++;
        }
        if (row[x->pack] == SIZE_MAX)
            row[x->pack] = pm->n++;
    }
    pm->m = jury_xmalloc((pm->n * pm->k + 1) * sizeof *pm->m);
    for (size_t i = 0; i < pm->n * pm->k; i++)
        pm->m[i] = NAN;
    for (size_t e = 0; e < in->n_entries; e++) {
        const struct rank_entry *x = &in->entries[e];
        if (col[x->reviewer] != SIZE_MAX && row[x->pack] != SIZE_MAX)
            pm->m[row[x->pack] * pm->k + col[x->reviewer]] = x->total - x->deduction;
    }
    free(col);
    free(row);
}

/* Copy the rows without NaN into out (n_complete rows). */
static size_t complete_rows(const struct panel_matrix *pm, double *out)
{
    size_t n = 0;
    for (size_t i = 0; i < pm->n; i++) {
        bool ok = true;
        for (size_t j = 0; j < pm->k && ok; j++)
            ok = !isnan(pm->m[i * pm->k + j]);
        if (ok)
            memcpy(out + n++ * pm->k, pm->m + i * pm->k, pm->k * sizeof *out);
    }
    return n;
}

static void reviewer_stats(const struct panel_matrix *pm, struct rank_panel_stats *ps)
{
    double *mean = jury_xmalloc((pm->n + 1) * sizeof *mean);
    for (size_t i = 0; i < pm->n; i++) {
        double s = 0, c = 0;
        for (size_t j = 0; j < pm->k; j++)
            if (!isnan(pm->m[i * pm->k + j]))
                s += pm->m[i * pm->k + j], c++;
        mean[i] = c > 0 ? s / c : NAN;
    }
    double *x = jury_xmalloc((pm->n + 1) * sizeof *x), *y = jury_xmalloc((pm->n + 1) * sizeof *y);
    ps->reviewers = jury_xcalloc(pm->k + 1, sizeof *ps->reviewers);
    for (size_t j = 0; j < pm->k; j++) {
        size_t n = 0;
        double off = 0;
        for (size_t i = 0; i < pm->n; i++) {
            double v = pm->m[i * pm->k + j];
            if (isnan(v))
                continue;
            x[n] = v;
            y[n++] = mean[i];
            off += v - mean[i];
        }
        ps->reviewers[j] = (struct rank_reviewer_stats){
            pm->col_reviewer[j], n, n ? off / (double)n : NAN, stats_pearson(x, y, n)};
    }
    free(mean);
    free(x);
    free(y);
}

int rank_agreement(const struct rank_input *in, struct rank_panel_stats **out, size_t *n_out,
                   struct jury_error *err)
{
    struct rank_panel_stats *ps = jury_xcalloc(in->n_reviewers + 1, sizeof *ps);
    size_t n = 0;
    for (size_t r = 0; r < in->n_reviewers; r++) {
        size_t q = 0;
        while (q < n && strcmp(ps[q].panel, panel_of(in, r)) != 0)
            q++;
        if (q < n)
            continue;
        struct panel_matrix pm;
        build_matrix(in, panel_of(in, r), &pm);
        if (pm.k == 0) {
            free(pm.m);
            free(pm.col_reviewer);
            continue; /* nobody of this panel scored anything */
        }
        struct rank_panel_stats *p = &ps[n++];
        p->panel = panel_of(in, r);
        p->n_reviewers = pm.k;
        p->n_packs = pm.n;
        double *c = jury_xmalloc((pm.n * pm.k + 1) * sizeof *c);
        p->n_complete = complete_rows(&pm, c);
        p->kendall_w = stats_kendall_w(c, p->n_complete, pm.k);
        p->icc2k = stats_icc2k(c, p->n_complete, pm.k);
        reviewer_stats(&pm, p);
        free(c);
        free(pm.m);
        free(pm.col_reviewer);
    }
    *out = ps;
    *n_out = n;
    return 0;
}

void rank_agreement_free(struct rank_panel_stats **p, size_t n)
{
    if (!p || !*p)
        return;
    for (size_t i = 0; i < n; i++)
        free((*p)[i].reviewers);
    free(*p);
    *p = NULL;
}

static int cmp_key_ptr(const void *a, const void *b)
{
    const struct rank_key *x = *(const struct rank_key *const *)a;
    const struct rank_key *y = *(const struct rank_key *const *)b;
    int c = strcmp(x->key, y->key);
    if (!c)
        c = strcmp(x->value, y->value);
    return c ? c : (x->pack > y->pack) - (x->pack < y->pack);
}

static bool counts_as_pair(const struct rank_input *in, const struct rank_key *a,
                           const struct rank_key *b, bool different_applicants)
{
    const struct rank_pack *x = &in->packs[a->pack], *y = &in->packs[b->pack];
    if (a->pack == b->pack)
        return false;
    if (different_applicants)
        return strcmp(x->applicant ? x->applicant : "", y->applicant ? y->applicant : "") != 0;
    return strcmp(x->task ? x->task : "", y->task ? y->task : "") == 0;
}

int rank_find_collisions(const struct rank_input *in, const struct rank_key *keys, size_t n,
                         bool different_applicants, struct rank_collision **out, size_t *n_out,
                         struct jury_error *err)
{
    const struct rank_key **s = jury_xmalloc((n + 1) * sizeof *s);
    for (size_t i = 0; i < n; i++) {
        if (keys[i].pack >= in->n_packs || !keys[i].key || !keys[i].value) {
            free(s);
            return jury_error_set(err, JURY_ERR_INVALID, "crosscheck", "key %zu is invalid", i);
        }
        s[i] = &keys[i];
    }
    qsort(s, n, sizeof *s, cmp_key_ptr);
    struct rank_collision *c = jury_xcalloc(n + 1, sizeof *c);
    size_t nc = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(s[j]->key, s[i]->key) == 0 && strcmp(s[j]->value, s[i]->value) == 0)
            j++;
        bool hit = false;
        for (size_t a = i; a < j && !hit; a++)
            for (size_t b = a + 1; b < j && !hit; b++)
                hit = counts_as_pair(in, s[a], s[b], different_applicants);
        if (hit) {
            c[nc].keys = jury_xmalloc((j - i) * sizeof *c[nc].keys);
            memcpy(c[nc].keys, s + i, (j - i) * sizeof *c[nc].keys);
            c[nc++].n_keys = j - i;
        }
        i = j;
    }
    free(s);
    *out = c;
    *n_out = nc;
    return 0;
}

void rank_collisions_free(struct rank_collision **p, size_t n)
{
    if (!p || !*p)
        return;
    for (size_t i = 0; i < n; i++)
        free((*p)[i].keys);
    free(*p);
    *p = NULL;
}
