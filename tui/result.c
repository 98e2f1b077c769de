/* result.c - cross-pack search: the query, the FTS hits as a list, Enter
 * jumps to the file and page with the match highlighted. */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdio.h>
#include <string.h>

static char query[512];

static int find_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (!text[0])
        return TUI_DRAW;
    if (bridge_search(t->b, text, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    snprintf(query, sizeof query, "%s", text);
    t->results = (struct tui_list){0};
    list_set(&t->results, bridge_hit_count(t->b));
    if (t->results.n == 0) {
        tui_err(t, _("No file of this pack contains: %s"), text);
        return TUI_DRAW;
    }
    t->screen = SCREEN_RESULT;
    tui_say(t, _("%zu hits for %s (Enter jumps, Esc back)."), t->results.n, text);
    return TUI_RELAYOUT;
}

int act_pack_find(struct tui *t)
{
    prompt_open(t, _("Search the pack:"), query, 200, find_done, NULL);
    return TUI_DRAW;
}

void result_draw(struct tui *t)
{
    char title[1024];
    snprintf(title, sizeof title, _("Search: %s  (%zu hits)"), query, bridge_hit_count(t->b));
    draw_text(0, 0, t->cols, title, A_BOLD);
    int rows = t->lines - 4;
    list_set(&t->results, bridge_hit_count(t->b));
    list_fit(&t->results, rows);
    draw_text(1, 0, t->cols, _("File / page / text"), A_UNDERLINE);
    for (int r = 0; r < rows; r++) {
        size_t k = t->results.top + (size_t)r;
        if (k >= t->results.n)
            break;
        const struct bridge_hit *h = bridge_hit(t->b, k);
        char line[2048];
        snprintf(line, sizeof line, "%s  p.%d  %s", h->path, h->page, h->snippet);
        draw_text(2 + r, 0, t->cols, line, k == t->results.cur ? tui_attr(PAIR_SEL) : A_NORMAL);
    }
}

int result_enter(struct tui *t)
{
    if (t->results.n == 0)
        return TUI_DRAW;
    const struct bridge_hit *h = bridge_hit(t->b, t->results.cur);
    long f = bridge_file_find(t->b, h->path);
    if (f < 0) {
        tui_err(t, _("Not in this pack: %s"), h->path);
        return TUI_DRAW;
    }
    t->screen = SCREEN_PACK;
    return tui_pack_show_file(t, f, h->page, query, true);
}
