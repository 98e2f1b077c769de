/* wire.c - the byte format between the sandboxed child and the parent:
 * little-endian u8/u32, IEEE doubles, strings as u32 length + bytes (length
 * 0xFFFFFFFF for NULL). The reader never reads past the end; it sets bad. */
#include "scripting/rules_int.h"

#include <stdlib.h>
#include <string.h>

#define WIRE_NULL 0xFFFFFFFFu

void wire_u8(struct jstr *w, unsigned v)
{
    jstr_addc(w, (char)(unsigned char)v);
}

void wire_u32(struct jstr *w, uint32_t v)
{
    char b[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff),
                 (char)((v >> 24) & 0xff)};
    jstr_addn(w, b, 4);
}

void wire_f64(struct jstr *w, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    wire_u32(w, (uint32_t)(u & 0xffffffffu));
    wire_u32(w, (uint32_t)(u >> 32));
}

void wire_str(struct jstr *w, const char *s, size_t n)
{
    if (!s) {
        wire_u32(w, WIRE_NULL);
        return;
    }
    wire_u32(w, (uint32_t)n);
    jstr_addn(w, s, n);
}

void wire_cstr(struct jstr *w, const char *s)
{
    wire_str(w, s, s ? strlen(s) : 0);
}

static bool wire_need(struct wire_reader *r, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        return false;
    }
    return true;
}

unsigned wire_get_u8(struct wire_reader *r)
{
    if (!wire_need(r, 1))
        return 0;
    return r->p[r->pos++];
}

uint32_t wire_get_u32(struct wire_reader *r)
{
    if (!wire_need(r, 4))
        return 0;
    const unsigned char *b = r->p + r->pos;
    r->pos += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

double wire_get_f64(struct wire_reader *r)
{
    uint64_t lo = wire_get_u32(r);
    uint64_t hi = wire_get_u32(r);
    uint64_t u = lo | hi << 32;
    double v;
    memcpy(&v, &u, 8);
    return v;
}

char *wire_get_str(struct wire_reader *r)
{
    uint32_t n = wire_get_u32(r);
    if (n == WIRE_NULL || r->bad)
        return NULL;
    if (!wire_need(r, n))
        return NULL;
    char *s = jury_xstrndup((const char *)r->p + r->pos, n);
    r->pos += n;
    return s;
}
