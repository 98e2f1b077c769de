/* notice.c - texts over the screen: the notice (a box, e.g. the kit seal's
 * report; any key closes it and does nothing else) and the banner (the
 * seal's warning at start: lines above the key bar; the first key closes it
 * and still does its work, so the warning never blocks). Paragraphs are
 * wrapped, never cutting a wide glyph. */
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void notice_set(struct tui *t, const char *text)
{
    notice_set_titled(t, _("Kit seal"), text);
}

void notice_set_titled(struct tui *t, const char *title, const char *text)
{
    free(t->notice);
    t->notice = jury_xstrdup(text);
    snprintf(t->notice_title, sizeof t->notice_title, "%s", title);
}

/* Wrap paragraph [p, p+len) to w columns from row *y; false when full. */
static bool notice_para(const char *p, size_t len, int *y, int last, int x, int w, attr_t a)
{
    if (len == 0) {
        draw_blank((*y)++, x, w, a);
        return *y <= last;
    }
    while (len > 0) {
        if (*y > last)
            return false;
        int used = 0;
        size_t n = utf8_fit(p, len, w - 2, &used);
        if (n == 0) /* a glyph wider than the box: show nothing more */
            return false;
        if (n < len) { /* English reads better broken at a space */
            size_t sp = n;
            while (sp > n / 2 && p[sp - 1] != ' ')
                sp--;
            if (sp > n / 2)
                n = sp;
        }
        char *line = jury_xstrndup(p, n);
        draw_blank(*y, x, 1, a);
        draw_text((*y)++, x + 1, w - 1, line, a);
        free(line);
        p += n;
        len -= n;
    }
    return true;
}

void notice_draw(struct tui *t)
{
    int w = t->cols > 84 ? 80 : t->cols - 2, h = t->lines - 3;
    if (w < 10 || h < 2) {
        w = t->cols;
        h = t->lines - 2;
    }
    int x = (t->cols - w) / 2, y = 1, last = y + h - 1;
    draw_text(y++, x, w, t->notice_title, tui_attr(PAIR_ERR) | A_REVERSE | A_BOLD);
    for (const char *p = t->notice; *p && y <= last;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!notice_para(p, len, &y, last, x, w, A_REVERSE))
            break;
        p += len + (nl != NULL);
    }
    if (y <= last)
        draw_blank(y, x, w, A_REVERSE);
}

/* Rows the banner needs at width w (at most `max`). */
static int banner_rows(const char *s, int w, int max)
{
    int used = 0, rows = 0;
    size_t len = strlen(s);
    while (len > 0 && rows < max) {
        size_t n = utf8_fit(s, len, w - 2, &used);
        if (n == 0)
            break;
        s += n;
        len -= n;
        rows++;
    }
    return rows + 1; /* and a word-wrap's spare */
}

void banner_set(struct tui *t, const char *text)
{
    free(t->banner);
    t->banner = jury_xstrdup(text);
}

void banner_draw(struct tui *t)
{
    int max = t->lines / 3;
    if (max < 1 || t->cols < 10)
        return;
    int rows = banner_rows(t->banner, t->cols, max);
    if (rows > max)
        rows = max;
    int y = t->lines - 2 - rows, last = t->lines - 3;
    attr_t a = tui_attr(PAIR_ERR) | A_REVERSE | A_BOLD;
    for (int r = y; r <= last; r++)
        draw_blank(r, 0, t->cols, a);
    notice_para(t->banner, strlen(t->banner), &y, last, 0, t->cols, a);
}
