/* chair_int.h - private to tui/: the chair's view of a merge result
 * (`jury open OUT/` on a folder holding merged.sqlite). */
#ifndef JURY_TUI_CHAIR_INT_H
#define JURY_TUI_CHAIR_INT_H

#include "core/core.h"

struct chair;
struct app_rank_row;
struct app_chair_panel_row;
struct app_chair_detail;
struct app_chair_comment;

/* True when dir holds a merged.sqlite. */
bool chair_is_merged(const char *dir);
/* Rank the merged data with the settings stored by `jury merge`. */
int chair_open(struct chair **out, const char *dir, struct jury_error *err);
void chair_close(struct chair **p);
const char *chair_title(struct chair *c);
/* Rows in report order: task, then rank, then the excluded packs. */
size_t chair_count(struct chair *c);
void chair_row(struct chair *c, size_t i, struct app_rank_row *out);
/* Rank again with the bootstrap's intervals (on request: it is the slow part). */
int chair_intervals(struct chair *c, struct jury_error *err);
/* The panel's table of row i, as the reports print it: every reviewer's
 * total, deductions, net total and whether it counted; *figure (caller
 * frees) says how the official figure was computed. *out: caller frees. */
size_t chair_panel(struct chair *c, size_t i, struct app_chair_panel_row **out, char **figure);
/* The reviewers' comments on one observation point of row i (*out: caller
 * frees). */
size_t chair_comments(struct chair *c, size_t i, const char *indicator,
                      struct app_chair_comment **out);
/* The reviewer-by-indicator table of row i. */
int chair_detail_load(struct chair *c, size_t i, struct jury_error *err);
const struct app_chair_detail *chair_detail(struct chair *c);

#endif
