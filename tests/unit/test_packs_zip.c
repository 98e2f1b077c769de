/* test_packs_zip.c - packs/pack_zipdir.c, the central-directory zip reader:
 * the same listing and bytes as the libarchive path on every sample pack,
 * zip64, and hostile zips written byte by byte (lying local headers, bad
 * CRC, offsets outside the file, overlapping entries, end-record tricks).
 * It looks at the private pack struct only to know which reader ran. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "packs/pack_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

/* ------------------------------------------------------- raw zip writer */

static void le(struct jstr *b, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        jstr_addc(b, (char)((v >> (8 * i)) & 0xFF));
}

struct member {
    const char *name;
    const char *data;
    size_t len;
    bool deflate;
    uint32_t crc_xor;   /* damage the CRC in both headers */
    const char *lname;  /* local header name when it lies, else name */
    int lmethod;        /* local header method when >= 0 and it lies */
    int64_t lho_forced; /* central offset when >= 0 */
};

struct rawzip {
    struct jstr body, cd;
    unsigned n;
};

static void deflate_raw(const char *data, size_t len, struct jstr *out)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len);
    unsigned char *buf = malloc(cap);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    jstr_addn(out, (char *)buf, z.total_out);
    deflateEnd(&z);
    free(buf);
}

/* Adds local header + data (unless m->lho_forced) and a central record. */
static void rz_add(struct rawzip *z, const struct member *m)
{
    struct jstr data = {0};
    if (m->deflate)
        deflate_raw(m->data, m->len, &data);
    else
        jstr_addn(&data, m->data, m->len);
    uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)m->data, (uInt)m->len) ^ m->crc_xor;
    unsigned method = m->deflate ? 8 : 0;
    uint64_t off = m->lho_forced >= 0 ? (uint64_t)m->lho_forced : z->body.len;
    const char *ln = m->lname ? m->lname : m->name;
    size_t nl = strlen(m->name), lnl = strlen(ln);
    struct jstr *b = &z->body;
    if (m->lho_forced < 0) {
        le(b, 0x04034b50, 4), le(b, 20, 2), le(b, 0x800, 2);
        le(b, m->lmethod >= 0 ? (unsigned)m->lmethod : method, 2), le(b, 0, 2), le(b, 0x21, 2);
        le(b, crc, 4), le(b, data.len, 4), le(b, m->len, 4), le(b, lnl, 2), le(b, 0, 2);
        jstr_addn(b, ln, lnl), jstr_addn(b, data.s, data.len);
    }
    struct jstr *c = &z->cd;
    le(c, 0x02014b50, 4), le(c, 20, 2), le(c, 20, 2), le(c, 0x800, 2), le(c, method, 2);
    le(c, 0, 2), le(c, 0x21, 2), le(c, crc, 4), le(c, data.len, 4), le(c, m->len, 4);
    le(c, nl, 2), le(c, 0, 2), le(c, 0, 2), le(c, 0, 2), le(c, 0, 2), le(c, 0, 4);
    le(c, off, 4), jstr_addn(c, m->name, nl);
    z->n++;
    jstr_free(&data);
}

/* Central directory and end record with `comment` (declared length
 * comment_len, or its real length when comment_len < 0). */
static char *rz_write(struct rawzip *z, const char *file, const char *comment, long comment_len)
{
    uint32_t cd_off = (uint32_t)z->body.len, cd_len = (uint32_t)z->cd.len;
    struct jstr *b = &z->body;
    jstr_addn(b, z->cd.s, z->cd.len);
    size_t cl = comment ? strlen(comment) : 0;
    le(b, 0x06054b50, 4), le(b, 0, 2), le(b, 0, 2), le(b, z->n, 2), le(b, z->n, 2);
    le(b, cd_len, 4), le(b, cd_off, 4), le(b, comment_len >= 0 ? (size_t)comment_len : cl, 2);
    if (cl)
        jstr_addn(b, comment, cl);
    char *path = tmp_path(file);
    write_bytes(path, b->s, b->len);
    jstr_free(&z->body);
    jstr_free(&z->cd);
    return path;
}

#define MEMBER(n, d)                                                                               \
    {                                                                                              \
        n, d, sizeof d - 1, false, 0, NULL, -1, -1                                                 \
    }
#define DEFLATED(n, d)                                                                             \
    {                                                                                              \
        n, d, sizeof d - 1, true, 0, NULL, -1, -1                                                  \
    }

/* ------------------------------------------------------------- helpers */

static struct pack *open_with(const char *path, const struct pack_options *o, bool libarchive)
{
    if (libarchive)
        setenv("JURY_ZIP_READER", "libarchive", 1);
    struct pack *p = NULL;
    struct jury_error err = {0};
    int rc = pack_open(&p, path, o, &err);
    unsetenv("JURY_ZIP_READER");
    if (rc)
        fail_msg("pack_open %s: %s: %s", path, err.where, err.message);
    assert_int_equal(p->zipdir, !libarchive);
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

static int read_rc(struct pack *p, size_t i, char **buf, size_t *len, struct jury_error *err)
{
    *buf = NULL;
    return pack_read_entry(p, i, buf, len, err);
}

static void same_entry(const struct pack_entry *a, const struct pack_entry *b)
{
    assert_string_equal(a->path, b->path);
    assert_string_equal(a->arc_path, b->arc_path);
    assert_int_equal(a->raw_len, b->raw_len);
    assert_memory_equal(a->raw_name, b->raw_name, a->raw_len);
    assert_int_equal(a->name_encoding, b->name_encoding);
    assert_int_equal(a->size, b->size);
    assert_int_equal(a->mtime, b->mtime);
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->hidden, b->hidden);
    assert_int_equal(a->is_link, b->is_link);
    assert_int_equal(a->encrypted, b->encrypted);
    assert_int_equal(a->warn, b->warn);
}

/* Both readers: same listing, warnings, manifest and bytes. */
static void compare_paths(const char *path)
{
    struct pack *a = open_with(path, NULL, false), *b = open_with(path, NULL, true);
    assert_string_equal(pack_format(a), pack_format(b));
    assert_int_equal(pack_entry_count(a), pack_entry_count(b));
    assert_int_equal(pack_name_encoding(a), pack_name_encoding(b));
    assert_true((pack_top_folder(a) == NULL) == (pack_top_folder(b) == NULL));
    if (pack_top_folder(a))
        assert_string_equal(pack_top_folder(a), pack_top_folder(b));
    assert_int_equal(pack_manifest_entry(a), pack_manifest_entry(b));
    for (size_t i = 0; i < pack_entry_count(a); i++) {
        same_entry(pack_entry(a, i), pack_entry(b, i));
        char *x, *y;
        size_t nx, ny;
        struct jury_error ea = {0}, eb = {0};
        int ra = read_rc(a, i, &x, &nx, &ea), rb = read_rc(b, i, &y, &ny, &eb);
        assert_int_equal(ra, rb);
        if (ra == 0) {
            assert_int_equal(nx, ny);
            assert_memory_equal(x, y, nx);
        }
        free(x), free(y);
    }
    assert_int_equal(pack_warning_count(a), pack_warning_count(b));
    for (size_t i = 0; i < pack_warning_count(a); i++) {
        assert_string_equal(pack_warning(a, i)->code, pack_warning(b, i)->code);
        assert_string_equal(pack_warning(a, i)->path, pack_warning(b, i)->path);
        assert_string_equal(pack_warning(a, i)->message, pack_warning(b, i)->message);
    }
    char *ja = pack_to_json(a), *jb = pack_to_json(b);
    assert_string_equal(ja, jb);
    free(ja), free(jb);
    pack_close(&a), pack_close(&b);
}

/* ---------------------------------------------------------------- tests */

static void test_samples_same(void **state)
{
    const char *share = getenv("JURY_SHARE");
    char *dir = jury_path_join(share ? share : ".", "packs/samples/packs");
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t zips = 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        size_t k = strlen(de->d_name);
        if (k < 4 || strcmp(de->d_name + k - 4, ".zip") != 0)
            continue;
        char *path = jury_path_join(dir, de->d_name);
        compare_paths(path);
        free(path);
        zips++;
    }
    closedir(d);
    assert_true(zips >= 10);
    free(dir);
}

static void test_hostile_names_same(void **state)
{
    struct rawzip z = {0};
    const struct member m[] = {
        MEMBER("../../evil.txt", "1"),
        MEMBER("/etc/abs.txt", "2"),
        MEMBER("C:\\Windows\\win.txt", "3"),
        MEMBER("a\\..\\..\\b.txt", "4"),
        MEMBER("esc\x1b[31mred.txt", "5"),
        DEFLATED("申报书/评分表.txt", "总分 85 总分 85"),
        MEMBER("dup.txt", "6"),
        MEMBER("DUP.TXT", "7"),
        MEMBER("__MACOSX/._x", "8"),
        MEMBER("dir/", ""),
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        rz_add(&z, &m[i]);
    char *path = rz_write(&z, "names.zip", NULL, -1);
    compare_paths(path);
    free(path);
}

static void test_zip64(void **state)
{
    char *path = tmp_path("z64.zip");
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    assert_int_equal(archive_write_set_options(a, "zip:zip64"), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    const char *names[] = {"材料/一.txt", "材料/二.txt"};
    for (int i = 0; i < 2; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname_utf8(e, names[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, 6);
        archive_write_header(a, e);
        archive_write_data(a, i ? "second" : "first!", 6);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    struct pack *p = open_with(path, NULL, false);
    assert_int_equal(pack_entry_count(p), 2);
    char *buf;
    size_t len;
    struct jury_error err = {0};
    assert_int_equal(read_rc(p, 1, &buf, &len, &err), 0);
    assert_int_equal(len, 6);
    assert_memory_equal(buf, "second", 6);
    free(buf);
    pack_close(&p);
    compare_paths(path);
    free(path);
}

static void expect_corrupt(struct pack *p, size_t i, const char *name)
{
    char *buf;
    size_t len;
    struct jury_error err = {0};
    assert_int_equal(read_rc(p, i, &buf, &len, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.where, name));
    assert_true(has_warning(p, "damaged", name));
    assert_true(pack_damaged(p));
    free(buf);
}

static void test_lying_local_header(void **state)
{
    struct rawzip z = {0};
    struct member m[] = {MEMBER("good.txt", "fine"), DEFLATED("name.txt", "text text text"),
                         DEFLATED("method.txt", "text text text")};
    m[1].lname = "other.txt";
    m[2].lmethod = 0;
    for (size_t i = 0; i < 3; i++)
        rz_add(&z, &m[i]);
    char *path = rz_write(&z, "lie.zip", NULL, -1);
    struct pack *p = open_with(path, NULL, false);
    expect_corrupt(p, 1, "name.txt");
    expect_corrupt(p, 2, "method.txt");
    char *buf;
    size_t len;
    struct jury_error err = {0};
    assert_int_equal(read_rc(p, 0, &buf, &len, &err), 0);
    assert_string_equal(buf, "fine");
    free(buf);
    pack_close(&p);
    free(path);
}

static void test_crc_mismatch(void **state)
{
    struct rawzip z = {0};
    struct member m[] = {MEMBER("stored.txt", "tampered"), DEFLATED("deflated.txt", "tampered!")};
    m[0].crc_xor = m[1].crc_xor = 0x1234;
    rz_add(&z, &m[0]), rz_add(&z, &m[1]);
    char *path = rz_write(&z, "crc.zip", NULL, -1);
    struct pack *p = open_with(path, NULL, false);
    expect_corrupt(p, 0, "stored.txt");
    expect_corrupt(p, 1, "deflated.txt");
    pack_close(&p);
    free(path);
}

static void test_offset_outside(void **state)
{
    struct rawzip z = {0};
    struct member m[] = {MEMBER("ok.txt", "ok"), MEMBER("far.txt", "x"), MEMBER("cd.txt", "y")};
    m[1].lho_forced = 0x7FFFFFF0;
    rz_add(&z, &m[0]);
    rz_add(&z, &m[1]);
    m[2].lho_forced = (int64_t)z.body.len; /* would be the central directory */
    rz_add(&z, &m[2]);
    char *path = rz_write(&z, "far.zip", NULL, -1);
    struct pack *p = open_with(path, NULL, false);
    assert_int_equal(pack_entry_count(p), 3);
    expect_corrupt(p, (size_t)pack_find(p, "far.txt"), "far.txt");
    expect_corrupt(p, (size_t)pack_find(p, "cd.txt"), "cd.txt");
    pack_close(&p);
    free(path);
}

/* Twenty central records naming one 2 MiB deflated stream: each read is
 * honest on its own, the pack total stops them. */
static void test_overlap_bomb(void **state)
{
    size_t n = 2u << 20;
    char *zeros = calloc(1, n);
    struct rawzip z = {0};
    struct member m = {"zeros.bin", zeros, n, true, 0, NULL, -1, -1};
    rz_add(&z, &m);
    m.lho_forced = 0;
    for (int i = 0; i < 19; i++)
        rz_add(&z, &m);
    char *path = rz_write(&z, "overlap.zip", NULL, -1);
    struct pack_options o;
    pack_options_default(&o);
    o.max_total_size = 10u << 20;
    o.max_ratio = 0; /* zeros deflate 1000:1; this is about the total */
    struct pack *p = open_with(path, &o, false);
    assert_int_equal(pack_entry_count(p), 20);
    assert_true(has_warning(p, "bomb", ""));
    size_t ok = 0;
    int rc = 0;
    for (size_t i = 0; i < 20 && rc == 0; i++) {
        char *buf;
        size_t len;
        struct jury_error err = {0};
        rc = read_rc(p, i, &buf, &len, &err);
        ok += rc == 0;
        free(buf);
    }
    assert_int_equal(rc, JURY_ERR_LIMIT);
    assert_int_equal(ok, 5);
    assert_true(has_warning(p, "pack-too-large", NULL));
    pack_close(&p);
    free(path), free(zeros);
}

static void test_eocd_tricks(void **state)
{
    struct rawzip z = {0};
    const struct member m = MEMBER("a.txt", "alpha");
    /* A stray end-record signature inside the comment is not a record.
     * (libarchive stops at the last signature it sees and recovers the
     * entries from local headers with a "truncated" warning.) */
    rz_add(&z, &m);
    char *path = rz_write(&z, "comment.zip", "PK\5\6 not a record, 评语", -1);
    struct pack *p = open_with(path, NULL, false);
    assert_int_equal(pack_entry_count(p), 1);
    assert_int_equal(pack_warning_count(p), 0);
    assert_false(pack_damaged(p));
    pack_close(&p);
    free(path);
    /* A comment length running past the end of the file: left to libarchive. */
    rz_add(&z, &m);
    path = rz_write(&z, "longcomment.zip", "short", 200);
    struct pack *q = NULL;
    struct jury_error err = {0};
    if (pack_open(&q, path, NULL, &err) == 0)
        assert_false(q->zipdir);
    pack_close(&q);
    free(path);
    /* A whole second zip in the comment: two valid end records, ambiguous. */
    rz_add(&z, &m);
    char *inner = rz_write(&z, "inner.zip", NULL, -1);
    char *ib;
    size_t il;
    assert_int_equal(jury_read_file(inner, 1 << 20, &ib, &il, NULL), 0);
    rz_add(&z, &m);
    struct jstr c = {0};
    jstr_addn(&c, ib, il);
    path = rz_write(&z, "twice.zip", NULL, (long)il);
    FILE *f = fopen(path, "ab");
    fwrite(ib, 1, il, f);
    fclose(f);
    if (pack_open(&q, path, NULL, &err) == 0)
        assert_false(q->zipdir);
    pack_close(&q);
    jstr_free(&c);
    free(ib), free(inner), free(path);
}

static void test_cd_damage_defers(void **state)
{
    struct rawzip z = {0};
    const struct member m[] = {MEMBER("one.txt", "first"), MEMBER("two.txt", "second")};
    rz_add(&z, &m[0]), rz_add(&z, &m[1]);
    z.n = 3; /* the end record claims more records than the directory holds */
    char *path = rz_write(&z, "count.zip", NULL, -1);
    struct pack *p = NULL;
    struct jury_error err = {0};
    if (pack_open(&p, path, NULL, &err) == 0)
        assert_false(p->zipdir);
    pack_close(&p);
    free(path);
    /* Encrypted entries stay with libarchive (passphrase checks, warnings). */
    path = tmp_path("enc.zip");
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_passphrase(a, "pw");
    archive_write_set_options(a, "zip:encryption=zipcrypt");
    archive_write_open_filename(a, path);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname_utf8(e, "secret.txt");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, 3);
    archive_write_header(a, e);
    archive_write_data(a, "abc", 3);
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    p = open_with(path, NULL, true);
    pack_close(&p);
    assert_int_equal(pack_open(&p, path, NULL, &err), 0);
    assert_false(p->zipdir);
    assert_true(pack_needs_passphrase(p));
    pack_close(&p);
    free(path);
}

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_packs_zip.XXXXXX");
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
        cmocka_unit_test(test_samples_same),
        cmocka_unit_test(test_hostile_names_same),
        cmocka_unit_test(test_zip64),
        cmocka_unit_test(test_lying_local_header),
        cmocka_unit_test(test_crc_mismatch),
        cmocka_unit_test(test_offset_outside),
        cmocka_unit_test(test_overlap_bomb),
        cmocka_unit_test(test_eocd_tricks),
        cmocka_unit_test(test_cd_damage_defers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
