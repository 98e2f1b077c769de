/* pack_zipdir.c - zip packs listed from the central directory in one read
 * and read with zlib, so opening a pack does not walk every local header
 * (libarchive's seekable reader does: listing 5,000 entries read the whole
 * file) and reading one member seeks straight to it.
 *
 * Only plain zips take this path: a single volume whose central directory
 * ends exactly at its end record, stored or deflated entries, no
 * encryption, regular files and directories, names that libarchive would
 * hand over byte for byte. Anything else returns "defer" before the pack is
 * touched and libarchive lists it as before (passphrases, links, recovery of
 * a zip without its central directory). The central directory is trusted
 * for the listing only; every read checks the local header against it,
 * keeps the data before the central directory, counts inflated bytes
 * against the limits and checks size and CRC-32 at the end. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define EOCD_LEN    22u
#define EOCD_SEARCH (65535u + EOCD_LEN)
#define LOC64_LEN   20u
#define EOCD64_LEN  56u
#define CDH_LEN     46u
#define LFH_LEN     30u
#define CD_MAX      (256u << 20) /* a larger central directory is left to libarchive */
#define CHUNK       65536u
#define U32_MAX     0xFFFFFFFFu

enum { DEFER = 1 };

/* ------------------------------------------------------------ bytes */

/* Where the bytes are: the pack file (fd) or its memory copy. */
struct src {
    const struct pack *p;
    int fd;
};

static int src_open(struct src *s, const struct pack *p)
{
    s->p = p;
    s->fd = -1;
    if (p->mem)
        return 0;
    s->fd = jury_open_regular(p->path, 0, false, NULL, NULL);
    return s->fd < 0 ? (s->fd = -1) : 0;
}

static void src_close(struct src *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

/* Exactly len bytes at off, or -1 (outside the file, I/O error). */
static int src_read(const struct src *s, uint64_t off, void *buf, size_t len)
{
    uint64_t size = s->p->file_size;
    if (off > size || len > size - off)
        return -1;
    if (s->p->mem) {
        memcpy(buf, s->p->mem + off, len);
        return 0;
    }
    for (size_t done = 0; done < len;) {
        ssize_t k = pread(s->fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static uint16_t le16(const unsigned char *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t le64(const unsigned char *b)
{
    return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

/* ------------------------------------------------- end of central directory */

struct cdir {
    uint64_t off, size, count;
};

/* The zip64 end record named by the locator just before the end record at
 * eocd: single volume, and the central directory must end where the zip64
 * record starts (which itself must end at the locator). */
static int read_zip64(const struct src *s, uint64_t eocd, struct cdir *cd)
{
    unsigned char loc[LOC64_LEN], r[EOCD64_LEN];
    if (eocd < LOC64_LEN || src_read(s, eocd - LOC64_LEN, loc, sizeof loc) != 0 ||
        memcmp(loc, "PK\6\7", 4) != 0 || le32(loc + 4) != 0 || le32(loc + 16) != 1)
        return DEFER;
    uint64_t at = le64(loc + 8);
    if (src_read(s, at, r, sizeof r) != 0 || memcmp(r, "PK\6\6", 4) != 0)
        return DEFER;
    uint64_t rec = le64(r + 4);
    if (rec < EOCD64_LEN - 12 || rec > eocd || at + 12 + rec != eocd - LOC64_LEN)
        return DEFER;
    if (le32(r + 16) != 0 || le32(r + 20) != 0 || le64(r + 24) != le64(r + 32))
        return DEFER;
    cd->count = le64(r + 32);
    cd->size = le64(r + 40);
    cd->off = le64(r + 48);
    return cd->off <= at && cd->size == at - cd->off ? 0 : DEFER;
}

/* Is the record at b (file offset pos) consistent? Single volume, and its
 * central directory ends exactly where the record (or zip64 data) starts. */
static int check_eocd(const struct src *s, const unsigned char *b, uint64_t pos, struct cdir *cd)
{
    if (le16(b + 4) != 0 || le16(b + 6) != 0 || le16(b + 8) != le16(b + 10))
        return DEFER;
    bool zip64 = le16(b + 10) == 0xFFFF || le32(b + 12) == U32_MAX || le32(b + 16) == U32_MAX;
    unsigned char loc[4];
    if (zip64 || (pos >= LOC64_LEN && src_read(s, pos - LOC64_LEN, loc, 4) == 0 &&
                  memcmp(loc, "PK\6\7", 4) == 0))
        return read_zip64(s, pos, cd);
    cd->count = le16(b + 10);
    cd->size = le32(b + 12);
    cd->off = le32(b + 16);
    return cd->off <= pos && cd->size == pos - cd->off ? 0 : DEFER;
}

/* Search the last 64 KiB + 22 bytes for end records whose comment runs
 * exactly to the end of the file. There must be exactly one, and it must be
 * consistent: a second one (a zip inside the comment, a comment-length
 * trick) makes the file ambiguous (libarchive takes the last record it sees
 * in the final 16 KiB), so libarchive decides as before. */
static int find_eocd(const struct src *s, struct cdir *cd)
{
    uint64_t size = s->p->file_size;
    size_t tail = size < EOCD_SEARCH ? (size_t)size : EOCD_SEARCH;
    if (tail < EOCD_LEN)
        return DEFER;
    unsigned char *b = jury_xmalloc(tail);
    size_t found = 0, at = 0;
    if (src_read(s, size - tail, b, tail) == 0) {
        /* memchr skips to each 'P' (else every open compares 64 KiB) */
        const unsigned char *q = b, *end = b + tail - EOCD_LEN + 1;
        while (q < end && (q = memchr(q, 'P', (size_t)(end - q))) != NULL) {
            size_t i = (size_t)(q - b);
            if (memcmp(q, "PK\5\6", 4) == 0 && EOCD_LEN + (size_t)le16(q + 20) == tail - i &&
                !found++)
                at = i; /* the first from the start, as the scan from the end kept */
            q++;
        }
    }
    int rc = found == 1 ? check_eocd(s, b + at, size - tail + at, cd) : DEFER;
    free(b);
    return rc;
}

/* ------------------------------------------------------ central records */

/* One central directory record as we use it. */
struct cdent {
    const unsigned char *name; /* into the central directory buffer */
    size_t nlen;
    uint64_t usize, csize, lho;
    uint32_t crc, ext;
    uint16_t made_by, needed, flags, method, dtime, ddate;
    int64_t ut_mtime;
    bool has_ut, dir;
};

/* Zip64 extended information: 8-byte values for each field saturated in
 * the record, in this order. */
static int extra_zip64(struct cdent *e, const unsigned char *d, size_t len)
{
    uint64_t *f[] = {&e->usize, &e->csize, &e->lho};
    size_t at = 0;
    for (size_t i = 0; i < 3; i++) {
        if (*f[i] != U32_MAX)
            continue;
        if (len - at < 8)
            return DEFER;
        *f[i] = le64(d + at);
        at += 8;
    }
    return 0;
}

/* Walk the extra fields (each length checked against what is left). */
static int parse_extra(struct cdent *e, const unsigned char *x, size_t xlen)
{
    bool z64 = false;
    while (xlen > 0) {
        if (xlen < 4 || (size_t)le16(x + 2) > xlen - 4)
            return DEFER;
        uint16_t id = le16(x), len = le16(x + 2);
        if (id == 0x0001 && !z64) {
            if (extra_zip64(e, x + 4, len) != 0)
                return DEFER;
            z64 = true;
        } else if (id == 0x5455 && len >= 5 && (x[4] & 1)) {
            e->ut_mtime = (int32_t)le32(x + 5); /* "UT": mtime, seconds UTC */
            e->has_ut = true;
        } else if (id == 0x7075) {
            return DEFER; /* Info-ZIP Unicode path: libarchive may rename */
        }
        x += 4 + len;
        xlen -= 4 + (size_t)len;
    }
    return e->usize == U32_MAX || e->csize == U32_MAX || e->lho == U32_MAX ? DEFER : 0;
}

/* Code points libarchive passes through unchanged. It normalises UTF-8
 * names to NFC, so anything that could compose or decompose (combining
 * marks, Hangul jamo, compatibility ideographs...) is left to it. */
static bool nfc_stable(uint32_t c)
{
    return c < 0x300 || (c >= 0x2002 && c <= 0x206F) || (c >= 0x3000 && c <= 0x3029) ||
           (c >= 0x3030 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF5E) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x1F300 && c <= 0x1FAFF);
}

/* s is valid UTF-8 of length n. */
static bool name_stable(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c = s[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k > 1) {
            c &= 0x3Fu >> (k - 1);
            for (size_t j = 1; j < k; j++)
                c = c << 6 | (s[i + j] & 0x3Fu);
        }
        if (!nfc_stable(c))
            return false;
        i += k;
    }
    return true;
}

/* libarchive turns every "\" into "/" in a name that has no "/" when the
 * name converts to wide characters (valid UTF-8 here) and the "version
 * needed" says MS-DOS; names and raw names must come out the same. */
static void dos_separators(char *name, size_t n, uint16_t needed)
{
    if ((needed >> 8) != 0 || memchr(name, '/', n) || !memchr(name, '\\', n) ||
        !utf8_valid(name, n))
        return;
    for (size_t i = 0; i < n; i++)
        if (name[i] == '\\')
            name[i] = '/';
}

/* File type from the external attributes, as libarchive reads them:
 * Unix mode bits when made on Unix, the MS-DOS directory bit, else none.
 * Returns DEFER for links and devices (libarchive lists those). */
static int entry_type(struct cdent *e)
{
    unsigned sys = e->made_by >> 8, t = 0;
    if (sys == 3)
        t = (e->ext >> 16) & 0170000u;
    else if (sys == 0)
        t = (e->ext & 0x10) ? 0040000u : 0100000u;
    if (t == 0010000u) /* a FIFO: Info-ZIP's record of a pipe, a file */
        t = 0100000u;
    if (t != 0 && t != 0100000u && t != 0040000u)
        return DEFER;
    e->dir = t == 0040000u || e->name[e->nlen - 1] == '/' ||
             (e->name[e->nlen - 1] == '\\' && utf8_valid((const char *)e->name, e->nlen) &&
              (e->needed >> 8) == 0 && !memchr(e->name, '/', e->nlen));
    return 0;
}

/* Names we hand to names_decode_raw exactly as libarchive would, or DEFER. */
static int check_name(const struct cdent *e)
{
    if (e->nlen == 0 || memchr(e->name, 0, e->nlen))
        return DEFER;
    bool valid = utf8_valid((const char *)e->name, e->nlen);
    if ((e->flags & 0x800) && !valid)
        return DEFER; /* libarchive gives no name at all */
    return valid && !name_stable(e->name, e->nlen) ? DEFER : 0;
}

/* Parse the record at b (avail bytes left in the directory). */
static int parse_record(const unsigned char *b, size_t avail, struct cdent *e, size_t *used)
{
    if (avail < CDH_LEN || memcmp(b, "PK\1\2", 4) != 0)
        return DEFER;
    size_t nlen = le16(b + 28), xlen = le16(b + 30), clen = le16(b + 32);
    if (CDH_LEN + nlen + xlen + clen > avail)
        return DEFER;
    memset(e, 0, sizeof *e);
    e->made_by = le16(b + 4), e->needed = le16(b + 6), e->flags = le16(b + 8);
    e->method = le16(b + 10), e->dtime = le16(b + 12), e->ddate = le16(b + 14);
    e->crc = le32(b + 16), e->csize = le32(b + 20), e->usize = le32(b + 24);
    e->ext = le32(b + 38), e->lho = le32(b + 42);
    e->name = b + CDH_LEN;
    e->nlen = nlen;
    *used = CDH_LEN + nlen + xlen + clen;
    uint16_t disk = le16(b + 34);
    if ((disk != 0 && disk != 0xFFFF) || (e->flags & 0x2041) || (e->method != 0 && e->method != 8))
        return DEFER; /* other volumes, encryption, other methods: libarchive */
    if (parse_extra(e, b + CDH_LEN + nlen, xlen) != 0 || check_name(e) != 0)
        return DEFER;
    return entry_type(e);
}

/* ---------------------------------------------------------------- listing */

/* DOS date and time in local time, as libarchive converts them. */
static int64_t dos_time(uint16_t date, uint16_t tm)
{
    struct tm t = {0};
    t.tm_year = ((date >> 9) & 0x7f) + 80;
    t.tm_mon = ((date >> 5) & 0x0f) - 1;
    t.tm_mday = date & 0x1f;
    t.tm_hour = (tm >> 11) & 0x1f;
    t.tm_min = (tm >> 5) & 0x3f;
    t.tm_sec = (tm << 1) & 0x3e;
    t.tm_isdst = -1;
    return (int64_t)mktime(&t);
}

struct listing {
    struct cdent *e;
    size_t n;
    size_t *order; /* by local header offset, as libarchive walks */
    uint32_t last_dos;
    int64_t last_time;
};

static int by_offset(const void *a, const void *b, void *ctx)
{
    const struct cdent *e = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (e[x].lho != e[y].lho)
        return e[x].lho < e[y].lho ? -1 : 1;
    return (x > y) - (x < y);
}

/* Entries whose data (at least header, name and compressed bytes) runs
 * into the next local header or the central directory: overlapping records
 * are how the "overlap" zip bombs multiply one compressed stream. */
static size_t count_overlaps(const struct listing *l, uint64_t cd_off)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct cdent *e = &l->e[l->order[i]];
        uint64_t next = i + 1 < l->n ? l->e[l->order[i + 1]].lho : cd_off;
        uint64_t min_end = e->lho + LFH_LEN + e->nlen;
        n += min_end > next || e->csize > next - min_end;
    }
    return n;
}

static int parse_all(const unsigned char *cd, const struct cdir *c, struct listing *l)
{
    size_t at = 0;
    l->e = jury_xcalloc(c->count ? (size_t)c->count : 1, sizeof *l->e);
    for (l->n = 0; l->n < c->count; l->n++) {
        size_t used;
        if (parse_record(cd + at, (size_t)c->size - at, &l->e[l->n], &used) != 0)
            return DEFER;
        at += used;
    }
    if (at != c->size)
        return DEFER; /* records do not fill the directory: damaged or lying */
    l->order = jury_xmalloc((l->n ? l->n : 1) * sizeof *l->order);
    for (size_t i = 0; i < l->n; i++)
        l->order[i] = i;
    qsort_r(l->order, l->n, sizeof *l->order, by_offset, l->e);
    return 0;
}

static void push_entry(struct pack *p, struct listing *l, const struct cdent *c, long ord)
{
    struct pack_entry *e = pack_entry_push(p);
    long idx = (long)p->n - 1;
    char *name = jury_xstrndup((const char *)c->name, c->nlen);
    dos_separators(name, c->nlen, c->needed);
    names_decode_raw(p, idx, name, c->nlen, NULL);
    free(name);
    e->size = c->usize;
    uint32_t dos = (uint32_t)c->ddate << 16 | c->dtime;
    if (!c->has_ut && (dos != l->last_dos || l->last_time == INT64_MIN)) {
        l->last_dos = dos;
        l->last_time = dos_time(c->ddate, c->dtime);
    }
    e->mtime = c->has_ut ? c->ut_mtime : l->last_time;
    e->kind = pack_kind_of(e->path);
    struct entry_priv *pv = &p->priv[idx];
    pv->ord = ord;
    pv->lho = c->lho;
    pv->csize = c->csize;
    pv->crc = c->crc;
    pv->method = c->method;
    pv->gpflags = c->flags;
    pv->packed = c->csize ? c->csize : 1;
}

static int sink_manifest(void *ctx, const void *data, size_t len);
static int inflate_entry(struct src *s, struct pack *p, long idx,
                         int (*chunk)(void *, const void *, size_t), void *ctx, char *why,
                         size_t whysz, bool *damaged);

/* What the libarchive walk captures on its way: the manifest's bytes.
 * Failures stay quiet here; reading the entry later reports them. */
static void capture_manifest(struct pack *p, struct src *s)
{
    for (size_t i = 0; i < p->n; i++) {
        if (!pack_manifest_candidate(p, (long)i))
            continue;
        struct jstr b = {0};
        char why[256];
        bool damaged;
        if (inflate_entry(s, p, (long)i, sink_manifest, &b, why, sizeof why, &damaged) != 0) {
            jstr_free(&b);
            continue;
        }
        free(p->manifest_raw);
        p->manifest_len = b.len;
        p->manifest_raw = jstr_take(&b);
        p->manifest_cand = (long)i;
    }
}

static void commit(struct pack *p, struct listing *l, const struct cdir *c, struct src *s)
{
    l->last_time = INT64_MIN;
    for (size_t i = 0; i < l->n; i++)
        if (!l->e[l->order[i]].dir)
            push_entry(p, l, &l->e[l->order[i]], (long)i);
    p->format = "zip";
    p->zipdir = true;
    p->zip_cd_off = c->off;
    size_t over = count_overlaps(l, c->off);
    if (over)
        pack_warn(p, -1, 0, "bomb",
                  "%zu entries overlap other entries' data (an overlapping zip bomb?); every "
                  "inflated byte counts against the pack limit",
                  over);
    capture_manifest(p, s);
}

static bool disabled(void)
{
    const char *v = getenv("JURY_ZIP_READER");
    return v && strcmp(v, "libarchive") == 0;
}

static int list_src(struct pack *p, struct src *s, struct jury_error *err)
{
    struct cdir c = {0};
    unsigned char magic[4];
    if (find_eocd(s, &c) != 0 || c.count == 0 || c.size > CD_MAX || c.count > c.size / CDH_LEN ||
        src_read(s, 0, magic, 4) != 0 || memcmp(magic, "PK\3\4", 4) != 0)
        return DEFER;
    if (c.count > p->opt.max_entries)
        return jury_error_set(err, JURY_ERR_LIMIT, p->path, "more than %llu entries; refused",
                              (unsigned long long)p->opt.max_entries);
    unsigned char *cd = jury_xmalloc((size_t)c.size);
    struct listing l = {0};
    int rc = src_read(s, c.off, cd, (size_t)c.size) == 0 ? parse_all(cd, &c, &l) : DEFER;
    if (rc == 0)
        commit(p, &l, &c, s);
    free(l.e);
    free(l.order);
    free(cd);
    return rc;
}

int zipdir_list(struct pack *p, struct jury_error *err)
{
    if (disabled())
        return DEFER;
    struct src s;
    if (src_open(&s, p) != 0)
        return DEFER; /* libarchive reports why the file cannot be opened */
    int rc = list_src(p, &s, err);
    src_close(&s);
    return rc;
}

/* ---------------------------------------------------------------- reading */

static int sink_manifest(void *ctx, const void *data, size_t len)
{
    struct jstr *b = ctx;
    if (b->len + len > PACK_MANIFEST_MAX)
        return -1;
    jstr_addn(b, data, len);
    return 0;
}

/* A local header value agrees with the central one when equal, absent (0,
 * sizes in a data descriptor) or deferred to zip64 (sizes). */
static bool agrees(uint64_t local, uint64_t central, bool size)
{
    return local == central || local == 0 || (size && local == U32_MAX);
}

/* Check the local header of entry idx against the central directory and
 * find where its data starts. */
static int local_header(struct src *s, struct pack *p, long idx, uint64_t *data, char *why,
                        size_t whysz)
{
    const struct entry_priv *pv = &p->priv[idx];
    const struct pack_entry *e = &p->entries[idx];
    unsigned char h[LFH_LEN];
    if (pv->lho >= p->zip_cd_off || src_read(s, pv->lho, h, LFH_LEN) != 0 ||
        memcmp(h, "PK\3\4", 4) != 0)
        return snprintf(why, whysz, "no local header at offset %llu", (unsigned long long)pv->lho),
               -1;
    size_t nlen = le16(h + 26);
    char *name = jury_xmalloc(nlen + 1);
    bool same_name = nlen == e->raw_len && src_read(s, pv->lho + LFH_LEN, name, nlen) == 0;
    if (same_name) {
        dos_separators(name, nlen, le16(h + 4));
        same_name = memcmp(name, e->raw_name, nlen) == 0;
    }
    free(name);
    if (!same_name || le16(h + 8) != pv->method || ((le16(h + 6) ^ pv->gpflags) & 0x41) ||
        !agrees(le32(h + 14), pv->crc, false) || !agrees(le32(h + 18), pv->csize, true) ||
        !agrees(le32(h + 22), e->size, true))
        return snprintf(why, whysz, "local header does not match the central directory"), -1;
    *data = pv->lho + LFH_LEN + nlen + le16(h + 28);
    if (*data > p->zip_cd_off || pv->csize > p->zip_cd_off - *data)
        return snprintf(why, whysz, "data runs past the central directory"), -1;
    return 0;
}

struct flow {
    struct src *s;
    uint64_t at, left; /* compressed bytes still to read */
    uint64_t out;      /* bytes produced */
    uint32_t crc;
    int (*chunk)(void *, const void *, size_t);
    void *ctx;
    unsigned char *in, *buf;
};

static int emit(struct flow *f, const unsigned char *d, size_t n)
{
    f->out += n;
    f->crc = (uint32_t)crc32(f->crc, d, (uInt)n);
    return n ? f->chunk(f->ctx, d, n) : 0;
}

static int next_input(struct flow *f, size_t *n)
{
    *n = f->left < CHUNK ? (size_t)f->left : CHUNK;
    if (*n && src_read(f->s, f->at, f->in, *n) != 0)
        return -1;
    f->at += *n;
    f->left -= *n;
    return 0;
}

/* Stored data: the compressed bytes are the bytes. */
static int copy_stored(struct flow *f, char *why, size_t whysz, bool *damaged)
{
    while (f->left) {
        size_t n;
        if (next_input(f, &n) != 0)
            return *damaged = true, snprintf(why, whysz, "cannot read entry data"), -1;
        int rc = emit(f, f->in, n);
        if (rc)
            return rc;
    }
    return 0;
}

static int run_inflate(struct flow *f, z_stream *z, char *why, size_t whysz, bool *damaged)
{
    for (int zr = Z_OK; zr != Z_STREAM_END;) {
        if (z->avail_in == 0) {
            size_t n;
            if (f->left == 0 || next_input(f, &n) != 0)
                return *damaged = true, snprintf(why, whysz, "deflate data ends early"), -1;
            z->next_in = f->in;
            z->avail_in = (uInt)n;
        }
        z->next_out = f->buf;
        z->avail_out = CHUNK;
        zr = inflate(z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
            return *damaged = true,
                   snprintf(why, whysz, "corrupt deflate data (%s)", z->msg ? z->msg : "zlib"), -1;
        int rc = emit(f, f->buf, CHUNK - z->avail_out);
        if (rc)
            return rc;
    }
    return 0;
}

static int copy_deflated(struct flow *f, char *why, size_t whysz, bool *damaged)
{
    z_stream z = {0};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return *damaged = true, snprintf(why, whysz, "zlib cannot start"), -1;
    int rc = run_inflate(f, &z, why, whysz, damaged);
    inflateEnd(&z);
    return rc;
}

/* Inflate entry idx to chunk(). Returns 0 or nonzero: chunk()'s value, or
 * with *damaged set and why filled, damage. */
static int inflate_entry(struct src *s, struct pack *p, long idx,
                         int (*chunk)(void *, const void *, size_t), void *ctx, char *why,
                         size_t whysz, bool *damaged)
{
    const struct entry_priv *pv = &p->priv[idx];
    struct flow f = {.s = s, .left = pv->csize, .chunk = chunk, .ctx = ctx};
    *damaged = true;
    if (local_header(s, p, idx, &f.at, why, whysz) != 0)
        return -1;
    *damaged = false;
    f.in = jury_xmalloc(CHUNK);
    f.buf = jury_xmalloc(CHUNK);
    f.crc = (uint32_t)crc32(0, Z_NULL, 0);
    int rc = pv->method == 0 ? copy_stored(&f, why, whysz, damaged)
                             : copy_deflated(&f, why, whysz, damaged);
    free(f.in);
    free(f.buf);
    if (rc)
        return rc;
    *damaged = true;
    if (f.out != p->entries[idx].size)
        return snprintf(why, whysz, "%llu bytes inflated, the central directory says %llu",
                        (unsigned long long)f.out, (unsigned long long)p->entries[idx].size),
               -1;
    if (f.crc != pv->crc)
        return snprintf(why, whysz, "CRC-32 mismatch (data %08x, central directory %08x)",
                        (unsigned)f.crc, (unsigned)pv->crc),
               -1;
    *damaged = false;
    return 0;
}

struct pumping {
    struct reading *r;
    int (*sink)(void *, const void *, size_t);
    void *ctx;
    struct jury_error *err;
};

static int pump_chunk(void *ctx, const void *data, size_t len)
{
    struct pumping *u = ctx;
    u->r->got += len;
    int rc = pack_check_limits(u->r, u->err);
    if (rc)
        return rc;
    jury_sha256_update(&u->r->sha, data, len);
    return u->sink ? u->sink(u->ctx, data, len) : 0;
}

int zipdir_pump(struct reading *r, int (*sink)(void *, const void *, size_t), void *ctx,
                struct jury_error *err)
{
    struct pack *p = r->p;
    struct src s;
    if (src_open(&s, p) != 0)
        return pack_damage(p, r->idx, err, "cannot open the pack: %s", strerror(errno));
    struct pumping u = {.r = r, .sink = sink, .ctx = ctx, .err = err};
    char why[256] = "";
    bool damaged;
    int rc = inflate_entry(&s, p, r->idx, pump_chunk, &u, why, sizeof why, &damaged);
    src_close(&s);
    return damaged ? pack_damage(p, r->idx, err, "%s", why) : rc;
}
