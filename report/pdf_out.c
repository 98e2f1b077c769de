/* pdf_out.c - the report to sign as a print-ready PDF, through MuPDF's
 * document writer (db/ makes the text, this lays it out; db/ never sees
 * MuPDF).
 *
 * Fonts: Latin text (digits, hashes) in the base-14 Helvetica, everything
 * else in a CJK font, embedded. MuPDF (Debian ships 1.21) has no font
 * subsetter, and a CJK font is megabytes (Noto Sans CJK's TTC is 19 MB of
 * CFF outlines), so for a TrueType CJK font we subset ourselves: every glyph
 * the report does not use is emptied in glyf/loca, glyph ids stay as they
 * are (so cmap, hmtx and the PDF's widths need no change). The font is, in
 * order: $JURY_PDF_FONT (a .ttf/.otf/.ttc path, optionally "PATH:INDEX"),
 * MuPDF's built-in Droid Sans Fallback (when the build found it), Noto Sans
 * CJK SC from fonts-noto-cjk (CFF: embedded whole, the PDF is then ~10 MB
 * and pdf_report_info says so). */
#include "report/report.h"

#include <mupdf/fitz.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef JURY_HAVE_MUPDF_DROID
extern const unsigned char _binary_resources_fonts_droid_DroidSansFallback_ttf_start[];
extern const unsigned char _binary_resources_fonts_droid_DroidSansFallback_ttf_end[];
#endif

#define NOTO_CJK    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define NOTO_CJK_SC 2 /* the TTC's Simplified Chinese face */

/* A4 in points; margins of 2 cm. */
#define PAGE_W 595.0f
#define PAGE_H 842.0f
#define MARGIN 56.0f

/* ------------------------------------------------ TrueType glyf subsetting */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

struct sfnt {
    const unsigned char *d;
    size_t len;
    unsigned n_tables;
};

/* The table `tag`: its offset and length, checked against the file. */
static bool sfnt_table(const struct sfnt *f, const char *tag, size_t *off, size_t *len)
{
    for (unsigned i = 0; i < f->n_tables; i++) {
        const unsigned char *r = f->d + 12 + 16 * i;
        if (memcmp(r, tag, 4) != 0)
            continue;
        *off = be32(r + 8);
        *len = be32(r + 12);
        return *off <= f->len && *len <= f->len - *off;
    }
    return false;
}

struct glyf {
    const unsigned char *glyf, *loca;
    size_t glyf_len;
    unsigned n_glyphs;
    bool long_loca;
};

static bool glyph_range(const struct glyf *g, unsigned gid, size_t *a, size_t *b)
{
    if (gid >= g->n_glyphs)
        return false;
    *a = g->long_loca ? be32(g->loca + 4 * gid) : 2u * be16(g->loca + 2 * gid);
    *b = g->long_loca ? be32(g->loca + 4 * gid + 4) : 2u * be16(g->loca + 2 * gid + 2);
    return *a <= *b && *b <= g->glyf_len;
}

/* Mark the components of composite glyph gid (and theirs, to depth 8). */
static void mark_components(const struct glyf *g, unsigned gid, bool *keep, int depth)
{
    size_t a, b;
    if (depth > 8 || !glyph_range(g, gid, &a, &b) || b - a < 10 || (int16_t)be16(g->glyf + a) >= 0)
        return;
    size_t p = a + 10;
    for (unsigned flags = 0x20; (flags & 0x20) && p + 4 <= b;) {
        flags = be16(g->glyf + p);
        unsigned child = be16(g->glyf + p + 2);
        if (child < g->n_glyphs && !keep[child]) {
            keep[child] = true;
            mark_components(g, child, keep, depth + 1);
        }
        p += 4 + ((flags & 1) ? 4 : 2);
        p += (flags & 0x08) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
    }
}

/* A copy of the TrueType font with the glyphs not in keep emptied (loca
 * rewritten in the long format), or NULL when the font is not a plain
 * TrueType file we understand (then it is embedded as it is). */
static unsigned char *sfnt_subset(const unsigned char *d, size_t len, bool *keep,
                                  const struct jstr *cmap, size_t *out_len)
{
    struct sfnt f = {d, len, len >= 12 ? be16(d + 4) : 0};
    size_t ho, hl, mo, ml, lo, ll, go, gl;
    if (len < 12 || (be32(d) != 0x00010000 && memcmp(d, "true", 4) != 0) ||
        12 + 16 * (size_t)f.n_tables > len || !sfnt_table(&f, "head", &ho, &hl) || hl < 54 ||
        !sfnt_table(&f, "maxp", &mo, &ml) || ml < 6 || !sfnt_table(&f, "loca", &lo, &ll) ||
        !sfnt_table(&f, "glyf", &go, &gl))
        return NULL;
    struct glyf g = {d + go, d + lo, gl, be16(d + mo + 4), be16(d + ho + 50) == 1};
    if (ll < (size_t)(g.n_glyphs + 1) * (g.long_loca ? 4 : 2))
        return NULL;
    keep[0] = true; /* .notdef */
    for (unsigned i = 0; i < g.n_glyphs; i++)
        if (keep[i])
            mark_components(&g, i, keep, 0);
    /* new glyf and loca */
    size_t nl = 4 * ((size_t)g.n_glyphs + 1), ng = 0;
    unsigned char *loca = jury_xcalloc(1, nl);
    unsigned char *glyf = jury_xmalloc(gl + 4 * (size_t)g.n_glyphs + 4);
    for (unsigned i = 0; i < g.n_glyphs; i++) {
        size_t a, b;
        put32(loca + 4 * i, (uint32_t)ng);
        if (!keep[i] || !glyph_range(&g, i, &a, &b))
            continue;
        memcpy(glyf + ng, d + go + a, b - a);
        ng += b - a;
        while (ng % 4)
            glyf[ng++] = 0;
    }
    put32(loca + 4 * g.n_glyphs, (uint32_t)ng);
    /* the file again, tables in the same order, each 4-aligned */
    size_t cap = 12 + 16 * (size_t)f.n_tables + len + nl + ng + cmap->len + 4 * f.n_tables;
    unsigned char *o = jury_xcalloc(1, cap); /* freed by MuPDF (fz_free: libc) */
    memcpy(o, d, 12 + 16 * (size_t)f.n_tables);
    size_t at = 12 + 16 * (size_t)f.n_tables;
    for (unsigned i = 0; i < f.n_tables; i++) {
        unsigned char *r = o + 12 + 16 * i;
        const unsigned char *src = d + be32(r + 8);
        size_t n = be32(r + 12);
        if (memcmp(r, "glyf", 4) == 0)
            src = glyf, n = ng;
        else if (memcmp(r, "loca", 4) == 0)
            src = loca, n = nl;
        else if (memcmp(r, "cmap", 4) == 0)
            src = (const unsigned char *)cmap->s, n = cmap->len;
        else if (be32(r + 8) > len || n > len - be32(r + 8))
            n = 0;
        memcpy(o + at, src, n);
        if (memcmp(r, "head", 4) == 0 && n >= 54) {
            put32(o + at + 8, 0); /* checkSumAdjustment: not kept up to date */
            o[at + 50] = 0, o[at + 51] = 1;
        }
        put32(r + 8, (uint32_t)at);
        put32(r + 12, (uint32_t)n);
        at += (n + 3) & ~(size_t)3;
    }
    free(loca);
    free(glyf);
    *out_len = at;
    return o;
}

static void add32(struct jstr *b, uint32_t v)
{
    unsigned char x[4];
    put32(x, v);
    jstr_addn(b, (const char *)x, 4);
}

/* A cmap of the code points the text uses only (format 12, Windows
 * Unicode full repertoire). The font's own cmap also maps compatibility
 * ideographs and vertical forms onto the same glyphs, and the PDF's
 * ToUnicode, built from the cmap, would then turn 了 into U+F9BA when text
 * is copied or extracted; with only the code points written, it cannot. */
static void cmap_of(const int *gid_of_cp, const bool *cps, struct jstr *b)
{
    uint32_t n = 0;
    for (uint32_t c = 0; c < 0x110000; c++)
        n += cps[c] && gid_of_cp[c] > 0;
    add32(b, 0x00000001); /* version 0, one encoding record */
    add32(b, 0x0003000A); /* platform 3, encoding 10 */
    add32(b, 12);         /* the subtable follows */
    add32(b, 0x000C0000); /* format 12, reserved */
    add32(b, 16 + 12 * n);
    add32(b, 0); /* language */
    add32(b, n);
    for (uint32_t c = 0; c < 0x110000; c++)
        if (cps[c] && gid_of_cp[c] > 0) {
            add32(b, c);
            add32(b, c);
            add32(b, (uint32_t)gid_of_cp[c]);
        }
}

/* ------------------------------------------------------------ the layout */

struct lay {
    fz_context *ctx;
    fz_document_writer *wri;
    fz_device *dev;
    fz_font *latin, *cjk;
    float y;
    int page;
    int pages;  /* the whole document's, known after the measuring pass (0 before) */
    bool *used; /* first pass: glyphs of cjk used (NULL when drawing) */
    bool *cps;  /* first pass: code points drawn with cjk */
    int *gid_of_cp;
    float *adv; /* advance of each BMP code point at size 1 once known, else 0 */
    bool measuring;
    bool open; /* a page is open */
};

/* Next code point of UTF-8 s (advancing *s); U+FFFD for a bad byte. */
static int next_cp(const char **s)
{
    int c = 0;
    int n = fz_chartorune(&c, *s);
    *s += n > 0 ? n : 1;
    return c;
}

static fz_font *font_for(struct lay *l, int c, int *gid)
{
    if (c >= 0x80 && l->cjk && (*gid = fz_encode_character(l->ctx, l->cjk, c)) > 0)
        return l->cjk;
    *gid = fz_encode_character(l->ctx, l->latin, c);
    if (*gid > 0 || !l->cjk)
        return l->latin;
    *gid = fz_encode_character(l->ctx, l->cjk, c);
    return l->cjk;
}

static float char_width(struct lay *l, int c, float size)
{
    bool bmp = l->adv && c >= 0 && c < 65536;
    if (bmp && l->adv[c] > 0) /* measured (and marked) before */
        return l->adv[c] * size;
    int gid;
    fz_font *f = font_for(l, c, &gid);
    if (l->used && f == l->cjk && c >= 0 && c < 0x110000 && gid > 0 && gid < 65536) {
        l->used[gid] = true;
        l->cps[c] = true;
        l->gid_of_cp[c] = gid;
    }
    float a = fz_advance_glyph(l->ctx, f, gid, 0);
    if (bmp)
        l->adv[c] = a;
    return a * size;
}

static float text_width(struct lay *l, const char *s, size_t n, float size)
{
    float w = 0;
    for (const char *e = s + n; s < e;)
        w += char_width(l, next_cp(&s), size);
    return w;
}

static const float black[3] = {0, 0, 0};

/* Glyphs of s[0..n) into t from (x, y) (may throw). */
static void show_text(struct lay *l, fz_text *t, float x, float y, const char *s, size_t n,
                      float size)
{
    for (const char *e = s + n; s < e;) {
        int c = next_cp(&s), gid;
        fz_font *f = font_for(l, c, &gid);
        fz_show_glyph(l->ctx, t, f, fz_make_matrix(size, 0, 0, -size, x, y), gid, c, 0, 0,
                      FZ_BIDI_LTR, FZ_LANG_UNSET);
        x += fz_advance_glyph(l->ctx, f, gid, 0) * size;
    }
}

static void draw_text(struct lay *l, float x, float y, const char *s, size_t n, float size)
{
    if (l->measuring) {
        text_width(l, s, n, size); /* marks the glyphs the subset must keep */
        return;
    }
    fz_text *t = fz_new_text(l->ctx);
    fz_try(l->ctx)
    {
        show_text(l, t, x, y, s, n, size);
        fz_fill_text(l->ctx, l->dev, t, fz_identity, fz_device_gray(l->ctx), black, 1,
                     fz_default_color_params);
    }
    fz_always(l->ctx) fz_drop_text(l->ctx, t);
    fz_catch(l->ctx) fz_rethrow(l->ctx);
}

static void draw_line(struct lay *l, float x0, float y0, float x1, float y1, float width)
{
    if (l->measuring)
        return;
    fz_path *p = fz_new_path(l->ctx);
    fz_stroke_state *st = fz_new_stroke_state(l->ctx);
    st->linewidth = width;
    fz_try(l->ctx)
    {
        fz_moveto(l->ctx, p, x0, y0);
        fz_lineto(l->ctx, p, x1, y1);
        fz_stroke_path(l->ctx, l->dev, p, st, fz_identity, fz_device_gray(l->ctx), black, 1,
                       fz_default_color_params);
    }
    fz_always(l->ctx)
    {
        fz_drop_path(l->ctx, p);
        fz_drop_stroke_state(l->ctx, st);
    }
    fz_catch(l->ctx) fz_rethrow(l->ctx);
}

static void end_page(struct lay *l)
{
    if (!l->open)
        return;
    char num[64];
    snprintf(num, sizeof num, "第 %d 页 / 共 %d 页", l->page, l->pages ? l->pages : l->page);
    float w = text_width(l, num, strlen(num), 9);
    draw_text(l, (PAGE_W - w) / 2, PAGE_H - MARGIN / 2, num, strlen(num), 9);
    if (!l->measuring)
        fz_end_page(l->ctx, l->wri);
    l->dev = NULL;
    l->open = false;
}

static void new_page(struct lay *l)
{
    end_page(l);
    l->page++;
    if (!l->measuring)
        l->dev = fz_begin_page(l->ctx, l->wri, fz_make_rect(0, 0, PAGE_W, PAGE_H));
    l->open = true;
    l->y = MARGIN;
}

/* Room for h more points on this page, else a new page. */
static void need(struct lay *l, float h)
{
    if (!l->open || l->y + h > PAGE_H - MARGIN)
        new_page(l);
}

/* A line may break after c: after a space or punctuation that ends a part
 * of a name (t4-nursing.zip, a/b, "甲，乙"), or around a CJK character. */
static bool breaks_after(int c)
{
    return c == ' ' || c == '-' || c == '_' || c == '/' || c == '.' || c == ',' || c == ';' ||
           c == ')' || c == 0xff0c || c == 0x3001 || c == 0x3002 || c == 0xff1b || c >= 0x2e80;
}

/* Bytes of s[0..n) that fit in width w: at least one character; the last
 * sensible break (breaks_after, or before a CJK character) when there is one. */
static size_t fit(struct lay *l, const char *s, size_t n, float w, float size)
{
    const char *p = s, *e = s + n, *brk = NULL;
    float x = 0;
    while (p < e) {
        const char *q = p;
        int c = next_cp(&q);
        x += char_width(l, c, size);
        if (x > w && p > s)
            return (size_t)((brk && brk > s ? brk : p) - s);
        if (c >= 0x2e80 && p > s)
            brk = p; /* before a CJK character */
        if (breaks_after(c))
            brk = q;
        p = q;
    }
    return n;
}

/* Wrapped lines of s in width w; draws them at x from l->y (when draw). */
static int wrap(struct lay *l, const char *s, float x, float w, float size, bool draw, float y0)
{
    size_t n = strlen(s);
    int lines = 0;
    while (n > 0 || lines == 0) {
        size_t k = n ? fit(l, s, n, w, size) : 0;
        if (draw)
            draw_text(l, x, y0 + size * 1.45f * (float)lines + size, s, k, size);
        lines++;
        s += k;
        n -= k;
        while (n > 0 && *s == ' ')
            s++, n--;
    }
    return lines;
}

static void paragraph(struct lay *l, const char *s, float size)
{
    float h = size * 1.45f;
    for (bool first = true; first || *s; first = false) {
        need(l, h);
        size_t n = strlen(s), k = fit(l, s, n, PAGE_W - 2 * MARGIN, size);
        draw_text(l, MARGIN, l->y + size, s, k, size);
        l->y += h;
        s += k;
        while (*s == ' ')
            s++;
    }
}

/* The cells of "| a | b |" (caller frees the array and the strings). */
static size_t split_row(const char *line, char ***cells)
{
    size_t n = 0;
    *cells = NULL;
    const char *p = line + 1;
    while (*p) {
        const char *bar = strchr(p, '|');
        if (!bar)
            break;
        const char *a = p, *b = bar;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        *cells = jury_xrealloc(*cells, (n + 1) * sizeof **cells);
        (*cells)[n++] = jury_xstrndup(a, (size_t)(b - a));
        p = bar + 1;
    }
    return n;
}

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

#define MAX_COLS 16

/* Column widths for a table block: natural widths scaled to the page. */
static void table_widths(struct lay *l, char **lines, size_t n, float size, float *w, size_t *cols)
{
    float nat[MAX_COLS] = {0};
    *cols = 0;
    for (size_t i = 0; i < n; i++) {
        char **c;
        size_t k = split_row(lines[i], &c);
        for (size_t j = 0; j < k && j < MAX_COLS; j++) {
            float t = text_width(l, c[j], strlen(c[j]), size) + 8;
            nat[j] = t > nat[j] ? t : nat[j];
        }
        *cols = k > *cols ? (k < MAX_COLS ? k : MAX_COLS) : *cols;
        free_cells(c, k);
    }
    /* natural widths when they fit; else columns above the fair share
     * shrink in proportion (a 64-digit hash keeps its line when it can) */
    float total = 0, avail = PAGE_W - 2 * MARGIN, small = 0, big = 0;
    for (size_t j = 0; j < *cols; j++)
        total += nat[j];
    float fair = *cols ? avail / (float)*cols : avail;
    for (size_t j = 0; j < *cols; j++) {
        if (nat[j] <= fair)
            small += nat[j];
        else
            big += nat[j];
    }
    for (size_t j = 0; j < *cols; j++)
        w[j] = total <= avail || nat[j] <= fair ? nat[j] : nat[j] * (avail - small) / big;
}

struct tab {
    float w[MAX_COLS], right;
    size_t cols;
};

static void tab_setup(struct lay *l, char **lines, size_t n, struct tab *t)
{
    table_widths(l, lines, n, 8.5f, t->w, &t->cols);
    t->right = MARGIN;
    for (size_t j = 0; j < t->cols; j++)
        t->right += t->w[j];
}

/* Height of one table row (cells wrapped in their columns). */
static float row_height(struct lay *l, const struct tab *t, const char *line)
{
    const float size = 8.5f, pad = 3;
    char **c;
    size_t k = split_row(line, &c);
    int h_lines = 1;
    for (size_t j = 0; j < k && j < t->cols; j++) {
        int m = wrap(l, c[j], 0, t->w[j] - 2 * pad, size, false, 0);
        h_lines = m > h_lines ? m : h_lines;
    }
    free_cells(c, k);
    return (float)h_lines * size * 1.45f + 2 * pad;
}

/* Draw one row at l->y (rule above when top, heavy rule below when heavy). */
static void draw_row(struct lay *l, const struct tab *t, const char *line, float h, bool top,
                     bool heavy)
{
    const float size = 8.5f, pad = 3;
    if (l->measuring) { /* row_height measured (and marked) every glyph already */
        l->y += h;
        return;
    }
    if (top)
        draw_line(l, MARGIN, l->y, t->right, l->y, 0.8f);
    char **c;
    size_t k = split_row(line, &c);
    float x = MARGIN;
    for (size_t j = 0; j < k && j < t->cols; j++) {
        wrap(l, c[j], x + pad, t->w[j] - 2 * pad, size, true, l->y + pad);
        x += t->w[j];
    }
    free_cells(c, k);
    l->y += h;
    draw_line(l, MARGIN, l->y, t->right, l->y, heavy ? 0.8f : 0.3f);
}

/* A table; a page break repeats its header row on the new page. */
static void table(struct lay *l, char **lines, size_t n)
{
    struct tab t;
    tab_setup(l, lines, n, &t);
    float head_h = row_height(l, &t, lines[0]);
    for (size_t i = 0; i < n; i++) {
        float h = i == 0 ? head_h : row_height(l, &t, lines[i]);
        if (i == 0 && n > 1) /* never a header alone at a page's end */
            need(l, head_h + row_height(l, &t, lines[1]));
        if (!l->open || l->y + h > PAGE_H - MARGIN) {
            new_page(l);
            if (i > 0)
                draw_row(l, &t, lines[0], head_h, true, true);
        }
        draw_row(l, &t, lines[i], h, i == 0 || l->y == MARGIN, i == 0 || i + 1 == n);
    }
    l->y += 6;
}

/* The height a table's header and first row take (0 when line i is not a
 * table): what a heading before it needs beside it on the same page. */
static float table_start_height(struct lay *l, char **lines, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && lines[j][0] == '|')
        j++;
    if (j == i)
        return 0;
    struct tab t;
    tab_setup(l, lines + i, j - i, &t);
    float h = row_height(l, &t, lines[i]);
    return j - i > 1 ? h + row_height(l, &t, lines[i + 1]) : h;
}

static float para_height(struct lay *l, const char *s, float size)
{
    return (float)wrap(l, s, MARGIN, PAGE_W - 2 * MARGIN, size, false, 0) * size * 1.45f;
}

/* Room for the heading or paragraph lines[i] together with what follows it
 * (a paragraph, then the start of a table), so no heading ends a page. */
static void keep_with_next(struct lay *l, char **lines, size_t i, size_t n, float size)
{
    const char *s = lines[i] + (lines[i][0] == '#' ? (lines[i][1] == '#' ? 3 : 2) : 0);
    float h = para_height(l, s, size) + 10;
    size_t k = i + 1;
    if (k < n && lines[k][0] != '|' && lines[k][0] != '#' && lines[k][0] != '=' &&
        strcmp(lines[k], "---") != 0 && lines[k][0] != '\0') {
        h += para_height(l, lines[k], 10);
        k++;
    }
    float t = table_start_height(l, lines, k, n);
    if (t > 0 || k > i + 1)
        need(l, h + t);
}

static void signature(struct lay *l, const char *who)
{
    const float size = 10.5f;
    need(l, 30);
    l->y += 14;
    draw_text(l, MARGIN, l->y, who, strlen(who), size);
    float x = MARGIN + 210;
    static const char sign[] = "签字：", date[] = "日期：";
    draw_text(l, x, l->y, sign, strlen(sign), size);
    x += text_width(l, sign, strlen(sign), size);
    draw_line(l, x, l->y + 2, x + 120, l->y + 2, 0.5f);
    x += 135;
    draw_text(l, x, l->y, date, strlen(date), size);
    x += text_width(l, date, strlen(date), size);
    draw_line(l, x, l->y + 2, x + 70, l->y + 2, 0.5f);
    l->y += 16;
}

/* Lay out the whole document (see pack.h for the markup). */
static void layout(struct lay *l, const char *markup)
{
    char *copy = jury_xstrdup(markup);
    char **lines = NULL;
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(copy, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
        lines = jury_xrealloc(lines, (n + 1) * sizeof *lines);
        lines[n++] = t;
    }
    for (size_t i = 0; i < n;) {
        const char *s = lines[i];
        if (s[0] == '|') {
            size_t j = i;
            while (j < n && lines[j][0] == '|')
                j++;
            table(l, lines + i, j - i);
            i = j;
            continue;
        }
        if (strcmp(s, "\f") == 0 || strcmp(s, "---") == 0) {
            new_page(l);
        } else if (strncmp(s, "## ", 3) == 0) {
            need(l, 40);
            keep_with_next(l, lines, i, n, 12.5f);
            l->y += 6;
            paragraph(l, s + 3, 12.5f);
        } else if (strncmp(s, "# ", 2) == 0) {
            need(l, 60);
            keep_with_next(l, lines, i, n, 17);
            paragraph(l, s + 2, 17);
            l->y += 4;
        } else if (strncmp(s, "=sig ", 5) == 0) {
            signature(l, s + 5);
        } else if (s[0] == '=') {
            /* a place another medium fills ("=chart"): nothing on paper */
        } else if (s[0] != '\0' && strcmp(s, " ") != 0) {
            if (i + 1 < n && lines[i + 1][0] == '|')
                keep_with_next(l, lines, i, n, 10);
            paragraph(l, s, 10);
        } else {
            l->y += 6;
        }
        i++;
    }
    end_page(l);
    free(lines);
    free(copy);
}

/* ------------------------------------------------------------ the fonts */

/* The CJK font's file bytes (the caller keeps them alive) and face index. */
static fz_buffer *cjk_file(fz_context *ctx, int *index)
{
    const char *env = getenv("JURY_PDF_FONT");
    *index = 0;
    if (env && *env) {
        char *path = jury_xstrdup(env), *colon = strrchr(path, ':');
        if (colon && colon[1] >= '0' && colon[1] <= '9')
            *index = atoi(colon + 1), *colon = '\0';
        fz_buffer *b = NULL;
        fz_try(ctx) b = fz_read_file(ctx, path);
        fz_always(ctx) free(path);
        fz_catch(ctx) fz_rethrow(ctx);
        return b;
    }
#ifdef JURY_HAVE_MUPDF_DROID
    return fz_new_buffer_from_shared_data(
        ctx, _binary_resources_fonts_droid_DroidSansFallback_ttf_start,
        (size_t)(_binary_resources_fonts_droid_DroidSansFallback_ttf_end -
                 _binary_resources_fonts_droid_DroidSansFallback_ttf_start));
#else
    *index = NOTO_CJK_SC;
    return fz_read_file(ctx, NOTO_CJK);
#endif
}

/* The CJK font reduced to the glyphs in used (or whole when it cannot be). */
static fz_font *cjk_subset(fz_context *ctx, fz_buffer *file, int index, const struct lay *m,
                           bool *whole)
{
    unsigned char *data;
    size_t len = fz_buffer_storage(ctx, file, &data), out_len = 0;
    struct jstr cmap = {0};
    cmap_of(m->gid_of_cp, m->cps, &cmap);
    unsigned char *sub = index == 0 ? sfnt_subset(data, len, m->used, &cmap, &out_len) : NULL;
    jstr_free(&cmap);
    *whole = sub == NULL;
    if (!sub)
        return fz_new_font_from_buffer(ctx, NULL, file, index, 0);
    fz_buffer *b = fz_new_buffer_from_data(ctx, sub, out_len);
    fz_font *f = NULL;
    fz_try(ctx) f = fz_new_font_from_buffer(ctx, NULL, b, 0, 0);
    fz_always(ctx) fz_drop_buffer(ctx, b);
    fz_catch(ctx) fz_rethrow(ctx);
    return f;
}

struct job {
    const char *markup;
    fz_buffer *out;
    bool whole_font;
    int pages;
};

static void run(fz_context *ctx, struct job *j)
{
    fz_buffer *file = NULL;
    fz_font *full = NULL, *latin = NULL, *cjk = NULL;
    fz_output *out = NULL;
    fz_document_writer *wri = NULL;
    bool *used = NULL, *cps = NULL;
    int *gids = NULL;
    float *adv = NULL;
    fz_var(file);
    fz_var(full);
    fz_var(latin);
    fz_var(cjk);
    fz_var(out);
    fz_var(wri);
    fz_var(used);
    fz_var(cps);
    fz_var(gids);
    fz_var(adv);
    fz_try(ctx)
    {
        int index;
        file = cjk_file(ctx, &index);
        full = fz_new_font_from_buffer(ctx, NULL, file, index, 0);
        latin = fz_new_base14_font(ctx, "Helvetica");
        used = jury_xcalloc(65536 + 1, sizeof *used);
        cps = jury_xcalloc(0x110000, sizeof *cps);
        gids = jury_xcalloc(0x110000, sizeof *gids);
        adv = jury_xcalloc(65536, sizeof *adv);
        /* pass 1: which glyphs the text needs */
        struct lay m = {.ctx = ctx, .latin = latin, .cjk = full, .used = used, .cps = cps};
        m.gid_of_cp = gids;
        m.adv = adv;
        m.measuring = true;
        layout(&m, j->markup);
        cjk = cjk_subset(ctx, file, index, &m, &j->whole_font);
        /* pass 2: draw with the subset font */
        j->out = fz_new_buffer(ctx, 1 << 16);
        out = fz_new_output_with_buffer(ctx, j->out);
        /* the writer owns the output from here on (it closes and drops it) */
        wri = fz_new_pdf_writer_with_output(ctx, out, "compress,compress-fonts");
        out = NULL;
        memset(adv, 0, 65536 * sizeof *adv); /* the subset font: measured again */
        struct lay l = {.ctx = ctx, .wri = wri, .latin = latin, .cjk = cjk, .pages = m.page};
        l.adv = adv;
        layout(&l, j->markup);
        j->pages = l.page;
        fz_close_document_writer(ctx, wri);
    }
    fz_always(ctx)
    {
        fz_drop_document_writer(ctx, wri);
        fz_drop_output(ctx, out);
        fz_drop_font(ctx, cjk);
        fz_drop_font(ctx, full);
        fz_drop_font(ctx, latin);
        fz_drop_buffer(ctx, file);
        free(used);
        free(cps);
        free(gids);
        free(adv);
    }
    fz_catch(ctx) fz_rethrow(ctx);
}

int pdf_report_write(const char *markup, const char *path, struct pdf_report_info *info,
                     struct jury_error *err)
{
    if (info)
        memset(info, 0, sizeof *info);
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    if (!ctx)
        return jury_error_set(err, JURY_ERR_NOMEM, path, "cannot start MuPDF");
    fz_set_warning_callback(ctx, NULL, NULL);
    struct job j = {.markup = markup};
    int rc = 0;
    fz_try(ctx) run(ctx, &j);
    fz_catch(ctx)
    {
        rc = jury_error_set(err, JURY_ERR_IO, path, "PDF: %s", fz_caught_message(ctx));
    }
    if (rc == 0) {
        unsigned char *data;
        size_t len = fz_buffer_storage(ctx, j.out, &data);
        rc = jury_write_file_atomic(path, data, len, 0644, err);
        if (info) {
            info->bytes = len;
            info->pages = j.pages;
            info->font_whole = j.whole_font;
        }
    }
    fz_drop_buffer(ctx, j.out);
    fz_drop_context(ctx);
    return rc;
}
