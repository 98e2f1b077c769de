/* test_decide_pdf.c - report.pdf (report/pdf_out.c): the PDF opens
 * with MuPDF (extract_buffer), holds the Chinese text and the sheet hashes,
 * spans pages, and stays small because the CJK font is subset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "packs/pack.h"
#include "report/report.h"

static bool pdf_contains(const struct extract_result *r, const char *needle)
{
    for (size_t i = 0; i < r->n_pages; i++)
        if (strstr(r->pages[i].text, needle))
            return true;
    return false;
}

static void test_report_pdf(void **state)
{
    char dir[] = "/tmp/jury-test-pdf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = jury_path_join(dir, "report.pdf");
    char hash[65];
    jury_sha256_hex("sheet r1", 8, hash);
    struct jstr m = {0};
    jstr_add(&m, "# 评审报告 (sample)\n\n## 任务 task4 正式排名\n"
                 "方法：截尾平均 trimmed(1,5)；否决：多数决。\n"
                 "|名次|申报包|申报单位|得分|\n|1|t4-nursing|甲职业技术学院|88.50|\n");
    for (int i = 2; i < 120; i++) /* enough rows for a second page */
        jstr_addf(&m, "|%d|p%d|乙学院第%d号资源库，名称较长需要在单元格内换行显示|%d.00|\n", i, i,
                  i, 90 - i / 2);
    jstr_addf(&m, "\n## 评分表哈希 (SHA-256)\n|评审专家|SHA-256|\n|r1 张三|%s|\n", hash);
    jstr_add(&m, "---\n## 签字\n=sig 张三 (r1)\n=sig 主任委员 李四\n");
    struct pdf_report_info info;
    struct jury_error err = {0};
    if (pdf_report_write(m.s, path, &info, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    jstr_free(&m);
    assert_true(info.pages >= 3);
    assert_true(info.bytes > 1000);
    /* subset: a few hundred glyphs, far from the font's megabytes */
    if (!info.font_whole)
        assert_true(info.bytes < 1024 * 1024);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(path, 64u << 20, &data, &len, &err), 0);
    assert_int_equal(len, info.bytes);
    assert_memory_equal(data, "%PDF-", 5);
    struct extract_result *r = NULL;
    if (extract_buffer("report.pdf", data, len, NULL, &r, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    assert_int_equal((int)r->n_pages, info.pages);
    assert_true(pdf_contains(r, hash));
    assert_true(pdf_contains(r, "评审报告"));
    assert_true(pdf_contains(r, "甲职业技术学院"));
    assert_true(pdf_contains(r, "签字"));
    extract_result_free(&r);
    free(data);
    unlink(path);
    rmdir(dir);
    free(path);
}

static struct extract_result *pdf_of(const char *markup, const char *path)
{
    struct jury_error err = {0};
    if (pdf_report_write(markup, path, NULL, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(path, 64u << 20, &data, &len, &err), 0);
    struct extract_result *r = NULL;
    if (extract_buffer("report.pdf", data, len, NULL, &r, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    free(data);
    return r;
}

/* Wherever a page ends, a heading and the paragraph after it stay with the
 * first rows of their table; a table broken by a page repeats its header;
 * every page says 第 N 页 / 共 M 页; a long pack name breaks at its
 * punctuation, not inside a word. */
static void test_layout(void **state)
{
    (void)state;
    char dir[] = "/tmp/jury-test-pdf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = jury_path_join(dir, "layout.pdf");
    for (int filler = 40; filler < 62; filler++) {
        struct jstr m = {0};
        for (int i = 0; i < filler; i++)
            jstr_addf(&m, "第 %d 段：评审意见占位文字。\n", i);
        jstr_add(&m,
                 "## KEEPHEADING\n申报包 pack P1 — 正式得分 83.75\n|HEADCELL|b|\n|FIRSTROW|1|\n");
        for (int i = 0; i < 80; i++)
            jstr_addf(&m, "|row%d|%d|\n", i, i);
        struct extract_result *r = pdf_of(m.s, path);
        jstr_free(&m);
        for (size_t p = 0; p < r->n_pages; p++) {
            const char *t = r->pages[p].text;
            if (strstr(t, "KEEPHEADING") && !strstr(t, "FIRSTROW"))
                fail_msg("filler %d: the heading ends page %zu without its table", filler, p + 1);
            if (p > 0 && strstr(t, "row") && !strstr(t, "HEADCELL"))
                fail_msg("filler %d: page %zu continues the table without its header", filler,
                         p + 1);
            char num[64];
            snprintf(num, sizeof num, "第 %zu 页 / 共 %zu 页", p + 1, r->n_pages);
            assert_non_null(strstr(t, num));
        }
        extract_result_free(&r);
    }
    /* a long name in a narrow column breaks after '-' or '.', never mid-word */
    struct jstr m = {0};
    jstr_add(&m, "|a|b|c|d|e|f|\n|t10-equipment-international-standard-long.zip|"
                 "某某职业技术学院某某某某某某某某某某某某某某某某某某|x|y|z|w|\n");
    struct extract_result *r = pdf_of(m.s, path);
    jstr_free(&m);
    const char *t = r->pages[0].text;
    assert_null(strstr(t, "equipm\n"));
    assert_null(strstr(t, "internat\n"));
    extract_result_free(&r);
    unlink(path);
    rmdir(dir);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_pdf),
        cmocka_unit_test(test_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
