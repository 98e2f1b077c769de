/* keys.c - every action by name, and the key table. The ':' command line
 * and the help overlay both read these tables, so a new action is one line
 * in each. */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdlib.h>
#include <string.h>

static int a_quit(struct tui *t)
{
    (void)t;
    return TUI_QUIT;
}

static int a_help(struct tui *t)
{
    t->help = !t->help;
    t->help_top = 0;
    return TUI_DRAW;
}

static int a_command(struct tui *t);

static int a_up(struct tui *t)
{
    return nav_move(t, -1);
}
static int a_down(struct tui *t)
{
    return nav_move(t, 1);
}
static int a_pgup(struct tui *t)
{
    return nav_page(t, -1);
}
static int a_pgdn(struct tui *t)
{
    return nav_page(t, 1);
}
static int a_home(struct tui *t)
{
    return nav_edge(t, false);
}
static int a_end(struct tui *t)
{
    return nav_edge(t, true);
}
static int a_left(struct tui *t)
{
    return nav_left(t);
}
static int a_right(struct tui *t)
{
    return nav_right(t);
}

static int a_next_pane(struct tui *t)
{
    return tui_pack_focus(t, (t->focus + 1) % PANE_COUNT);
}
static int a_prev_pane(struct tui *t)
{
    return tui_pack_focus(t, (t->focus + PANE_COUNT - 1) % PANE_COUNT);
}
static int a_tree(struct tui *t)
{
    return tui_pack_focus(t, PANE_TREE);
}
static int a_viewer(struct tui *t)
{
    return tui_pack_focus(t, PANE_VIEWER);
}
static int a_checklist(struct tui *t)
{
    return tui_pack_focus(t, PANE_CHECK);
}
static int a_next(struct tui *t)
{
    return tui_pack_search_next(t, 1);
}
static int a_prev(struct tui *t)
{
    return tui_pack_search_next(t, -1);
}
static int a_todo_next(struct tui *t)
{
    return checklist_todo(t, 1);
}
static int a_todo_prev(struct tui *t)
{
    return checklist_todo(t, -1);
}
static int a_level(struct tui *t)
{
    return t->key >= '1' && t->key <= '9' ? checklist_digit(t, t->key - '0') : TUI_DRAW;
}
static int a_row_up(struct tui *t)
{
    list_move(&t->check, -1);
    return TUI_DRAW;
}
static int a_row_down(struct tui *t)
{
    list_move(&t->check, 1);
    return TUI_DRAW;
}
static int a_yes(struct tui *t)
{
    return tui_pack_confirm(t, true);
}
static int a_no(struct tui *t)
{
    return tui_pack_confirm(t, false);
}

static int a_enter(struct tui *t)
{
    if (t->screen == SCREEN_LIST)
        return list_enter(t);
    if (t->screen == SCREEN_RESULT)
        return result_enter(t);
    if (t->screen == SCREEN_RANK || t->screen == SCREEN_DETAIL)
        return rank_enter(t);
    return tui_pack_enter(t);
}

static int a_conflict(struct tui *t)
{
    return t->screen == SCREEN_LIST ? list_conflict(t) : tui_pack_conflict(t);
}

/* Check the kit's seal again and show the whole report. */
static int a_verify(struct tui *t)
{
    if (!t->b) {
        tui_err(t, "%s", _("No kit is open here."));
        return TUI_DRAW;
    }
    bridge_seal_check(t->b);
    char *report = bridge_seal_report(t->b);
    notice_set(t, report);
    free(report);
    return TUI_DRAW;
}

static int a_redraw(struct tui *t)
{
    (void)t;
    clearok(curscr, TRUE);
    return TUI_RELAYOUT;
}

#define P (CTX_PACK)
#define L (CTX_LIST)
#define A (CTX_ALL)
const struct tui_action tui_actions[] = {
    {"quit", a_quit, A, N_("Quit (everything is already saved)")},
    {"help", a_help, A, N_("Show or hide this help")},
    {"command", a_command, A, N_("Run an action by name")},
    {"redraw", a_redraw, A, N_("Redraw the screen")},
    {"verify", a_verify, A, N_("Check the kit's seal and show the report")},
    {"up", a_up, A, N_("Move up")},
    {"down", a_down, A, N_("Move down")},
    {"page-up", a_pgup, A, N_("Page up")},
    {"page-down", a_pgdn, A, N_("Page down")},
    {"home", a_home, A, N_("Go to the top")},
    {"end", a_end, A, N_("Go to the bottom")},
    {"left", a_left, A, N_("Collapse a folder / previous pane")},
    {"right", a_right, A, N_("Expand a folder / next pane")},
    {"open", a_enter, A, N_("Open the selected item (score it on the checklist)")},
    {"back", tui_pack_back, P | CTX_RESULT | CTX_RANK, N_("Back to the pack list")},
    {"next-pane", a_next_pane, P, N_("Next pane")},
    {"prev-pane", a_prev_pane, P, N_("Previous pane")},
    {"tree", a_tree, P, N_("Show the evidence tree")},
    {"viewer", a_viewer, P, N_("Show the viewer")},
    {"checklist", a_checklist, P, N_("Show the checklist")},
    {"goto-page", tui_pack_goto, P, N_("Jump to a page of the file")},
    {"search", tui_pack_search, P, N_("Search in the file")},
    {"search-next", a_next, P, N_("Next match")},
    {"search-prev", a_prev, P, N_("Previous match")},
    {"find", act_pack_find, P, N_("Search the whole pack")},
    {"open-external", tui_pack_external, P, N_("Open the file in an outside program")},
    {"score", tui_pack_score, P, N_("Score the selected observation point")},
    {"comment", tui_pack_comment, P, N_("Write a comment on the observation point")},
    {"cite", tui_pack_cite, P, N_("Cite the file and page on screen")},
    {"confirm-yes", a_yes, P, N_("Answer yes to a condition or veto")},
    {"confirm-no", a_no, P, N_("Answer no to a condition or veto")},
    {"find-indicator", checklist_goto, P, N_("Jump to an indicator by id or text")},
    {"level", a_level, CTX_CHECK,
     N_("Score the point with its n-th level (1 = the first), then go to the next unscored")},
    {"next-todo", a_todo_next, CTX_CHECK, N_("Next unscored point or unanswered question")},
    {"prev-todo", a_todo_prev, CTX_CHECK, N_("Previous unscored point or unanswered question")},
    {"row-down", a_row_down, CTX_CHECK, N_("Down one row (also rows that take no value)")},
    {"row-up", a_row_up, CTX_CHECK, N_("Up one row (also rows that take no value)")},
    {"uncite", tui_pack_uncite, CTX_CHECK, N_("Remove the selected citation")},
    {"deduct", tui_pack_deduct, P, N_("Set a deduction")},
    {"conflict", a_conflict, P | L, N_("Declare a conflict of interest")},
    {"submit", tui_pack_submit, P, N_("Submit the pack")},
    {"reopen", tui_pack_reopen, P, N_("Reopen a submitted pack")},
    {"export", tui_pack_export, P | L, N_("Export the signed score sheet")},
    {"find-pack", rank_find, CTX_RANK, N_("Find a pack in the ranking")},
    {"intervals", rank_intervals, CTX_RANK, N_("Compute the 90% rank intervals (bootstrap)")},
    {"sort", list_sort, L, N_("Change the sort order")},
    {"filter", list_filter, L, N_("Filter the packs")},
};
const size_t tui_n_actions = sizeof tui_actions / sizeof tui_actions[0];

#define K(ctx, key, act, label)                                                                    \
    {                                                                                              \
        ctx, key, false, act, label                                                                \
    }
#define C(ctx, key, act, label)                                                                    \
    {                                                                                              \
        ctx, key, true, act, label                                                                 \
    }
const struct tui_key tui_keys[] = {
    K(A, 'q', "quit", "q"),
    K(A, '?', "help", "?"),
    K(A, ':', "command", ":"),
    K(A, 12, "redraw", "Ctrl-L"),
    K(A, 'k', "up", "k / Up"),
    C(A, KEY_UP, "up", NULL),
    K(A, 'j', "down", "j / Down"),
    C(A, KEY_DOWN, "down", NULL),
    C(A, KEY_PPAGE, "page-up", "PgUp / Ctrl-B"),
    K(A, 2, "page-up", NULL),
    C(A, KEY_NPAGE, "page-down", "PgDn / Ctrl-F / Space"),
    K(A, 6, "page-down", NULL),
    K(CTX_VIEW, ' ', "page-down", NULL),
    C(A, KEY_HOME, "home", "Home"),
    C(A, KEY_END, "end", "End / G"),
    K(A, 'G', "end", NULL),
    K(A, 'h', "left", "h / Left"),
    C(A, KEY_LEFT, "left", NULL),
    K(A, 'l', "right", "l / Right"),
    C(A, KEY_RIGHT, "right", NULL),
    K(A, '\r', "open", "Enter"),
    K(A, '\n', "open", NULL),
    C(A, KEY_ENTER, "open", NULL),
    K(P | CTX_RESULT | CTX_RANK, 27, "back", "Esc"),
    K(P, '\t', "next-pane", "Tab"),
    C(P, KEY_BTAB, "prev-pane", "Shift-Tab"),
    C(P, KEY_F(1), "tree", "F1"),
    C(P, KEY_F(2), "viewer", "F2"),
    C(P, KEY_F(3), "checklist", "F3"),
    K(CTX_CHECK, '1', "level", "1 ... 9 (checklist)"),
    K(CTX_CHECK, '2', "level", NULL),
    K(CTX_CHECK, '3', "level", NULL),
    K(CTX_CHECK, '4', "level", NULL),
    K(CTX_CHECK, '5', "level", NULL),
    K(CTX_CHECK, '6', "level", NULL),
    K(CTX_CHECK, '7', "level", NULL),
    K(CTX_CHECK, '8', "level", NULL),
    K(CTX_CHECK, '9', "level", NULL),
    K(CTX_CHECK, 'n', "next-todo", "n (checklist)"),
    K(CTX_CHECK, 'N', "prev-todo", "N (checklist)"),
    K(CTX_CHECK, 'J', "row-down", "J"),
    K(CTX_CHECK, 'K', "row-up", "K"),
    C(CTX_CHECK, KEY_DC, "uncite", "x / Delete (citation)"),
    K(P, 'g', "goto-page", "g"),
    K(P, '/', "search", "/"),
    K(CTX_CHECK, '/', "find-indicator", "/ (checklist)"),
    K(P, 'i', "find-indicator", "i"),
    K(P, 'n', "search-next", "n"),
    K(P, 'N', "search-prev", "N"),
    K(P, 'F', "find", "F"),
    K(P, 'o', "open-external", "o"),
    K(P, 's', "score", "s"),
    K(P, 'm', "comment", "m"),
    K(P, 'c', "cite", "c"),
    K(CTX_CHECK, 'y', "confirm-yes", "y"),
    K(CTX_CHECK, 'x', "confirm-no", "x"),
    K(P, 'd', "deduct", "d"),
    K(P | L, '!', "conflict", "!"),
    K(P, 'S', "submit", "S"),
    K(P, 'R', "reopen", "R"),
    K(P | L, 'E', "export", "E"),
    K(L, 's', "sort", "s"),
    K(L, 'f', "filter", "f"),
    K(L, '/', "filter", NULL),
    K(CTX_RANK, '/', "find-pack", "/ (ranking)"),
    K(CTX_RANK, 'b', "intervals", "b (ranking)"),
};
const size_t tui_n_keys = sizeof tui_keys / sizeof tui_keys[0];

unsigned tui_ctx_now(const struct tui *t)
{
    switch (t->screen) {
    case SCREEN_LIST:
        return CTX_LIST | CTX_ALL;
    case SCREEN_RESULT:
        return CTX_RESULT | CTX_ALL;
    case SCREEN_RANK:
    case SCREEN_DETAIL:
        return CTX_RANK | CTX_ALL;
    case SCREEN_PACK:
        break;
    }
    static const unsigned pane[PANE_COUNT] = {CTX_TREE, CTX_VIEW, CTX_CHECK};
    return pane[t->focus] | CTX_PACK | CTX_ALL;
}

const struct tui_action *tui_action_find(const char *name)
{
    for (size_t i = 0; i < tui_n_actions; i++)
        if (strcmp(tui_actions[i].name, name) == 0)
            return &tui_actions[i];
    return NULL;
}

int tui_action_run(struct tui *t, const char *name)
{
    const struct tui_action *a = tui_action_find(name);
    if (!a || !(a->ctx & tui_ctx_now(t)))
        return TUI_UNHANDLED;
    return a->run(t);
}

/* Most specific context first: a pane's binding beats the screen's. */
int tui_key_dispatch(struct tui *t, int key, bool code)
{
    unsigned now = tui_ctx_now(t);
    t->key = code ? -1 : key;
    static const unsigned order[] = {CTX_TREE, CTX_VIEW, CTX_CHECK, CTX_RESULT,
                                     CTX_RANK, CTX_LIST, CTX_PACK,  CTX_ALL};
    for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
        if (!(now & order[o]))
            continue;
        for (size_t i = 0; i < tui_n_keys; i++) {
            const struct tui_key *k = &tui_keys[i];
            if ((k->ctx & order[o]) && k->key == key && k->code == code)
                return tui_action_run(t, k->action);
        }
    }
    return TUI_UNHANDLED;
}

static int command_done(struct tui *t, const char *text)
{
    while (*text == ' ')
        text++;
    if (!*text)
        return TUI_DRAW;
    int r = tui_action_run(t, text);
    if (r & TUI_UNHANDLED) {
        tui_err(t, _("No action '%s' here (press ? for the list)."), text);
        return TUI_DRAW;
    }
    return r;
}

static int a_command(struct tui *t)
{
    prompt_open(t, ":", "", 64, command_done, NULL);
    return TUI_DRAW;
}
