/* actions_int.h - private to tui/: what the actions call on each screen. */
#ifndef JURY_TUI_ACTIONS_INT_H
#define JURY_TUI_ACTIONS_INT_H

#include "tui/tui_int.h"

/* Movement in whatever has focus. */
int nav_move(struct tui *t, long delta);
int nav_page(struct tui *t, int dir);
int nav_edge(struct tui *t, bool end);
int nav_left(struct tui *t);
int nav_right(struct tui *t);

/* Pack list screen. */
int list_enter(struct tui *t);
int list_sort(struct tui *t);
int list_filter(struct tui *t);
int list_conflict(struct tui *t);
/* Ask for a reason and declare a conflict on pack `name` (NULL: selected). */
int conflict_ask(struct tui *t, const char *name);
/* Select the open pack's row in the list. */
void tui_pack_list_select(struct tui *t);

/* Pack screen. */
int tui_pack_enter(struct tui *t);
int tui_pack_back(struct tui *t);
int tui_pack_focus(struct tui *t, int pane);
int tui_pack_goto(struct tui *t);
int tui_pack_search(struct tui *t);
int tui_pack_search_next(struct tui *t, int dir);
int act_pack_find(struct tui *t);
int tui_pack_external(struct tui *t);
int tui_pack_score(struct tui *t);
int tui_pack_comment(struct tui *t);
int tui_pack_cite(struct tui *t);
int tui_pack_confirm(struct tui *t, bool yes);
int tui_pack_deduct(struct tui *t);
int tui_pack_conflict(struct tui *t);
int tui_pack_submit(struct tui *t);
int tui_pack_reopen(struct tui *t);
int tui_pack_export(struct tui *t);
/* The checklist: a digit scores the point under the cursor; n/N go to the
 * next/previous row owing a value; the cursor steps over rows taking none. */
int checklist_digit(struct tui *t, int digit);
int checklist_todo(struct tui *t, int dir);
int checklist_step(struct tui *t, long delta);
void checklist_first_todo(struct tui *t);
int tui_pack_uncite(struct tui *t);
/* Leaving the pack (back to the list, another pack, quitting): its place
 * (file, page, scroll, checklist row, pane) is saved for the return. */
void tui_pack_leave(struct tui *t);
/* Jump to a checklist row by id (exact) or text. */
int checklist_goto(struct tui *t);
/* Open file index i in the viewer at page (1-based, 0 = keep), searching
 * for `mark` when not NULL; focus the viewer when `focus`. */
int tui_pack_show_file(struct tui *t, long i, int page, const char *mark, bool focus);
void tui_pack_rebuild_tree(struct tui *t);
/* Show the open pack, back at its saved place (true) or at its first row
 * owing a value (false). */
bool tui_pack_enter_screen(struct tui *t);
void tui_pack_mouse_row(struct tui *t, int pane, int row);
/* Save the reviewer's position when it changed. */
void tui_pack_track(struct tui *t);

/* Cross-pack search results screen. */
int result_enter(struct tui *t);

/* The chair's view: Enter on a ranked pack shows its table. */
int rank_enter(struct tui *t);
int rank_find(struct tui *t);
int rank_intervals(struct tui *t);

#endif
