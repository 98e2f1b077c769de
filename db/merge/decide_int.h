/* decide_int.h - private to db/merge: the hooks the panel decisions put
 * into the merge (merge_import.c, merge_rank.c). */
#ifndef JURY_DECIDE_INT_H
#define JURY_DECIDE_INT_H

#include "db/merge/merge_int.h"

/* The reason of the reviewer's last reopen of pack in the sheet's signed
 * audit rows, or NULL (borrowed from sh). */
const char *requeue_reopen_reason(const struct sheet *sh, const char *pack);
/* 1 when pack is in the re-review queue, 0 when not, < 0 on error. */
int requeue_is_queued(struct merge *m, const char *pack, struct jury_error *err);
/* Before the reviewer's entry for pack (from sheet old_sheet) is replaced by
 * the one of new_sheet: keep the old values as a revision with the reason. */
int requeue_revision_begin(struct merge *m, const char *reviewer, const char *pack,
                           int64_t old_sheet, int64_t new_sheet, const char *reason,
                           struct jury_error *err);
/* After the new entry is stored: its values, and the pack marked revised. */
int requeue_revision_end(struct merge *m, const char *reviewer, const char *pack, int64_t new_sheet,
                         struct jury_error *err);

/* Make the calibration table when missing (merge_rank's queries leave its
 * packs out, so it must exist before they run). */
int calib_ensure(struct merge *m, struct jury_error *err);

#endif
