/* rank_order.c - sorting each task and competition ranks (1, 2, 2, 4).
 *
 * Scores are compared after rounding to 1e-6 points: sums of the same
 * numbers in another order differ in the last bits, and such noise must
 * neither break a tie nor invent one. Rounding keeps the order transitive,
 * which qsort needs. */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct item {
    const struct rank_row *row;
    const struct rank_pack *pack;
    const struct rank_settings *s;
};

static double key_of(double v)
{
    return isnan(v) ? -INFINITY : round(v * 1e6);
}

static int cmp_desc(double a, double b)
{
    a = key_of(a);
    b = key_of(b);
    return (a < b) - (a > b);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Compare the ranking keys only: score, named indicators, spread. */
static int cmp_keys(const struct item *x, const struct item *y)
{
    int c = cmp_desc(x->row->score, y->row->score);
    for (size_t i = 0; !c && i < x->s->n_tie_breaks; i++)
        c = cmp_desc(x->pack->tie[i], y->pack->tie[i]);
    if (!c && x->s->spread_tie_break)
        c = -cmp_desc(x->row->spread, y->row->spread); /* smaller first */
    return c;
}

static int cmp_items(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    int c = cmp_str(x->pack->task, y->pack->task);
    if (!c)
        c = (int)x->row->excluded - (int)y->row->excluded;
    if (!c && !x->row->excluded)
        c = cmp_keys(x, y);
    return c ? c : cmp_str(x->pack->id, y->pack->id);
}

int rank_sort_and_number(const struct rank_input *in, struct rank_result *res)
{
    size_t n = res->n_rows;
    struct item *it = jury_xmalloc((n ? n : 1) * sizeof *it);
    for (size_t i = 0; i < n; i++)
        it[i] = (struct item){&res->rows[i], &in->packs[i], &res->settings};
    qsort(it, n, sizeof *it, cmp_items);
    free(res->order);
    res->order = jury_xmalloc((n ? n : 1) * sizeof *res->order);
    int pos = 0;
    for (size_t i = 0; i < n; i++) {
        struct rank_row *row = &res->rows[it[i].row - res->rows];
        res->order[i] = row->pack;
        bool new_task = i == 0 || cmp_str(it[i - 1].pack->task, it[i].pack->task) != 0;
        if (new_task)
            pos = 0;
        row->rank = 0;
        if (row->excluded)
            continue;
        pos++;
        struct rank_row *prev = new_task ? NULL : &res->rows[it[i - 1].row - res->rows];
        if (prev && !prev->excluded && cmp_keys(&it[i - 1], &it[i]) == 0) {
            row->rank = prev->rank;
            row->flags |= RANK_FLAG_TIE;
            prev->flags |= RANK_FLAG_TIE;
        } else {
            row->rank = pos;
        }
        /* equal scores told apart by a tie-break the kit names: the chair sees it */
        if (prev && !prev->excluded && cmp_desc(row->score, prev->score) == 0 &&
            !(row->flags & RANK_FLAG_TIE))
            row->flags |= RANK_FLAG_TIE_BROKEN, prev->flags |= RANK_FLAG_TIE_BROKEN;
    }
    free(it);
    return 0;
}
