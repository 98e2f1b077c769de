/* pack_layout.c - what a zip hides around and inside its directory, warned
 * about whichever reader listed it: bytes before the archive (a prepended
 * stub, or a first archive joined to a second one), bytes or a second end
 * record after it, entry names no file can have (a NUL, empty, or absurdly
 * long: a reader would cut or drop them), and a manifest.json too large to
 * be read. */
#include "packs/pack_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAIL      (65535 + 22) /* the end record and the longest comment */
#define NAME_LONG 4096

struct lsrc {
    const struct pack *p;
    int fd;
};

static bool lread(const struct lsrc *s, uint64_t off, void *buf, size_t len)
{
    if (s->p->mem) {
        if (off > s->p->mem_len || len > s->p->mem_len - off)
            return false;
        memcpy(buf, s->p->mem + off, len);
        return true;
    }
    return pread(s->fd, buf, len, (off_t)off) == (ssize_t)len;
}

static uint32_t le(const unsigned char *b, int n)
{
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

/* Names in the central directory that no file can have. */
static void check_names(struct pack *p, const struct lsrc *s, uint64_t off, uint32_t size)
{
    if (size > (64u << 20))
        return;
    unsigned char *cd = malloc(size ? size : 1);
    if (!cd || !lread(s, off, cd, size)) {
        free(cd);
        return;
    }
    for (uint32_t at = 0; at + 46 <= size && memcmp(cd + at, "PK\1\2", 4) == 0;) {
        uint32_t nlen = le(cd + at + 28, 2), rest = le(cd + at + 30, 2) + le(cd + at + 32, 2);
        if (at + 46 + nlen > size)
            break;
        const char *name = (const char *)cd + at + 46;
        struct jstr shown = {0};
        esc_term(&shown, name, nlen > 200 ? 200 : nlen);
        if (nlen == 0)
            pack_warn(p, -1, 0, "bad-name", "an entry has an empty name");
        else if (memchr(name, 0, nlen))
            pack_warn(p, -1, 0, "bad-name",
                      "entry name '%s' holds a NUL byte: readers cut the name there", shown.s);
        else if (nlen > NAME_LONG)
            pack_warn(p, -1, 0, "bad-name", "entry name of %u bytes ('%s...')", nlen, shown.s);
        jstr_free(&shown);
        at += 46 + nlen + rest;
    }
    free(cd);
}

/* An end record at t + i (n bytes of tail, the tail starting at file
 * offset base) that could be real: one volume, its comment inside the file,
 * its directory before it. */
static bool plausible(const unsigned char *t, size_t i, size_t n, uint64_t base)
{
    if (i + 22 > n || memcmp(t + i, "PK\5\6", 4) != 0)
        return false;
    uint64_t cd_end = (uint64_t)le(t + i + 12, 4) + le(t + i + 16, 4);
    return le(t + i + 4, 2) == 0 && le(t + i + 6, 2) == 0 &&
           le(t + i + 8, 2) == le(t + i + 10, 2) && 22 + le(t + i + 20, 2) <= n - i &&
           (le(t + i + 16, 4) == 0xFFFFFFFFu || cd_end <= base + i);
}

/* The end record readers use (the one whose comment ends the file, else
 * the last plausible one) and how many plausible ones there are. */
static long find_end(const unsigned char *t, size_t n, uint64_t base, int *count)
{
    long last = -1, exact = -1;
    *count = 0;
    for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;) {
        if (!plausible(t, i, n, base))
            continue;
        ++*count;
        if (last < 0)
            last = (long)i;
        if (exact < 0 && 22 + le(t + i + 20, 2) == n - i)
            exact = (long)i;
    }
    return exact >= 0 ? exact : last;
}

static void check_zip(struct pack *p, const struct lsrc *s)
{
    uint64_t size = p->mem ? p->mem_len : p->file_size;
    size_t n = size < TAIL ? (size_t)size : TAIL;
    unsigned char *t = malloc(n ? n : 1);
    int count = 0;
    long at = t && lread(s, size - n, t, n) ? find_end(t, n, size - n, &count) : -1;
    if (at >= 0) {
        uint64_t pos = size - n + (uint64_t)at;
        uint32_t cd_size = le(t + at + 12, 4), cd_off = le(t + at + 16, 4);
        uint64_t after = n - (size_t)at - 22 - le(t + at + 20, 2);
        if (count > 1)
            pack_warn(p, -1, 0, "appended",
                      "%d zip end records: archives joined together, only the last one is read",
                      count);
        else if (after > 0 && after < n)
            pack_warn(p, -1, 0, "appended", "%llu bytes after the end of the archive",
                      (unsigned long long)after);
        if (cd_off != 0xFFFFFFFFu && (uint64_t)cd_off + cd_size < pos)
            pack_warn(p, -1, 0, "prepended",
                      "%llu bytes before the archive (a prepended stub, or another archive "
                      "joined in front): not part of any entry",
                      (unsigned long long)(pos - cd_off - cd_size));
        if (cd_off != 0xFFFFFFFFu && cd_size <= pos)
            check_names(p, s, pos - cd_size, cd_size);
    }
    free(t);
}

void pack_check_layout(struct pack *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const char *path = p->entries[i].path, *slash = strchr(path, '/');
        bool manifest = strcmp(slash ? slash + 1 : path, "manifest.json") == 0 &&
                        (!slash || !strchr(slash + 1, '/'));
        if (manifest && p->entries[i].size > PACK_MANIFEST_MAX)
            pack_warn(p, (long)i, 0, "manifest",
                      "manifest.json of %llu bytes is over the limit of %u bytes: ignored",
                      (unsigned long long)p->entries[i].size, PACK_MANIFEST_MAX);
    }
    if (!p->is_zip)
        return;
    struct lsrc s = {.p = p, .fd = -1};
    if (!p->mem && (s.fd = jury_open_regular(p->path, 0, false, NULL, NULL)) < 0)
        return;
    check_zip(p, &s);
    if (s.fd >= 0)
        close(s.fd);
}
