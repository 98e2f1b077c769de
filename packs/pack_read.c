/* pack_read.c - reading entry data in memory, counting inflated bytes
 * ourselves (declared sizes can lie), with a forward-only cursor so reading
 * entries in order walks the archive once. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

static void cursor_drop(struct pack *p)
{
    if (p->cur)
        archive_read_free(p->cur);
    p->cur = NULL;
    p->cur_ord = -1;
}

static int fail(struct pack *p, long idx, int status, struct jury_error *err, const char *fmt,
                const char *detail)
{
    char w[1024];
    return jury_error_set(err, status, pack_where(p, idx, w, sizeof w), fmt, detail);
}

/* Move the cursor onto the header of entry idx, reopening the archive when
 * it is already past it. */
static int cursor_seek(struct pack *p, long idx, struct jury_error *err)
{
    long want = p->priv[idx].ord;
    if (p->cur && p->cur_ord >= want)
        cursor_drop(p);
    if (!p->cur) {
        int rc = pack_arc_open(p, &p->cur, err);
        if (rc)
            return rc;
        p->cur_ord = -1;
    }
    struct archive_entry *ae;
    while (p->cur_ord < want) {
        int r = archive_read_next_header(p->cur, &ae);
        if (r == ARCHIVE_EOF || r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
            const char *s = archive_error_string(p->cur);
            int rc = fail(p, idx, JURY_ERR_CORRUPT, err, "archive damaged before this entry: %s",
                          s ? s : "unexpected end");
            cursor_drop(p);
            return rc;
        }
        p->cur_ord++;
    }
    return 0;
}

/* Limits on what has really been inflated so far. */
int pack_check_limits(struct reading *r, struct jury_error *err)
{
    struct pack *p = r->p;
    const struct entry_priv *e = &p->priv[r->idx];
    char msg[256];
    if (r->got > p->opt.max_entry_size) {
        snprintf(msg, sizeof msg, "more than %llu bytes inflated",
                 (unsigned long long)p->opt.max_entry_size);
        pack_warn(p, r->idx, PACK_W_TOO_LARGE, "too-large", "%s; reading stopped", msg);
        return fail(p, r->idx, JURY_ERR_LIMIT, err, "%s; reading stopped", msg);
    }
    if (!e->counted && p->total_inflated + r->got > p->opt.max_total_size) {
        snprintf(msg, sizeof msg, "pack inflates to more than %llu bytes",
                 (unsigned long long)p->opt.max_total_size);
        pack_warn(p, -1, 0, "pack-too-large", "%s", msg);
        return fail(p, r->idx, JURY_ERR_LIMIT, err, "%s", msg);
    }
    if (r->got >= p->opt.ratio_floor && p->opt.max_ratio > 0 &&
        (double)r->got > p->opt.max_ratio * (double)e->packed) {
        snprintf(msg, sizeof msg, "compression ratio over %.0f:1 (%llu bytes from at most %llu)",
                 p->opt.max_ratio, (unsigned long long)r->got, (unsigned long long)e->packed);
        pack_warn(p, r->idx, PACK_W_BOMB, "bomb", "%s; reading stopped", msg);
        return fail(p, r->idx, JURY_ERR_LIMIT, err, "%s; reading stopped (zip bomb?)", msg);
    }
    return 0;
}

int pack_damage(struct pack *p, long idx, struct jury_error *err, const char *fmt, ...)
{
    struct jstr m = {0};
    va_list ap;
    va_start(ap, fmt);
    jstr_vaddf(&m, fmt, ap);
    va_end(ap);
    p->damaged = true;
    pack_warn(p, idx, PACK_W_DAMAGED, "damaged", "%s", jstr_cstr(&m));
    int rc = fail(p, idx, JURY_ERR_CORRUPT, err, "damaged data: %s", jstr_cstr(&m));
    jstr_free(&m);
    return rc;
}

static int data_error(struct pack *p, long idx, struct jury_error *err)
{
    const char *s = archive_error_string(p->cur);
    s = s ? s : "read error";
    if (strstr(s, "assphrase") || strstr(s, "ecrypt"))
        return fail(p, idx, JURY_ERR_DENIED, err,
                    p->passphrase ? "wrong passphrase (%s)" : "passphrase required (%s)", s);
    p->damaged = true;
    pack_warn(p, idx, PACK_W_DAMAGED, "damaged", "%s", s);
    return fail(p, idx, JURY_ERR_CORRUPT, err, "damaged data: %s", s);
}

static int pump(struct reading *r, int (*sink)(void *, const void *, size_t), void *ctx,
                struct jury_error *err)
{
    char *buf = jury_xmalloc(CHUNK);
    struct pack *p = r->p;
    int rc = 0;
    for (;;) {
        la_ssize_t k = archive_read_data(p->cur, buf, CHUNK);
        if (k <= 0) {
            rc = k < 0 ? data_error(p, r->idx, err) : 0;
            break;
        }
        r->got += (uint64_t)k;
        rc = pack_check_limits(r, err);
        if (rc)
            break;
        jury_sha256_update(&r->sha, buf, (size_t)k);
        rc = sink ? sink(ctx, buf, (size_t)k) : 0;
        if (rc)
            break;
    }
    free(buf);
    return rc;
}

static int stream_checked(struct pack *p, size_t index, int (*sink)(void *, const void *, size_t),
                          void *ctx, struct jury_error *err)
{
    if (index >= p->n)
        return jury_error_set(err, JURY_ERR_NOTFOUND, p->path, "no entry %zu", index);
    long idx = (long)index;
    struct pack_entry *e = &p->entries[idx];
    if (e->is_link)
        return fail(p, idx, JURY_ERR_INVALID, err, "%s", "a link or special file has no data");
    if (e->size > p->opt.max_entry_size)
        return fail(p, idx, JURY_ERR_LIMIT, err, "%s", "declared size is over the entry limit");
    struct reading r = {.p = p, .idx = idx};
    jury_sha256_init(&r.sha);
    int rc = p->zipdir ? zipdir_pump(&r, sink, ctx, err) : cursor_seek(p, idx, err);
    if (!rc && !p->zipdir)
        rc = pump(&r, sink, ctx, err);
    if (rc) {
        cursor_drop(p);
        return rc;
    }
    if (!e->sha256[0])
        jury_sha256_final_hex(&r.sha, e->sha256);
    if (!p->priv[idx].counted) {
        p->priv[idx].counted = true;
        p->total_inflated += r.got;
    }
    return 0;
}

int pack_stream_entry(struct pack *p, size_t index,
                      int (*sink)(void *ctx, const void *data, size_t len), void *ctx,
                      struct jury_error *err)
{
    locale_t old = p->utf8_loc ? uselocale(p->utf8_loc) : (locale_t)0;
    int rc = stream_checked(p, index, sink, ctx, err);
    if (old)
        uselocale(old);
    return rc;
}

static int sink_jstr(void *ctx, const void *data, size_t len)
{
    jstr_addn(ctx, data, len);
    return 0;
}

int pack_read_entry(struct pack *p, size_t index, char **buf, size_t *len, struct jury_error *err)
{
    struct jstr b = {0};
    *buf = NULL;
    *len = 0;
    if (index < p->n)
        jstr_reserve(&b, (size_t)(p->entries[index].size < (1u << 26) ? p->entries[index].size
                                                                      : (1u << 26)));
    int rc = pack_stream_entry(p, index, sink_jstr, &b, err);
    if (rc) {
        jstr_free(&b);
        return rc;
    }
    *len = b.len;
    *buf = jstr_take(&b);
    return 0;
}

int pack_entry_sha256(struct pack *p, size_t index, char hex[SHA256_HEX_LEN + 1],
                      struct jury_error *err)
{
    if (index < p->n && !p->entries[index].sha256[0]) {
        int rc = pack_stream_entry(p, index, NULL, NULL, err);
        if (rc)
            return rc;
    }
    if (index >= p->n)
        return jury_error_set(err, JURY_ERR_NOTFOUND, p->path, "no entry %zu", index);
    memcpy(hex, p->entries[index].sha256, SHA256_HEX_LEN + 1);
    return 0;
}
