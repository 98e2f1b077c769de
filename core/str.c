/* str.c - growable NUL-terminated strings. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jstr_reserve(struct jstr *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->s = jury_xrealloc(b->s, cap);
    b->cap = cap;
    b->s[b->len] = '\0'; /* a fresh buffer is a valid empty string */
}

void jstr_addn(struct jstr *b, const char *s, size_t n)
{
    jstr_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void jstr_add(struct jstr *b, const char *s)
{
    jstr_addn(b, s, strlen(s));
}

void jstr_addc(struct jstr *b, char c)
{
    jstr_addn(b, &c, 1);
}

void jstr_vaddf(struct jstr *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    jstr_reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void jstr_addf(struct jstr *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jstr_vaddf(b, fmt, ap);
    va_end(ap);
}

void jstr_clear(struct jstr *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

char *jstr_take(struct jstr *b)
{
    char *s = b->s ? b->s : jury_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void jstr_free(struct jstr *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

const char *jstr_cstr(const struct jstr *b)
{
    return b->s ? b->s : "";
}
