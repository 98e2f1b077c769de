/* test_store_loop.c - the store side of the reviewer's scoring loop on real
 * SQLite files: level aliases (number, letter, pinyin, initial; ambiguity
 * refused), submit refused until confirm-type conditions are answered, a
 * deduction's reason stored and logged, a 回避 withdrawn with a logged
 * reason, a citation removed, the per-pack place, and a schema-4 store
 * migrated to 5 with its values kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/store/store.h"

/* 1.1 points 0..10; 1.2 优良中差; 1.3 合格/不合格; 1.4 A-D by name; C1 a
 * reviewer's condition, A1 decided by the rules; D1 up to 5. */
static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator p = {.id = "1.1",
                             .text = "团队",
                             .depth = 2,
                             .parent = -1,
                             .scored = true,
                             .max = 10,
                             .mode = CL_POINTS,
                             .step = 0.5};
    checklist_add_indicator(cl, &p);
    const char *sets[][5] = {{"1.2", "优", "良", "中", "差"},
                             {"1.3", "合格", "不合格", NULL, NULL},
                             {"1.4", "A", "B", "C", "D"}};
    for (size_t k = 0; k < 3; k++) {
        struct cl_indicator l = {.id = (char *)sets[k][0],
                                 .text = "等级",
                                 .depth = 2,
                                 .parent = -1,
                                 .scored = true,
                                 .max = 10,
                                 .mode = CL_LEVELS};
        size_t i = checklist_add_indicator(cl, &l);
        for (size_t j = 1; j < 5 && sets[k][j]; j++)
            checklist_add_level(cl, i, sets[k][j], 1.0 - 0.2 * (double)j, NULL);
    }
    checklist_add_condition(cl, "C1", "近五年无违规", CL_COND_CONFIRM);
    checklist_add_condition(cl, "A1", "材料齐全", CL_COND_AUTO);
    checklist_add_deduction(cl, "D1", "超页", 5);
    return cl;
}

static char *fresh(const char *name, struct store **s)
{
    char tmpl[] = "/tmp/jury-test-loop-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char *path = jury_path_join(tmpl, name);
    struct jury_error err = {0};
    assert_int_equal(store_open(s, path, &err), 0);
    assert_int_equal(store_set_identity(*s, "kit1", "r1", "张三", "A", &err), 0);
    assert_int_equal(store_add_ruleset(*s, "t-rules", "abcd", &err), 0);
    assert_int_equal(store_add_pack(*s, "P1", "某大学", "t1", "t-rules", &err), 0);
    assert_int_equal(store_add_pack(*s, "P2", "某学院", "t1", "t-rules", &err), 0);
    return path;
}

static void test_aliases(void **state)
{
    (void)state;
    struct checklist *cl = make_checklist();
    struct {
        const char *ind, *typed, *want;
    } cases[] = {
        {"1.2", "优", "优"},     {"1.2", "1", "优"},       {"1.2", "4", "差"},
        {"1.2", "b", "良"},      {"1.2", "D", "差"},       {"1.2", "you", "优"},
        {"1.2", "ZHONG", "中"},  {"1.2", "l", "良"},       {"1.2", "cha", "差"},
        {"1.2", "c", "中"}, /* the letter wins over 差's initial */
        {"1.2", "5", "5"},       {"1.2", "x", "x"},        {"1.3", "2", "不合格"},
        {"1.3", "hege", "合格"}, {"1.3", "bhg", "不合格"}, {"1.3", "h", "合格"},
        {"1.4", "b", "B"},       {"1.4", "2", "B"},        {"1.1", "2", "2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(store_level_resolve(cl, cases[i].ind, cases[i].typed), cases[i].want);
    struct store *s = NULL;
    char *path = fresh("alias.sqlite", &s);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "you", NULL, &err), 0);
    struct sheet_pack *k = NULL;
    assert_int_equal(store_read_pack(s, "P1", &k, &err), 0);
    assert_string_equal(k->scores[0].value, "优"); /* the level's own name is stored */
    store_sheet_pack_free(&k);
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "9", NULL, &err), JURY_ERR_INVALID);
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

static void test_submit_needs_answers(void **state)
{
    (void)state;
    struct checklist *cl = make_checklist();
    struct store *s = NULL;
    char *path = fresh("submit.sqlite", &s);
    struct jury_error err = {0};
    const char *ids[] = {"1.1", "1.2", "1.3", "1.4"}, *vals[] = {"5", "良", "合格", "A"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(store_set_score(s, cl, "P1", ids[i], vals[i], NULL, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), JURY_ERR_INVALID);
    assert_non_null(strstr(err.message, "C1"));
    assert_int_equal(store_confirm(s, cl, "P1", "C1", true, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    bool again = true;
    assert_int_equal(store_was_reopened(s, "P1", &again, &err), 0);
    assert_false(again);
    assert_int_equal(store_reopen(s, "P1", "复核", &err), 0);
    assert_int_equal(store_was_reopened(s, "P1", &again, &err), 0);
    assert_true(again);
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

static void test_undo(void **state)
{
    (void)state;
    struct checklist *cl = make_checklist();
    struct store *s = NULL;
    char *path = fresh("undo.sqlite", &s);
    struct jury_error err = {0};
    /* a deduction's reason, kept and replaced */
    assert_int_equal(store_set_deduction_reason(s, cl, "P1", "D1", 2, "超出页数限制", &err), 0);
    char *why = store_deduction_reason(s, "P1", "D1");
    assert_string_equal(why, "超出页数限制");
    free(why);
    assert_int_equal(store_set_deduction_reason(s, cl, "P1", "D1", 2, "超 3 页", &err), 0);
    why = store_deduction_reason(s, "P1", "D1");
    assert_string_equal(why, "超 3 页");
    free(why);
    assert_int_equal(store_set_deduction_reason(s, cl, "P1", "D1", 9, "x", &err), JURY_ERR_INVALID);
    /* a citation removed */
    assert_int_equal(store_set_score(s, cl, "P1", "1.1", "5", NULL, &err), 0);
    assert_int_equal(store_add_cite(s, cl, "P1", "1.1", "a.pdf", 3, &err), 0);
    assert_int_equal(store_remove_cite(s, "P1", "1.1", "a.pdf", 3, &err), 0);
    struct sheet_pack *k = NULL;
    assert_int_equal(store_read_pack(s, "P1", &k, &err), 0);
    assert_int_equal(k->scores[0].n_cites, 0);
    store_sheet_pack_free(&k);
    /* 回避 declared, then withdrawn with a reason: the values count again */
    assert_int_equal(store_declare_conflict(s, "P1", "亲属", &err), 0);
    assert_int_equal(store_withdraw_conflict(s, "P1", "", &err), JURY_ERR_INVALID);
    assert_int_equal(store_withdraw_conflict(s, "P2", "误报", &err), JURY_ERR_INVALID);
    assert_int_equal(store_withdraw_conflict(s, "P1", "误报", &err), 0);
    assert_int_equal(store_read_pack(s, "P1", &k, &err), 0);
    assert_null(k->conflict);
    assert_int_equal(k->n_scores, 1);
    store_sheet_pack_free(&k);
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(s, &sh, &err), 0); /* the chain verifies */
    bool logged = false;
    for (size_t i = 0; i < sh->n_audit; i++)
        logged |= sh->audit[i].kind && strcmp(sh->audit[i].kind, "conflict-withdrawn") == 0 &&
                  strcmp(sh->audit[i].new_value, "误报") == 0;
    assert_true(logged);
    sheet_free(&sh);
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

static void test_places(void **state)
{
    (void)state;
    struct store *s = NULL;
    char *path = fresh("places.sqlite", &s);
    struct jury_error err = {0};
    struct store_place pl = {"申报书.pdf", 3, 42, "1.2", 2}, got;
    assert_int_equal(store_set_place(s, "P1", &pl, &err), 0);
    struct store_place other = {NULL, 0, 0, "C1", 0};
    assert_int_equal(store_set_place(s, "P2", &other, &err), 0);
    assert_int_equal(store_get_place(s, "P1", &got, &err), 0);
    assert_string_equal(got.file, "申报书.pdf");
    assert_int_equal(got.page, 3);
    assert_int_equal(got.top, 42);
    assert_string_equal(got.row, "1.2");
    assert_int_equal(got.focus, 2);
    free(got.file);
    free(got.row);
    assert_int_equal(store_get_place(s, "P3", &got, &err), 0);
    assert_null(got.file);
    assert_null(got.row);
    store_close(&s);
    /* a store of schema 4 (no places, no reasons, no comments on checks) opens
     * as the current schema with its values */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "DROP TABLE places; DROP TABLE audit_base; DROP TABLE check_comments; "
                     "CREATE TABLE d2 AS SELECT pack, id, value "
                     "FROM deductions; DROP TABLE deductions; CREATE TABLE "
                     "deductions(pack TEXT NOT NULL REFERENCES packs(id), id TEXT "
                     "NOT NULL, value REAL NOT NULL, PRIMARY KEY(pack, id)) WITHOUT "
                     "ROWID; INSERT INTO deductions SELECT * FROM d2; DROP TABLE "
                     "d2; PRAGMA user_version = 4;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_get_place(s, "P1", &got, &err), 0);
    assert_null(got.file); /* places start empty */
    assert_int_equal(store_set_place(s, "P1", &pl, &err), 0);
    store_close(&s);
    free(path);
}

/* A reader beside the holder of the lock: reads, never writes. */
static void test_readonly(void **state)
{
    (void)state;
    struct checklist *cl = make_checklist();
    struct store *s = NULL, *r = NULL;
    char *path = fresh("ro.sqlite", &s);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "良", NULL, &err), 0);
    assert_int_equal(store_open(&r, path, &err), JURY_ERR_BUSY); /* a writer is refused */
    assert_int_equal(store_open_read_only(&r, path, &err), 0);
    struct sheet_pack *k = NULL;
    assert_int_equal(store_read_pack(r, "P1", &k, &err), 0);
    assert_string_equal(k->scores[0].value, "良");
    store_sheet_pack_free(&k);
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(r, &sh, &err), 0);
    sheet_free(&sh);
    assert_true(store_set_score(r, cl, "P1", "1.2", "优", NULL, &err) < 0);
    store_close(&r);
    /* the holder goes on writing */
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "优", NULL, &err), 0);
    store_close(&s);
    free(path);
    checklist_free(&cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliases),  cmocka_unit_test(test_submit_needs_answers),
        cmocka_unit_test(test_undo),     cmocka_unit_test(test_places),
        cmocka_unit_test(test_readonly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
