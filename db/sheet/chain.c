/* chain.c - the audit chain a store writes and a sheet carries.
 *
 * leaf_i = SHA-256(canonical row i); hash_i = SHA-256(hash_{i-1} || leaf_i)
 * over the 64-digit lowercase hex forms; hash_0 = 64 '0'. The canonical row
 * is each field as a netstring "<len>:<bytes>," (NULL as "~,"), in the order
 * seq, at, pack, kind, item, old, new. */
#include "db/sheet/sheet.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Hashing is most of reading a sheet (two SHA-256 per audit row), so rows
 * are laid out in one buffer and hashed in one call (core's SHA-256 uses the
 * CPU's SHA instructions through nettle). */

static char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* Bytes field() appends for v. */
static size_t field_len(const char *v, size_t n)
{
    return v ? n + 22 : 2;
}

static char *field(char *p, const char *v, size_t n)
{
    if (!v) {
        memcpy(p, "~,", 2);
        return p + 2;
    }
    p = put_uint(p, n);
    *p++ = ':';
    memcpy(p, v, n);
    p += n;
    *p++ = ',';
    return p;
}

void audit_leaf(uint64_t seq, const char *at, const char *pack, const char *kind, const char *item,
                const char *old_value, const char *new_value, char leaf[SHA256_HEX_LEN + 1])
{
    const char *f[6] = {at, pack, kind, item, old_value, new_value};
    size_t n[6], total = 48;
    for (size_t i = 0; i < 6; i++) {
        n[i] = f[i] ? strlen(f[i]) : 0;
        total += field_len(f[i], n[i]);
    }
    char small[512], num[24];
    char *buf = total <= sizeof small ? small : jury_xmalloc(total);
    char *p = field(buf, num, (size_t)(put_uint(num, seq) - num));
    for (size_t i = 0; i < 6; i++)
        p = field(p, f[i], n[i]);
    jury_sha256_hex(buf, (size_t)(p - buf), leaf);
    if (buf != small)
        free(buf);
}

void audit_link(const char *prev, const char *leaf, char next[SHA256_HEX_LEN + 1])
{
    unsigned char in[2 * SHA256_HEX_LEN];
    memcpy(in, prev, SHA256_HEX_LEN);
    memcpy(in + SHA256_HEX_LEN, leaf, SHA256_HEX_LEN);
    jury_sha256_hex(in, sizeof in, next);
}

bool audit_is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (n == SHA256_HEX_LEN || !((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == SHA256_HEX_LEN;
}

void audit_real(double v, char buf[AUDIT_REAL_LEN])
{
    snprintf(buf, AUDIT_REAL_LEN, "%.10g", v);
}
