/* test_sheet_checks.c - a reviewer's comments on eligibility conditions and
 * veto items, end to end on real parts: a real store (answered and
 * unanswered items, a withheld 回避 pack), a real signed sheet read back and
 * replayed against its own log, a store edited behind jury's back refused at
 * export, a real merge into merged.sqlite, the ranking and the report text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/merge/merge.h"
#include "db/store/store.h"
#include "report/report.h"

static char dir[256];
static char *roster;

static const char *const ids[2] = {"r1", "r2"};
static const char *const names[2] = {"赵一", "钱二"};

static char *path_in(const char *name)
{
    return jury_path_join(dir, name);
}

static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator a = {.id = "1.1", .text = "团队", .depth = 1, .parent = -1};
    a.scored = true, a.max = 10, a.mode = CL_POINTS, a.step = 0.5;
    checklist_add_indicator(cl, &a);
    checklist_add_condition(cl, "C1", "依托园区", CL_COND_CONFIRM);
    checklist_add_condition(cl, "C2", "有章程", CL_COND_AUTO);
    checklist_add_veto(cl, "V1", "材料弄虚作假");
    return cl;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/jury-test-checks-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("JURY_HOME", dir, 1);
    struct jury_error err = {0};
    struct jstr csv = {0};
    jstr_add(&csv, "reviewer_id,name,panel,affiliation,public_key\n");
    for (size_t i = 0; i < 2; i++) {
        char *line = NULL;
        assert_int_equal(keys_generate(ids[i], names[i], "A", "", &line, &err), 0);
        jstr_addf(&csv, "%s\n", line);
        free(line);
    }
    roster = path_in("roster.csv");
    assert_int_equal(jury_write_file_atomic(roster, csv.s, csv.len, 0644, &err), 0);
    jstr_free(&csv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(roster);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct store *open_store(size_t r, char **path)
{
    char name[32];
    snprintf(name, sizeof name, "%s.sqlite", ids[r]);
    *path = path_in(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, *path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", ids[r], names[r], "A", &err), 0);
    char sha[65];
    jury_sha256_hex("rules", 5, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    assert_int_equal(store_add_pack(s, "P1", "甲学院", "t1", "t-rules", &err), 0);
    assert_int_equal(store_add_pack(s, "P2", "乙学院", "t1", "t-rules", &err), 0);
    return s;
}

static char *export(struct store *s, size_t r)
{
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret(ids[r], sk, &err), 0);
    char name[32];
    snprintf(name, sizeof name, "%s.jury", ids[r]);
    char *out = path_in(name);
    if (store_export(s, sk, out, &err) != 0)
        fail_msg("export: %s", err.message);
    return out;
}

/* r1 vetoes P1 and says why; comments on the answered C1 and on the
 * rule-decided C2; a comment on P2 is withheld with its 回避. */
static char *reviewer_one(const struct checklist *cl)
{
    char *path = NULL;
    struct store *s = open_store(0, &path);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P1", "1.1", "8", NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P1", "C1", true, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P1", "V1", true, &err), 0);
    assert_int_equal(store_set_check_comment(s, cl, "P1", "V1", "初稿\n", &err), 0);
    assert_int_equal(store_set_check_comment(s, cl, "P1", "V1", "获奖证书\n日期被改", &err), 0);
    assert_int_equal(store_set_check_comment(s, cl, "P1", "C1", "已核实园区证明", &err), 0);
    assert_int_equal(store_set_check_comment(s, cl, "P1", "C2", "章程未盖章", &err), 0);
    assert_int_equal(store_set_check_comment(s, cl, "P1", "C2", "", &err), 0); /* cleared */
    assert_int_equal(store_set_check_comment(s, cl, "P1", "C2", "章程未盖章", &err), 0);
    /* an unknown item is refused */
    assert_int_equal(store_set_check_comment(s, cl, "P1", "X9", "?", &err), JURY_ERR_INVALID);
    assert_int_equal(store_set_check_comment(s, cl, "P2", "V1", "与申报单位有合作", &err), 0);
    assert_int_equal(store_declare_conflict(s, "P2", "曾参与其申报", &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    /* a submitted pack takes no comment */
    assert_int_equal(store_set_check_comment(s, cl, "P1", "V1", "再改", &err), JURY_ERR_DENIED);
    char *out = export(s, 0);
    store_close(&s);

    /* the same store edited outside jury: export refuses it, naming the row */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE check_comments SET comment = '没问题' "
                                  "WHERE pack = 'P1' AND item = 'V1'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, &err), 0);
    unsigned char sk[64];
    assert_int_equal(keys_load_secret(ids[0], sk, &err), 0);
    char *bad = path_in("tampered.jury");
    assert_int_equal(store_export(s, sk, bad, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "check_comments row P1/V1"));
    assert_int_equal(access(bad, F_OK), -1);
    store_close(&s);
    free(bad);
    free(path);
    return out;
}

static char *reviewer_two(const struct checklist *cl)
{
    char *path = NULL;
    struct store *s = open_store(1, &path);
    struct jury_error err = {0};
    assert_int_equal(store_set_score(s, cl, "P1", "1.1", "9", NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P1", "C1", true, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    char *out = export(s, 1);
    store_close(&s);
    free(path);
    return out;
}

/* The sheet carries the comments, verified against its own log. */
static void check_sheet(const char *file, struct roster *ro)
{
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    if (sheet_read_verified(file, ro, "kit1", &sh, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(sh->n_packs, 2);
    const struct sheet_pack *p1 = &sh->packs[0], *p2 = &sh->packs[1];
    assert_string_equal(p1->id, "P1");
    assert_int_equal(p1->n_check_comments, 3);
    assert_string_equal(p1->check_comments[0].item, "C1");
    assert_string_equal(p1->check_comments[0].comment, "已核实园区证明");
    assert_string_equal(p1->check_comments[1].item, "C2");
    assert_string_equal(p1->check_comments[2].item, "V1");
    assert_string_equal(p1->check_comments[2].comment, "获奖证书\n日期被改");
    assert_non_null(p2->conflict);
    assert_int_equal(p2->n_check_comments, 0); /* withheld with the 回避 */
    sheet_free(&sh);
}

static void check_merge(char *const *files, struct roster *ro)
{
    char *out = path_in("out");
    struct merge *m = NULL;
    struct jury_error err = {0};
    assert_int_equal(merge_open(&m, out, &err), 0);
    assert_int_equal(merge_add_roster(m, ro, NULL, &err), 0);
    for (size_t r = 0; r < 2; r++) {
        struct merge_sheet_report rep;
        if (merge_import_file(m, files[r], ro, "kit1", false, &rep, &err) != 0)
            fail_msg("%s: %s", files[r], err.message);
    }
    struct rank_settings s;
    rank_settings_default(&s);
    struct merge_ranking *rk = NULL;
    if (merge_rank(m, &s, MERGE_RANK_DETAILS, &rk, &err) != 0 || merge_rank_adopt(m, rk, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(rk->n_check_comments, 3);
    assert_string_equal(rk->check_comments[2].item, "V1");
    assert_string_equal(rk->check_comments[2].text, "获奖证书 日期被改"); /* one line */
    char *text = decide_report_text(rk, rk->decide);
    assert_non_null(strstr(text,
                           "评语 comments — 赵一 (r1)：C1「已核实园区证明」；C2「章程未盖章」；"
                           "V1「获奖证书 日期被改」"));
    assert_null(strstr(text, "与申报单位有合作"));
    /* under the pack's table, as the point comments */
    const char *table = strstr(text, "申报包 pack P1"),
               *said = strstr(text, "评语 comments — 赵一");
    assert_non_null(table);
    assert_true(said > table);
    free(text);
    merge_ranking_free(&rk);
    merge_close(&m);
    free(out);
}

static void test_check_comments(void **state)
{
    (void)state;
    struct checklist *cl = make_checklist();
    char *files[2] = {reviewer_one(cl), reviewer_two(cl)};
    checklist_free(&cl);
    struct roster *ro = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    check_sheet(files[0], ro);
    check_merge(files, ro);
    roster_free(&ro);
    free(files[0]);
    free(files[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_comments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
