/* pack.c - opening and listing a pack: formats, limits, warnings. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#define BLOCK_SIZE   65536
#define MANIFEST_MAX PACK_MANIFEST_MAX

void pack_options_default(struct pack_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->max_entries = 100000;
    opt->max_entry_size = 2ull << 30;
    opt->max_total_size = 8ull << 30;
    opt->max_ratio = 1000.0;
    opt->ratio_floor = 1u << 20;
}

const char *pack_kind_name(enum pack_kind kind)
{
    static const char *const names[] = {"pdf",   "docx",  "xlsx",  "pptx",    "text",
                                        "image", "audio", "video", "archive", "other"};
    return (unsigned)kind <= PACK_KIND_OTHER ? names[kind] : "other";
}

enum pack_kind pack_kind_of(const char *name)
{
    static const struct {
        const char *ext;
        enum pack_kind kind;
    } map[] = {
        {"pdf", PACK_KIND_PDF},     {"docx", PACK_KIND_DOCX},   {"xlsx", PACK_KIND_XLSX},
        {"pptx", PACK_KIND_PPTX},   {"txt", PACK_KIND_TEXT},    {"md", PACK_KIND_TEXT},
        {"csv", PACK_KIND_TEXT},    {"tsv", PACK_KIND_TEXT},    {"html", PACK_KIND_TEXT},
        {"htm", PACK_KIND_TEXT},    {"json", PACK_KIND_TEXT},   {"xml", PACK_KIND_TEXT},
        {"jpg", PACK_KIND_IMAGE},   {"jpeg", PACK_KIND_IMAGE},  {"png", PACK_KIND_IMAGE},
        {"gif", PACK_KIND_IMAGE},   {"bmp", PACK_KIND_IMAGE},   {"tif", PACK_KIND_IMAGE},
        {"tiff", PACK_KIND_IMAGE},  {"webp", PACK_KIND_IMAGE},  {"mp3", PACK_KIND_AUDIO},
        {"wav", PACK_KIND_AUDIO},   {"m4a", PACK_KIND_AUDIO},   {"flac", PACK_KIND_AUDIO},
        {"ogg", PACK_KIND_AUDIO},   {"aac", PACK_KIND_AUDIO},   {"wma", PACK_KIND_AUDIO},
        {"mp4", PACK_KIND_VIDEO},   {"mov", PACK_KIND_VIDEO},   {"avi", PACK_KIND_VIDEO},
        {"mkv", PACK_KIND_VIDEO},   {"wmv", PACK_KIND_VIDEO},   {"flv", PACK_KIND_VIDEO},
        {"webm", PACK_KIND_VIDEO},  {"zip", PACK_KIND_ARCHIVE}, {"7z", PACK_KIND_ARCHIVE},
        {"tar", PACK_KIND_ARCHIVE}, {"tgz", PACK_KIND_ARCHIVE}, {"gz", PACK_KIND_ARCHIVE},
        {"txz", PACK_KIND_ARCHIVE}, {"xz", PACK_KIND_ARCHIVE},  {"rar", PACK_KIND_ARCHIVE},
    };
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return PACK_KIND_OTHER;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(dot + 1, map[i].ext) == 0)
            return map[i].kind;
    return PACK_KIND_OTHER;
}

const char *pack_encoding_name(enum pack_encoding enc)
{
    switch (enc) {
    case PACK_ENC_GB18030:
        return "gb18030";
    case PACK_ENC_MIXED:
        return "mixed";
    default:
        return "utf-8";
    }
}

const char *pack_where(const struct pack *p, long entry, char *buf, size_t size)
{
    if (entry < 0 || (size_t)entry >= p->n)
        snprintf(buf, size, "%s", p->path);
    else
        snprintf(buf, size, "%s:%s", p->path, p->entries[entry].path);
    return buf;
}

void pack_warn(struct pack *p, long entry, unsigned bit, const char *code, const char *fmt, ...)
{
    if (entry >= 0) {
        /* One warning per entry and code: repeated reads must not pile up. */
        if (p->entries[entry].warn & bit)
            return;
        p->entries[entry].warn |= bit;
    }
    if (p->n_warns == p->cap_warns) {
        p->cap_warns = p->cap_warns ? p->cap_warns * 2 : 16;
        p->warns = jury_xrealloc(p->warns, p->cap_warns * sizeof *p->warns);
    }
    struct jstr m = {0};
    va_list ap;
    va_start(ap, fmt);
    jstr_vaddf(&m, fmt, ap);
    va_end(ap);
    struct pack_warning *w = &p->warns[p->n_warns++];
    w->entry = entry;
    w->path = entry >= 0 ? p->entries[entry].path : "";
    w->code = code;
    /* Messages quote hostile names and libarchive text: keep them printable. */
    w->message = utf8_sanitize(jstr_cstr(&m), m.len);
    jstr_free(&m);
}

/* A libarchive reader with only our formats and filters enabled. */
int pack_arc_open(struct pack *p, struct archive **out, struct jury_error *err)
{
    struct archive *a = archive_read_new();
    if (!a)
        return jury_error_set(err, JURY_ERR_NOMEM, p->path, "out of memory");
    if (p->streaming)
        archive_read_support_format_zip_streamable(a);
    else
        archive_read_support_format_zip_seekable(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_none(a);
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_xz(a);
    if (p->passphrase)
        archive_read_add_passphrase(a, p->passphrase);
    int fd = p->mem ? 0 : jury_open_regular(p->path, 0, false, NULL, err);
    if (fd < 0) { /* replaced by a FIFO or a device since it was opened */
        archive_read_free(a);
        return fd;
    }
    if (!p->mem)
        close(fd);
    int r = p->mem ? archive_read_open_memory(a, p->mem, p->mem_len)
                   : archive_read_open_filename(a, p->path, BLOCK_SIZE);
    if (r != ARCHIVE_OK) {
        jury_error_set(err, JURY_ERR_FORMAT, p->path, "cannot open archive: %s",
                       archive_error_string(a) ? archive_error_string(a) : "unknown format");
        archive_read_free(a);
        return JURY_ERR_FORMAT;
    }
    *out = a;
    return 0;
}

static const char *format_name(struct archive *a)
{
    int f = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
    if (f == ARCHIVE_FORMAT_ZIP)
        return "zip";
    if (f == ARCHIVE_FORMAT_7ZIP)
        return "7z";
    int c = archive_filter_code(a, 0);
    if (c == ARCHIVE_FILTER_GZIP)
        return "tar.gz";
    if (c == ARCHIVE_FILTER_XZ)
        return "tar.xz";
    return "tar";
}

struct pack_entry *pack_entry_push(struct pack *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->entries = jury_xrealloc(p->entries, p->cap * sizeof *p->entries);
        p->priv = jury_xrealloc(p->priv, p->cap * sizeof *p->priv);
    }
    memset(&p->entries[p->n], 0, sizeof p->entries[0]);
    memset(&p->priv[p->n], 0, sizeof p->priv[0]);
    return &p->entries[p->n++];
}

static bool is_wrong_passphrase(struct archive *a)
{
    const char *s = archive_error_string(a);
    return s && (strstr(s, "assphrase") || strstr(s, "password"));
}

/* First encrypted entry: check the passphrase now, so a wrong one is a clear
 * error at open instead of a failure on every read. */
static int check_passphrase(struct pack *p, struct archive *a, long idx, struct jury_error *err)
{
    if (!p->passphrase) {
        p->needs_pass = true;
        pack_warn(p, -1, 0, "encrypted", "entries are encrypted; a passphrase is needed");
        return 0;
    }
    char buf[4096];
    if (archive_read_data(a, buf, sizeof buf) >= 0)
        return 0;
    char w[1024];
    if (is_wrong_passphrase(a))
        return jury_error_set(err, JURY_ERR_DENIED, pack_where(p, idx, w, sizeof w),
                              "wrong passphrase (%s)", archive_error_string(a));
    return 0; /* other damage is reported when the entry is read */
}

bool pack_manifest_candidate(const struct pack *p, long idx)
{
    const char *path = p->entries[idx].path;
    const char *slash = strchr(path, '/');
    if (!slash && strcmp(path, "manifest.json") != 0)
        return false;
    if (slash && (p->manifest_cand >= 0 || strcmp(slash + 1, "manifest.json") != 0))
        return false;
    return p->entries[idx].size <= MANIFEST_MAX && !p->entries[idx].encrypted;
}

/* Keep manifest.json candidates (depth 1 or 2) while we are at them. */
static void capture_manifest(struct pack *p, struct archive *a, long idx)
{
    if (!pack_manifest_candidate(p, idx))
        return;
    struct jstr b = {0};
    char buf[8192];
    la_ssize_t k;
    while ((k = archive_read_data(a, buf, sizeof buf)) > 0 && b.len <= MANIFEST_MAX)
        jstr_addn(&b, buf, (size_t)k);
    if (k < 0 || b.len > MANIFEST_MAX) {
        jstr_free(&b);
        return;
    }
    free(p->manifest_raw);
    p->manifest_len = b.len;
    p->manifest_raw = jstr_take(&b);
    p->manifest_cand = idx;
}

static void entry_fill(struct pack *p, struct archive *a, struct archive_entry *ae, long ord)
{
    struct pack_entry *e = pack_entry_push(p);
    long idx = (long)p->n - 1;
    names_decode(p, idx, ae);
    e->size = archive_entry_size_is_set(ae) ? (uint64_t)archive_entry_size(ae) : 0;
    e->mtime = archive_entry_mtime_is_set(ae) ? (int64_t)archive_entry_mtime(ae) : 0;
    e->kind = pack_kind_of(e->path);
    e->encrypted = archive_entry_is_encrypted(ae) > 0;
    p->priv[idx].ord = ord;
    p->priv[idx].data_pos = (uint64_t)archive_filter_bytes(a, -1);
    const char *target = archive_entry_hardlink_utf8(ae);
    if (!target)
        target = archive_entry_hardlink(ae);
    if (!target)
        target = archive_entry_symlink_utf8(ae);
    if (!target)
        target = archive_entry_symlink(ae);
    mode_t t = archive_entry_filetype(ae);
    if (target || t == AE_IFLNK) {
        e->is_link = true;
        e->link_target = target ? utf8_sanitize(target, strlen(target)) : NULL;
        pack_warn(p, idx, PACK_W_LINK, "link", "link to '%s' is listed, never followed",
                  e->link_target ? e->link_target : "?");
    } else if (t != 0 && t != AE_IFREG) {
        pack_warn(p, idx, PACK_W_SPECIAL, "special", "not a regular file; not readable");
        e->is_link = true;
    }
}

/* Recovers only what a damaged archive allows: entries before the damage. */
static void list_damaged(struct pack *p, struct archive *a)
{
    p->damaged = true;
    const char *after = p->n ? p->entries[p->n - 1].path : NULL;
    pack_warn(p, -1, 0, "truncated", "archive damaged after %s%s%s: %s", after ? "'" : "",
              after ? after : "the start", after ? "'" : "",
              archive_error_string(a) ? archive_error_string(a) : "read error");
}

static int list_loop(struct pack *p, struct archive *a, struct jury_error *err)
{
    struct archive_entry *ae;
    long ord = 0;
    int r;
    bool checked = false;
    while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
            if (ord == 0)
                return jury_error_set(err, JURY_ERR_FORMAT, p->path, "cannot read archive: %s",
                                      archive_error_string(a) ? archive_error_string(a)
                                                              : "unreadable");
            list_damaged(p, a);
            return 0;
        }
        if (ord == 0)
            p->format = format_name(a);
        if ((uint64_t)++ord > p->opt.max_entries)
            return jury_error_set(err, JURY_ERR_LIMIT, p->path, "more than %llu entries; refused",
                                  (unsigned long long)p->opt.max_entries);
        if (archive_entry_filetype(ae) == AE_IFDIR)
            continue;
        entry_fill(p, a, ae, ord - 1);
        long idx = (long)p->n - 1;
        if (p->entries[idx].encrypted && !checked) {
            checked = true;
            int rc = check_passphrase(p, a, idx, err);
            if (rc)
                return rc;
        } else if (!p->entries[idx].is_link) {
            capture_manifest(p, a, idx);
        }
    }
    return 0;
}

/* Per-entry compressed size for the ratio check: zip entries are walked in
 * file order, so an entry's data runs at most to the next entry's data. 7z
 * and tar.* are compressed as a whole: only the whole file bounds them. */
static void estimate_packed(struct pack *p)
{
    for (size_t i = 0; i < p->n; i++) {
        struct entry_priv *e = &p->priv[i];
        uint64_t end = p->file_size;
        if (p->is_zip && i + 1 < p->n && p->priv[i + 1].data_pos > e->data_pos)
            end = p->priv[i + 1].data_pos;
        e->packed = p->is_zip && end > e->data_pos ? end - e->data_pos : p->file_size;
        if (e->packed == 0)
            e->packed = 1;
    }
}

static void check_declared(struct pack *p)
{
    uint64_t total = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct pack_entry *e = &p->entries[i];
        total += e->size;
        if (e->size > p->opt.max_entry_size)
            pack_warn(p, (long)i, PACK_W_TOO_LARGE, "too-large",
                      "declared size %llu bytes is over the %llu byte limit",
                      (unsigned long long)e->size, (unsigned long long)p->opt.max_entry_size);
        if (e->encrypted)
            e->warn |= PACK_W_ENCRYPTED;
    }
    if (total > p->opt.max_total_size)
        pack_warn(p, -1, 0, "pack-too-large",
                  "declared sizes add up to %llu bytes, over the %llu byte limit",
                  (unsigned long long)total, (unsigned long long)p->opt.max_total_size);
}

static int list_once(struct pack *p, struct jury_error *err)
{
    struct archive *a = NULL;
    int rc = pack_arc_open(p, &a, err);
    if (rc)
        return rc;
    rc = list_loop(p, a, err);
    archive_read_free(a);
    return rc;
}

/* The seekable zip reader refuses a zip without its central directory; the
 * entries are still there, so recover them from local headers and say so. */
static int list_entries(struct pack *p, struct jury_error *err)
{
    int rc = zipdir_list(p, err);
    if (rc <= 0)
        return rc;
    rc = list_once(p, err);
    bool zip_magic = p->mem ? p->mem_len >= 4 && memcmp(p->mem, "PK\3\4", 4) == 0 : false;
    if (!p->mem) {
        FILE *f = fopen(p->path, "rb");
        char m[4] = {0};
        zip_magic = f && fread(m, 1, 4, f) == 4 && memcmp(m, "PK\3\4", 4) == 0;
        if (f)
            fclose(f);
    }
    if (rc == JURY_ERR_FORMAT && zip_magic && p->n == 0) {
        p->streaming = true;
        struct jury_error e2 = {0};
        if (list_once(p, &e2) == 0 && p->n > 0) {
            jury_error_clear(err);
            p->damaged = true;
            pack_warn(p, -1, 0, "truncated",
                      "zip central directory missing or damaged; %zu entries recovered from "
                      "local headers",
                      p->n);
            return 0;
        }
    }
    return rc;
}

static int pack_new(struct pack **out, const struct pack_options *opt)
{
    struct pack *p = jury_xcalloc(1, sizeof *p);
    if (opt)
        p->opt = *opt;
    else
        pack_options_default(&p->opt);
    const char *pass = p->opt.passphrase ? p->opt.passphrase : getenv("JURY_PASSPHRASE");
    p->passphrase = pass && *pass ? jury_xstrdup(pass) : NULL;
    p->opt.passphrase = NULL;
    p->manifest_idx = -1;
    p->manifest_cand = -1;
    p->utf8_loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    *out = p;
    return 0;
}

static int pack_load(struct pack **out, struct pack *p, struct jury_error *err)
{
    locale_t old = p->utf8_loc ? uselocale(p->utf8_loc) : (locale_t)0;
    int rc = list_entries(p, err);
    if (old)
        uselocale(old);
    if (rc) {
        pack_close(&p);
        return rc;
    }
    if (!p->format)
        p->format = "zip";
    p->is_zip = strcmp(p->format, "zip") == 0;
    names_finish(p);
    for (size_t i = 0; i < p->n_warns; i++)
        if (p->warns[i].entry >= 0)
            p->warns[i].path = p->entries[p->warns[i].entry].path;
    if (!p->zipdir) /* the central directory gave exact compressed sizes */
        estimate_packed(p);
    check_declared(p);
    pack_check_layout(p);
    manifest_attach(p);
    *out = p;
    return 0;
}

int pack_open(struct pack **out, const char *path, const struct pack_options *opt,
              struct jury_error *err)
{
    *out = NULL;
    struct pack *p;
    pack_new(&p, opt);
    p->path = jury_xstrdup(path);
    /* a FIFO, device or socket named like a pack is refused, never read */
    int fd = jury_open_regular(path, 0, false, NULL, err);
    if (fd < 0) {
        pack_close(&p);
        return fd;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) {
        p->file_size = (uint64_t)st.st_size;
        p->file_mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    }
    close(fd);
    return pack_load(out, p, err);
}

int pack_open_memory(struct pack **out, const char *name, const void *data, size_t len,
                     const struct pack_options *opt, struct jury_error *err)
{
    *out = NULL;
    struct pack *p;
    pack_new(&p, opt);
    p->path = jury_xstrdup(name);
    p->mem = jury_xmalloc(len ? len : 1);
    memcpy(p->mem, data, len);
    p->mem_len = len;
    p->file_size = len;
    return pack_load(out, p, err);
}

int pack_open_nested(struct pack **out, struct pack *parent, size_t index, struct jury_error *err)
{
    *out = NULL;
    if (index >= parent->n || parent->entries[index].kind != PACK_KIND_ARCHIVE) {
        char w[1024];
        return jury_error_set(err, JURY_ERR_INVALID, pack_where(parent, (long)index, w, sizeof w),
                              "not a nested archive");
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = pack_read_entry(parent, index, &buf, &len, err);
    if (rc)
        return rc;
    char *name = jury_path_join(parent->path, parent->entries[index].path);
    struct pack_options o = parent->opt;
    o.passphrase = parent->passphrase;
    rc = pack_open_memory(out, name, buf, len, &o, err);
    free(name);
    free(buf);
    return rc;
}

void pack_close(struct pack **pp)
{
    struct pack *p = pp ? *pp : NULL;
    if (!p)
        return;
    if (p->cur)
        archive_read_free(p->cur);
    for (size_t i = 0; i < p->n; i++) {
        struct pack_entry *e = &p->entries[i];
        if (e->arc_path != e->path)
            free((char *)e->path);
        free((char *)e->arc_path);
        free((char *)e->raw_name);
        free((char *)e->link_target);
    }
    for (size_t i = 0; i < p->n_warns; i++)
        free((char *)p->warns[i].message);
    free(p->warns);
    free(p->entries);
    free(p->priv);
    free(p->top);
    free(p->path);
    free(p->mem);
    free(p->manifest_raw);
    if (p->passphrase) {
        memset(p->passphrase, 0, strlen(p->passphrase));
        free(p->passphrase);
    }
    pack_manifest_free(&p->manifest);
    if (p->utf8_loc)
        freelocale(p->utf8_loc);
    free(p);
    *pp = NULL;
}

/* Hashing a 300 MB pack takes about a second, so it waits until someone
 * asks, and comes from the identity cache when the file is unchanged since
 * it was last hashed; the pack object then keeps it. */
const char *pack_id(const struct pack *cp)
{
    struct pack *p = (struct pack *)cp;
    if (p->id[0])
        return p->id;
    if (p->mem)
        jury_sha256_hex(p->mem, p->mem_len, p->id);
    else if (pack_file_id(p->path, 0, p->id, NULL, NULL) != 0)
        p->id[0] = '\0';
    return p->id;
}

const char *pack_path(const struct pack *p)
{
    return p->path;
}

const char *pack_format(const struct pack *p)
{
    return p->format;
}

enum pack_encoding pack_name_encoding(const struct pack *p)
{
    return p->enc;
}

const char *pack_top_folder(const struct pack *p)
{
    return p->top;
}

bool pack_needs_passphrase(const struct pack *p)
{
    return p->needs_pass;
}

bool pack_damaged(const struct pack *p)
{
    return p->damaged;
}

size_t pack_entry_count(const struct pack *p)
{
    return p->n;
}

const struct pack_entry *pack_entry(const struct pack *p, size_t i)
{
    return i < p->n ? &p->entries[i] : NULL;
}

long pack_find(const struct pack *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->entries[i].path, path) == 0)
            return (long)i;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->entries[i].arc_path, path) == 0)
            return (long)i;
    return -1;
}

size_t pack_warning_count(const struct pack *p)
{
    return p->n_warns;
}

const struct pack_warning *pack_warning(const struct pack *p, size_t i)
{
    return i < p->n_warns ? &p->warns[i] : NULL;
}

const struct pack_manifest *pack_manifest(const struct pack *p)
{
    return p->manifest;
}

long pack_manifest_entry(const struct pack *p)
{
    return p->manifest_idx;
}
