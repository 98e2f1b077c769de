/* test_store.c - the reviewer store on real SQLite files: validation,
 * submit/reopen, the audit chain, kill -9 durability, migration from schema
 * version 1, the lock, foreign and newer files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/store/store.h"
#include "db/sheet/sheet.h" /* audit_leaf/audit_link to build a version-1 store */

/* 1 (heading) > 1.1 points 0..10 step 0.5, 1.2 levels 优/良/中; condition C1
 * (reviewer), A1 (auto), veto V1, deduction D1 up to 5. */
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
    struct cl_indicator b = {.id = "1.2",
                             .text = "条件",
                             .depth = 2,
                             .parent = 0,
                             .scored = true,
                             .max = 10,
                             .mode = CL_LEVELS};
    size_t i = checklist_add_indicator(cl, &b);
    checklist_add_level(cl, i, "优", 1.0, NULL);
    checklist_add_level(cl, i, "良", 0.8, NULL);
    checklist_add_level(cl, i, "中", 0.6, NULL);
    checklist_add_condition(cl, "C1", "申报人近五年无违规", CL_COND_CONFIRM);
    checklist_add_condition(cl, "A1", "材料齐全", CL_COND_AUTO);
    checklist_add_veto(cl, "V1", "剽窃");
    checklist_add_deduction(cl, "D1", "超页", 5);
    return cl;
}

static char dir[256];

static char *tmp_path(const char *name)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/jury-test-store-XXXXXX");
        assert_non_null(mkdtemp(dir));
    }
    char *p = jury_path_join(dir, name);
    unlink(p);
    struct jstr w = {0};
    jstr_addf(&w, "%s-wal", p);
    unlink(w.s);
    jstr_clear(&w);
    jstr_addf(&w, "%s-shm", p);
    unlink(w.s);
    jstr_free(&w);
    return p;
}

static struct store *open_fresh(const char *name, char **path_out)
{
    char *path = tmp_path(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", "r1", "张三", "A", &err), 0);
    assert_int_equal(store_add_ruleset(s, "t-rules",
                                       "ab"
                                       "cd",
                                       &err),
                     0);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%03d", i);
        assert_int_equal(store_add_pack(s, id, "某大学", "t1", "t-rules", &err), 0);
    }
    if (path_out)
        *path_out = path;
    else
        free(path);
    return s;
}

static uint64_t audit_rows(struct store *s)
{
    uint64_t n = 0;
    struct jury_error err = {0};
    assert_int_equal(store_audit_count(s, &n, &err), 0);
    return n;
}

static void refused(struct store *s, int rc, int want, const char *msg_part, uint64_t rows_before)
{
    (void)msg_part;
    assert_int_equal(rc, want);
    assert_int_equal(audit_rows(s), rows_before);
}

static void test_validation(void **state)
{
    struct checklist *cl = make_checklist();
    struct store *s = open_fresh("valid.sqlite", NULL);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P000", "1.1", "7.5", "扎实", &err), 0);
    uint64_t n = audit_rows(s);
    refused(s, store_set_score(s, cl, "P000", "1.1", "11", NULL, &err), JURY_ERR_INVALID, "", n);
    assert_non_null(strstr(err.message, "10"));
    refused(s, store_set_score(s, cl, "P000", "1.1", "7.3", NULL, &err), JURY_ERR_INVALID, "", n);
    refused(s, store_set_score(s, cl, "P000", "9.9", "1", NULL, &err), JURY_ERR_INVALID, "", n);
    refused(s, store_set_score(s, cl, "P000", "1", "1", NULL, &err), JURY_ERR_INVALID, "", n);
    refused(s, store_set_score(s, cl, "P000", "1.2", "差", NULL, &err), JURY_ERR_INVALID, "", n);
    refused(s, store_set_score(s, cl, "NOPE", "1.1", "1", NULL, &err), JURY_ERR_NOTFOUND, "", n);
    refused(s, store_confirm(s, cl, "P000", "A1", true, &err), JURY_ERR_INVALID, "", n);
    refused(s, store_set_deduction_reason(s, cl, "P000", "D1", 6, NULL, &err), JURY_ERR_INVALID, "",
            n);
    /* submit needs every observation point */
    refused(s, store_submit_decided(s, cl, "P000", NULL, 0, &err), JURY_ERR_INVALID, "", n);
    assert_non_null(strstr(err.message, "1.2"));
    assert_int_equal(store_set_score(s, cl, "P000", "1.2", "良", NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P000", "C1", true, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P000", "V1", false, &err), 0);
    assert_int_equal(store_set_deduction_reason(s, cl, "P000", "D1", 1.5, NULL, &err), 0);
    assert_int_equal(store_add_cite(s, cl, "P000", "1.1", "docs/团队.pdf", 3, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P000", NULL, 0, &err), 0);
    n = audit_rows(s);
    refused(s, store_set_score(s, cl, "P000", "1.1", "8", NULL, &err), JURY_ERR_DENIED, "", n);
    assert_non_null(strstr(err.message, "reopen"));
    refused(s, store_set_comment(s, cl, "P000", "1.1", "x", &err), JURY_ERR_DENIED, "", n);
    refused(s, store_reopen(s, "P000", "", &err), JURY_ERR_INVALID, "", n);
    assert_int_equal(store_reopen(s, "P000", "复议", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P000", "1.1", "8", NULL, &err), 0);
    enum store_pack_state st;
    assert_int_equal(store_pack_state(s, "P000", &st, &err), 0);
    assert_int_equal(st, STORE_IN_PROGRESS);
    /* conflict: no scores afterwards */
    assert_int_equal(store_declare_conflict(s, "P001", "本单位", &err), 0);
    n = audit_rows(s);
    refused(s, store_set_score(s, cl, "P001", "1.1", "8", NULL, &err), JURY_ERR_DENIED, "", n);
    char head[65];
    assert_int_equal(store_audit_verify(s, head, NULL, &err), 0);
    /* position round trip */
    struct store_position pos = {.pack = "P002", .file = "a.pdf", .page = 7, .indicator = "1.2"};
    assert_int_equal(store_set_position(s, &pos, &err), 0);
    struct store_position got;
    assert_int_equal(store_get_position(s, &got, &err), 0);
    assert_string_equal(got.file, "a.pdf");
    assert_int_equal(got.page, 7);
    store_position_clear(&got);
    store_close(&s);
    checklist_free(&cl);
}

static void test_tamper_store(void **state)
{
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *s = open_fresh("tamper.sqlite", &path);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P003", "1.1", "5", NULL, &err), 0);
    store_close(&s);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE scores SET value = '9' WHERE pack = 'P003'", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_audit_verify(s, NULL, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "P003"));
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

/* ---- every table that reaches a sheet, edited outside jury */

static void copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(from, 1 << 26, &data, &len, &err), 0);
    assert_int_equal(jury_write_file_atomic(to, data, len, 0600, &err), 0);
    free(data);
}

/* P000 scored, commented, cited, confirmed, deducted and submitted; P001 a
 * declared conflict; P003 in progress; P004 not started; P005 submitted and
 * reopened, a citation removed, a comment and a deduction cleared. */
static char *scored_store(const char *name)
{
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *s = open_fresh(name, &path);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P000", "1.1", "7.5", "扎实", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P000", "1.2", "良", NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P000", "C1", true, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P000", "V1", false, &err), 0);
    assert_int_equal(store_set_deduction_reason(s, cl, "P000", "D1", 1.5, NULL, &err), 0);
    assert_int_equal(store_add_cite(s, cl, "P000", "1.1", "docs/团队.pdf", 3, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P000", NULL, 0, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P001", "1.1", "9", "secret", &err), 0);
    assert_int_equal(store_declare_conflict(s, "P001", "本单位", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P003", "1.1", "5", NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P005", "1.1", "6", "先", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P005", "1.2", "优", NULL, &err), 0);
    assert_int_equal(store_add_cite(s, cl, "P005", "1.1", "a.pdf", 1, &err), 0);
    assert_int_equal(store_set_deduction_reason(s, cl, "P005", "D1", 2, NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P005", "C1", true, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P005", NULL, 0, &err), 0);
    assert_int_equal(store_reopen(s, "P005", "复议", &err), 0);
    assert_int_equal(store_remove_cite(s, "P005", "1.1", "a.pdf", 1, &err), 0);
    assert_int_equal(store_set_comment(s, cl, "P005", "1.1", "", &err), 0);
    assert_int_equal(store_set_deduction_reason(s, cl, "P005", "D1", 0, NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P005", "1.2", NULL, NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P005", "1.1", "6.5", NULL, &err), 0);
    store_close(&s);
    checklist_free(&cl);
    return path;
}

/* Export of the store at path: refused naming want (nothing written), or
 * done when want is NULL. */
static void export_expect(const char *path, const char *want)
{
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    struct jstr out = {0};
    jstr_addf(&out, "%s.jury", path);
    unlink(out.s);
    int rc = store_export(s, sk, out.s, &err);
    if (!want) {
        assert_int_equal(rc, 0);
    } else {
        if (rc != JURY_ERR_CORRUPT || !strstr(err.message, want))
            print_error("wanted '%s', got %d: %s\n", want, rc, err.message);
        assert_int_equal(rc, JURY_ERR_CORRUPT);
        assert_non_null(strstr(err.message, want));
        assert_non_null(strstr(err.message, "changed outside jury"));
        assert_int_equal(access(out.s, F_OK), -1);
    }
    jstr_free(&out);
    store_close(&s);
}

static const char *const tampers[][2] = {
    {"UPDATE scores SET points = 9 WHERE pack = 'P000' AND indicator = '1.1'",
     "scores row P000/1.1, its points is 9 but the audit log gave 7.5"},
    {"UPDATE scores SET points = 0 WHERE pack = 'P000' AND indicator = '1.2'",
     "scores row P000/1.2, its points"},
    {"UPDATE scores SET comment = '改过' WHERE pack = 'P000' AND indicator = '1.1'",
     "scores row P000/1.1, its comment"},
    {"UPDATE scores SET comment = NULL WHERE pack = 'P000' AND indicator = '1.1'",
     "scores row P000/1.1, its comment is missing"},
    {"UPDATE scores SET value = '9', points = 9 WHERE pack = 'P000' AND indicator = '1.1'",
     "scores row P000/1.1, its value is 9"},
    {"DELETE FROM scores WHERE pack = 'P000' AND indicator = '1.2'", "scores row P000/1.2"},
    {"INSERT INTO scores VALUES('P004', '1.1', '10', 10, NULL, 'x')",
     "scores row P004/1.1, its value is not in the audit log"},
    {"UPDATE cites SET page = 4", "cites row P000/1.1 docs/团队.pdf:"},
    {"DELETE FROM cites", "cites row P000/1.1 docs/团队.pdf:3 is missing"},
    {"INSERT INTO cites VALUES('P005', '1.1', 'a.pdf', 1)", "cites row P005/1.1 a.pdf:1"},
    {"UPDATE packs SET state = 1 WHERE id = 'P000'",
     "packs row P000, its state is in progress but the audit log gave submitted"},
    {"UPDATE packs SET state = 2 WHERE id = 'P005'", "packs row P005, its state"},
    {"UPDATE packs SET state = 0 WHERE id = 'P003'", "packs row P003, its state is missing"},
    {"UPDATE packs SET state = 1 WHERE id = 'P004'", "packs row P004, its state is not in"},
    {"UPDATE confirms SET answer = 0 WHERE item = 'C1'", "confirms row P000/C1"},
    {"UPDATE confirms SET is_veto = 1 WHERE item = 'C1'", "confirms row P000/C1"},
    {"INSERT INTO confirms VALUES('P003', 'V1', 1, 1)", "confirms row P003/V1"},
    {"UPDATE deductions SET value = -50",
     "deductions row P000/D1 is -50 but the audit log gave 1.5"},
    {"DELETE FROM deductions", "deductions row P000/D1 is missing"},
    {"INSERT INTO deductions(pack, id, value) VALUES('P003', 'D1', 5)", "deductions row P003/D1"},
    {"UPDATE packs SET conflict = '改' WHERE id = 'P001'", "packs row P001, its conflict"},
    {"UPDATE packs SET conflict = NULL WHERE id = 'P001'", "packs row P001, its conflict"},
    {"UPDATE packs SET conflict = '新' WHERE id = 'P003'", "packs row P003, its conflict"},
    {"UPDATE packs SET applicant = '别的大学' WHERE id = 'P003'", "packs row P003 (applicant"},
    {"INSERT INTO packs(id, applicant, task, ruleset) VALUES('P999', 'x', 't1', 't-rules')",
     "packs row P999"},
    {"UPDATE meta SET value = '李四' WHERE key = 'reviewer_name'", "meta 'reviewer_name'"},
    {"UPDATE rulesets SET sha256 = 'ff'", "rulesets row t-rules"},
    {"INSERT INTO audit_base VALUES(1, 'P004', 'state', NULL, '1');"
     "UPDATE packs SET state = 1 WHERE id = 'P004'",
     "audit_base"},
};

static void sql_edit(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        print_error("%s: %s\n", sql, msg);
    assert_null(msg);
    sqlite3_close(db);
}

static void test_tamper_every_table(void **state)
{
    char *base = scored_store("scored.sqlite"), *path = tmp_path("edited.sqlite");
    export_expect(base, NULL);
    for (size_t i = 0; i < sizeof tampers / sizeof tampers[0]; i++) {
        copy_file(base, path);
        sql_edit(path, tampers[i][0]);
        export_expect(path, tampers[i][1]);
    }
    free(path);
    free(base);
}

static void test_lock_and_versions(void **state)
{
    char *path = NULL;
    struct store *s = open_fresh("lock.sqlite", &path), *t = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&t, path, &err), JURY_ERR_BUSY);
    assert_non_null(strstr(err.message, "open elsewhere"));
    assert_null(t);
    store_close(&s);
    /* newer user_version */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, &err), JURY_ERR_VERSION);
    assert_non_null(strstr(err.message, "newer"));
    /* foreign application_id */
    char *other = tmp_path("foreign.sqlite");
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA application_id = 1234; CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, other, &err), JURY_ERR_VERSION);
    assert_non_null(strstr(err.message, "not a jury score store"));
    /* not SQLite at all */
    FILE *f = fopen(other, "wb");
    fputs("PK\003\004 this is a zip", f);
    fclose(f);
    assert_int_equal(store_open(&s, other, &err), JURY_ERR_VERSION);
    free(other);
    free(path);
}

static void test_corrupt(void **state)
{
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *s = open_fresh("corrupt.sqlite", &path);
    struct jury_error err = {0};
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%03d", i);
        assert_int_equal(store_set_score(s, cl, id, "1.1", "5", "一段较长的评语", &err), 0);
    }
    store_close(&s); /* checkpoints the WAL into the file */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    for (long off = 4096; off < size; off += 4096) { /* smash page headers */
        fseek(f, off, SEEK_SET);
        fputs("\x0d\xff\xff\xff\xff\xff\xff\xff", f);
    }
    fclose(f);
    int rc = store_open(&s, path, &err);
    assert_int_equal(rc, JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "last exported sheet"));
    free(path);
    checklist_free(&cl);
}

/* Version 1 exactly as schema.c wrote it in version 1. */
static const char v1_ddl[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE rulesets(id TEXT PRIMARY KEY, sha256 TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE packs(id TEXT PRIMARY KEY, applicant TEXT, task TEXT, ruleset TEXT,"
    "  state INTEGER NOT NULL DEFAULT 0 CHECK(state IN (0,1,2)), conflict TEXT) WITHOUT ROWID;"
    "CREATE TABLE scores(pack TEXT NOT NULL REFERENCES packs(id), indicator TEXT NOT NULL,"
    "  value TEXT, points REAL, comment TEXT, updated TEXT NOT NULL,"
    "  PRIMARY KEY(pack, indicator)) WITHOUT ROWID;"
    "CREATE TABLE cites(pack TEXT NOT NULL, indicator TEXT NOT NULL, path TEXT NOT NULL,"
    "  page INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(pack, indicator, path, page),"
    "  FOREIGN KEY(pack) REFERENCES packs(id)) WITHOUT ROWID;"
    "CREATE TABLE confirms(pack TEXT NOT NULL REFERENCES packs(id), item TEXT NOT NULL,"
    "  is_veto INTEGER NOT NULL CHECK(is_veto IN (0,1)),"
    "  answer INTEGER NOT NULL CHECK(answer IN (0,1)), PRIMARY KEY(pack, item)) WITHOUT ROWID;"
    "CREATE TABLE deductions(pack TEXT NOT NULL REFERENCES packs(id), id TEXT NOT NULL,"
    "  value REAL NOT NULL, PRIMARY KEY(pack, id)) WITHOUT ROWID;"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, pack TEXT, kind TEXT NOT NULL,"
    "  item TEXT, old TEXT, new TEXT, hash TEXT NOT NULL);"
    "CREATE INDEX audit_item ON audit(pack, kind, item, seq);"
    "PRAGMA application_id = 1247105625; PRAGMA user_version = 1;";

/* Schema 3 (the version before the pack SHA-256): v1 migrated to 2 and 3
 * exactly as schema.c did then. */
static const char v3_ddl[] =
    "CREATE TABLE position(id INTEGER PRIMARY KEY CHECK(id = 1), pack TEXT,"
    "  file TEXT, page INTEGER NOT NULL DEFAULT 0, indicator TEXT);"
    "ALTER TABLE packs ADD COLUMN submitted TEXT;"
    "DROP INDEX IF EXISTS audit_item;"
    "PRAGMA user_version = 3;";

/* A store file of an older schema with one scored, cited pack P1; the
 * audit head it must keep goes to hash. */
static char *old_store(const char *name, bool v3, char hash[65])
{
    char *path = tmp_path(name);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, v1_ddl, NULL, NULL, NULL), SQLITE_OK);
    if (v3)
        assert_int_equal(sqlite3_exec(db, v3_ddl, NULL, NULL, NULL), SQLITE_OK);
    char leaf[65], zero[65];
    memset(zero, '0', 64);
    zero[64] = '\0';
    audit_leaf(1, "2024-01-01T00:00:00Z", "P1", "score", "1.1", NULL, "6", leaf);
    audit_link(zero, leaf, hash);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO meta VALUES('kit','kit1'),('reviewer','r1');"
             "INSERT INTO packs(id, applicant, task, state) VALUES('P1','某大学','t1',1);"
             "INSERT INTO scores VALUES('P1','1.1','6',6,'好','2024-01-01T00:00:00Z');"
             "INSERT INTO cites VALUES('P1','1.1','a.pdf',2);"
             "INSERT INTO audit VALUES(1,'2024-01-01T00:00:00Z','P1','score','1.1',NULL,'6','%s');",
             hash);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    return path;
}

static int user_version(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* After the migration: the pack's SHA-256 is unknown, is recorded (and
 * logged) the first time, and a different one is refused with nothing
 * written. */
static void check_pack_sha(struct store *s)
{
    struct jury_error err = {0};
    char sha[65], a[65], b[65];
    jury_sha256_hex("pack a", 6, a);
    jury_sha256_hex("pack b", 6, b);
    assert_int_equal(store_pack_sha256(s, "P1", sha, &err), 0);
    assert_string_equal(sha, "");
    assert_int_equal(store_pack_sha256(s, "P9", sha, &err), JURY_ERR_NOTFOUND);
    assert_int_equal(store_add_pack_sha256(s, "P1", a, "某大学", "t1", NULL, &err), 0);
    assert_int_equal(store_add_pack_sha256(s, "P1", a, "某大学", "t1", NULL, &err), 0);
    assert_int_equal(store_add_pack(s, "P1", "某大学", "t1", NULL, &err), 0); /* keeps it */
    uint64_t rows = 0;
    assert_int_equal(store_audit_verify(s, NULL, &rows, &err), 0);
    assert_int_equal(rows, 2);
    assert_int_equal(store_add_pack_sha256(s, "P1", b, "某大学", "t1", NULL, &err),
                     JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "the pack file changed since you scored it"));
    char was[32];
    snprintf(was, sizeof was, "was %.12s", a);
    assert_non_null(strstr(err.message, was));
    assert_string_equal(err.where, "P1");
    assert_int_equal(store_add_pack_sha256(s, "P1", "xyz", NULL, NULL, NULL, &err),
                     JURY_ERR_INVALID);
    assert_int_equal(store_pack_sha256(s, "P1", sha, &err), 0);
    assert_string_equal(sha, a);
    assert_int_equal(store_audit_verify(s, NULL, &rows, &err), 0);
    assert_int_equal(rows, 2);
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    assert_string_equal(sh->packs[0].sha256, a);
    sheet_free(&sh);
}

static void migrate_from(const char *name, bool v3)
{
    char hash[65];
    char *path = old_store(name, v3, hash);
    assert_int_equal(user_version(path), v3 ? 3 : 1);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    char head[65];
    uint64_t rows = 0;
    assert_int_equal(store_audit_verify(s, head, &rows, &err), 0);
    assert_int_equal(rows, 1);
    assert_string_equal(head, hash);
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    assert_int_equal(sh->n_packs, 1);
    assert_string_equal(sh->packs[0].applicant, "某大学");
    assert_int_equal(sh->packs[0].state, STORE_IN_PROGRESS);
    assert_string_equal(sh->packs[0].scores[0].value, "6");
    assert_string_equal(sh->packs[0].scores[0].comment, "好");
    assert_string_equal(sh->packs[0].scores[0].cites[0].path, "a.pdf");
    assert_int_equal(sh->packs[0].scores[0].cites[0].page, 2);
    sheet_free(&sh);
    struct store_position pos = {.pack = "P1"}; /* the v2 table works */
    assert_int_equal(store_set_position(s, &pos, &err), 0);
    check_pack_sha(s);
    store_close(&s);
    assert_int_equal(user_version(path), STORE_SCHEMA_VERSION);
    free(path);
}

static void test_migration(void **state)
{
    migrate_from("v1.sqlite", false);
    migrate_from("v3.sqlite", true);
}

/* A store migrated from schema 1 exports as it was (its tables are the
 * baseline), and is then covered as a new one: an edit of points, which no
 * store before schema 5 logged, or of the baseline itself, is refused. */
static void test_tamper_migrated(void **state)
{
    static const char *const edits[][2] = {
        {"UPDATE scores SET points = 9",
         "scores row P1/1.1, its points is 9 but the audit log gave 6"},
        {"UPDATE scores SET comment = '差'", "scores row P1/1.1, its comment"},
        {"DELETE FROM cites", "cites row P1/1.1 a.pdf:2 is missing"},
        {"UPDATE packs SET state = 2", "packs row P1, its state"},
        {"DELETE FROM audit_base", "meta 'kit' is not in the audit log"},
        {"UPDATE audit_base SET new = '9' WHERE kind = 'points'; UPDATE scores SET points = 9",
         "audit_base"},
    };
    char hash[65];
    char *old = old_store("v1-edited.sqlite", false, hash), *path = tmp_path("v1-copy.sqlite");
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, old, &err), 0); /* migrates */
    store_close(&s);
    export_expect(old, NULL);
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        copy_file(old, path);
        sql_edit(path, edits[i][0]);
        export_expect(path, edits[i][1]);
    }
    free(path);
    free(old);
}

/* ---- read-only access */

/* Beside a running writer (which holds the lock): a reader opens, sees what
 * the writer committed, and changes nothing. */
static void test_read_beside_writer(void **state)
{
    struct checklist *cl = make_checklist();
    char *path = NULL;
    struct store *w = open_fresh("beside.sqlite", &path), *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_set_score(w, cl, "P000", "1.1", "7.5", "好", &err), 0);
    assert_int_equal(store_open(&r, path, &err), JURY_ERR_BUSY);
    assert_int_equal(store_open_read_only(&r, path, &err), 0);
    assert_true(store_is_read_only(r));
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(r, &sh, &err), 0);
    assert_string_equal(sh->packs[0].scores[0].value, "7.5");
    sheet_free(&sh);
    uint64_t rows = audit_rows(w);
    assert_int_equal(store_set_score(r, cl, "P000", "1.1", "8", NULL, &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(store_submit_decided(r, cl, "P000", NULL, 0, &err), JURY_ERR_DENIED);
    struct store_position pos = {.pack = "P000"};
    assert_int_equal(store_set_position(r, &pos, &err), JURY_ERR_DENIED);
    assert_int_equal(store_set_identity(r, "kit1", "r1", NULL, NULL, &err), 0);
    assert_int_equal(store_set_identity(r, "kit2", "r1", NULL, NULL, &err), JURY_ERR_DENIED);
    assert_int_equal(audit_rows(w), rows);
    /* the writer goes on; the reader's next snapshot has it */
    assert_int_equal(store_set_score(w, cl, "P000", "1.1", "9", NULL, &err), 0);
    assert_int_equal(store_snapshot(r, &sh, &err), 0);
    assert_string_equal(sh->packs[0].scores[0].value, "9");
    sheet_free(&sh);
    store_close(&r);
    store_close(&w);
    char *none = tmp_path("none.sqlite");
    assert_int_equal(store_open_read_only(&r, none, &err), JURY_ERR_NOTFOUND);
    free(none);
    free(path);
    checklist_free(&cl);
}

/* A tmpfs at mnt (root only); false when this system does not let the test
 * mount (then the case is skipped). */
static bool mount_tmp(const char *mnt)
{
    return mount("jury-test", mnt, "tmpfs", 0, "size=512k") == 0;
}

/* Make the tmpfs at mnt read-only, or full. */
static void make_bad(const char *mnt, bool full)
{
    if (full) { /* fill it */
        struct jstr f = {0};
        jstr_addf(&f, "%s/filler", mnt);
        FILE *fp = fopen(f.s, "wb");
        char block[4096] = {0};
        while (fp && fwrite(block, 1, sizeof block, fp) == sizeof block && fflush(fp) == 0)
            ;
        if (fp)
            fclose(fp);
        jstr_free(&f);
    } else {
        assert_int_equal(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
    }
}

/* On a folder that is read-only or full, the store cannot be opened for
 * writing, but is read, and its sheet written to another place. */
static void read_on_bad_folder(bool full)
{
    char *mnt = tmp_path(full ? "full" : "ro"), *db = NULL, *sheet = tmp_path("elsewhere.jury");
    mkdir(mnt, 0700);
    if (getuid() != 0 || !mount_tmp(mnt)) {
        print_message("read on a %s folder: skipped (needs root and mount)\n",
                      full ? "full" : "read-only");
        free(mnt);
        free(sheet);
        return;
    }
    struct checklist *cl = make_checklist();
    db = jury_path_join(mnt, "store.sqlite");
    struct store *s = NULL;
    struct jury_error err = {0};
    int rc = store_open(&s, db, &err);
    if (rc == 0 && store_set_identity(s, "kit1", "r1", "张三", "A", &err) == 0 &&
        store_add_pack(s, "P000", "某大学", "t1", NULL, &err) == 0)
        rc = store_set_score(s, cl, "P000", "1.1", "6", NULL, &err);
    store_close(&s);
    make_bad(mnt, full);
    if (rc == 0 && !full) /* writing: refused (the lock file cannot be made) */
        assert_int_not_equal(store_open(&s, db, &err), 0);
    if (rc == 0)
        rc = store_open_read_only(&s, db, &err);
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    if (rc == 0)
        rc = store_export(s, sk, sheet, &err);
    if (rc != 0)
        print_error("%s\n", err.message);
    store_close(&s);
    umount2(mnt, MNT_DETACH);
    assert_int_equal(rc, 0);
    assert_int_equal(access(sheet, F_OK), 0);
    free(db);
    free(mnt);
    free(sheet);
    checklist_free(&cl);
}

static void test_read_on_bad_folder(void **state)
{
    read_on_bad_folder(false);
    read_on_bad_folder(true);
}

/* ---- crash: kill -9 a writer at random points */

static double value_of(uint32_t i)
{
    return (double)((i / 50) % 21) * 0.5;
}

static void child_loop(const char *path, uint32_t start, int fd)
{
    struct checklist *cl = make_checklist();
    struct store *s = NULL;
    struct jury_error err = {0};
    if (store_open(&s, path, &err) < 0)
        _exit(3);
    for (uint32_t i = start;; i++) {
        char id[16], v[16];
        snprintf(id, sizeof id, "P%03u", i % 50);
        snprintf(v, sizeof v, "%g", value_of(i));
        if (store_set_score(s, cl, id, "1.1", v, NULL, &err) < 0)
            _exit(4);
        if (write(fd, &i, sizeof i) != sizeof i)
            _exit(5);
    }
}

static void check_after_kill(const char *path, uint32_t start, const uint32_t *done, size_t n)
{
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    store_close(&s);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT value FROM scores WHERE pack = ?1 AND indicator = '1.1'", -1,
                       &st, NULL);
    uint32_t last = n ? done[n - 1] : start - 1;
    for (size_t k = n > 50 ? n - 50 : 0; k < n; k++) {
        uint32_t i = done[k];
        char id[16], v[16], inflight[16];
        snprintf(id, sizeof id, "P%03u", i % 50);
        snprintf(v, sizeof v, "%g", value_of(i));
        snprintf(inflight, sizeof inflight, "%g", value_of(last + 1));
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        const char *got = (const char *)sqlite3_column_text(st, 0);
        bool ok = strcmp(got, v) == 0 || ((last + 1) % 50 == i % 50 && strcmp(got, inflight) == 0);
        if (!ok)
            fail_msg("change %u (%s=%s) reported committed but store has %s", i, id, v, got);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_audit_verify(s, NULL, NULL, &err), 0);
    store_close(&s);
}

static void test_crash(void **state)
{
    char *path = NULL;
    struct store *s = open_fresh("crash.sqlite", &path);
    store_close(&s);
    srand((unsigned)time(NULL));
    size_t total = 0;
    for (int round = 0; round < 50; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        uint32_t start = (uint32_t)round * 100000u + 1;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_loop(path, start, fds[1]);
        }
        close(fds[1]);
        struct timespec ts = {0, (long)(5000 + rand() % 60000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status));
        uint32_t done[16384];
        size_t n = 0;
        ssize_t r;
        while (n < 16384 && (r = read(fds[0], &done[n], sizeof done[0])) == sizeof done[0])
            n++;
        close(fds[0]);
        total += n;
        check_after_kill(path, start, done, n);
    }
    print_message("crash: 50 kills, %zu committed changes checked\n", total);
    assert_true(total > 0);
    free(path);
}

int main(void)
{
    struct jury_error err = {0};
    if (jury_crypto_init(&err) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation),         cmocka_unit_test(test_tamper_store),
        cmocka_unit_test(test_lock_and_versions),  cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_migration),          cmocka_unit_test(test_crash),
        cmocka_unit_test(test_tamper_every_table), cmocka_unit_test(test_tamper_migrated),
        cmocka_unit_test(test_read_beside_writer), cmocka_unit_test(test_read_on_bad_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
