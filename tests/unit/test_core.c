/* test_core.c - errors, strings, UTF-8 and width, GBK, SHA-256, data
 * folder, atomic writes and the checklist model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"

static void test_error(void **state)
{
    struct jury_error err = {0};
    int rc = jury_error_set(&err, JURY_ERR_FORMAT, "pack.zip:a/b.pdf", "bad %s at %d", "xref", 3);
    assert_int_equal(rc, JURY_ERR_FORMAT);
    char buf[256];
    assert_string_equal(jury_error_text(&err, buf, sizeof buf), "pack.zip:a/b.pdf: bad xref at 3");
    jury_error_clear(&err);
    assert_int_equal(err.status, 0);
    assert_int_equal(jury_error_set(NULL, JURY_ERR_IO, NULL, "x"), JURY_ERR_IO);
    assert_string_equal(jury_status_name(JURY_ERR_IO), "I/O error");
}

static void test_jstr(void **state)
{
    struct jstr s = {0};
    assert_string_equal(jstr_cstr(&s), "");
    for (int i = 0; i < 1000; i++)
        jstr_addf(&s, "%d,", i);
    assert_true(s.len > 3000);
    assert_memory_equal(s.s, "0,1,2,", 6);
    jstr_clear(&s);
    jstr_add(&s, "评审");
    jstr_addc(&s, '!');
    char *t = jstr_take(&s);
    assert_string_equal(t, "评审!");
    assert_null(s.s);
    free(t);
    t = jstr_take(&s);
    assert_string_equal(t, "");
    free(t);
}

static void test_utf8_decode(void **state)
{
    uint32_t cp;
    assert_int_equal(utf8_decode("中", 3, &cp), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), -1);     /* overlong '/' */
    assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), -1); /* surrogate */
    assert_int_equal(utf8_decode("\xE4\xB8", 2, &cp), -1);     /* truncated */
    assert_true(utf8_valid("产教融合", strlen("产教融合")));
    assert_false(utf8_valid("\xB2\xFA", 2)); /* GBK 产 */
    char e[4];
    assert_int_equal(utf8_encode(0x1F600, e), 4);
    assert_int_equal(utf8_encode(0xD800, e), 0);
}

static void test_width(void **state)
{
    assert_int_equal(utf8_width("abc", 3), 3);
    assert_int_equal(utf8_width("中文", 6), 4);
    assert_int_equal(utf8_width("a，b", strlen("a，b")), 4);
    /* a wide glyph never cut in half */
    int used;
    size_t n = utf8_fit("中文", 6, 3, &used);
    assert_int_equal(n, 3);
    assert_int_equal(used, 2);
    n = utf8_fit("ab中", 5, 3, &used);
    assert_int_equal(n, 2);
}

static void test_sanitize(void **state)
{
    const char evil[] = "a\x1b[31mred\xe2\x80\xae.txt\xff";
    char *s = utf8_sanitize(evil, sizeof evil - 1);
    assert_string_equal(s, "a\\x1b[31mred\\u202e.txt\\xff");
    free(s);
    s = utf8_sanitize("申报书.pdf", strlen("申报书.pdf"));
    assert_string_equal(s, "申报书.pdf");
    free(s);
}

static void test_gbk(void **state)
{
    struct jury_error err = {0};
    size_t glen;
    char *g = utf8_to_gbk("申报书/评分表.txt", strlen("申报书/评分表.txt"), &glen, &err);
    assert_non_null(g);
    assert_false(utf8_valid(g, glen));
    bool lossy = true;
    char *u = gbk_to_utf8(g, glen, &lossy, &err);
    assert_string_equal(u, "申报书/评分表.txt");
    assert_false(lossy);
    free(u);
    free(g);
    /* an undecodable byte is escaped, never dropped */
    u = gbk_to_utf8("ab\xff", 3, &lossy, &err);
    assert_true(lossy);
    assert_string_equal(u, "ab\\xff");
    free(u);
}

static void test_text_encodings(void **state)
{
    struct jury_error err = {0};
    const char *enc;
    char *u = text_to_utf8("\xEF\xBB\xBF教材", 9, &enc, &err);
    assert_string_equal(enc, "utf-8-bom");
    assert_string_equal(u, "教材");
    free(u);
    u = text_to_utf8("\xFF\xFE\x59\x65\x50\x67", 6, &enc, &err); /* UTF-16LE 教材 */
    assert_string_equal(enc, "utf-16le");
    assert_string_equal(u, "教材");
    free(u);
    u = text_to_utf8("\xFE\xFF\x65\x59\x67\x50", 6, &enc, &err);
    assert_string_equal(enc, "utf-16be");
    assert_string_equal(u, "教材");
    free(u);
    u = text_to_utf8("\xBD\xCC\xB2\xC4", 4, &enc, &err); /* GBK 教材 */
    assert_string_equal(enc, "gb18030");
    assert_string_equal(u, "教材");
    free(u);
}

static void test_sha256(void **state)
{
    struct jury_error err = {0};
    assert_int_equal(jury_crypto_init(&err), 0);
    char hex[65];
    jury_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    struct jury_sha256_ctx c;
    jury_sha256_init(&c);
    jury_sha256_update(&c, "a", 1);
    jury_sha256_update(&c, "bc", 2);
    char hex2[65];
    jury_sha256_final_hex(&c, hex2);
    assert_string_equal(hex, hex2);
    char path[] = "/tmp/jury-sha-XXXXXX";
    int fd = mkstemp(path);
    assert_true(write(fd, "abc", 3) == 3);
    close(fd);
    assert_int_equal(jury_sha256_file_hex(path, hex2, &err), 0);
    assert_string_equal(hex, hex2);
    unlink(path);
    assert_int_equal(jury_sha256_file_hex("/nonexistent/x", hex2, &err), JURY_ERR_IO);
    assert_string_equal(err.where, "/nonexistent/x");
}

static void test_data_dir(void **state)
{
    struct jury_error err = {0};
    char *old = getenv("JURY_HOME") ? strdup(getenv("JURY_HOME")) : NULL;
    char tmpl[] = "/tmp/jury-home-XXXXXX";
    char *base = mkdtemp(tmpl);
    char *want = jury_path_join(base, "x/y");
    setenv("JURY_HOME", want, 1);
    char *dir = jury_data_dir(true, &err);
    assert_string_equal(dir, want);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    free(dir);
    unsetenv("JURY_HOME");
    setenv("XDG_DATA_HOME", base, 1);
    dir = jury_data_dir(false, &err);
    char *want2 = jury_path_join(base, "jury");
    assert_string_equal(dir, want2);
    free(dir);
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/someone", 1);
    dir = jury_data_dir(false, &err);
    assert_string_equal(dir, "/home/someone/.local/share/jury");
    free(dir);
    free(want);
    free(want2);
    if (old) {
        setenv("JURY_HOME", old, 1);
        free(old);
    }
}

static void test_atomic_write(void **state)
{
    struct jury_error err = {0};
    char tmpl[] = "/tmp/jury-aw-XXXXXX";
    char *dir = mkdtemp(tmpl);
    char *p = jury_path_join(dir, "sheet.jury");
    assert_int_equal(jury_write_file_atomic(p, "hello", 5, 0600, &err), 0);
    char *data;
    size_t len;
    assert_int_equal(jury_read_file(p, 100, &data, &len, &err), 0);
    assert_int_equal(len, 5);
    assert_string_equal(data, "hello");
    free(data);
    assert_int_equal(jury_read_file(p, 3, &data, &len, &err), JURY_ERR_LIMIT);
    unlink(p);
    rmdir(dir);
    free(p);
    /* a folder that cannot be written leaves nothing and names the file */
    assert_int_equal(jury_write_file_atomic("/proc/nope/x", "a", 1, 0600, &err), JURY_ERR_IO);
    assert_string_equal(err.where, "/proc/nope/x");
}

static struct checklist *sample_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = strdup("t");
    checklist_add_indicator(
        cl,
        &(struct cl_indicator){.id = "1", .text = "基本情况", .depth = 1, .parent = -1, .max = 15});
    checklist_add_indicator(cl, &(struct cl_indicator){.id = "1.1",
                                                       .text = "产业园区",
                                                       .depth = 2,
                                                       .parent = 0,
                                                       .scored = true,
                                                       .max = 10,
                                                       .mode = CL_POINTS,
                                                       .step = 0.5});
    size_t l = checklist_add_indicator(cl, &(struct cl_indicator){.id = "1.2",
                                                                  .text = "考核",
                                                                  .depth = 2,
                                                                  .parent = 0,
                                                                  .scored = true,
                                                                  .max = 5,
                                                                  .mode = CL_LEVELS});
    checklist_add_level(cl, l, "优", 1.0, "全部达到");
    checklist_add_level(cl, l, "良", 0.8, NULL);
    checklist_add_veto(cl, "v1", "剽窃");
    checklist_add_deduction(cl, "d7", "重大违法违规", 10);
    checklist_add_condition(cl, "c1", "总产值前列", CL_COND_CONFIRM);
    return cl;
}

static void test_checklist(void **state)
{
    struct checklist *cl = sample_checklist();
    struct jury_error err = {0};
    double pts;
    assert_int_equal(checklist_scored_count(cl), 2);
    assert_int_equal(checklist_validate(cl, "1.1", "7.5", &pts, &err), 0);
    assert_true(pts == 7.5);
    assert_int_equal(checklist_validate(cl, "1.1", "11", &pts, &err), JURY_ERR_INVALID);
    assert_non_null(strstr(err.message, "outside 0..10"));
    assert_int_equal(checklist_validate(cl, "1.1", "7.3", &pts, &err), JURY_ERR_INVALID);
    assert_non_null(strstr(err.message, "multiple of 0.5"));
    assert_int_equal(checklist_validate(cl, "1.1", "abc", &pts, &err), JURY_ERR_INVALID);
    assert_int_equal(checklist_validate(cl, "1.1", "nan", &pts, &err), JURY_ERR_INVALID);
    assert_int_equal(checklist_validate(cl, "9.9", "1", &pts, &err), JURY_ERR_INVALID);
    assert_non_null(strstr(err.message, "no indicator"));
    assert_int_equal(checklist_validate(cl, "1", "1", &pts, &err), JURY_ERR_INVALID);
    assert_int_equal(checklist_validate(cl, "1.2", "良", &pts, &err), 0);
    assert_true(pts == 4.0);
    assert_int_equal(checklist_validate(cl, "1.2", "差", &pts, &err), JURY_ERR_INVALID);
    assert_non_null(strstr(err.message, "优/良"));
    assert_int_equal(checklist_validate_deduction(cl, "d7", 3, &err), 0);
    assert_int_equal(checklist_validate_deduction(cl, "d7", 11, &err), JURY_ERR_INVALID);
    assert_non_null(checklist_find_veto(cl, "v1"));
    assert_non_null(checklist_find_condition(cl, "c1"));
    assert_null(checklist_find(cl, "x"));
    checklist_free(&cl);
    assert_null(cl);
    checklist_free(&cl);
}

static void test_csv(void **state)
{
    struct jury_error err = {0};
    struct csv *c;
    const char *enc;
    const char in[] = "\xEF\xBB\xBFid,name,note\r\nr1,张三,\"a, \"\"b\"\"\nline2\"\r\nr2,李四,\n";
    assert_int_equal(csv_parse(in, sizeof in - 1, "roster.csv", &c, &enc, &err), 0);
    assert_string_equal(enc, "utf-8-bom");
    assert_int_equal(c->nrows, 3);
    assert_int_equal(csv_column(c, "name"), 1);
    assert_int_equal(csv_column(c, "nope"), -1);
    assert_string_equal(csv_get(c, 1, 1), "张三");
    assert_string_equal(csv_get(c, 1, 2), "a, \"b\"\nline2");
    assert_string_equal(csv_get(c, 2, 2), "");
    assert_string_equal(csv_get(c, 9, 9), "");
    csv_free(&c);
    /* GBK from Chinese Excel */
    size_t glen;
    char *g = utf8_to_gbk("单位,专利数\n常州学院,12\n", strlen("单位,专利数\n常州学院,12\n"), &glen,
                          &err);
    assert_int_equal(csv_parse(g, glen, "facts.csv", &c, &enc, &err), 0);
    assert_string_equal(enc, "gb18030");
    assert_string_equal(csv_get(c, 1, 0), "常州学院");
    csv_free(&c);
    free(g);
    assert_int_equal(csv_parse("a,\"b\n", 5, "bad.csv", &c, &enc, &err), JURY_ERR_FORMAT);
    assert_string_equal(err.where, "bad.csv");
    assert_non_null(strstr(err.message, "line 1"));
    struct jstr b = {0};
    csv_add_field(&b, "x,y", false);
    csv_add_field(&b, "q\"", true);
    assert_string_equal(b.s, "\"x,y\",\"q\"\"\"\r\n");
    jstr_free(&b);
}

static void test_simhash(void **state)
{
    const char *a =
        "联合体建设共性技术服务平台，打通科研开发、技术创新、成果转移链条，为园区企业提供技术咨询"
        "与服务，促进技术创新、工艺改进、产品升级，解决企业实际生产问题。联合体制定培训规划，统筹"
        "各成员单位的培训资源和需求，支持联合体内院校积极承接企业员工的岗前培训、岗位培训和继续教"
        "育，鼓励面向社会开展技术技能培训服务。加大财政经费支持力度，吸引社会资本、产业资金投入。";
    /* the same text re-typed: other spacing and punctuation, line breaks, two words changed */
    const char *b =
        "联合体建设共性技术服务平台 打通科研开发 技术创新 成果转移链条\n为园区企业提供技术咨询"
        "与服务,促进技术创新、工艺改进、产品升级,解决企业实际生产难题。联合体制订培训规划，统筹"
        "各成员单位的培训资源和需求，支持联合体内院校积极承接企业员工的岗前培训、岗位培训和继续教"
        "育，鼓励面向社会开展技术技能培训服务。加大财政经费支持力度，吸引社会资本、产业资金投入。";
    const char *c =
        "资源库定位于能学、辅教、促改，服务技术技能人才培养培训。各类学习者均可以通过资源库自主"
        "进行系统化、个性化学习。教师可以利用资源库灵活组织教学和培训内容、辅助教学实施。职业学校"
        "利用资源库推动数字化时代学习方式的变革和课程建设改革，创新更加个性化、精准化的教学方式。";
    size_t na, nb;
    uint64_t ha = text_simhash(a, strlen(a), &na), hb = text_simhash(b, strlen(b), &nb);
    uint64_t hc = text_simhash(c, strlen(c), NULL);
    assert_true(na > 100);
    assert_true(simhash_distance(ha, hb) <= 6);
    assert_true(simhash_distance(ha, hc) >= 16);
    assert_int_equal(simhash_distance(ha, ha), 0);
    uint64_t all[4] = {ha, hc, hb, ha ^ 0x8000000000000001ull};
    size_t rep[4];
    simhash_cluster(all, 4, 6, rep);
    assert_int_equal(rep[0], 0);
    assert_int_equal(rep[1], 1); /* unrelated text stays alone */
    assert_int_equal(rep[2], 0);
    assert_int_equal(rep[3], 0); /* two bits from a */
    assert_int_equal(text_simhash("", 0, &na), 0);
    assert_int_equal(na, 0);
}

/* The one id check: what looks alike on a screen must not be two ids. */
static void test_text_id(void **state)
{
    (void)state;
    char buf[96];
    static const char *const good[] = {"R01",  "t1-changzhou.zip",  "省赛-2026",   "张三 李四",
                                       "Café", "ﬁ-ligature-is-NFC", "\xEF\xA8\x8E" /* U+FA0E */};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_null(text_id_problem(good[i], buf, sizeof buf));
    static const struct {
        const char *id, *why;
    } bad[] = {
        {"", "empty"},
        {"a\tb", "control"},
        {"a\x7f", "control"},
        {"\xC2\x85x", "control"},            /* U+0085 NEL */
        {"pack\xE2\x80\xAEpiz.zip", "bidi"}, /* U+202E */
        {"R0\xE2\x81\xA6"
         "1",
         "bidi"}, /* U+2066 */
        {"R\xE2\x80\x8B"
         "01",
         "invisible"},                    /* U+200B */
        {"\xEF\xBB\xBFR01", "invisible"}, /* BOM */
        {" R01", "space"},
        {"R01 ", "space"},
        {"R01\xE3\x80\x80", "space"},     /* U+3000 */
        {"Cafe\xCC\x81", "combining"},    /* NFD é */
        {"\xEF\xA4\x80", "NFC replaces"}, /* U+F900 */
        {"\xE2\x84\xAB", "NFC replaces"}, /* U+212B Angstrom */
        {"\xC3\x28", "UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = text_id_problem(bad[i].id, buf, sizeof buf);
        assert_non_null(why);
        if (!strstr(why, bad[i].why))
            fail_msg("'%s': %s", bad[i].id, why);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error),          cmocka_unit_test(test_jstr),
        cmocka_unit_test(test_utf8_decode),    cmocka_unit_test(test_width),
        cmocka_unit_test(test_sanitize),       cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_text_encodings), cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_data_dir),       cmocka_unit_test(test_atomic_write),
        cmocka_unit_test(test_checklist),      cmocka_unit_test(test_csv),
        cmocka_unit_test(test_simhash),        cmocka_unit_test(test_text_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
