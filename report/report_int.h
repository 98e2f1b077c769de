/* report_int.h - private to report/: what the writers share. */
#ifndef JURY_REPORT_INT_H
#define JURY_REPORT_INT_H

#include "report/report.h"

/* v with `decimals` digits, "" for NaN. */
void report_num(double v, int decimals, char *buf, size_t size);
/* Make r->pack_start/by_pack when the ranking lacks them (merge_rank makes
 * them; merge_ranking_free frees them). */
void report_index(const struct merge_ranking *r);
/* "r1=80.00, r2=95.00": each reviewer's net total for the pack. */
void report_pack_values(const struct merge_ranking *r, size_t pack, struct jstr *out);
/* The pack's task, "-" when it has none. */
const char *report_task(const struct merge_ranking *r, size_t pack);
/* The end (exclusive) of the task that starts at result->order[from]. */
size_t report_task_end(const struct merge_ranking *r, size_t from);
/* Display columns of UTF-8 text with East Asian wide characters as 2,
 * independent of the locale (for column widths in files). */
int report_text_width(const char *s);

/* The markup as Markdown or HTML, line by line, each text escaped for the
 * medium. A place marker line "=NAME ARGS" (the PDF skips it; the markup
 * has "=chart FROM TO" after a task's ranking, FROM and TO indices into
 * result->order) is handed to mark (NULL: dropped). */
typedef void (*markup_mark_fn)(struct jstr *b, const char *line, const void *ctx);
void markup_to_markdown(struct jstr *b, const char *markup, markup_mark_fn mark, const void *ctx);
void markup_to_html(struct jstr *b, const char *markup, markup_mark_fn mark, const void *ctx);
/* report.html of the markup, with a histogram of each task's scores at its
 * "=chart" marker. */
int report_html_write(const struct merge_ranking *r, const char *markup, const char *path,
                      struct jury_error *err);

/* The report markup (see pdf_report_write in report.h): a table cell
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
