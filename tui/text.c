/* text.c - the viewer's document model, wrapping and in-file search. */
#include "tui/text_int.h"

#include <stdlib.h>
#include <string.h>

/* Tabs become spaces to the next multiple of 4 bytes (close enough for
 * extracted text, which has few), CR disappears, the rest is sanitised. */
static char *line_clean(const char *s, size_t n)
{
    struct jstr b = {0};
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r')
            continue;
        if (s[i] == '\t') {
            do
                jstr_addc(&b, ' ');
            while (++col % 4);
            continue;
        }
        jstr_addc(&b, s[i]);
        col++;
    }
    char *out = utf8_sanitize(jstr_cstr(&b), b.len);
    jstr_free(&b);
    return out;
}

static void doc_add_line(struct tv_doc *d, size_t *cap, char *line, size_t page)
{
    if (d->n_lines == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        d->lines = jury_xrealloc(d->lines, *cap * sizeof *d->lines);
        d->line_page = jury_xrealloc(d->line_page, *cap * sizeof *d->line_page);
    }
    d->lines[d->n_lines] = line;
    d->line_page[d->n_lines++] = page;
}

void tv_doc_build(struct tv_doc *d, const char *const *pages, size_t n)
{
    memset(d, 0, sizeof *d);
    size_t cap = 0;
    d->n_pages = n ? n : 1;
    d->page_first = jury_xcalloc(d->n_pages, sizeof *d->page_first);
    for (size_t p = 0; p < d->n_pages; p++) {
        const char *s = (p < n && pages[p]) ? pages[p] : "";
        d->page_first[p] = d->n_lines;
        for (;;) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            /* A page's trailing newline does not make an empty last line. */
            if (!nl && len == 0 && d->n_lines > d->page_first[p])
                break;
            doc_add_line(d, &cap, line_clean(s, len), p);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
}

void tv_doc_free(struct tv_doc *d)
{
    for (size_t i = 0; i < d->n_lines; i++)
        free(d->lines[i]);
    free(d->lines);
    free(d->line_page);
    free(d->page_first);
    memset(d, 0, sizeof *d);
}

static void wrap_add(struct tv_wrap *w, size_t *cap, size_t line, size_t off, size_t len)
{
    if (w->n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        w->rows = jury_xrealloc(w->rows, *cap * sizeof *w->rows);
    }
    w->rows[w->n++] = (struct tv_row){line, off, len};
}

/* Bytes of the row starting at s: what fits, moved back to just after a
 * space when the cut would split an ASCII word and a space is near. */
static size_t wrap_cut(const char *s, size_t n, int width)
{
    int used;
    size_t fit = utf8_fit(s, n, width, &used);
    if (fit == 0) {
        uint32_t cp;
        int k = utf8_decode(s, n, &cp);
        return k > 0 ? (size_t)k : 1; /* a glyph wider than the pane */
    }
    if (fit == n || s[fit] == ' ' || (unsigned char)s[fit] >= 0x80)
        return fit;
    size_t floor = fit > (size_t)(width / 3) ? fit - (size_t)(width / 3) : 0;
    for (size_t i = fit; i > floor && i > 0; i--)
        if (s[i - 1] == ' ')
            return i;
    return fit;
}

void tv_wrap_build(struct tv_wrap *w, const struct tv_doc *d, int width)
{
    memset(w, 0, sizeof *w);
    size_t cap = 0;
    w->width = width < 1 ? 1 : width;
    for (size_t i = 0; i < d->n_lines; i++) {
        const char *s = d->lines[i];
        size_t n = strlen(s), off = 0;
        if (n == 0)
            wrap_add(w, &cap, i, 0, 0);
        while (off < n) {
            size_t k = wrap_cut(s + off, n - off, w->width);
            wrap_add(w, &cap, i, off, k);
            off += k;
        }
    }
}

void tv_wrap_free(struct tv_wrap *w)
{
    free(w->rows);
    memset(w, 0, sizeof *w);
}

size_t tv_wrap_find(const struct tv_wrap *w, size_t line, size_t off)
{
    /* Rows are sorted by (line, off): binary search for the last row <= it. */
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct tv_row *r = &w->rows[mid];
        if (r->line < line || (r->line == line && r->off <= off))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

size_t tv_wrap_page_row(const struct tv_wrap *w, const struct tv_doc *d, size_t p)
{
    if (p >= d->n_pages)
        p = d->n_pages - 1;
    return tv_wrap_find(w, d->page_first[p], 0);
}

static int fold(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static bool match_at(const char *s, const char *needle)
{
    for (; *needle; s++, needle++)
        if (!*s || fold((unsigned char)*s) != fold((unsigned char)*needle))
            return false;
    return true;
}

/* The needle runs from s (a line's tail) into the next line of the same
 * page: a phrase cut by a line break ("近三" / "年无投诉"). The line's
 * trailing spaces, the next line's leading spaces and one space at the join
 * are passed over (as the pack search does). */
static bool match_across(const char *s, const char *next, const char *needle)
{
    size_t end = strlen(s), k = 0;
    while (end && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
        end--;
    for (; k < end; k++)
        if (!needle[k] || fold((unsigned char)s[k]) != fold((unsigned char)needle[k]))
            return false;
    if (!needle[k] || !next)
        return false;
    const char *rest = needle + k;
    while (*next == ' ')
        next++;
    if (*rest == ' ')
        rest++;
    return *rest && match_at(next, rest);
}

size_t tv_search(const struct tv_doc *d, const char *needle, struct tv_match **out)
{
    size_t n = 0, cap = 0, nl = strlen(needle);
    *out = NULL;
    if (nl == 0)
        return 0;
    for (size_t i = 0; i < d->n_lines; i++) {
        const char *s = d->lines[i];
        const char *next =
            i + 1 < d->n_lines && d->line_page[i + 1] == d->line_page[i] ? d->lines[i + 1] : NULL;
        for (size_t off = 0; s[off]; off++) {
            bool whole = match_at(s + off, needle);
            if (!whole && !match_across(s + off, next, needle))
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                *out = jury_xrealloc(*out, cap * sizeof **out);
            }
            size_t len = whole ? nl : strlen(s + off); /* shown up to the line's end */
            (*out)[n++] = (struct tv_match){i, off, len};
            off += len - 1;
        }
    }
    return n;
}

int text_cols(const char *s)
{
    return utf8_width(s, strlen(s));
}

void layout_pack(int cols, int lines, int focus, struct tui_rect r[PANE_COUNT], bool *tabs)
{
    int h = lines - 3 > 1 ? lines - 3 : 1;
    *tabs = cols < 160;
    if (*tabs) {
        for (int i = 0; i < PANE_COUNT; i++)
            r[i] = (struct tui_rect){1, 0, i == focus ? h : 0, i == focus ? cols : 0};
        return;
    }
    /* Tree 22%, checklist 33%, the viewer the rest; one column between. */
    int wt = cols * 22 / 100, wc = cols * 33 / 100;
    int wv = cols - wt - wc - 2;
    r[PANE_TREE] = (struct tui_rect){1, 0, h, wt};
    r[PANE_VIEWER] = (struct tui_rect){1, wt + 1, h, wv};
    r[PANE_CHECK] = (struct tui_rect){1, wt + wv + 2, h, wc};
}
