/* report.h - the one public header of report/: the chair's outputs.
 *
 * One merge_ranking (db/merge) becomes ranking.csv, ranking.xlsx, report.md,
 * report.html and the report to sign as markup, which pdf_report_write lays
 * out as report.pdf through MuPDF. Every untrusted string goes out through
 * core/'s escaper for its medium (CSV, XLSX, Markdown, HTML, markup).
 */
#ifndef JURY_REPORT_H
#define JURY_REPORT_H

#include "core/core.h"
#include "db/merge/merge.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pdf_report_info;
/* Write ranking.csv (UTF-8 with BOM, RFC 4180), ranking.xlsx, report.md,
 * report.html and, when pdf is not NULL, report.pdf (pdf gets its figures)
 * into dir, each atomically (a temporary, then rename). The three documents
 * are one markup (decide_report_text) converted, so they say the same. */
int report_write_all(const struct merge_ranking *r, const char *dir, struct pdf_report_info *pdf,
                     struct jury_error *err);
int report_write_csv(const struct merge_ranking *r, const char *path, struct jury_error *err);
int report_write_xlsx(const struct merge_ranking *r, const char *path, struct jury_error *err);
/* A grid of text cells (cells[row * cols + col], NULL = empty) as the one
 * sheet of an XLSX workbook; the first head_rows rows bold and frozen. */
int table_write_xlsx(const char *path, const char *sheet, const char *const *cells, size_t rows,
                     size_t cols, size_t head_rows, struct jury_error *err);
/* How pack p's official figure was computed, in words (Chinese, then
 * English), e.g. "去掉一个最高分和一个最低分后取平均：(…) / 4 = 87.25 (…)".
 * Caller frees. */
char *report_figure_text(const struct merge_ranking *r, size_t pack);
/* Whether entry e counted: "计入 counted", "去掉 dropped（最高分 highest）", ... */
void report_entry_status(const struct merge_ranking *r, size_t entry, char *buf, size_t size);
/* "张三 (R01)", or the id when the roster gives no name. */
const char *report_reviewer_label(const struct merge_ranking *r, size_t reviewer, char *buf,
                                  size_t size);
/* The comment entry e gave observation point `point` (an index into
 * r->point_ids), or NULL. Untrusted text. */
const char *report_point_comment(const struct merge_ranking *r, size_t e, size_t point);
/* The flags of a row as text: "disagree,split-veto,tie,conflict,crosscheck,tie-broken". */
void report_flags_text(unsigned flags, char *buf, size_t size);

/* The whole report as markup (see pdf_report_write below), for report.pdf;
 * report.md and report.html are converted from the same markup. d may be
 * NULL (no decision sections then). Caller frees. */
char *decide_report_text(const struct merge_ranking *r, const struct decide_report *d);

/* ------------------------------------------------ report PDF */
/* The panel's report to sign as a print-ready A4 PDF (pdf_out.c,
 * through MuPDF; db/ never sees MuPDF). The markup is
 * UTF-8, one block per line:
 *   "# T" a title, "## T" a heading, "|a|b|c|" a table row (consecutive rows
 *   make one table, the first is its header; cells wrap), "=sig NAME" a
 *   signature line (NAME, 签字 and 日期 with lines to sign on), "---" a new
 *   page, "=NAME ..." a place another medium fills (report.html's histogram;
 *   nothing on paper), "" a small gap, anything else a wrapped paragraph.
 * Chinese text uses an embedded CJK font, reduced to the glyphs used when it
 * is TrueType ($JURY_PDF_FONT, else MuPDF's built-in Droid Sans Fallback,
 * else Noto Sans CJK SC from fonts-noto-cjk, embedded whole); Latin text
 * uses Helvetica. Written atomically. */
struct pdf_report_info {
    size_t bytes; /* size of the file written */
    int pages;
    bool font_whole; /* the CJK font could not be subset (the file is large) */
};
int pdf_report_write(const char *markup, const char *path, struct pdf_report_info *info,
                     struct jury_error *err);

#endif
