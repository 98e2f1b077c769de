/* chair_int.h - private to tui/: the chair's view of a merge result
 * (`jury open OUT/` on a folder holding merged.sqlite). */
#ifndef JURY_TUI_CHAIR_INT_H
#define JURY_TUI_CHAIR_INT_H

#include "core/core.h"

struct chair;
struct merge_pack_detail;

struct chair_row {
    const char *task, *task_name, *pack, *applicant; /* task_name: the rule set's, may be "" */
    int rank, low, high;                             /* 0 when excluded / no interval */
    double score, spread;
    size_t n_reviewers;
    bool excluded;
    const char *reason; /* why excluded, or NULL */
    char flags[128];
};

/* True when dir holds a merged.sqlite. */
bool chair_is_merged(const char *dir);
/* Rank the merged data with the settings stored by `jury merge`. */
int chair_open(struct chair **out, const char *dir, struct jury_error *err);
void chair_close(struct chair **p);
const char *chair_title(struct chair *c);
/* Rows in report order: task, then rank, then the excluded packs. */
size_t chair_count(struct chair *c);
void chair_row(struct chair *c, size_t i, struct chair_row *out);
/* Rank again with the bootstrap's intervals (on request: it is the slow part). */
int chair_intervals(struct chair *c, struct jury_error *err);
/* The panel's table of row i, as the reports print it: every reviewer's
 * total, deductions, net total and whether it counted; *figure (caller
 * frees) says how the official figure was computed. *out: caller frees. */
struct chair_panel_row {
    char who[160];
    double total, deduction, net;
    char status[160];
};
size_t chair_panel(struct chair *c, size_t i, struct chair_panel_row **out, char **figure);
/* The reviewer-by-indicator table of row i. */
int chair_detail_load(struct chair *c, size_t i, struct jury_error *err);
const struct merge_pack_detail *chair_detail(struct chair *c);

#endif
