/* bridge_int.h - private to tui/: the only part of tui/ that calls app/.
 *
 * The screens read rows from here and send changes through here; every
 * change is saved by app/ at once. Strings handed out are owned by the
 * bridge and valid until the next call that changes the same rows. */
#ifndef JURY_TUI_BRIDGE_INT_H
#define JURY_TUI_BRIDGE_INT_H

#include "core/core.h"
#include "tui/tui.h"

struct bridge;

struct bridge_pack_row {
    const char *name; /* pack file name */
    const char *applicant;
    const char *task;
    const char *state; /* translated: not started, in progress, submitted */
    double total;
    size_t left; /* observation points without a score; SIZE_MAX not known yet */
    bool conflict;
};

enum bridge_item_kind {
    BI_HEADER,    /* a section title */
    BI_CONDITION, /* eligibility condition */
    BI_VETO,
    BI_INDICATOR,
    BI_AUTOCHECK,
    BI_EVIDENCE, /* a linked file: Enter opens it */
    BI_CITE,     /* a citation: Enter opens it at the page */
    BI_COMMENT,
    BI_DEDUCTION,
};

struct bridge_item {
    enum bridge_item_kind kind;
    int depth;
    char *id;     /* indicator/condition/veto/deduction id; NULL for others */
    char *text;   /* sanitised */
    char *value;  /* score, answer, result; NULL when none */
    char *detail; /* guidance, numbers used; NULL */
    char *path;   /* BI_EVIDENCE, BI_CITE */
    int page;     /* BI_CITE */
    bool scored;  /* BI_INDICATOR takes a score */
    bool bad;     /* fail / refused / missing */
    bool takes;   /* takes a value: a scored point, a condition or veto the
                     reviewer answers, a deduction (the cursor stops here) */
    bool todo;    /* a point without a score, a question without an answer */
};

struct bridge_hit {
    char *pack, *path, *snippet;
    int page;
};

int bridge_open(struct bridge **out, const struct tui_options *opt, struct jury_error *err);
void bridge_close(struct bridge **p);
/* "kit name  reviewer" for the title line. */
const char *bridge_title(struct bridge *b);

/* The pack list (sorted and filtered as asked). */
size_t bridge_pack_count(struct bridge *b);
void bridge_pack_row(struct bridge *b, size_t i, struct bridge_pack_row *row);
/* Sort by 0 name, 1 applicant, 2 task, 3 state, 4 total; filter by text. */
void bridge_pack_sort(struct bridge *b, int key);
void bridge_pack_filter(struct bridge *b, const char *text);
const char *bridge_pack_filter_text(struct bridge *b);

/* Load the next rule set the pack list still lacks (its "left" column);
 * false when none is left. The main loop calls it while no key waits, so
 * the first screen never waits for every rule set. */
bool bridge_rows_idle(struct bridge *b);

/* Open pack row i (or by name) as the current pack. */
int bridge_pack_open(struct bridge *b, size_t i, struct jury_error *err);
int bridge_pack_open_name(struct bridge *b, const char *name, struct jury_error *err);
const char *bridge_pack_name(struct bridge *b);  /* NULL when none open */
const char *bridge_pack_label(struct bridge *b); /* applicant and task */

/* Files of the current pack (display paths, sorted). */
size_t bridge_file_count(struct bridge *b);
const char *bridge_file_path(struct bridge *b, size_t i);
/* Extracted text of file i as pages (owned by the caller: free each page and
 * the array); *note says what could not be shown (images: type and size). */
int bridge_file_pages(struct bridge *b, size_t i, char ***pages, size_t *n, char **note,
                      struct jury_error *err);
long bridge_file_find(struct bridge *b, const char *path);
/* A private 0700 temporary copy of file i for an outside program (caller
 * frees the path); removed when the bridge closes. */
int bridge_file_export_temp(struct bridge *b, size_t i, char **path, struct jury_error *err);

/* The checklist of the current pack as display rows (rebuilt by changes). */
size_t bridge_item_count(struct bridge *b);
const struct bridge_item *bridge_item(struct bridge *b, size_t i);
/* "Total 45.5/100  12 left" */
const char *bridge_summary(struct bridge *b);
/* NULL when `value` is a valid score for indicator id, else why not. */
const char *bridge_score_check(struct bridge *b, const char *id, const char *value);
int bridge_score(struct bridge *b, const char *id, const char *value, struct jury_error *err);
/* The n-th (0-based) level name of a levels-scored point; NULL when it has
 * no such level (or is scored by points). */
const char *bridge_level(struct bridge *b, const char *id, size_t n);
/* The value stored for a point ("" when none). */
const char *bridge_score_shown(struct bridge *b, const char *id);
/* A deduction's typed value checked (number, range): 0 or why not. */
int bridge_deduct_valid(struct bridge *b, const char *id, const char *value,
                        struct jury_error *err);
const char *bridge_deduct_check(struct bridge *b, const char *id, const char *value);
/* "0 to 10, step 0.5" or "优 良 中 差 (1-4, A-D)": what a point takes. */
const char *bridge_score_range(struct bridge *b, const char *id);
/* The range of a deduction ("0 to 10"). */
const char *bridge_deduct_range(struct bridge *b, const char *id);
/* The reason given with a deduction ("" when none). */
const char *bridge_deduct_reason(struct bridge *b, const char *id);
int bridge_uncite(struct bridge *b, const char *id, const char *path, int page,
                  struct jury_error *err);
/* Withdraw the 回避 on `pack` (the reason is logged). */
int bridge_conflict_withdraw(struct bridge *b, const char *pack, const char *reason,
                             struct jury_error *err);
/* The declared 回避 reason of `pack`, NULL when none. */
const char *bridge_pack_conflict(struct bridge *b, const char *pack);
/* The open pack's state: submitted? */
bool bridge_submitted(struct bridge *b);
/* The summary shown before submit (owned by the bridge): total/maximum,
 * unscored points, unanswered questions, deductions with reasons, comments. */
const char *bridge_submit_summary(struct bridge *b);
/* Every point scored and every question answered. */
bool bridge_submit_ready(struct bridge *b);
int bridge_comment(struct bridge *b, const char *id, const char *text, struct jury_error *err);
const char *bridge_comment_get(struct bridge *b, const char *id);
/* The comment on condition or veto `id` of the open pack ("" clears). */
int bridge_check_comment(struct bridge *b, const char *id, const char *text,
                         struct jury_error *err);
const char *bridge_check_comment_get(struct bridge *b, const char *id);
int bridge_cite(struct bridge *b, const char *id, const char *path, int page,
                struct jury_error *err);
int bridge_confirm(struct bridge *b, const char *id, bool yes, struct jury_error *err);
int bridge_deduct(struct bridge *b, const char *id, const char *value, const char *reason,
                  struct jury_error *err);
int bridge_conflict(struct bridge *b, const char *pack, const char *reason, struct jury_error *err);
/* What is still missing before submitting (newline-separated, "" when none;
 * owned by the bridge). */
const char *bridge_missing(struct bridge *b);
int bridge_submit(struct bridge *b, struct jury_error *err);
int bridge_reopen(struct bridge *b, const char *reason, struct jury_error *err);
int bridge_export(struct bridge *b, const char *path, struct jury_error *err);
/* The proposed sheet name <kit>-<reviewer>-<date>.jury (owned by the bridge). */
const char *bridge_export_name(struct bridge *b);
/* Packs that will not count in the sheet: reopened (submitted before, now
 * in progress) or not submitted; "" when none (owned by the bridge). */
const char *bridge_export_warning(struct bridge *b);

/* Search the current pack (FTS); hits owned by the bridge. */
int bridge_search(struct bridge *b, const char *query, struct jury_error *err);
size_t bridge_hit_count(struct bridge *b);
const struct bridge_hit *bridge_hit(struct bridge *b, size_t i);

/* The reviewer's place in the open pack, kept in the store per pack. */
struct bridge_place {
    char *file; /* NULL: no file shown */
    int page;
    long top;  /* display rows from the page's first row to the viewer's top */
    char *row; /* the checklist row's id (a point, a condition ...) */
    int focus; /* the pane */
};
void bridge_place_save(struct bridge *b, const struct bridge_place *pl);
/* false when none is stored; clear with bridge_place_clear. */
bool bridge_place_get(struct bridge *b, struct bridge_place *pl);
void bridge_place_clear(struct bridge_place *pl);

/* Where the reviewer is: saved at once, restored at start. */
void bridge_save_position(struct bridge *b, const char *file, int page, const char *indicator);
void bridge_last_position(struct bridge *b, const char **pack, const char **file, int *page,
                          const char **indicator);

/* The kit's seal (checked by bridge_open; again on demand): the translated
 * warning (NULL when sealed by the organiser and unaltered, owned by the
 * bridge) and the full report (caller frees). */
void bridge_seal_check(struct bridge *b);
const char *bridge_seal_warning(struct bridge *b);
char *bridge_seal_report(struct bridge *b);

#endif
