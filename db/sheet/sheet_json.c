/* sheet_json.c - the canonical JSON text of score sheets, written and read
 * without building a tree: sheets hold 10^5 scores and a chair reads dozens,
 * and jansson's tree cost ten times the parsing itself.
 *
 * The bytes are exactly those jansson wrote for the first sheets (compact,
 * sorted keys, %.10g reals), so sheets made before this file verify and the
 * reader can demand the canonical form: any other spelling of the same data
 * is refused, which keeps one meaning per signed byte. */
#include "db/sheet/sheet_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* UTF-8 as jansson and core's utf8_valid define it (no overlongs, no
 * surrogates, nothing above U+10FFFF), with ASCII taken eight bytes at a
 * time: a sheet is mostly ASCII and this runs over every byte. */
bool sj_utf8_ok(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        uint64_t v;
        while (n - i >= 8 && (memcpy(&v, s + i, 8), (v & 0x8080808080808080ull) == 0))
            i += 8;
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
        if (len == 0 || n - i < len)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        unsigned char c1 = s[i + 1];
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
            return false;
        i += len;
    }
    return true;
}

/* ---- writing */

static bool plain(unsigned char ch)
{
    return ch >= 0x20 && ch != '"' && ch != '\\';
}

/* Bytes the escape of ch takes (1 when none). */
static size_t esc_len(unsigned char ch)
{
    return plain(ch) ? 1 : strchr("\"\\\b\f\n\r\t", ch) && ch ? 2 : 6;
}

bool sj_string(struct jstr *b, const char *s, size_t n)
{
    if (!sj_utf8_ok(s, n))
        return false;
    size_t need = 2;
    for (size_t i = 0; i < n; i++)
        need += esc_len((unsigned char)s[i]);
    jstr_reserve(b, need);
    char *o = b->s + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (plain(ch)) {
            *o++ = (char)ch;
            continue;
        }
        *o++ = '\\';
        const char *short_form = strchr("\"\"\\\\\bb\ff\nn\rr\tt", ch);
        if (ch && short_form) {
            *o++ = short_form[1];
        } else {
            static const char hex[] = "0123456789ABCDEF";
            memcpy(o, "u00", 3);
            o[3] = hex[ch >> 4];
            o[4] = hex[ch & 15];
            o += 5;
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->s);
    *o = '\0';
    return true;
}

/* Into buf (>= 40 bytes); length, or 0 when v is not finite. */
static size_t real_text(double v, char *buf)
{
    if (!isfinite(v))
        return 0;
    int n = snprintf(buf, 40, "%.10g", v);
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(buf, 'e');
    if (e) { /* "1e+05" -> "1e5", "1e-05" -> "1e-5" */
        char *start = e + 1, *end = e + 2;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(buf + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    return (size_t)n;
}

bool sj_real(struct jstr *b, double v)
{
    char buf[40];
    size_t n = real_text(v, buf);
    if (n)
        jstr_addn(b, buf, n);
    return n > 0;
}

/* ---- reading */

bool sj_fail(struct sj *c, const char *what)
{
    if (c->status == 0)
        c->status = jury_error_set(c->err, JURY_ERR_FORMAT, c->path,
                                   "sheet content: %s at byte %zu", what, (size_t)(c->p - c->base));
    c->p = c->end; /* every later step fails without moving */
    return false;
}

bool sj_peek(const struct sj *c, char ch)
{
    return c->status == 0 && c->p < c->end && *c->p == ch;
}

bool sj_lit(struct sj *c, const char *lit)
{
    size_t n = strlen(lit);
    if (c->status || (size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0) {
        char what[96];
        snprintf(what, sizeof what, "expected '%.40s'", lit);
        return sj_fail(c, what);
    }
    c->p += n;
    return true;
}

static int hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* One escape at c->p (after the backslash), as the writer spells it. */
static bool unescape(struct sj *c, char *out)
{
    if (c->p >= c->end)
        return sj_fail(c, "unterminated string");
    char e = *c->p++;
    switch (e) {
    case '"':
    case '\\':
        *out = e;
        return true;
    case 'b':
        *out = '\b';
        return true;
    case 'f':
        *out = '\f';
        return true;
    case 'n':
        *out = '\n';
        return true;
    case 'r':
        *out = '\r';
        return true;
    case 't':
        *out = '\t';
        return true;
    case 'u':
        break;
    default:
        c->p--;
        return sj_fail(c, "an escape the writer never makes");
    }
    int v = c->end - c->p >= 4 && c->p[0] == '0' && c->p[1] == '0'
                ? hexval(c->p[2]) * 16 + hexval(c->p[3])
                : -1;
    /* only controls without a short form are written as \u00XX */
    if (v < 0 || v >= 0x20 || strchr("\b\f\n\r\t", v))
        return sj_fail(c, "an escape the writer never makes");
    if (v == 0)
        return sj_fail(c, "a NUL character in a string");
    c->p += 4;
    *out = (char)v;
    return true;
}

bool sj_str(struct sj *c, bool nullable, char **out)
{
    *out = NULL;
    if (nullable && c->status == 0 && c->end - c->p >= 4 && memcmp(c->p, "null", 4) == 0) {
        c->p += 4;
        return true;
    }
    if (!sj_lit(c, "\""))
        return false;
    const char *start = c->p;
    const char *q = start;
    while (q < c->end && plain((unsigned char)*q))
        q++;
    if (q < c->end && *q == '"') { /* no escapes: the usual case */
        c->p = q + 1;
        if (!sj_utf8_ok(start, (size_t)(q - start))) {
            c->p = start;
            return sj_fail(c, "a string that is not UTF-8");
        }
        *out = jury_xstrndup(start, (size_t)(q - start));
        return true;
    }
    struct jstr b = {0};
    c->p = start;
    while (c->p < c->end && *c->p != '"') {
        char ch = *c->p;
        if ((unsigned char)ch < 0x20) {
            jstr_free(&b);
            return sj_fail(c, "a control character in a string");
        }
        c->p++;
        if (ch == '\\' && !unescape(c, &ch)) {
            jstr_free(&b);
            return false;
        }
        jstr_addc(&b, ch);
    }
    if (c->p >= c->end || !sj_utf8_ok(jstr_cstr(&b), b.len)) {
        jstr_free(&b);
        return sj_fail(c, c->p >= c->end ? "unterminated string" : "a string that is not UTF-8");
    }
    c->p++;
    *out = jstr_take(&b);
    return true;
}

bool sj_uint(struct sj *c, uint64_t max, uint64_t *out)
{
    const char *q = c->p;
    uint64_t v = 0;
    while (c->status == 0 && q < c->end && *q >= '0' && *q <= '9') {
        unsigned d = (unsigned)(*q - '0');
        if (v > (max - d) / 10)
            return sj_fail(c, "a number out of range");
        v = v * 10 + d;
        q++;
    }
    if (q == c->p || (*c->p == '0' && q - c->p > 1))
        return sj_fail(c, "expected a whole number (no sign, no leading zeros)");
    c->p = q;
    *out = v;
    return true;
}

bool sj_num(struct sj *c, double *out)
{
    const char *q = c->p;
    while (c->status == 0 && q < c->end && q - c->p < 32 && strchr("0123456789+-.e", *q) && *q)
        q++;
    char text[40], again[40];
    size_t n = (size_t)(q - c->p);
    memcpy(text, c->p, n);
    text[n] = '\0';
    char *stop = NULL;
    double v = n ? strtod(text, &stop) : 0;
    if (!n || stop != text + n || real_text(v, again) != n || memcmp(again, text, n) != 0)
        return sj_fail(c, "expected a number as the writer prints it (%.10g)");
    c->p = q;
    *out = v;
    return true;
}
