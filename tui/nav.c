/* nav.c - movement in whatever has focus. */
#include "tui/actions_int.h"

static int pane_rows(struct tui *t)
{
    if (t->screen != SCREEN_PACK)
        return t->lines - 4 > 1 ? t->lines - 4 : 1;
    int h = t->pane[t->focus].h - 1;
    return h > 1 ? h : 1;
}

static struct tui_list *nav_list(struct tui *t)
{
    switch (t->screen) {
    case SCREEN_LIST:
        return &t->packs;
    case SCREEN_RESULT:
        return &t->results;
    case SCREEN_RANK:
        return &t->rank;
    case SCREEN_DETAIL:
        return &t->detail;
    case SCREEN_PACK:
        break;
    }
    return t->focus == PANE_TREE ? &t->tree : t->focus == PANE_CHECK ? &t->check : NULL;
}

int nav_move(struct tui *t, long delta)
{
    if (t->help) {
        long h = (long)t->help_top + delta;
        t->help_top = h < 0 ? 0 : (size_t)h;
        return TUI_DRAW;
    }
    struct tui_list *l = nav_list(t);
    if (l == &t->check && t->b && (delta == 1 || delta == -1))
        return checklist_step(t, delta); /* rows that take no value are passed over */
    if (l)
        list_move(l, delta);
    else
        viewer_scroll(&t->view, delta);
    return TUI_DRAW;
}

int nav_page(struct tui *t, int dir)
{
    int rows = pane_rows(t);
    return nav_move(t, dir * (rows > 2 ? rows - 1 : 1));
}

int nav_edge(struct tui *t, bool end)
{
    struct tui_list *l = nav_list(t);
    if (l)
        l->cur = end && l->n ? l->n - 1 : 0;
    else if (end)
        viewer_end(&t->view);
    else
        viewer_home(&t->view);
    return TUI_DRAW;
}
