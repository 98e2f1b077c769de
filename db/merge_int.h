/* merge_int.h - private to db/: what merge, rank and report share. */
#ifndef JURY_MERGE_INT_H
#define JURY_MERGE_INT_H

#include "core/core.h"
#include "db/db.h"

/* Entries grouped by pack: the entries of pack p are
 * by_pack[start[p] .. start[p + 1]). Both arrays are the caller's to free. */
void rank_group_entries(const struct rank_input *in, size_t **start, size_t **by_pack);
/* Fill res->order and the competition ranks from the rows' scores. */
int rank_sort_and_number(const struct rank_input *in, struct rank_result *res);

#endif
