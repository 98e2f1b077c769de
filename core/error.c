/* error.c - the error value, fatal out-of-memory, checked allocation. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void (*oom_hook)(void);

int jury_error_set(struct jury_error *err, int status, const char *where, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void jury_error_clear(struct jury_error *err)
{
    if (!err)
        return;
    err->status = 0;
    err->where[0] = '\0';
    err->message[0] = '\0';
}

const char *jury_error_text(const struct jury_error *err, char *buf, size_t size)
{
    if (!err || size == 0)
        return "";
    if (err->where[0])
        snprintf(buf, size, "%s: %s", err->where, err->message);
    else
        snprintf(buf, size, "%s", err->message[0] ? err->message : jury_status_name(err->status));
    return buf;
}

const char *jury_status_name(int status)
{
    switch (status) {
    case JURY_OK:
        return "ok";
    case JURY_ERR_NOMEM:
        return "out of memory";
    case JURY_ERR_IO:
        return "I/O error";
    case JURY_ERR_FORMAT:
        return "malformed input";
    case JURY_ERR_LIMIT:
        return "limit exceeded";
    case JURY_ERR_INVALID:
        return "invalid value";
    case JURY_ERR_NOTFOUND:
        return "not found";
    case JURY_ERR_DENIED:
        return "refused";
    case JURY_ERR_BUSY:
        return "in use elsewhere";
    case JURY_ERR_CORRUPT:
        return "integrity check failed";
    case JURY_ERR_VERSION:
        return "unsupported version";
    default:
        return "internal error";
    }
}

void jury_set_oom_hook(void (*hook)(void))
{
    oom_hook = hook;
}

static void oom(void)
{
    static const char msg[] = "jury: out of memory\n";
    if (oom_hook)
        oom_hook();
    /* write(2), not stdio: the heap is exhausted. */
    ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)r;
    _exit(70);
}

void *jury_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *jury_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *jury_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *jury_xstrdup(const char *s)
{
    return jury_xstrndup(s, strlen(s));
}

char *jury_xstrndup(const char *s, size_t n)
{
    char *p = jury_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
