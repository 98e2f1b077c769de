/* draw.c - drawing helpers on stdscr and the scrolling-list position. */
#include "tui/tui_int.h"

#include <stdlib.h>
#include <string.h>

/* True when s holds a character the terminal escaper would show escaped. */
static bool needs_escape(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k < 0 || esc_unsafe_cp(cp))
            return true;
        i += (size_t)k;
    }
    return false;
}

/* Every text the workbench shows passes here: whatever a caller forgot,
 * controls, escape sequences and bidi overrides reach the screen escaped. */
int draw_text(int y, int x, int w, const char *s, attr_t attr)
{
    if (w <= 0 || y < 0 || y >= LINES)
        return 0;
    char *safe = needs_escape(s) ? esc_term_dup(s) : NULL;
    if (safe)
        s = safe;
    int used = 0;
    size_t len = strlen(s);
    size_t n = utf8_fit(s, len, w, &used);
    bool cut = n < len && w >= 2;
    if (cut) /* an ellipsis says there is more (one column, as wcwidth says) */
        n = utf8_fit(s, len, w - 1, &used);
    attron(attr);
    mvaddnstr(y, x, s, (int)n);
    if (cut) {
        addstr("\u2026");
        used += 1;
    }
    for (int i = used; i < w; i++)
        addch(' ');
    attroff(attr);
    free(safe);
    return used;
}

void draw_blank(int y, int x, int w, attr_t attr)
{
    draw_text(y, x, w, "", attr);
}

void draw_box_title(struct tui_rect r, const char *title, bool focused)
{
    attr_t a = focused ? (A_BOLD | tui_attr(PAIR_BAR)) : A_BOLD;
    draw_text(r.y, r.x, r.w, title, a);
}

void list_set(struct tui_list *l, size_t n)
{
    l->n = n;
    if (l->cur >= n)
        l->cur = n ? n - 1 : 0;
    if (l->top > l->cur)
        l->top = l->cur;
}

void list_move(struct tui_list *l, long delta)
{
    if (l->n == 0)
        return;
    long c = (long)l->cur + delta;
    l->cur = c < 0 ? 0 : (size_t)c >= l->n ? l->n - 1 : (size_t)c;
}

void list_fit(struct tui_list *l, int rows)
{
    if (rows < 1)
        rows = 1;
    if (l->cur < l->top)
        l->top = l->cur;
    if (l->cur >= l->top + (size_t)rows)
        l->top = l->cur - (size_t)rows + 1;
}
