/* decide_int.h - private to db/: the hooks the panel decisions put
 * into the merge (merge_import.c, merge_rank.c) and the report writers. */
#ifndef JURY_DECIDE_INT_H
#define JURY_DECIDE_INT_H

#include "db/merge_int.h"

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

/* The panel-decision sections appended to report.md and report.html
 * (nothing when r->decide is NULL). */
void decide_md_sections(struct jstr *b, const struct merge_ranking *r);
void decide_html_sections(struct jstr *b, const struct merge_ranking *r);
/* The methods in words, for the top of report.md and report.html. */
void decide_md_methods(struct jstr *b, const struct merge_ranking *r);
void decide_html_methods(struct jstr *b, const struct merge_ranking *r);

/* The report markup (see pdf_report_write in packs/pack.h): a table cell
 * and a paragraph line, untrusted text unable to break out of either. */
void markup_cell(struct jstr *b, const char *s);
void markup_para(struct jstr *b, const char *s);
/* report_words.c: the methods as sentences; per pack of the task at
 * result->order[from .. to), every reviewer's result and what counted. */
void report_methods_markup(const struct merge_ranking *r, const struct decide_report *d,
                           struct jstr *b);
void report_panel_markup(const struct merge_ranking *r, size_t from, size_t to, struct jstr *b);
/* report_comments.c: a paragraph quoting entry e's comments on the given
 * observation points (nothing when it has none), each cut at
 * REPORT_COMMENT_COLS display columns; who labels the reviewer. */
#define REPORT_COMMENT_COLS 120
void report_point_comments(const struct merge_ranking *r, size_t e, const size_t *points, size_t n,
                           const char *who, struct jstr *b);
/* s without surrounding spaces, cut to cols display columns with an ellipsis
 * when longer, appended to out. */
void report_clip(const char *s, int cols, struct jstr *out);
/* For each reviewer of pack p (in reviewer order) who commented on its
 * eligibility conditions or veto items: a paragraph quoting those comments,
 * each cut at REPORT_COMMENT_COLS. */
void report_check_comments(const struct merge_ranking *r, size_t p, struct jstr *b);

#endif
