/* escape.c - the one way out for untrusted text, one escaper per medium.
 *
 * Every text that came from a pack, a rule file, a sheet or a roster passes
 * through one of these before it reaches a terminal, a spreadsheet, a
 * Markdown or HTML page, or the PDF report. All of them start from the same
 * rule: characters that can change how the rest is shown (C0 and C1 controls,
 * ESC, DEL, bidi embeddings, overrides and isolates, line and paragraph
 * separators) and invalid UTF-8 become visible escapes (\x1b, \u202e). The
 * media then add their own escapes on top. */
#include "core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool esc_bidi_cp(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C;
}

bool esc_unsafe_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || esc_bidi_cp(cp) ||
           cp == 0x2028 || cp == 0x2029;
}

/* Visible escapes for unsafe characters; each safe character is handed to
 * `put` (NULL: copied as is). keep_lines lets '\n' and '\t' through. */
static void neutralise(struct jstr *b, const char *s, size_t n, bool keep_lines,
                       void (*put)(struct jstr *, const char *, size_t))
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k < 0) {
            jstr_addf(b, "\\x%02x", (unsigned char)s[i]);
            i++;
            continue;
        }
        if (keep_lines && (cp == '\n' || cp == '\t'))
            jstr_addc(b, (char)cp);
        else if (esc_unsafe_cp(cp) && cp < 0x100)
            jstr_addf(b, "\\x%02x", (unsigned)cp);
        else if (esc_unsafe_cp(cp))
            jstr_addf(b, "\\u%04x", (unsigned)cp);
        else if (put)
            put(b, s + i, (size_t)k);
        else
            jstr_addn(b, s + i, (size_t)k);
        i += (size_t)k;
    }
}

/* ------------------------------------------------------------- terminal */

void esc_term(struct jstr *b, const char *s, size_t n)
{
    if (s)
        neutralise(b, s, n, false, NULL);
}

void esc_term_lines(struct jstr *b, const char *s, size_t n)
{
    if (s)
        neutralise(b, s, n, true, NULL);
}

char *esc_term_dup(const char *s)
{
    struct jstr b = {0};
    esc_term(&b, s, s ? strlen(s) : 0);
    return jstr_take(&b);
}

/* ------------------------------------------------------------------ CSV */

bool esc_csv_is_number(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    char *end = NULL;
    double v = strtod(s, &end);
    /* plain decimal notation only: no hex, inf, nan, exponents or spaces */
    if (*end || !isfinite(v) || strpbrk(s, "xXeEiInN \t"))
        return false;
    return true;
}

/* OWASP's list: a spreadsheet reads a cell starting with one of these as a
 * formula (or as DDE), so such a cell gets a leading apostrophe. */
static bool csv_formula_start(const char *s)
{
    return strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
}

void esc_csv(struct jstr *b, const char *s, bool numeric, bool last)
{
    s = s ? s : "";
    struct jstr t = {0};
    if (numeric && esc_csv_is_number(s)) {
        jstr_add(&t, s);
    } else {
        if (csv_formula_start(s))
            jstr_addc(&t, '\'');
        neutralise(&t, s, strlen(s), false, NULL);
    }
    const char *v = jstr_cstr(&t);
    if (t.len && (strpbrk(v, ",\"\r\n") || v[0] == '\'')) {
        jstr_addc(b, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                jstr_addc(b, '"');
            jstr_addc(b, *p);
        }
        jstr_addc(b, '"');
    } else {
        jstr_add(b, v);
    }
    jstr_add(b, last ? "\r\n" : ",");
    jstr_free(&t);
}

/* ------------------------------------------------------------- Markdown */

/* Inline Markdown and HTML: emphasis, code, links, images, tables, tags,
 * entities. Line-start markers are handled in esc_markdown. */
static void md_put(struct jstr *b, const char *c, size_t k)
{
    if (k == 1 && strchr("\\`*_[]!|~>", c[0]))
        jstr_addc(b, '\\'), jstr_addc(b, c[0]);
    else if (k == 1 && c[0] == '<')
        jstr_add(b, "&lt;");
    else if (k == 1 && c[0] == '&')
        jstr_add(b, "&amp;");
    else if (k == 1 && c[0] == '"')
        jstr_add(b, "&quot;");
    else
        jstr_addn(b, c, k);
}

void esc_markdown(struct jstr *b, const char *s)
{
    if (!s)
        return;
    if (*s && strchr("#+-.=", *s)) /* a heading, list item or rule at a line start */
        jstr_addc(b, '\\'), jstr_addc(b, *s++);
    neutralise(b, s, strlen(s), false, md_put);
}

/* ----------------------------------------------------------------- HTML */

static void html_put(struct jstr *b, const char *c, size_t k)
{
    switch (k == 1 ? c[0] : 0) {
    case '&':
        jstr_add(b, "&amp;");
        break;
    case '<':
        jstr_add(b, "&lt;");
        break;
    case '>':
        jstr_add(b, "&gt;");
        break;
    case '"':
        jstr_add(b, "&quot;");
        break;
    case '\'':
        jstr_add(b, "&#39;");
        break;
    default:
        jstr_addn(b, c, k);
    }
}

void esc_html(struct jstr *b, const char *s, size_t n)
{
    if (s)
        neutralise(b, s, n, false, html_put);
}

/* ----------------------------------------------------------------- XLSX */

/* Excel keeps at most 32,767 characters in a cell. */
#define XLSX_CELL_MAX 32767

char *esc_xlsx_dup(const char *s)
{
    struct jstr b = {0};
    esc_term(&b, s, s ? strlen(s) : 0);
    size_t chars = 0, i = 0;
    while (i < b.len && chars < XLSX_CELL_MAX) {
        uint32_t cp;
        int k = utf8_decode(b.s + i, b.len - i, &cp);
        i += k < 0 ? 1 : (size_t)k;
        chars++;
    }
    if (i < b.len)
        b.s[i] = '\0', b.len = i;
    return jstr_take(&b);
}

/* ------------------------------------------------------ the report markup */

static void markup_put(struct jstr *b, const char *c, size_t k)
{
    jstr_addn(b, k == 1 && c[0] == '|' ? "/" : c, k);
}

void esc_markup(struct jstr *b, const char *s)
{
    if (s)
        neutralise(b, s, strlen(s), false, markup_put);
}

/* ----------------------------------------------------------------- JSON */

/* JSON escapes lose nothing: a reader gets the same characters back, while
 * a terminal showing the document sees only ASCII escapes. */
static void json_cp(struct jstr *b, const char *s, int k, uint32_t cp, bool in_string)
{
    if (k < 0)
        jstr_add(b, "\\ufffd"); /* invalid UTF-8: not representable in JSON */
    else if (in_string && (cp == '"' || cp == '\\'))
        jstr_addc(b, '\\'), jstr_addc(b, (char)cp);
    else if (in_string && cp == '\n')
        jstr_add(b, "\\n");
    else if (in_string && cp == '\t')
        jstr_add(b, "\\t");
    else if (esc_unsafe_cp(cp) && (in_string || cp >= 0x80))
        jstr_addf(b, "\\u%04x", (unsigned)cp);
    else
        jstr_addn(b, s, (size_t)k);
}

static void json_walk(struct jstr *b, const char *s, size_t n, bool in_string)
{
    for (size_t i = 0; s && i < n;) {
        uint32_t cp = 0;
        int k = utf8_decode(s + i, n - i, &cp);
        json_cp(b, s + i, k, cp, in_string);
        i += k < 0 ? 1 : (size_t)k;
    }
}

void esc_json(struct jstr *b, const char *s, size_t n)
{
    json_walk(b, s, n, true);
}

void esc_json_doc(struct jstr *b, const char *s, size_t n)
{
    json_walk(b, s, n, false);
}
