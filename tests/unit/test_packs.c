/* test_packs.c - the archive layer of packs/: formats, names, limits,
 * damage, encryption, manifest. Every archive is written here, with
 * libarchive's writer or, for GBK names and damage, byte by byte. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

static char *tmp_path(const char *name)
{
    return jury_path_join(tmpdir, name);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* ----------------------------------------------- libarchive-written fixtures */

enum fx_type { FX_FILE, FX_SYMLINK, FX_HARDLINK, FX_DIR };

struct fx {
    const char *name;
    const char *data; /* NULL: zeros of length len */
    size_t len;
    enum fx_type type;
    const char *link;
};

static void fx_entry(struct archive *a, const struct fx *f)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname_utf8(e, f->name);
    archive_entry_set_mtime(e, 1600000000, 0);
    archive_entry_set_perm(e, 0644);
    if (f->type == FX_SYMLINK) {
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink_utf8(e, f->link);
    } else if (f->type == FX_HARDLINK) {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink_utf8(e, f->link);
    } else if (f->type == FX_DIR) {
        archive_entry_set_filetype(e, AE_IFDIR);
    } else {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, (la_int64_t)f->len);
    }
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    if (f->type == FX_FILE && f->len) {
        char *zeros = f->data ? NULL : calloc(1, 1 << 20);
        for (size_t off = 0; off < f->len;) {
            size_t k = f->len - off < (1u << 20) ? f->len - off : (1u << 20);
            assert_true(archive_write_data(a, f->data ? f->data + off : zeros, k) == (la_ssize_t)k);
            off += k;
        }
        free(zeros);
    }
    archive_entry_free(e);
}

/* fmt: "zip" "7z" "tar" "tar.gz" "tar.xz"; opts/pass may be NULL. */
static char *write_arc(const char *file, const char *fmt, const char *opts, const char *pass,
                       const struct fx *fx, size_t n)
{
    char *path = tmp_path(file);
    struct archive *a = archive_write_new();
    if (strcmp(fmt, "zip") == 0)
        archive_write_set_format_zip(a);
    else if (strcmp(fmt, "7z") == 0)
        archive_write_set_format_7zip(a);
    else
        archive_write_set_format_pax_restricted(a);
    if (strcmp(fmt, "tar.gz") == 0)
        archive_write_add_filter_gzip(a);
    if (strcmp(fmt, "tar.xz") == 0)
        archive_write_add_filter_xz(a);
    if (pass)
        assert_int_equal(archive_write_set_passphrase(a, pass), ARCHIVE_OK);
    if (opts)
        assert_int_equal(archive_write_set_options(a, opts), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++)
        fx_entry(a, &fx[i]);
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return path;
}

#define TXT(name, text)                                                                            \
    {                                                                                              \
        name, text, sizeof text - 1, FX_FILE, NULL                                                 \
    }

/* --------------------------------------------------- byte-by-byte zip writer */

static uint32_t crc32_of(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= s[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void le(struct jstr *b, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        jstr_addc(b, (char)((v >> (8 * i)) & 0xFF));
}

static uint32_t raw_declared; /* nonzero: the uncompressed size to claim */

struct rawzip {
    struct jstr body, cd;
    unsigned n;
};

/* A stored member; name bytes as given (GBK, backslashes, ESC...). As
 * Windows zippers write them: made by MS-DOS, no UTF-8 flag unless asked. */
static void rawzip_add(struct rawzip *z, const char *name, const char *data, bool utf8,
                       uint32_t crc_xor)
{
    size_t nl = strlen(name), len = strlen(data);
    uint32_t crc = crc32_of(data, len) ^ crc_xor, off = (uint32_t)z->body.len;
    unsigned flags = utf8 ? 0x800 : 0;
    struct jstr *b = &z->body;
    le(b, 0x04034b50, 4), le(b, 20, 2), le(b, flags, 2), le(b, 0, 2), le(b, 0, 2);
    uint32_t claim = raw_declared ? raw_declared : (uint32_t)len;
    le(b, 0x21, 2), le(b, crc, 4), le(b, (uint32_t)len, 4), le(b, claim, 4);
    le(b, (uint32_t)nl, 2), le(b, 0, 2), jstr_addn(b, name, nl), jstr_addn(b, data, len);
    struct jstr *c = &z->cd;
    le(c, 0x02014b50, 4), le(c, 20, 2), le(c, 20, 2), le(c, flags, 2), le(c, 0, 2);
    le(c, 0, 2), le(c, 0x21, 2), le(c, crc, 4), le(c, (uint32_t)len, 4);
    le(c, claim, 4), le(c, (uint32_t)nl, 2), le(c, 0, 2), le(c, 0, 2), le(c, 0, 2);
    le(c, 0, 2), le(c, 0, 4), le(c, off, 4), jstr_addn(c, name, nl);
    z->n++;
}

/* Write the zip; keep only the first `cut` bytes when cut > 0. */
static char *rawzip_write(struct rawzip *z, const char *file, size_t cut)
{
    uint32_t cd_off = (uint32_t)z->body.len, cd_len = (uint32_t)z->cd.len;
    struct jstr *b = &z->body;
    jstr_addn(b, z->cd.s, z->cd.len);
    le(b, 0x06054b50, 4), le(b, 0, 2), le(b, 0, 2), le(b, z->n, 2), le(b, z->n, 2);
    le(b, cd_len, 4), le(b, cd_off, 4), le(b, 0, 2);
    char *path = tmp_path(file);
    write_bytes(path, b->s, cut ? cut : b->len);
    jstr_free(&z->body);
    jstr_free(&z->cd);
    return path;
}

static char *gbk(const char *utf8)
{
    size_t n;
    char *g = utf8_to_gbk(utf8, strlen(utf8), &n, NULL);
    assert_non_null(g);
    char *s = jury_xstrndup(g, n);
    free(g);
    return s;
}

/* ------------------------------------------------------------ helpers */

static struct pack *open_ok(const char *path, const struct pack_options *opt)
{
    struct pack *p = NULL;
    struct jury_error err = {0};
    int rc = pack_open(&p, path, opt, &err);
    if (rc)
        fail_msg("pack_open %s: %s: %s", path, err.where, err.message);
    return p;
}

static bool has_warning(const struct pack *p, const char *code, const char *path)
{
    for (size_t i = 0; i < pack_warning_count(p); i++) {
        const struct pack_warning *w = pack_warning(p, i);
        if (strcmp(w->code, code) == 0 && (!path || strcmp(w->path, path) == 0))
            return true;
    }
    return false;
}

static void assert_text(struct pack *p, const char *path, const char *want)
{
    long i = pack_find(p, path);
    if (i < 0)
        fail_msg("no entry '%s'", path);
    char *buf;
    size_t len;
    struct jury_error err = {0};
    int rc = pack_read_entry(p, (size_t)i, &buf, &len, &err);
    if (rc)
        fail_msg("read %s: %s: %s", path, err.where, err.message);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(buf, want, len);
    free(buf);
}

static int read_status(struct pack *p, const char *path, struct jury_error *err)
{
    long i = pack_find(p, path);
    assert_true(i >= 0);
    char *buf = NULL;
    size_t len;
    int rc = pack_read_entry(p, (size_t)i, &buf, &len, err);
    free(buf);
    return rc;
}

/* ------------------------------------------------------------- formats */

static const struct fx basic[] = {
    TXT("申报书/评分表.txt", "总分 85"),
    TXT("申报书/附件/证明.pdf", "%PDF-1.4 fake"),
    TXT("申报书/数据.csv", "a,b\n1,2\n"),
};

static void check_basic(const char *path, const char *format)
{
    struct pack *p = open_ok(path, NULL);
    assert_string_equal(pack_format(p), format);
    assert_int_equal(pack_entry_count(p), 3);
    assert_string_equal(pack_top_folder(p), "申报书");
    assert_int_equal(pack_name_encoding(p), PACK_ENC_UTF8);
    const struct pack_entry *e = pack_entry(p, (size_t)pack_find(p, "附件/证明.pdf"));
    assert_non_null(e);
    assert_int_equal(e->kind, PACK_KIND_PDF);
    assert_string_equal(e->arc_path, "申报书/附件/证明.pdf");
    assert_false(e->hidden);
    /* Out of order: the cursor must rewind. */
    assert_text(p, "数据.csv", "a,b\n1,2\n");
    assert_text(p, "评分表.txt", "总分 85");
    assert_text(p, "附件/证明.pdf", "%PDF-1.4 fake");
    assert_text(p, "申报书/评分表.txt", "总分 85");
    char hex[SHA256_HEX_LEN + 1];
    assert_int_equal(jury_sha256_file_hex(path, hex, NULL), 0);
    assert_string_equal(pack_id(p), hex);
    jury_sha256_hex("总分 85", strlen("总分 85"), hex);
    assert_string_equal(pack_entry(p, (size_t)pack_find(p, "评分表.txt"))->sha256, hex);
    assert_int_equal(pack_warning_count(p), 0);
    pack_close(&p);
    assert_null(p);
}

static void test_zip(void **state)
{
    char *path = write_arc("basic.zip", "zip", NULL, NULL, basic, 3);
    check_basic(path, "zip");
    free(path);
}

static void test_7z(void **state)
{
    char *path = write_arc("basic.7z", "7z", NULL, NULL, basic, 3);
    check_basic(path, "7z");
    free(path);
}

static void test_tar(void **state)
{
    char *path = write_arc("basic.tar", "tar", NULL, NULL, basic, 3);
    check_basic(path, "tar");
    free(path);
    path = write_arc("basic.tar.gz", "tar.gz", NULL, NULL, basic, 3);
    check_basic(path, "tar.gz");
    free(path);
    path = write_arc("basic.tar.xz", "tar.xz", NULL, NULL, basic, 3);
    check_basic(path, "tar.xz");
    free(path);
}

static void test_not_archive(void **state)
{
    char *path = tmp_path("junk.zip");
    write_bytes(path, "this is not an archive at all", 29);
    struct pack *p = NULL;
    struct jury_error err = {0};
    assert_int_equal(pack_open(&p, path, NULL, &err), JURY_ERR_FORMAT);
    assert_null(p);
    assert_non_null(strstr(err.where, "junk.zip"));
    assert_int_equal(pack_open(&p, "/nonexistent/x.zip", NULL, &err), JURY_ERR_IO);
    free(path);
}

/* ---------------------------------------------------------------- names */

static void test_gbk_unflagged(void **state)
{
    struct rawzip z = {0};
    char *a = gbk("申报书\\附件一.pdf"), *b = gbk("申报书/评分表.txt");
    rawzip_add(&z, a, "pdf", false, 0);
    rawzip_add(&z, b, "评分", false, 0);
    char *path = rawzip_write(&z, "gbk.zip", 0);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_name_encoding(p), PACK_ENC_GB18030);
    assert_string_equal(pack_top_folder(p), "申报书");
    long i = pack_find(p, "附件一.pdf");
    assert_true(i >= 0);
    const struct pack_entry *e = pack_entry(p, (size_t)i);
    assert_int_equal(e->name_encoding, PACK_ENC_GB18030);
    assert_int_equal(e->raw_len, strlen(a));
    assert_memory_equal(e->raw_name, a, e->raw_len);
    assert_true(e->warn & PACK_W_BACKSLASH);
    assert_true(has_warning(p, "backslash", "附件一.pdf"));
    assert_text(p, "评分表.txt", "评分");
    pack_close(&p);
    free(a), free(b), free(path);
}

static void test_mixed_and_undecodable(void **state)
{
    struct rawzip z = {0};
    char *a = gbk("技术方案.docx");
    rawzip_add(&z, a, "x", false, 0);
    rawzip_add(&z, "合同.pdf", "y", true, 0);
    rawzip_add(&z, "bad\xff\xfe.txt", "z", false, 0);
    rawzip_add(&z, "plain.txt", "w", false, 0);
    char *path = rawzip_write(&z, "mixed.zip", 0);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_name_encoding(p), PACK_ENC_MIXED);
    assert_int_equal(pack_entry_count(p), 4);
    assert_true(pack_find(p, "技术方案.docx") >= 0);
    assert_int_equal(pack_entry(p, (size_t)pack_find(p, "技术方案.docx"))->kind, PACK_KIND_DOCX);
    assert_true(pack_find(p, "合同.pdf") >= 0);
    const struct pack_entry *e = pack_entry(p, 2);
    assert_non_null(strstr(e->path, "\\x"));
    assert_true(e->warn & PACK_W_UNDECODABLE);
    assert_text(p, e->path, "z");
    pack_close(&p);
    free(a), free(path);
}

static void test_hostile_names(void **state)
{
    struct rawzip z = {0};
    rawzip_add(&z, "../../evil.txt", "1", false, 0);
    rawzip_add(&z, "/etc/abs.txt", "2", false, 0);
    rawzip_add(&z, "C:\\Windows\\win.txt", "3", false, 0);
    rawzip_add(&z, "a\\..\\..\\b.txt", "4", false, 0);
    rawzip_add(&z, "esc\x1b[31mred.txt", "5", true, 0);
    rawzip_add(&z, "bidi\xe2\x80\xaetxt.exe", "6", true, 0);
    char *path = rawzip_write(&z, "hostile.zip", 0);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_entry_count(p), 6);
    assert_null(pack_top_folder(p));
    assert_string_equal(pack_entry(p, 0)->path, "evil.txt");
    assert_true(has_warning(p, "traversal", "evil.txt"));
    assert_string_equal(pack_entry(p, 1)->path, "etc/abs.txt");
    assert_true(has_warning(p, "absolute", "etc/abs.txt"));
    assert_string_equal(pack_entry(p, 2)->path, "Windows/win.txt");
    assert_true(has_warning(p, "drive-letter", NULL));
    /* libarchive already turned these ASCII "\" into "/" (the name converts
     * to wide characters); only unconvertible names keep them (GBK test). */
    assert_string_equal(pack_entry(p, 3)->path, "a/b.txt");
    assert_true(pack_entry(p, 3)->warn & PACK_W_TRAVERSAL);
    assert_null(strchr(pack_entry(p, 4)->path, 0x1b));
    assert_string_equal(pack_entry(p, 4)->path, "esc\\x1b[31mred.txt");
    assert_true(has_warning(p, "control-chars", NULL));
    assert_string_equal(pack_entry(p, 5)->path, "bidi\\u202etxt.exe");
    assert_text(p, "evil.txt", "1");
    pack_close(&p);
    free(path);
}

static void test_links(void **state)
{
    const struct fx fx[] = {
        TXT("d/real.txt", "real"),
        {"d/passwd", NULL, 0, FX_SYMLINK, "/etc/passwd"},
        {"d/hard", NULL, 0, FX_HARDLINK, "d/real.txt"},
    };
    char *path = write_arc("links.tar", "tar", NULL, NULL, fx, 3);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_entry_count(p), 3);
    const struct pack_entry *s = pack_entry(p, (size_t)pack_find(p, "passwd"));
    assert_true(s->is_link);
    assert_string_equal(s->link_target, "/etc/passwd");
    assert_true(pack_entry(p, (size_t)pack_find(p, "hard"))->is_link);
    assert_true(has_warning(p, "link", "passwd"));
    assert_true(has_warning(p, "link", "hard"));
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "passwd", &err), JURY_ERR_INVALID);
    assert_int_equal(read_status(p, "hard", &err), JURY_ERR_INVALID);
    assert_text(p, "real.txt", "real");
    pack_close(&p);
    free(path);
}

static void test_hidden_and_top(void **state)
{
    const struct fx fx[] = {
        TXT("材料/a.pdf", "a"),
        TXT("材料/.DS_Store", "x"),
        TXT("材料/Thumbs.db", "x"),
        TXT("材料/sub/desktop.ini", "x"),
        TXT("__MACOSX/材料/._a.pdf", "x"),
        TXT("材料/._b.txt", "x"),
        {"材料/", NULL, 0, FX_DIR, NULL},
    };
    char *path = write_arc("hidden.zip", "zip", NULL, NULL, fx, 7);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_entry_count(p), 6);
    assert_string_equal(pack_top_folder(p), "材料");
    size_t hidden = 0;
    for (size_t i = 0; i < pack_entry_count(p); i++)
        hidden += pack_entry(p, i)->hidden;
    assert_int_equal(hidden, 5);
    assert_false(pack_entry(p, (size_t)pack_find(p, "a.pdf"))->hidden);
    assert_true(pack_entry(p, (size_t)pack_find(p, "__MACOSX/材料/._a.pdf"))->hidden);
    assert_true(pack_entry(p, (size_t)pack_find(p, "sub/desktop.ini"))->hidden);
    pack_close(&p);
    free(path);
}

static void test_duplicates(void **state)
{
    const struct fx fx[] = {TXT("dup.txt", "1"), TXT("dup.txt", "2"), TXT("DUP.TXT", "3"),
                            TXT("other.txt", "4")};
    char *path = write_arc("dup.zip", "zip", NULL, NULL, fx, 4);
    struct pack *p = open_ok(path, NULL);
    assert_int_equal(pack_entry_count(p), 4);
    assert_false(pack_entry(p, 0)->warn & PACK_W_DUPLICATE);
    assert_true(pack_entry(p, 1)->warn & PACK_W_DUPLICATE);
    assert_true(pack_entry(p, 2)->warn & PACK_W_DUPLICATE);
    assert_false(pack_entry(p, 3)->warn & PACK_W_DUPLICATE);
    pack_close(&p);
    free(path);
}

/* --------------------------------------------------------------- limits */

static void test_bomb(void **state)
{
    const struct fx fx[] = {TXT("ok.txt", "fine"), {"zeros.bin", NULL, 20u << 20, FX_FILE, NULL}};
    char *path = write_arc("bomb.zip", "zip", NULL, NULL, fx, 2);
    struct pack_options o;
    pack_options_default(&o);
    o.max_ratio = 100;
    struct pack *p = open_ok(path, &o);
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "zeros.bin", &err), JURY_ERR_LIMIT);
    assert_non_null(strstr(err.where, "zeros.bin"));
    assert_true(has_warning(p, "bomb", "zeros.bin"));
    assert_text(p, "ok.txt", "fine");
    pack_close(&p);
    /* The per-entry size limit counts inflated bytes, whatever is declared. */
    pack_options_default(&o);
    o.max_entry_size = 1u << 20;
    p = open_ok(path, &o);
    assert_true(has_warning(p, "too-large", "zeros.bin"));
    assert_int_equal(read_status(p, "zeros.bin", &err), JURY_ERR_LIMIT);
    pack_close(&p);
    /* The pack total. */
    pack_options_default(&o);
    o.max_total_size = 10u << 20;
    p = open_ok(path, &o);
    assert_true(has_warning(p, "pack-too-large", NULL));
    assert_int_equal(read_status(p, "zeros.bin", &err), JURY_ERR_LIMIT);
    pack_close(&p);
    free(path);
}

/* A stored zip member that declares 4 bytes uncompressed but carries 3 MiB:
 * the limit is on bytes we counted, not on what the header says. */
static void test_lying_size(void **state)
{
    char *big = malloc((3u << 20) + 1);
    memset(big, 'a', 3u << 20);
    big[3u << 20] = '\0';
    struct rawzip z = {0};
    raw_declared = 4;
    rawzip_add(&z, "big.bin", big, false, 0);
    raw_declared = 0;
    char *path = rawzip_write(&z, "lie.zip", 0);
    struct pack_options o;
    pack_options_default(&o);
    o.max_entry_size = 2u << 20;
    struct pack *p = open_ok(path, &o);
    assert_int_equal(pack_entry(p, 0)->size, 4);
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "big.bin", &err), JURY_ERR_LIMIT);
    assert_true(has_warning(p, "too-large", "big.bin"));
    pack_close(&p);
    free(path), free(big);
}

static void test_entry_count(void **state)
{
    char *path = tmp_path("many.zip");
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=store");
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    struct archive_entry *e = archive_entry_new();
    char name[32];
    for (int i = 0; i < 100001; i++) {
        archive_entry_clear(e);
        snprintf(name, sizeof name, "%d", i);
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, 0);
        archive_write_header(a, e);
    }
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    struct pack *p = NULL;
    struct jury_error err = {0};
    assert_int_equal(pack_open(&p, path, NULL, &err), JURY_ERR_LIMIT);
    assert_null(p);
    assert_non_null(strstr(err.message, "100000"));
    unlink(path);
    free(path);
}

/* --------------------------------------------------------------- damage */

static void test_truncated(void **state)
{
    struct rawzip z = {0};
    rawzip_add(&z, "one.txt", "first", false, 0);
    rawzip_add(&z, "two.txt", "second", false, 0);
    size_t before_cd = z.body.len;
    char *path = rawzip_write(&z, "cut.zip", before_cd - 3);
    struct pack *p = open_ok(path, NULL);
    assert_true(pack_damaged(p));
    assert_true(has_warning(p, "truncated", NULL));
    assert_text(p, "one.txt", "first");
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "two.txt", &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.where, "two.txt"));
    pack_close(&p);
    free(path);
    /* Cut inside a tar.gz: the entries before the damage stay. */
    const struct fx fx[] = {TXT("a.txt", "alpha"), {"b.bin", NULL, 200000, FX_FILE, NULL}};
    path = write_arc("cut.tar", "tar", NULL, NULL, fx, 2);
    truncate(path, 2048 + 1024);
    p = open_ok(path, NULL);
    assert_text(p, "a.txt", "alpha");
    assert_int_equal(read_status(p, "b.bin", &err), JURY_ERR_CORRUPT);
    pack_close(&p);
    free(path);
}

static void test_bad_crc(void **state)
{
    struct rawzip z = {0};
    rawzip_add(&z, "good.txt", "fine", false, 0);
    rawzip_add(&z, "bad.txt", "tampered", false, 0x1234);
    char *path = rawzip_write(&z, "crc.zip", 0);
    struct pack *p = open_ok(path, NULL);
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "bad.txt", &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.where, "bad.txt"));
    assert_true(has_warning(p, "damaged", "bad.txt"));
    assert_text(p, "good.txt", "fine");
    pack_close(&p);
    free(path);
}

/* ----------------------------------------------------------- encryption */

static void check_encrypted(const char *opts)
{
    const struct fx fx[] = {TXT("secret.txt", "机密内容"), TXT("more.txt", "more")};
    char *path = write_arc("enc.zip", "zip", opts, "s3cret", fx, 2);
    struct pack *p = open_ok(path, NULL);
    assert_true(pack_needs_passphrase(p));
    assert_true(pack_entry(p, 0)->encrypted);
    struct jury_error err = {0};
    assert_int_equal(read_status(p, "secret.txt", &err), JURY_ERR_DENIED);
    pack_close(&p);
    struct pack_options o;
    pack_options_default(&o);
    o.passphrase = "wrong";
    assert_int_equal(pack_open(&p, path, &o, &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "passphrase"));
    assert_null(p);
    o.passphrase = "s3cret";
    p = open_ok(path, &o);
    assert_false(pack_needs_passphrase(p));
    assert_text(p, "secret.txt", "机密内容");
    assert_text(p, "more.txt", "more");
    pack_close(&p);
    setenv("JURY_PASSPHRASE", "s3cret", 1);
    p = open_ok(path, NULL);
    assert_text(p, "secret.txt", "机密内容");
    pack_close(&p);
    unsetenv("JURY_PASSPHRASE");
    free(path);
}

static void test_encrypted(void **state)
{
    check_encrypted("zip:encryption=zipcrypt");
    check_encrypted("zip:encryption=aes256");
}

/* ------------------------------------------------------------- manifest */

static void test_manifest_valid(void **state)
{
    static const char man[] =
        "{\"format\":\"jury-pack/1\",\"task\":\"t4\",\"applicant\":\"某某大学\",\n"
        "\"title\":\"新工科\",\"region\":\"华东\",\"facts\":{\"teachers\":12,\"ratio\":0.5,\n"
        "\"public\":true,\"founded\":\"2019-09-01\",\"name\":\"x\",\"bad\":[1]},\n"
        "\"evidence\":[{\"path\":\"a.pdf\",\"indicators\":[\"1.1\",\"2.3\"]},"
        "{\"path\":\"missing.pdf\",\"indicators\":[]}]}";
    const struct fx fx[] = {TXT("pk/manifest.json", man), TXT("pk/a.pdf", "%PDF")};
    char *path = write_arc("man.zip", "zip", NULL, NULL, fx, 2);
    struct pack *p = open_ok(path, NULL);
    const struct pack_manifest *m = pack_manifest(p);
    assert_non_null(m);
    assert_int_equal(pack_manifest_entry(p), 0);
    assert_string_equal(m->task, "t4");
    assert_string_equal(m->applicant, "某某大学");
    assert_string_equal(m->region, "华东");
    assert_int_equal(m->n_facts, 5);
    const struct pack_fact *f = pack_manifest_fact(m, "teachers");
    assert_int_equal(f->type, PACK_FACT_NUMBER);
    assert_true(f->number == 12);
    assert_int_equal(pack_manifest_fact(m, "public")->type, PACK_FACT_BOOL);
    assert_true(pack_manifest_fact(m, "public")->boolean);
    assert_int_equal(pack_manifest_fact(m, "founded")->type, PACK_FACT_DATE);
    assert_int_equal(pack_manifest_fact(m, "name")->type, PACK_FACT_STRING);
    assert_null(pack_manifest_fact(m, "bad"));
    assert_true(has_warning(p, "manifest", "manifest.json"));
    assert_int_equal(m->n_evidence, 2);
    assert_string_equal(m->evidence[0].indicators[1], "2.3");
    char *json = pack_to_json(p);
    for (const char *k = "sha256\0format\0name_encoding\0entries\0manifest\0warnings\0"; *k;
         k += strlen(k) + 1) {
        char q[64];
        snprintf(q, sizeof q, "\"%s\":", k);
        assert_non_null(strstr(json, q));
    }
    assert_non_null(strstr(json, "missing.pdf"));
    char q[100];
    snprintf(q, sizeof q, "\"sha256\": \"%s\"", pack_id(p));
    assert_non_null(strstr(json, q));
    free(json);
    pack_close(&p);
    free(path);
}

static void check_bad_manifest(const char *text, const char *where)
{
    const struct fx fx[] = {{"manifest.json", text, strlen(text), FX_FILE, NULL},
                            TXT("a.txt", "a")};
    char *path = write_arc("badman.zip", "zip", NULL, NULL, fx, 2);
    struct pack *p = open_ok(path, NULL);
    assert_null(pack_manifest(p));
    bool found = false;
    for (size_t i = 0; i < pack_warning_count(p); i++)
        found |= strcmp(pack_warning(p, i)->code, "manifest") == 0 &&
                 strstr(pack_warning(p, i)->message, where) != NULL;
    if (!found)
        fail_msg("no manifest warning with '%s'", where);
    assert_text(p, "a.txt", "a");
    char *json = pack_to_json(p);
    assert_non_null(strstr(json, "\"manifest\": null"));
    free(json);
    pack_close(&p);
    free(path);
}

static void test_manifest_invalid(void **state)
{
    check_bad_manifest("{\"format\": \"jury-pack/1\",\n\"task\": \"t1\",\n\"facts\": {,}}",
                       "manifest.json:3:");
    check_bad_manifest("[1, 2]", "manifest.json:1:1");
    check_bad_manifest("{\"format\": \"jury-pack/9\"}", "jury-pack/9");
    check_bad_manifest("{\"a\": 1, \"a\": 2}", "manifest.json:1:");
}

/* --------------------------------------------------------------- nested */

static void test_nested(void **state)
{
    const struct fx inner[] = {TXT("内/x.txt", "nested text")};
    char *ipath = write_arc("inner.tar.gz", "tar.gz", NULL, NULL, inner, 1);
    char *buf;
    size_t len;
    assert_int_equal(jury_read_file(ipath, 1 << 20, &buf, &len, NULL), 0);
    const struct fx outer[] = {{"docs/inner.tar.gz", buf, len, FX_FILE, NULL},
                               TXT("readme.txt", "r")};
    char *path = write_arc("outer.zip", "zip", NULL, NULL, outer, 2);
    struct pack *p = open_ok(path, NULL);
    long i = pack_find(p, "docs/inner.tar.gz");
    assert_int_equal(pack_entry(p, (size_t)i)->kind, PACK_KIND_ARCHIVE);
    struct pack *n = NULL;
    struct jury_error err = {0};
    assert_int_equal(pack_open_nested(&n, p, (size_t)i, &err), 0);
    assert_string_equal(pack_format(n), "tar.gz");
    assert_text(n, "x.txt", "nested text");
    char hex[SHA256_HEX_LEN + 1];
    jury_sha256_hex(buf, len, hex);
    assert_string_equal(pack_id(n), hex);
    pack_close(&n);
    assert_int_equal(pack_open_nested(&n, p, (size_t)pack_find(p, "readme.txt"), &err),
                     JURY_ERR_INVALID);
    pack_close(&n);
    pack_close(&p);
    free(buf), free(ipath), free(path);
}

static void test_memory_and_stream(void **state)
{
    char *path = write_arc("mem.zip", "zip", NULL, NULL, basic, 3);
    char *buf;
    size_t len;
    assert_int_equal(jury_read_file(path, 1 << 20, &buf, &len, NULL), 0);
    struct pack *p = NULL;
    struct jury_error err = {0};
    assert_int_equal(pack_open_memory(&p, "mem.zip", buf, len, NULL, &err), 0);
    assert_text(p, "评分表.txt", "总分 85");
    char hex[SHA256_HEX_LEN + 1];
    assert_int_equal(pack_entry_sha256(p, (size_t)pack_find(p, "数据.csv"), hex, &err), 0);
    char want[SHA256_HEX_LEN + 1];
    jury_sha256_hex("a,b\n1,2\n", 8, want);
    assert_string_equal(hex, want);
    pack_close(&p);
    free(buf), free(path);
}

/* ---------------------------------------------------------------- build */

static void mkfile(const char *dir, const char *rel, const char *text)
{
    char *p = jury_path_join(dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    assert_int_equal(jury_mkdirs(p, 0755, NULL), 0);
    *slash = '/';
    write_bytes(p, text, strlen(text));
    free(p);
}

static void test_build(void **state)
{
    char *src = tmp_path("src");
    mkfile(src, "申报材料/申报书.txt", "申报书正文");
    mkfile(src, "申报材料/附件/合同.pdf", "%PDF");
    mkfile(src, "申报材料/.DS_Store", "junk");
    mkfile(src, "a.txt", "a");
    char *facts = tmp_path("facts.csv");
    const char *csv = "name,value\nteachers,12\npublic,true\nfounded,2019-09-01\n";
    write_bytes(facts, csv, strlen(csv));
    char *out = tmp_path("built.zip");
    struct pack_build b = {
        .src = src, .out = out, .task = "t4", .applicant = "某大学", .facts_file = facts};
    size_t n = 0;
    struct jury_error err = {0};
    if (pack_build_zip(&b, &n, &err))
        fail_msg("build: %s: %s", err.where, err.message);
    assert_int_equal(n, 3);
    char *buf;
    size_t len;
    assert_int_equal(jury_read_file(out, 1 << 20, &buf, &len, NULL), 0);
    /* The local header of a Chinese name has bit 11 (UTF-8) set. */
    const char *name = "申报材料/申报书.txt";
    const char *at = memmem(buf, len, name, strlen(name));
    assert_non_null(at);
    assert_true(((unsigned char)at[-30 + 7] & 0x08) != 0);
    struct pack *p = open_ok(out, NULL);
    assert_int_equal(pack_entry_count(p), 4);
    assert_string_equal(pack_entry(p, 0)->path, "manifest.json");
    assert_string_equal(pack_entry(p, 1)->path, "a.txt");
    assert_string_equal(pack_entry(p, 2)->path, "申报材料/申报书.txt"); /* byte order */
    assert_string_equal(pack_entry(p, 3)->path, "申报材料/附件/合同.pdf");
    const struct pack_manifest *m = pack_manifest(p);
    assert_non_null(m);
    assert_string_equal(m->task, "t4");
    assert_string_equal(m->applicant, "某大学");
    assert_int_equal(pack_manifest_fact(m, "teachers")->type, PACK_FACT_NUMBER);
    assert_true(pack_manifest_fact(m, "public")->boolean);
    assert_int_equal(pack_manifest_fact(m, "founded")->type, PACK_FACT_DATE);
    assert_text(p, "申报材料/申报书.txt", "申报书正文");
    char id1[SHA256_HEX_LEN + 1];
    strcpy(id1, pack_id(p));
    pack_close(&p);
    /* Deterministic: the same input gives the same bytes. */
    assert_int_equal(pack_build_zip(&b, &n, &err), 0);
    p = open_ok(out, NULL);
    assert_string_equal(pack_id(p), id1);
    pack_close(&p);
    /* From an applicant's GBK zip: names come out UTF-8 and flagged. */
    struct rawzip z = {0};
    char *g = gbk("材料/证明.pdf");
    rawzip_add(&z, g, "pdf", false, 0);
    char *gz = rawzip_write(&z, "applicant.zip", 0);
    b.src = gz;
    b.facts_file = NULL;
    assert_int_equal(pack_build_zip(&b, &n, &err), 0);
    p = open_ok(out, NULL);
    assert_int_equal(pack_name_encoding(p), PACK_ENC_UTF8);
    assert_true(pack_find(p, "证明.pdf") >= 0);
    assert_text(p, "证明.pdf", "pdf");
    pack_close(&p);
    b.task = NULL;
    assert_int_equal(pack_build_zip(&b, &n, &err), JURY_ERR_INVALID);
    free(buf), free(src), free(facts), free(out), free(g), free(gz);
}

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_packs.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    setlocale(LC_ALL, "");
    jury_tz_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_7z),
        cmocka_unit_test(test_tar),
        cmocka_unit_test(test_not_archive),
        cmocka_unit_test(test_gbk_unflagged),
        cmocka_unit_test(test_mixed_and_undecodable),
        cmocka_unit_test(test_hostile_names),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_hidden_and_top),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_bomb),
        cmocka_unit_test(test_lying_size),
        cmocka_unit_test(test_entry_count),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_bad_crc),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_manifest_valid),
        cmocka_unit_test(test_manifest_invalid),
        cmocka_unit_test(test_nested),
        cmocka_unit_test(test_memory_and_stream),
        cmocka_unit_test(test_build),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
