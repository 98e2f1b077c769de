/* calib.c - a reviewer's offset and spread against their panel on the
 * calibration packs (the data comes from db/merge's calibration table). */
#include "db/rank/rank_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* The mean net total of pack p over the reviewers of `panel` who scored it. */
static double panel_mean(const struct rank_input *in, size_t p, const char *panel)
{
    double s = 0, n = 0;
    for (size_t e = 0; e < in->n_entries; e++) {
        const struct rank_entry *x = &in->entries[e];
        if (x->pack == p && cmp_str(in->reviewers[x->reviewer].panel, panel) == 0) {
            s += x->total - x->deduction;
            n += 1;
        }
    }
    return n > 0 ? s / n : NAN;
}

int calib_compute(const struct rank_input *in, const bool *is_calib, struct calib_reviewer **out,
                  size_t *n_out, struct jury_error *err)
{
    (void)err;
    struct calib_reviewer *rows = jury_xcalloc(in->n_reviewers + 1, sizeof *rows);
    double *diff = jury_xmalloc((in->n_entries + 1) * sizeof *diff);
    size_t n = 0;
    for (size_t r = 0; r < in->n_reviewers; r++) {
        size_t k = 0;
        const char *panel = in->reviewers[r].panel;
        for (size_t e = 0; e < in->n_entries; e++) {
            const struct rank_entry *x = &in->entries[e];
            if (x->reviewer == r && is_calib[x->pack])
                diff[k++] = x->total - x->deduction - panel_mean(in, x->pack, panel);
        }
        if (k == 0)
            continue;
        rows[n++] = (struct calib_reviewer){r, k, stats_mean(diff, k), stats_sd(diff, k)};
    }
    free(diff);
    *out = rows;
    *n_out = n;
    return 0;
}
