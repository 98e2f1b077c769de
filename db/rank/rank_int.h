/* rank_int.h - private to db/rank. */
#ifndef JURY_RANK_INT_H
#define JURY_RANK_INT_H

#include "db/rank/rank.h"

/* Fill res->order and the competition ranks from the rows' scores. */
int rank_sort_and_number(const struct rank_input *in, struct rank_result *res);

#endif
