/* extract_text.c - plain text, Markdown, CSV and HTML: encoding detection
 * (core's text_to_utf8), pages split at form feeds, HTML tags stripped and
 * entities decoded. */
#define _GNU_SOURCE
#include "packs/extract/extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Plain text: a form feed starts a new page (printers' and pdftotext's
 * convention). */
static void text_pages(struct ex_builder *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\f')
            continue;
        ex_add(b, s + start, i - start);
        if (!ex_page_end(b))
            return;
        start = i + 1;
    }
}

int ex_text(struct ex_builder *b, const char *data, size_t len, bool html)
{
    const char *enc = NULL;
    struct jury_error e2;
    char *u = text_to_utf8(data, len, &enc, &e2);
    if (!u) {
        /* iconv unavailable: keep the bytes that are UTF-8 visible anyway. */
        u = utf8_sanitize(data, len);
        enc = "unknown";
    }
    b->res->encoding = enc;
    if (html) {
        ex_html_strip(b, u, strlen(u));
        ex_page_end(b);
    } else {
        text_pages(b, u, strlen(u));
    }
    free(u);
    return 0;
}

/* ---------------------------------------------------------------- HTML */

struct entity {
    const char *name;
    uint32_t cp;
};

/* The named entities that occur in real Chinese web pages and exports. */
static const struct entity entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ensp", 0x2002},  {"emsp", 0x2003},  {"thinsp", 0x2009}, {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122}, {"middot", 0xB7},  {"hellip", 0x2026}, {"mdash", 0x2014},
    {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"laquo", 0xAB},   {"raquo", 0xBB},   {"times", 0xD7},   {"divide", 0xF7},   {"deg", 0xB0},
    {"plusmn", 0xB1},  {"yen", 0xA5},     {"sect", 0xA7},    {"bull", 0x2022},
};

/* Decode the entity at s[0] == '&'. Returns the bytes consumed (0 when it
 * is not an entity: then '&' is literal text). */
static size_t entity_decode(const char *s, size_t n, uint32_t *cp)
{
    size_t end = 1;
    while (end < n && end < 34 && s[end] != ';' && s[end] != '&' && s[end] != '<')
        end++;
    if (end >= n || s[end] != ';' || end < 2)
        return 0;
    if (s[1] == '#') {
        bool hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
        char num[34];
        size_t k = hex ? 3 : 2;
        if (end - k == 0 || end - k >= sizeof num)
            return 0;
        memcpy(num, s + k, end - k);
        num[end - k] = '\0';
        char *stop;
        unsigned long v = strtoul(num, &stop, hex ? 16 : 10);
        if (*stop || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            *cp = 0xFFFD;
        else
            *cp = (uint32_t)v;
        return end + 1;
    }
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t l = strlen(entities[i].name);
        if (l == end - 1 && memcmp(s + 1, entities[i].name, l) == 0) {
            *cp = entities[i].cp;
            return end + 1;
        }
    }
    return 0;
}

/* Elements that end a line of text when they open or close. */
static bool tag_is_block(const char *t, size_t n)
{
    static const char *const blocks[] = {
        "p",      "br",    "div",        "li",  "tr", "h1", "h2",      "h3",      "h4",
        "h5",     "h6",    "table",      "ul",  "ol", "hr", "section", "article", "header",
        "footer", "title", "blockquote", "pre", "dt", "dd", NULL};
    for (const char *const *b = blocks; *b; b++)
        if (strlen(*b) == n && strncasecmp(*b, t, n) == 0)
            return true;
    return false;
}

/* Name of the tag starting at s (after '<' and an optional '/'). */
static size_t tag_name(const char *s, size_t n, size_t *start)
{
    size_t i = 0;
    if (i < n && s[i] == '/')
        i++;
    *start = i;
    while (i < n && (s[i] == '!' || s[i] == '-' || s[i] == ':' || (s[i] >= '0' && s[i] <= '9') ||
                     ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
        i++;
    return i - *start;
}

/* Skip from `from` to the end of the raw-text element `name` (script,
 * style): returns the offset after "</name>" or n. */
static size_t skip_raw(const char *s, size_t n, size_t from, const char *name)
{
    size_t l = strlen(name);
    for (size_t i = from; i + 2 + l <= n; i++)
        if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, l) == 0) {
            const char *gt = memchr(s + i, '>', n - i);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
    return n;
}

/* Handle the markup at s[i] == '<'; returns the offset after it. */
static size_t html_tag(struct ex_builder *b, const char *s, size_t n, size_t i)
{
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        const char *end = memmem(s + i + 4, n - i - 4, "-->", 3);
        return end ? (size_t)(end - s) + 3 : n;
    }
    size_t ns;
    size_t nl = tag_name(s + i + 1, n - i - 1, &ns);
    const char *name = s + i + 1 + ns;
    if (nl == 0) { /* a lone '<' is text */
        ex_add(b, "<", 1);
        return i + 1;
    }
    const char *gt = memchr(s + i, '>', n - i);
    size_t after = gt ? (size_t)(gt - s) + 1 : n;
    if (ns == 0 && ((nl == 6 && strncasecmp(name, "script", 6) == 0) ||
                    (nl == 5 && strncasecmp(name, "style", 5) == 0))) {
        char raw[7];
        memcpy(raw, name, nl);
        raw[nl] = '\0';
        return skip_raw(s, n, after, raw);
    }
    if (tag_is_block(name, nl))
        ex_add(b, "\n", 1);
    else if (nl == 2 && (strncasecmp(name, "td", 2) == 0 || strncasecmp(name, "th", 2) == 0) &&
             ns == 0)
        ex_add(b, "\t", 1);
    return after;
}

void ex_html_strip(struct ex_builder *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        if (s[i] != '<' && s[i] != '&') {
            i++;
            continue;
        }
        ex_add(b, s + run, i - run);
        if (s[i] == '<') {
            i = html_tag(b, s, n, i);
        } else {
            uint32_t cp;
            size_t used = entity_decode(s + i, n - i, &cp);
            char u[4];
            if (used) {
                ex_add(b, u, (size_t)utf8_encode(cp, u));
                i += used;
            } else {
                ex_add(b, "&", 1);
                i++;
            }
        }
        run = i;
    }
    ex_add(b, s + run, n - run);
}
