/* test_faults.c - faults under real parts: the disk filling up under the
 * reviewer store (a fault-injecting SQLite VFS around the real default one),
 * an unusable user data folder, a store damaged on disk, a kit with missing
 * packs or rules, a pack file replaced while open, a rule file changed
 * between scoring and export, and an export interrupted half-way. Each ends
 * in a clear error with nothing saved lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/kit/kit.h"

/* ------------------------------------------------ fixtures and helpers */

static char root[256];

static char *tmp(const char *name)
{
    if (!root[0]) {
        snprintf(root, sizeof root, "/tmp/jury-test-faults-XXXXXX");
        assert_non_null(mkdtemp(root));
    }
    return jury_path_join(root, name);
}

static void copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(from, 1u << 24, &data, &len, &err), 0);
    assert_int_equal(jury_write_file_atomic(to, data, len, 0644, &err), 0);
    free(data);
}

static char *share_path(const char *rel)
{
    return jury_path_join(jury_share_dir(), rel);
}

/* 1.1 points 0..10 step 0.5, 1.2 levels 优/良. */
static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator h = {.id = "1", .text = "基础", .depth = 1, .parent = -1, .max = 20};
    checklist_add_indicator(cl, &h);
    struct cl_indicator a = {.id = "1.1",
                             .text = "团队",
                             .depth = 2,
                             .parent = 0,
                             .scored = true,
                             .max = 10,
                             .mode = CL_POINTS,
                             .step = 0.5};
    checklist_add_indicator(cl, &a);
    struct cl_indicator b = {
        .id = "1.2", .text = "条件", .depth = 2, .parent = 0, .scored = true, .max = 10};
    b.mode = CL_LEVELS;
    size_t i = checklist_add_indicator(cl, &b);
    checklist_add_level(cl, i, "优", 1.0, NULL);
    checklist_add_level(cl, i, "良", 0.8, NULL);
    return cl;
}

/* The value of (pack, indicator) in a fresh snapshot, or NULL. Caller frees. */
static char *score_of(struct store *s, const char *pack, const char *ind)
{
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    char *v = NULL;
    for (size_t i = 0; i < sh->n_packs; i++)
        for (size_t j = 0; strcmp(sh->packs[i].id, pack) == 0 && j < sh->packs[i].n_scores; j++)
            if (strcmp(sh->packs[i].scores[j].indicator, ind) == 0 && sh->packs[i].scores[j].value)
                v = jury_xstrdup(sh->packs[i].scores[j].value);
    sheet_free(&sh);
    return v;
}

static struct store *fresh_store(const char *name, char **path_out)
{
    char *path = tmp(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", "r1", "张三", "A", &err), 0);
    char sha[SHA256_HEX_LEN + 1];
    jury_sha256_hex("t-rules", 7, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    for (int i = 0; i < 10; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%02d", i);
        assert_int_equal(store_add_pack(s, id, "某大学", "t1", "t-rules", &err), 0);
    }
    *path_out = path;
    return s;
}

/* --------------------------------------- a VFS whose disk fills up */

/* Wraps the real default VFS; every file it opens counts xWrite calls
 * against a shared budget and fails with SQLITE_FULL once it is spent
 * (budget < 0: no limit). Reads, locks and the WAL index pass through. */
static sqlite3_vfs *real_vfs;
static sqlite3_vfs full_vfs;
static int write_budget = -1;

struct full_file {
    sqlite3_file base;
    sqlite3_file *real; /* lives right after this struct */
};

#define REAL(f) (((struct full_file *)(f))->real)

static int ff_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}
static int ff_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int ff_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    if (write_budget == 0)
        return SQLITE_FULL;
    if (write_budget > 0)
        write_budget--;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int ff_truncate(sqlite3_file *f, sqlite3_int64 n)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), n);
}
static int ff_sync(sqlite3_file *f, int flags)
{
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int ff_size(sqlite3_file *f, sqlite3_int64 *n)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), n);
}
static int ff_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int ff_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int ff_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int ff_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int ff_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int ff_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int ff_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int ff_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void ff_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int ff_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int ff_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp);
}
static int ff_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

static const sqlite3_io_methods ff_methods = {
    3,           ff_close,       ff_read,      ff_write,   ff_truncate, ff_sync,   ff_size,
    ff_lock,     ff_unlock,      ff_reserved,  ff_control, ff_sector,   ff_device, ff_shm_map,
    ff_shm_lock, ff_shm_barrier, ff_shm_unmap, ff_fetch,   ff_unfetch};

static int ff_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
    struct full_file *ff = (struct full_file *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
    /* SQLite calls xClose only when pMethods is set, so set it on success */
    f->pMethods = rc == SQLITE_OK ? &ff_methods : NULL;
    return rc;
}

static int ff_delete(sqlite3_vfs *v, const char *n, int sync)
{
    return real_vfs->xDelete(real_vfs, n, sync);
}
static int ff_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
    return real_vfs->xAccess(real_vfs, n, flags, out);
}
static int ff_fullname(sqlite3_vfs *v, const char *n, int size, char *out)
{
    return real_vfs->xFullPathname(real_vfs, n, size, out);
}
static int ff_random(sqlite3_vfs *v, int n, char *out)
{
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int ff_sleep(sqlite3_vfs *v, int us)
{
    return real_vfs->xSleep(real_vfs, us);
}
static int ff_time(sqlite3_vfs *v, double *out)
{
    return real_vfs->xCurrentTime(real_vfs, out);
}
static int ff_last_error(sqlite3_vfs *v, int n, char *out)
{
    return real_vfs->xGetLastError(real_vfs, n, out);
}
static int ff_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

/* Make the fault VFS the default, so the store (which opens with the
 * default VFS) goes through it. */
static void full_vfs_install(void)
{
    if (real_vfs)
        return;
    real_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(real_vfs);
    full_vfs = (sqlite3_vfs){.iVersion = 2,
                             .szOsFile = (int)sizeof(struct full_file) + real_vfs->szOsFile,
                             .mxPathname = real_vfs->mxPathname,
                             .zName = "jury-test-full",
                             .xOpen = ff_open,
                             .xDelete = ff_delete,
                             .xAccess = ff_access,
                             .xFullPathname = ff_fullname,
                             .xRandomness = ff_random,
                             .xSleep = ff_sleep,
                             .xCurrentTime = ff_time,
                             .xGetLastError = ff_last_error,
                             .xCurrentTimeInt64 = ff_time64};
    assert_int_equal(sqlite3_vfs_register(&full_vfs, 1), SQLITE_OK);
}

/* D3: the disk fills up after N writes, for every N a save needs. The
 * refused save says so, leaves nothing behind, and everything saved before
 * is intact with a verifying audit chain; once space is back saving works. */
static void test_disk_full(void **state)
{
    full_vfs_install();
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *s = fresh_store("full.sqlite", &path);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P00", "1.1", "6", "保存的评语", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P00", "1.2", "良", NULL, &err), 0);
    int refusals = 0;
    for (int n = 0; n < 12; n++) {
        uint64_t rows = 0, rows_after = 0;
        assert_int_equal(store_audit_count(s, &rows, &err), 0);
        write_budget = n;
        jury_error_clear(&err);
        int rc = store_set_score(s, cl, "P01", "1.1", n % 2 ? "9.5" : "8", NULL, &err);
        write_budget = -1;
        if (rc < 0) {
            refusals++;
            assert_int_equal(rc, JURY_ERR_IO);
            assert_non_null(strstr(err.message, "full"));
            assert_int_equal(store_audit_count(s, &rows_after, &err), 0);
            assert_int_equal(rows_after, rows); /* nothing of the refused save */
        }
        char *v = score_of(s, "P00", "1.1");
        assert_string_equal(v, "6");
        free(v);
        char head[SHA256_HEX_LEN + 1];
        assert_int_equal(store_audit_verify(s, head, NULL, &err), 0);
    }
    assert_true(refusals > 0);
    /* space is back: the same save now works and survives a reopen */
    assert_int_equal(store_set_score(s, cl, "P01", "1.1", "7", NULL, &err), 0);
    store_close(&s);
    assert_int_equal(store_open(&s, path, &err), 0);
    char *v = score_of(s, "P01", "1.1");
    assert_string_equal(v, "7");
    free(v);
    v = score_of(s, "P00", "1.2");
    assert_string_equal(v, "良");
    free(v);
    assert_int_equal(store_audit_verify(s, NULL, NULL, &err), 0);
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

/* ------------------------------------- an unusable user data folder */

/* D4: the data folder cannot be written. As a normal user the folder is
 * made read-only (0500). root ignores permissions, so then the folder is
 * put where none can be made: under a regular file, and under /proc. */
static void test_readonly_home(void **state)
{
    char *home = tmp("ro-home");
    char *file = tmp("a-file");
    struct jury_error err = {0};
    assert_int_equal(jury_write_file_atomic(file, "x", 1, 0644, &err), 0);
    char *under_file = jury_path_join(file, "jury");
    const char *homes[3] = {home, under_file, "/proc/jury-test-no-such/jury"};
    size_t n = 3;
    if (geteuid() == 0) {
        homes[0] = under_file;
        n = 2;
        print_message("running as root: the read-only folder is simulated by a data folder "
                      "under a regular file and under /proc\n");
    } else {
        assert_int_equal(mkdir(home, 0700), 0);
        assert_int_equal(chmod(home, 0500), 0);
    }
    char *saved = getenv("JURY_HOME") ? jury_xstrdup(getenv("JURY_HOME")) : NULL;
    for (size_t i = 0; i < n; i++) {
        setenv("JURY_HOME", homes[i], 1);
        jury_error_clear(&err);
        char *p = store_default_path("kit1", "r1", &err);
        assert_null(p);
        assert_int_equal(err.status, JURY_ERR_IO);
        assert_true(err.message[0] != '\0');
        char *line = NULL;
        jury_error_clear(&err);
        assert_true(keys_generate("r1", "张三", "A", "", &line, &err) < 0);
        assert_null(line);
        assert_true(err.message[0] != '\0');
        struct session *s = NULL;
        char *kit = share_path("packs/samples");
        struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
        jury_error_clear(&err);
        assert_true(session_open(&s, &o, &err) < 0);
        assert_null(s);
        assert_true(err.message[0] != '\0');
        free(kit);
    }
    if (saved) {
        setenv("JURY_HOME", saved, 1);
        free(saved);
    }
    if (geteuid() != 0)
        chmod(home, 0700);
    free(under_file);
    free(file);
    free(home);
}

/* A store in a folder made read-only after it was written (non-root only):
 * opening it fails with an I/O error and the file is untouched. */
static void test_readonly_store(void **state)
{
    if (geteuid() == 0) {
        print_message("skipped as root (permissions do not apply)\n");
        return;
    }
    struct checklist *cl = make_checklist();
    char *dir = tmp("ro-store");
    assert_int_equal(mkdir(dir, 0700), 0);
    char *path = jury_path_join(dir, "s.sqlite");
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", "r1", NULL, NULL, &err), 0);
    assert_int_equal(store_add_pack(s, "P00", NULL, NULL, NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P00", "1.1", "6", NULL, &err), 0);
    store_close(&s);
    char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
    assert_int_equal(jury_sha256_file_hex(path, before, &err), 0);
    assert_int_equal(chmod(dir, 0500), 0);
    int rc = store_open(&s, path, &err);
    if (rc == 0)
        store_close(&s);
    /* read-only, it opens, and its sheet goes to another place */
    char *usb = tmp("usb.jury");
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    int ro = store_open_read_only(&s, path, &err);
    if (ro == 0)
        ro = store_export(s, sk, usb, &err);
    store_close(&s);
    chmod(dir, 0700);
    assert_true(rc < 0);
    assert_int_equal(ro, 0);
    assert_int_equal(access(usb, F_OK), 0);
    free(usb);
    assert_int_equal(jury_sha256_file_hex(path, after, &err), 0);
    assert_string_equal(before, after);
    free(path);
    free(dir);
    checklist_free(&cl);
}

/* ------------------------------------------- a store damaged on disk */

/* D6: one page of the scores table damaged (its b-tree page type byte
 * flipped). store_open refuses it naming the way back (the last exported
 * sheet), and that sheet still verifies with every score. */
static void test_store_corrupt(void **state)
{
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *s = fresh_store("corrupt.sqlite", &path);
    struct jury_error err = {0};
    for (int i = 0; i < 10; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%02d", i);
        assert_int_equal(store_set_score(s, cl, id, "1.1", "5.5", "评语", &err), 0);
    }
    unsigned char pk[32], sk[64];
    assert_int_equal(jury_crypto_init(&err), 0);
    char *sheet = tmp("before-damage.jury");
    crypto_sign_keypair(pk, sk); /* a key of the test's own: this is about the store */
    assert_int_equal(store_export(s, sk, sheet, &err), 0);
    store_close(&s); /* checkpoints the WAL into the main file */

    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT rootpage FROM sqlite_schema WHERE name='scores'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long root_page = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_true(root_page > 1);

    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, (root_page - 1) * 4096, SEEK_SET), 0);
    int type = fgetc(f);
    assert_int_equal(fseek(f, (root_page - 1) * 4096, SEEK_SET), 0);
    fputc(type ^ 0x55, f); /* no valid page type */
    fclose(f);

    assert_int_equal(store_open(&s, path, &err), JURY_ERR_CORRUPT);
    assert_null(s);
    assert_non_null(strstr(err.message, "last exported sheet"));
    assert_non_null(strstr(err.message, "-wal"));

    /* the way back: the sheet holds every score */
    struct roster r = {0};
    struct roster_entry e = {.reviewer_id = "r1", .name = "张三", .panel = "A"};
    memcpy(e.pk, pk, 32);
    e.public_key = jury_base64_encode(pk, 32);
    r.entries = &e;
    r.n = 1;
    struct sheet *sh = NULL;
    int rc = sheet_read_verified(sheet, &r, "kit1", &sh, &err);
    if (rc < 0)
        print_message("%s: %s\n", err.where, err.message);
    assert_int_equal(rc, 0);
    size_t scored = 0;
    for (size_t i = 0; i < sh->n_packs; i++)
        scored += sh->packs[i].n_scores;
    assert_int_equal(scored, 10);
    sheet_free(&sh);
    free(e.public_key);
    free(sheet);
    free(path);
    checklist_free(&cl);
}

/* ----------------------------------------- kits, packs and rule files */

/* A kit in a temporary folder: the sample kit's kit.json and roster, the
 * packs named, and (rules != NULL) that rule file copied into rules/. */
static char *make_kit(const char *name, const char *const *packs, size_t n, const char *rules)
{
    char *kit = tmp(name);
    struct jury_error err = {0};
    char *pk = jury_path_join(kit, "packs"), *rd = jury_path_join(kit, "rules");
    assert_int_equal(jury_mkdirs(pk, 0755, &err), 0);
    assert_int_equal(jury_mkdirs(rd, 0755, &err), 0);
    static const char *const files[] = {"kit.json", "roster.csv"};
    for (size_t i = 0; i < 2; i++) {
        char *from = jury_path_join(jury_share_dir(), "packs/samples"), *to = NULL;
        char *f = jury_path_join(from, files[i]);
        to = jury_path_join(kit, files[i]);
        copy_file(f, to);
        free(f);
        free(from);
        free(to);
    }
    for (size_t i = 0; i < n; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "packs/samples/packs/%s", packs[i]);
        char *from = share_path(rel), *to = jury_path_join(pk, packs[i]);
        copy_file(from, to);
        free(from);
        free(to);
    }
    if (rules) {
        char rel[128];
        snprintf(rel, sizeof rel, "rules/%s.lua", rules);
        char *from = share_path(rel), *to = jury_path_join(kit, rel);
        copy_file(from, to);
        free(from);
        free(to);
    }
    free(pk);
    free(rd);
    return kit;
}

/* A reviewer key in a data folder of the test's own. */
static void use_home(const char *name)
{
    char *home = tmp(name);
    setenv("JURY_HOME", home, 1);
    char *line = NULL;
    struct jury_error err = {0};
    assert_int_equal(keys_generate("r1", "张三", "A", "", &line, &err), 0);
    free(line);
    free(home);
}

/* A kit without kit.json, a pack the kit does not hold, and a pack whose
 * task has no rule file: each refused by name, the session still usable. */
static void test_kit_missing(void **state)
{
    use_home("home-kit");
    struct jury_error err = {0};
    struct kit *k = NULL;
    char *empty = tmp("no-kit");
    assert_int_equal(mkdir(empty, 0755), 0);
    assert_true(kit_open(&k, empty, &err) < 0);
    assert_non_null(strstr(err.where, "kit.json"));

    static const char *const packs[] = {"t10-resource.zip"};
    char *kit = make_kit("kit-missing", packs, 1, NULL);
    /* a pack for a task nobody wrote rules for */
    char *src = tmp("task99-src");
    assert_int_equal(mkdir(src, 0755), 0);
    char *txt = jury_path_join(src, "说明.txt");
    assert_int_equal(jury_write_file_atomic(txt, "申报书", 9, 0644, &err), 0);
    char *out = jury_path_join(kit, "packs/t99.zip");
    struct pack_build b = {.src = src, .out = out, .task = "task99", .applicant = "某学院"};
    assert_int_equal(pack_build_zip(&b, NULL, &err), 0);

    struct session *s = NULL;
    struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
    assert_int_equal(session_open(&s, &o, &err), 0);
    const char *id = NULL;
    const struct checklist *cl = NULL;
    assert_int_equal(session_pack(s, "t4-nursing", &id, &cl, &err), JURY_ERR_NOTFOUND);
    assert_non_null(strstr(err.message, "no such pack"));
    jury_error_clear(&err);
    int rc = session_pack(s, "t99", &id, &cl, &err);
    assert_true(rc < 0);
    assert_non_null(strstr(err.message, "task99"));
    /* the packs that are there still work */
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    assert_non_null(cl);
    session_close(&s);
    free(out);
    free(txt);
    free(src);
    free(kit);
    free(empty);
}

/* A pack file replaced while it is open: a new size or time is caught by
 * the cheap check, the same size and time by the SHA-256 (deep) check; a
 * deleted file is an I/O error. */
static void test_pack_changed(void **state)
{
    char *a = tmp("changed.zip"), *from = share_path("packs/samples/packs/t10-resource.zip");
    char *other = share_path("packs/samples/packs/t4-nursing.zip");
    copy_file(from, a);
    struct pack *p = NULL;
    struct jury_error err = {0};
    assert_int_equal(pack_open(&p, a, NULL, &err), 0);
    assert_true(pack_id(p)[0] != '\0');
    assert_int_equal(pack_check_unchanged(p, true, &err), 0);

    copy_file(other, a); /* a re-sent pack over the open one */
    assert_int_equal(pack_check_unchanged(p, false, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "changed on disk"));
    pack_close(&p);

    /* same size, same time, one byte different */
    copy_file(from, a);
    assert_int_equal(pack_open(&p, a, NULL, &err), 0);
    (void)pack_id(p);
    struct stat st;
    assert_int_equal(stat(a, &st), 0);
    FILE *f = fopen(a, "r+b");
    assert_non_null(f);
    fseek(f, st.st_size - 3, SEEK_SET);
    int c = fgetc(f);
    fseek(f, st.st_size - 3, SEEK_SET);
    fputc(c ^ 1, f);
    fclose(f);
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, a, ts, 0), 0);
    assert_int_equal(pack_check_unchanged(p, false, &err), 0); /* the cheap check's limit */
    assert_int_equal(pack_check_unchanged(p, true, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "SHA-256"));

    unlink(a);
    assert_int_equal(pack_check_unchanged(p, false, &err), JURY_ERR_IO);
    pack_close(&p);
    free(other);
    free(from);
    free(a);
}

/* A rule file changed between scoring and export: the export is refused
 * naming the rule set and writes nothing; opening the pack again records
 * the new rules (audited) and the export then carries the new hash. */
static void test_rules_changed(void **state)
{
    use_home("home-rules");
    static const char *const packs[] = {"t10-resource.zip"};
    char *kit = make_kit("kit-rules", packs, 1, "task10-resource");
    struct jury_error err = {0};
    struct session *s = NULL;
    struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
    assert_int_equal(session_open(&s, &o, &err), 0);
    const char *id = NULL;
    const struct checklist *cl = NULL;
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    assert_int_equal(store_set_score(session_store(s), cl, id, "1.1.1", "优", NULL, &err), 0);
    char *sheet = tmp("rules.jury");
    assert_int_equal(session_export(s, sheet, NULL, &err), 0);
    unlink(sheet);

    char *rules = jury_path_join(kit, "rules/task10-resource.lua");
    FILE *f = fopen(rules, "ab");
    assert_non_null(f);
    fputs("\n-- corrected by the organiser\n", f);
    fclose(f);
    char now[SHA256_HEX_LEN + 1];
    assert_int_equal(jury_sha256_file_hex(rules, now, &err), 0);

    struct jstr changed = {0};
    assert_int_equal(session_rules_changed(s, &changed, &err), 0);
    assert_non_null(strstr(jstr_cstr(&changed), "task10-resource"));
    jstr_free(&changed);
    assert_int_equal(session_export(s, sheet, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "rule file changed"));
    assert_false(jury_is_file(sheet));
    session_close(&s);

    /* a new session opening the pack records the new rules */
    assert_int_equal(session_open(&s, &o, &err), 0);
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    assert_int_equal(session_export(s, sheet, NULL, &err), 0);
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(session_store(s), &sh, &err), 0);
    assert_int_equal(sh->n_rulesets, 1);
    assert_string_equal(sh->rulesets[0].sha256, now);
    sheet_free(&sh);
    session_close(&s);
    free(rules);
    free(sheet);
    free(kit);
}

/* A pack file replaced after scoring with one of the same size and with
 * its modification time put back (only the ctime moves): the export reads
 * every pack the sheet names in full, names the pack and writes nothing. */
static void test_pack_replaced_before_export(void **state)
{
    use_home("home-replaced");
    static const char *const packs[] = {"t10-resource.zip"};
    char *kit = make_kit("kit-replaced", packs, 1, NULL);
    struct jury_error err = {0};
    struct session *s = NULL;
    struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
    assert_int_equal(session_open(&s, &o, &err), 0);
    const char *id = NULL;
    const struct checklist *cl = NULL;
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    assert_int_equal(store_set_score(session_store(s), cl, id, "1.1.1", "优", NULL, &err), 0);
    char *sheet = tmp("replaced.jury");
    assert_int_equal(session_export(s, sheet, NULL, &err), 0);
    unlink(sheet);

    char *pack = jury_path_join(kit, "packs/t10-resource.zip");
    struct stat st;
    assert_int_equal(stat(pack, &st), 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(pack, 1u << 24, &data, &len, &err), 0);
    data[len - 3] ^= 1; /* inside the zip's end record: still the same size */
    char *other = tmp("t10-other.zip");
    assert_int_equal(jury_write_file_atomic(other, data, len, 0644, &err), 0);
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, other, ts, 0), 0);
    assert_int_equal(rename(other, pack), 0);

    struct jstr changed = {0};
    assert_int_equal(session_packs_changed(s, &changed, &err), 0);
    assert_non_null(strstr(jstr_cstr(&changed), "t10-resource.zip"));
    jstr_free(&changed);
    assert_int_equal(session_export(s, sheet, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "pack file changed"));
    assert_non_null(strstr(err.message, "t10-resource.zip"));
    assert_false(jury_is_file(sheet));
    session_close(&s);
    free(data);
    free(other);
    free(pack);
    free(sheet);
    free(kit);
}

/* ------------------------------------------- an interrupted export */

/* The store's sheet is exported by a child that runs out of file size
 * (RLIMIT_FSIZE) half-way through writing: the export fails and the sheet
 * already under the final name is untouched. */
static void test_export_fsize(void **state)
{
    use_home("home-export");
    static const char *const packs[] = {"t10-resource.zip"};
    char *kit = make_kit("kit-export", packs, 1, NULL);
    struct jury_error err = {0};
    struct session *s = NULL;
    struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
    assert_int_equal(session_open(&s, &o, &err), 0);
    const char *id = NULL;
    const struct checklist *cl = NULL;
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    assert_int_equal(store_set_score(session_store(s), cl, id, "1.1.1", "优", "首版", &err), 0);
    char *sheet = tmp("export.jury");
    assert_int_equal(session_export(s, sheet, NULL, &err), 0);
    char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
    assert_int_equal(jury_sha256_file_hex(sheet, before, &err), 0);
    struct stat st;
    assert_int_equal(stat(sheet, &st), 0);
    assert_int_equal(store_set_score(session_store(s), cl, id, "1.1.2", "良", "第二版", &err), 0);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN); /* write() then fails with EFBIG */
        struct rlimit rl = {(rlim_t)st.st_size / 2, (rlim_t)st.st_size / 2};
        setrlimit(RLIMIT_FSIZE, &rl);
        struct jury_error e = {0};
        _exit(session_export(s, sheet, NULL, &e) < 0 ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0); /* the export failed */
    assert_int_equal(jury_sha256_file_hex(sheet, after, &err), 0);
    assert_string_equal(before, after);
    session_close(&s);
    free(sheet);
    free(kit);
}

/* The exporting process killed (SIGKILL) at random moments, 30 times: the
 * final name always holds a whole sheet that verifies, never a part. */
static void test_export_killed(void **state)
{
    use_home("home-kill");
    static const char *const packs[] = {"t10-resource.zip"};
    char *kit = make_kit("kit-kill", packs, 1, NULL);
    struct jury_error err = {0};
    struct session *s = NULL;
    struct session_options o = {.kit_dir = kit, .reviewer_id = "r1"};
    assert_int_equal(session_open(&s, &o, &err), 0);
    const char *id = NULL;
    const struct checklist *cl = NULL;
    assert_int_equal(session_pack(s, "t10-resource", &id, &cl, &err), 0);
    for (int i = 1; i <= 3; i++) {
        char ind[16];
        snprintf(ind, sizeof ind, "1.2.%d", i);
        assert_int_equal(store_set_score(session_store(s), cl, id, ind, "良", "评语", &err), 0);
    }
    struct roster_entry me = {0};
    assert_int_equal(keys_load_public("r1", &me, &err), 0);
    struct roster r = {.entries = &me, .n = 1};
    char *sheet = tmp("killed.jury");
    session_close(&s); /* each child opens its own session: the store lock */
    srand((unsigned)time(NULL));
    int verified = 0;
    for (int round = 0; round < 30; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct jury_error e = {0};
            struct session *cs = NULL;
            if (session_open(&cs, &o, &e) < 0)
                _exit(3);
            for (;;)
                if (session_export(cs, sheet, NULL, &e) < 0)
                    _exit(2);
        }
        struct timespec d = {0, (long)(rand() % 40) * 1000000L};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status));
        if (!jury_is_file(sheet))
            continue; /* killed before the first rename: no sheet at all */
        struct sheet *sh = NULL;
        assert_int_equal(sheet_read_verified(sheet, &r, NULL, &sh, &err), 0);
        sheet_free(&sh);
        verified++;
    }
    print_message("%d of 30 kills left a sheet; every one verified\n", verified);
    roster_entry_clear(&me);
    free(sheet);
    free(kit);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disk_full),      cmocka_unit_test(test_readonly_home),
        cmocka_unit_test(test_readonly_store), cmocka_unit_test(test_store_corrupt),
        cmocka_unit_test(test_kit_missing),    cmocka_unit_test(test_pack_changed),
        cmocka_unit_test(test_rules_changed),  cmocka_unit_test(test_pack_replaced_before_export),
        cmocka_unit_test(test_export_fsize),   cmocka_unit_test(test_export_killed),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (!failed && root[0]) { /* keep the files of a failed run to look at */
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0)
            print_message("could not remove %s\n", root);
    }
    return failed;
}
