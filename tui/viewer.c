/* viewer.c - the text viewer widget: wrapped pages, page jumps, in-file
 * search with highlighted matches. */
#include "tui/tui_int.h"

#include <stdlib.h>
#include <string.h>

void viewer_set(struct viewer *v, const char *title, const char *const *pages, size_t n,
                const char *note)
{
    int w = v->width, h = v->height;
    viewer_free(v);
    v->width = w;
    v->height = h;
    v->title = jury_xstrdup(title ? title : "");
    v->note = note ? jury_xstrdup(note) : NULL;
    tv_doc_build(&v->doc, pages, n);
    tv_wrap_build(&v->wrap, &v->doc, w > 0 ? w : 80);
    v->loaded = true;
}

void viewer_free(struct viewer *v)
{
    tv_doc_free(&v->doc);
    tv_wrap_free(&v->wrap);
    free(v->title);
    free(v->note);
    free(v->matches);
    free(v->needle);
    memset(v, 0, sizeof *v);
}

static size_t viewer_max_top(const struct viewer *v)
{
    size_t h = v->height > 0 ? (size_t)v->height : 1;
    return v->wrap.n > h ? v->wrap.n - h : 0;
}

/* Rewrap for a new width keeping the same text at the top. */
void viewer_resize(struct viewer *v, int width, int height)
{
    v->height = height;
    if (width < 1)
        width = 1;
    if (!v->loaded || width == v->wrap.width) {
        v->width = width;
        return;
    }
    struct tv_row anchor = v->wrap.n ? v->wrap.rows[v->top] : (struct tv_row){0, 0, 0};
    tv_wrap_free(&v->wrap);
    tv_wrap_build(&v->wrap, &v->doc, width);
    v->width = width;
    v->top = tv_wrap_find(&v->wrap, anchor.line, anchor.off);
}

void viewer_scroll(struct viewer *v, long rows)
{
    long t = (long)v->top + rows;
    size_t max = viewer_max_top(v);
    v->top = t < 0 ? 0 : (size_t)t > max ? max : (size_t)t;
}

void viewer_home(struct viewer *v)
{
    v->top = 0;
}

void viewer_end(struct viewer *v)
{
    v->top = viewer_max_top(v);
}

size_t viewer_page(const struct viewer *v)
{
    if (!v->loaded || v->wrap.n == 0)
        return 1;
    return v->doc.line_page[v->wrap.rows[v->top].line] + 1;
}

size_t viewer_pages(const struct viewer *v)
{
    return v->loaded ? v->doc.n_pages : 0;
}

void viewer_goto_page(struct viewer *v, size_t page1)
{
    if (!v->loaded || page1 == 0)
        return;
    v->top = tv_wrap_page_row(&v->wrap, &v->doc, page1 - 1);
}

static void viewer_show_match(struct viewer *v)
{
    const struct tv_match *m = &v->matches[v->cur_match];
    size_t row = tv_wrap_find(&v->wrap, m->line, m->off);
    /* A couple of rows of context above the match, but never from the page
     * before: the page number shown (and cited) is the match's page. */
    size_t first = tv_wrap_page_row(&v->wrap, &v->doc, v->doc.line_page[m->line]);
    v->top = row > 2 ? row - 2 : 0;
    if (v->top < first)
        v->top = first;
}

size_t viewer_search(struct viewer *v, const char *needle)
{
    free(v->matches);
    free(v->needle);
    v->matches = NULL;
    v->n_matches = v->cur_match = 0;
    v->needle = jury_xstrdup(needle);
    v->n_matches = tv_search(&v->doc, needle, &v->matches);
    if (v->n_matches == 0)
        return 0;
    size_t top_line = v->wrap.n ? v->wrap.rows[v->top].line : 0;
    for (size_t i = 0; i < v->n_matches; i++)
        if (v->matches[i].line >= top_line) {
            v->cur_match = i;
            break;
        }
    viewer_show_match(v);
    return v->n_matches;
}

bool viewer_next(struct viewer *v, int dir)
{
    if (v->n_matches == 0)
        return false;
    v->cur_match = dir > 0 ? (v->cur_match + 1) % v->n_matches
                           : (v->cur_match + v->n_matches - 1) % v->n_matches;
    viewer_show_match(v);
    return true;
}

/* The first match that could touch bytes of `line` at or after `off`. */
static size_t match_first(const struct viewer *v, size_t line)
{
    size_t lo = 0, hi = v->n_matches;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->matches[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Draw n bytes at column *col of a w-column row, never past the row. */
static void draw_piece(int y, int x, int w, int *col, const char *s, size_t n, attr_t a)
{
    if (*col >= w || n == 0)
        return;
    char *part = jury_xstrndup(s, n);
    int cols = text_cols(part);
    *col += draw_text(y, x + *col, cols < w - *col ? cols : w - *col, part, a);
    free(part);
}

/* Draw one row, splitting it where matches start and end. */
static void viewer_draw_row(const struct viewer *v, const struct tv_row *row, int y, int x, int w)
{
    const char *s = v->doc.lines[row->line];
    size_t end = row->off + row->len, pos = row->off;
    int col = 0;
    for (size_t m = match_first(v, row->line);
         m < v->n_matches && v->matches[m].line == row->line && pos < end; m++) {
        size_t ms = v->matches[m].off, me = ms + v->matches[m].len;
        if (me <= pos)
            continue;
        if (ms >= end)
            break;
        if (ms > pos) {
            draw_piece(y, x, w, &col, s + pos, ms - pos, A_NORMAL);
            pos = ms;
        }
        size_t stop = me < end ? me : end;
        attr_t a = tui_attr(PAIR_MATCH) | (m == v->cur_match ? A_BOLD | A_UNDERLINE : 0);
        draw_piece(y, x, w, &col, s + pos, stop - pos, a);
        pos = stop;
    }
    draw_piece(y, x, w, &col, s + pos, end - pos, A_NORMAL);
    if (col < w)
        draw_blank(y, x + col, w - col, A_NORMAL);
}

void viewer_draw(struct viewer *v, struct tui_rect r, bool focused)
{
    char title[1024];
    if (v->loaded)
        snprintf(title, sizeof title, "%s  [%zu/%zu]%s%s", v->title, viewer_page(v),
                 viewer_pages(v), v->note ? "  " : "", v->note ? v->note : "");
    else
        snprintf(title, sizeof title, "%s", _("Viewer"));
    draw_box_title(r, title, focused);
    for (int i = 1; i < r.h; i++) {
        size_t row = v->top + (size_t)i - 1;
        if (!v->loaded || row >= v->wrap.n)
            draw_blank(r.y + i, r.x, r.w, A_NORMAL);
        else
            viewer_draw_row(v, &v->wrap.rows[row], r.y + i, r.x, r.w);
    }
}

long viewer_offset(const struct viewer *v)
{
    if (!v->loaded || v->wrap.n == 0)
        return 0;
    size_t first = tv_wrap_page_row(&v->wrap, &v->doc, viewer_page(v) - 1);
    return v->top > first ? (long)(v->top - first) : 0;
}

void viewer_offset_set(struct viewer *v, int page1, long rows)
{
    if (!v->loaded || page1 < 1)
        return;
    viewer_goto_page(v, (size_t)page1);
    size_t first = v->top;
    size_t end = (size_t)page1 < v->doc.n_pages ? tv_wrap_page_row(&v->wrap, &v->doc, (size_t)page1)
                                                : v->wrap.n;
    if (rows > 0 && first + (size_t)rows < end)
        v->top = first + (size_t)rows;
}
