/* test_idcache.c - the identity cache: a file is hashed once while it stays
 * the same file, and hashed again after any change, including one that puts
 * back the size and the modification time; the seal check of a kit goes
 * through it and still names a replaced pack; a damaged cache is rebuilt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "packs/kit/kit.h"

static char root[256];

static char *tmp(const char *name)
{
    if (!root[0]) {
        snprintf(root, sizeof root, "/tmp/jury-test-idcache-XXXXXX");
        assert_non_null(mkdtemp(root));
    }
    return jury_path_join(root, name);
}

static void write_bytes(const char *path, const char *text)
{
    struct jury_error err = {0};
    char *dir = jury_xstrdup(path);
    *strrchr(dir, '/') = '\0';
    assert_int_equal(jury_mkdirs(dir, 0755, &err), 0);
    free(dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A record is kept only once the file's ctime is safely in the past: ask
 * until the answer comes from the cache (each ask hashes and records). */
static void until_cached(const char *path, char hex[SHA256_HEX_LEN + 1])
{
    struct jury_error err = {0};
    for (int i = 0; i < 500; i++) {
        bool cached = false;
        assert_int_equal(pack_file_id(path, 0, hex, &cached, &err), 0);
        if (cached)
            return;
        struct timespec pause = {0, 10000000};
        nanosleep(&pause, NULL);
    }
    fail_msg("%s never came from the identity cache", path);
}

static void flip_keep_times(const char *path, long at)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, at, SEEK_SET);
    int c = fgetc(f);
    fseek(f, at, SEEK_SET);
    fputc(c ^ 1, f);
    fclose(f);
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    struct stat now;
    assert_int_equal(stat(path, &now), 0);
    assert_int_equal(now.st_size, st.st_size);
    assert_int_equal(now.st_mtim.tv_nsec, st.st_mtim.tv_nsec);
}

static void test_hashed_once(void **state)
{
    char *a = tmp("once.zip");
    write_bytes(a, "the same bytes, asked about twice");
    char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
    struct jury_error err = {0};
    assert_int_equal(jury_sha256_file_hex(a, want, &err), 0);
    until_cached(a, hex);
    assert_string_equal(hex, want);
    /* the full flag reads the file whatever the cache says */
    bool cached = true;
    assert_int_equal(pack_file_id(a, PACK_ID_FULL, hex, &cached, &err), 0);
    assert_false(cached);
    assert_string_equal(hex, want);
    char *missing = tmp("missing.zip");
    assert_int_equal(pack_file_id(missing, 0, hex, NULL, &err), JURY_ERR_IO);
    free(missing);
    free(a);
}

/* Same size, modification time put back: only the ctime tells, and it does. */
static void test_same_size_and_mtime(void **state)
{
    char *a = tmp("resent.zip");
    write_bytes(a, "pack bytes as the reviewer first saw them");
    char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
    until_cached(a, before);
    flip_keep_times(a, 5);
    struct jury_error err = {0};
    bool cached = true;
    assert_int_equal(pack_file_id(a, 0, after, &cached, &err), 0);
    assert_false(cached);
    assert_int_equal(jury_sha256_file_hex(a, want, &err), 0);
    assert_string_equal(after, want);
    assert_string_not_equal(after, before);
    free(a);
}

/* A file put in place by rename (another inode), same size and time. */
static void test_replaced_by_rename(void **state)
{
    char *a = tmp("renamed.zip"), *b = tmp("renamed.new");
    write_bytes(a, "original pack");
    char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
    until_cached(a, before);
    write_bytes(b, "replaced pack");
    struct stat st;
    assert_int_equal(stat(a, &st), 0);
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, b, ts, 0), 0);
    assert_int_equal(rename(b, a), 0);
    struct jury_error err = {0};
    bool cached = true;
    assert_int_equal(pack_file_id(a, 0, after, &cached, &err), 0);
    assert_false(cached);
    assert_string_not_equal(after, before);
    free(a);
    free(b);
}

/* A sealed kit verified through the cache still names a pack changed with
 * its size and time put back. */
static void test_seal_through_cache(void **state)
{
    struct jury_error err = {0};
    assert_int_equal(jury_crypto_init(&err), 0);
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    char *kit = tmp("kit");
    const char *tasks[] = {"task1"};
    assert_int_equal(kit_init_id(kit, NULL, "k", tasks, 1, &err), 0);
    char *a = jury_path_join(kit, "packs/a.zip"), *b = jury_path_join(kit, "packs/b.zip");
    write_bytes(a, "pack a, first version");
    write_bytes(b, "pack b");
    assert_int_equal(kit_seal(kit, sk, &err), 0);
    char hex[SHA256_HEX_LEN + 1];
    until_cached(a, hex);
    until_cached(b, hex);
    struct kit_verify_report rep;
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_true(kit_verify_ok(&rep));
    kit_verify_report_free(&rep);
    flip_keep_times(a, 3);
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_false(kit_verify_ok(&rep));
    assert_string_equal(jstr_cstr(&rep.changed), "packs/a.zip\n");
    assert_string_equal(jstr_cstr(&rep.added), "");
    assert_string_equal(jstr_cstr(&rep.removed), "");
    kit_verify_report_free(&rep);
    free(a);
    free(b);
    free(kit);
}

/* The cache file damaged on disk: it is only a cache, answers stay right. */
static void test_damaged_cache(void **state)
{
    char *a = tmp("damaged.zip");
    write_bytes(a, "bytes under a damaged cache");
    char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
    struct jury_error err = {0};
    assert_int_equal(jury_sha256_file_hex(a, want, &err), 0);
    until_cached(a, hex);
    char *home = jury_data_dir(false, &err);
    assert_non_null(home);
    char *ids = jury_path_join(home, "cache/ids.sqlite");
    char junk[8192];
    memset(junk, 'x', sizeof junk);
    assert_int_equal(jury_write_file_atomic(ids, junk, sizeof junk, 0600, &err), 0);
    bool cached = true;
    assert_int_equal(pack_file_id(a, 0, hex, &cached, &err), 0);
    assert_false(cached);
    assert_string_equal(hex, want);
    until_cached(a, hex); /* rebuilt */
    assert_string_equal(hex, want);
    free(ids);
    free(home);
    free(a);
}

/* pack_id of an open pack comes from the cache and matches the file. */
static void test_pack_id(void **state)
{
    char *src = jury_path_join(jury_share_dir(), "packs/samples/packs/t10-resource.zip");
    char *a = tmp("t10.zip");
    char *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(src, 1u << 24, &data, &len, &err), 0);
    assert_int_equal(jury_write_file_atomic(a, data, len, 0644, &err), 0);
    char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
    assert_int_equal(jury_sha256_file_hex(a, want, &err), 0);
    until_cached(a, hex);
    struct pack *p = NULL;
    assert_int_equal(pack_open(&p, a, NULL, &err), 0);
    assert_string_equal(pack_id(p), want);
    pack_close(&p);
    free(data);
    free(a);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashed_once),        cmocka_unit_test(test_same_size_and_mtime),
        cmocka_unit_test(test_replaced_by_rename), cmocka_unit_test(test_seal_through_cache),
        cmocka_unit_test(test_damaged_cache),      cmocka_unit_test(test_pack_id),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (root[0] && system(cmd) != 0)
        rc = 1;
    return rc;
}
