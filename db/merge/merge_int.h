/* merge_int.h - private to db/merge: the merged database's connection. */
#ifndef JURY_MERGE_INT_H
#define JURY_MERGE_INT_H

#include "db/merge/merge.h"
#include "db/sql/sql.h"

/* The merged database (OUT/merged.sqlite). */
struct merge {
    struct sqlq q;
    char *dir;
    char *path;
};

#endif
