/* gbk.c - GB18030 (superset of GBK/CP936) and UTF-16 to UTF-8, and the
 * encoding sniffing used for text evidence. iconv is glibc's. */
#include "core.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* Convert with iconv; undecodable bytes become \xNN and set *lossy. */
static char *convert(const char *from, const char *to, const char *s, size_t n, bool escape,
                     size_t *out_len, bool *lossy, struct jury_error *err)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) {
        jury_error_set(err, JURY_ERR_INTERNAL, NULL, "iconv cannot convert %s to %s", from, to);
        return NULL;
    }
    struct jstr b = {0};
    char *in = (char *)s;
    size_t left = n;
    char buf[4096];
    while (left > 0) {
        char *out = buf;
        size_t room = sizeof buf;
        size_t r = iconv(cd, &in, &left, &out, &room);
        jstr_addn(&b, buf, (size_t)(out - buf));
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (truncated): escape one byte and go on. */
        if (lossy)
            *lossy = true;
        if (escape)
            jstr_addf(&b, "\\x%02x", (unsigned char)*in);
        in++;
        left--;
    }
    char *out = buf;
    size_t room = sizeof buf;
    iconv(cd, NULL, NULL, &out, &room);
    jstr_addn(&b, buf, (size_t)(out - buf));
    iconv_close(cd);
    if (out_len)
        *out_len = b.len;
    return jstr_take(&b);
}

char *gbk_to_utf8(const char *s, size_t n, bool *lossy, struct jury_error *err)
{
    if (lossy)
        *lossy = false;
    return convert("GB18030", "UTF-8", s, n, true, NULL, lossy, err);
}

char *utf8_to_gbk(const char *s, size_t n, size_t *out_len, struct jury_error *err)
{
    return convert("UTF-8", "GB18030", s, n, false, out_len, NULL, err);
}

char *utf16_to_utf8(const char *s, size_t n, bool big_endian)
{
    const unsigned char *u = (const unsigned char *)s;
    struct jstr b = {0};
    jstr_reserve(&b, n);
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t c =
            big_endian ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < n) {
            uint32_t d = big_endian ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                                    : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i += 2;
            } else {
                c = 0xFFFD;
            }
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        char e[4];
        jstr_addn(&b, e, (size_t)utf8_encode(c, e));
    }
    return jstr_take(&b);
}

char *text_to_utf8(const char *s, size_t n, const char **encoding, struct jury_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *enc;
    char *out;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        enc = "utf-8-bom";
        out = utf8_valid(s + 3, n - 3) ? jury_xstrndup(s + 3, n - 3)
                                       : gbk_to_utf8(s + 3, n - 3, NULL, err);
    } else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        enc = "utf-16le";
        out = utf16_to_utf8(s + 2, n - 2, false);
    } else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        enc = "utf-16be";
        out = utf16_to_utf8(s + 2, n - 2, true);
    } else if (utf8_valid(s, n)) {
        enc = "utf-8";
        out = jury_xstrndup(s, n);
    } else {
        enc = "gb18030";
        out = gbk_to_utf8(s, n, NULL, err);
    }
    if (encoding)
        *encoding = enc;
    return out;
}
