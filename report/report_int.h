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

/* The panel-decision sections appended to report.md and report.html
 * (nothing when r->decide is NULL). */
void decide_md_sections(struct jstr *b, const struct merge_ranking *r);
void decide_html_sections(struct jstr *b, const struct merge_ranking *r);
/* The methods in words, for the top of report.md and report.html. */
void decide_md_methods(struct jstr *b, const struct merge_ranking *r);
void decide_html_methods(struct jstr *b, const struct merge_ranking *r);

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

#endif
