/* utf8.c - UTF-8 decoding, display width, and making untrusted text safe
 * to show on a terminal. */
#define _XOPEN_SOURCE 700
#include "core.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

int utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return -1;
    *cp = u[0];
    if (u[0] < 0x80)
        return 1;
    int len;
    uint32_t min, c;
    if ((u[0] & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c = u[0] & 0x07;
    } else {
        return -1;
    }
    if (n < (size_t)len)
        return -1;
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return -1;
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlongs, surrogates and values past U+10FFFF are invalid. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return -1;
    *cp = c;
    return len;
}

int utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k < 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

int utf8_cp_width(uint32_t cp)
{
    if (esc_unsafe_cp(cp))
        return -1;
    int w = wcwidth((wchar_t)cp);
    if (w < 0)
        return utf8_is_cjk(cp) ? 2 : 1; /* C locale: assume the usual terminal */
    return w;
}

int utf8_width(const char *s, size_t n)
{
    int cols = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k < 0) {
            cols += 4; /* shown as \xNN */
            i++;
            continue;
        }
        int w = utf8_cp_width(cp);
        cols += w < 0 ? (cp < 0x100 ? 4 : 6) : w;
        i += (size_t)k;
    }
    return cols;
}

size_t utf8_fit(const char *s, size_t n, int cols, int *used)
{
    int c = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        int w = k < 0 ? 4 : utf8_cp_width(cp);
        if (w < 0)
            w = cp < 0x100 ? 4 : 6;
        if (c + w > cols)
            break;
        c += w;
        i += k < 0 ? 1 : (size_t)k;
    }
    if (used)
        *used = c;
    return i;
}

char *utf8_sanitize(const char *s, size_t n)
{
    struct jstr b = {0};
    esc_term(&b, s, n);
    return jstr_take(&b);
}

bool utf8_locale_ok(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

bool utf8_is_cjk(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}
