/* help.c - the help overlay (built from the key and action tables) and
 * mouse handling. */
#include "tui/actions_int.h"

#include <stdio.h>
#include <string.h>

/* The label of the first key bound to an action, or its ':' name. */
static const char *help_key(const char *action)
{
    for (size_t i = 0; i < tui_n_keys; i++)
        if (tui_keys[i].label && strcmp(tui_keys[i].action, action) == 0)
            return tui_keys[i].label;
    return "";
}

void help_draw(struct tui *t)
{
    int w = t->cols > 84 ? 80 : t->cols - 4, h = t->lines - 4;
    if (w < 10 || h < 3) {
        w = t->cols;
        h = t->lines - 2;
    }
    int x = (t->cols - w) / 2, y = 1;
    draw_text(y, x, w, _("Keys  (Esc closes; every action also runs as :name)"),
              tui_attr(PAIR_BAR) | A_BOLD);
    if (t->help_top >= tui_n_actions)
        t->help_top = tui_n_actions - 1;
    for (int r = 1; r < h; r++) {
        size_t i = t->help_top + (size_t)r - 1;
        if (i >= tui_n_actions) {
            draw_blank(y + r, x, w, A_REVERSE);
            continue;
        }
        char line[512];
        snprintf(line, sizeof line, " %-22s %-14s %s", help_key(tui_actions[i].name),
                 tui_actions[i].name, _(tui_actions[i].help));
        draw_text(y + r, x, w, line, A_REVERSE);
    }
}

static int mouse_pane(struct tui *t, int y, int x)
{
    for (int p = 0; p < PANE_COUNT; p++) {
        struct tui_rect r = t->pane[p];
        if (r.w > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w)
            return p;
    }
    return -1;
}

int tui_mouse(struct tui *t, MEVENT *ev)
{
    bool up = ev->bstate & BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    bool down = ev->bstate & BUTTON5_PRESSED;
#else
    bool down = false;
#endif
    if (t->screen == SCREEN_PACK) {
        int p = mouse_pane(t, ev->y, ev->x);
        if (p >= 0 && p != t->focus)
            tui_pack_focus(t, p);
    }
    if (up || down)
        return nav_move(t, up ? -3 : 3);
    if (!(ev->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED)))
        return TUI_DRAW;
    if (t->tabs && t->screen == SCREEN_PACK && ev->y == 0)
        return TUI_DRAW; /* the tab strip: focus changed above when on a pane */
    int row = ev->y - 2; /* row 0 title, row 1 pane heading */
    if (t->screen == SCREEN_LIST && row >= 0 && t->packs.top + (size_t)row < t->packs.n) {
        t->packs.cur = t->packs.top + (size_t)row;
        return ev->bstate & BUTTON1_DOUBLE_CLICKED ? list_enter(t) : TUI_DRAW;
    }
    if (t->screen == SCREEN_RESULT && row >= 0 && t->results.top + (size_t)row < t->results.n) {
        t->results.cur = t->results.top + (size_t)row;
        return ev->bstate & BUTTON1_DOUBLE_CLICKED ? result_enter(t) : TUI_DRAW;
    }
    if (t->screen == SCREEN_PACK && row >= 0) {
        tui_pack_mouse_row(t, t->focus, row);
        return ev->bstate & BUTTON1_DOUBLE_CLICKED ? tui_pack_enter(t) : TUI_DRAW;
    }
    return TUI_DRAW;
}
