/* merge_int.h - private to db/: what merge, rank and report share. */
#ifndef JURY_MERGE_INT_H
#define JURY_MERGE_INT_H

#include "core/core.h"
#include "db/db.h"
#include "db/store_int.h"

/* The merged database (OUT/merged.sqlite). */
struct merge {
    struct sqlq q;
    char *dir;
    char *path;
};

/* Entries grouped by pack: the entries of pack p are
 * by_pack[start[p] .. start[p + 1]). Both arrays are the caller's to free. */
void rank_group_entries(const struct rank_input *in, size_t **start, size_t **by_pack);
/* Fill res->order and the competition ranks from the rows' scores. */
int rank_sort_and_number(const struct rank_input *in, struct rank_result *res);

/* report.c helpers shared by the outputs. */
/* v with `decimals` digits, "" for NaN. */
void report_num(double v, int decimals, char *buf, size_t size);
/* Make r->pack_start/by_pack when the ranking lacks them (merge_rank makes
 * them; merge_ranking_free frees them). */
void report_index(const struct merge_ranking *r);
/* "r1=80.00, r2=95.00": each reviewer's net total for the pack. */
void report_pack_values(const struct merge_ranking *r, size_t pack, struct jstr *out);
/* The text cells of one ranked row as the Markdown and HTML reports show them. */
struct report_cells {
    char rank[16], score[32], n[16], iv[40], flags[160];
};
void report_row_cells(const struct rank_row *row, struct report_cells *c);
/* The pack's task, "-" when it has none. */
const char *report_task(const struct merge_ranking *r, size_t pack);
/* The end (exclusive) of the task that starts at result->order[from]. */
size_t report_task_end(const struct merge_ranking *r, size_t from);
/* Display columns of UTF-8 text with East Asian wide characters as 2,
 * independent of the locale (for column widths in files). */
int report_text_width(const char *s);

#endif
