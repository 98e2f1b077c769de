/* test_report_panel.c - the report shows its work, read back from the files:
 * a hand-made panel of six reviewers (real keys, real signed sheets, a real
 * merge) on three packs; report.md, report.html, report.pdf (text through
 * MuPDF) and ranking.xlsx (through the OOXML reader) must name every
 * reviewer, mark exactly the highest and the lowest net total of each pack
 * dropped, give net = total - deductions, and say how each figure was
 * computed. The chair's view draws from the same merge_rank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/store/store.h"
#include "db/merge/merge.h"
#include "report/report.h"
#include "packs/pack.h"

static char dir[256];

static char *path_in(const char *name)
{
    return jury_path_join(dir, name);
}

#define N_REV  6
#define N_PACK 3

static const char *const ids[N_REV] = {"r1", "r2", "r3", "r4", "r5", "r6"};
static const char *const names[N_REV] = {"赵一", "钱二", "孙三", "李四", "周五", "吴六"};
static const char *const packs[N_PACK] = {"P1", "P2", "P3"};

/* points[reviewer][pack] = {1.1, 1.2, deduction D1}. Net totals:
 * P1: 89, 76 (78 - 2), 95, 72, 83, 87: drop r3 95 and r4 72 -> 335 / 4 = 83.75
 * P2: 66, 97, 77, 80, 54 (55 - 1), 75: drop r2 97 and r5 54 -> 298 / 4 = 74.50
 * P3: 65 (68 - 3), 70, 64, 95, 78, 45: drop r4 95 and r6 45 -> 277 / 4 = 69.25 */
static const double points[N_REV][N_PACK][3] = {
    {{9, 80, 0}, {6, 60, 0}, {8, 60, 3}},  {{8, 70, 2}, {9, 88, 0}, {8, 62, 0}},
    {{10, 85, 0}, {7, 70, 0}, {6, 58, 0}}, {{7, 65, 0}, {8, 72, 0}, {9, 86, 0}},
    {{8, 75, 0}, {5, 50, 1}, {7, 71, 0}},  {{9, 78, 0}, {7, 68, 0}, {5, 40, 0}},
};
static const char *const highest[N_PACK] = {"r3", "r2", "r4"};
static const char *const lowest[N_PACK] = {"r4", "r5", "r6"};
static const char *const figure[N_PACK] = {"= 83.75", "= 74.50", "= 69.25"};

/* Comments on the points where the dropped extremes differ most: r3's top of
 * P1 plainly, r4's bottom of P1 with markup and control characters (a table
 * cell's bar, a line that would be a heading, ESC, a right-to-left
 * override), r6's bottom of P3 far longer than a line. */
#define HOSTILE "差 a|b\n# heading \x1b[31m红\xe2\x80\xae反转"
#define LONG_CH "很"
static const char *comment_on(size_t r, size_t p, const char *indicator)
{
    static char long_one[80 * 3 + 1];
    if (!long_one[0])
        for (size_t i = 0; i < 80; i++)
            strcat(long_one, LONG_CH);
    if (strcmp(indicator, "1.2") != 0)
        return NULL;
    if (r == 2 && p == 0)
        return "成果突出，获国家级教学成果奖";
    if (r == 3 && p == 0)
        return HOSTILE;
    if (r == 5 && p == 2)
        return long_one;
    return NULL;
}

static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator a = {.id = "1.1", .text = "团队", .depth = 1, .parent = -1};
    a.scored = true, a.max = 10, a.mode = CL_POINTS, a.step = 0.5;
    checklist_add_indicator(cl, &a);
    struct cl_indicator b = {.id = "1.2", .text = "成果", .depth = 1, .parent = -1};
    b.scored = true, b.max = 90, b.mode = CL_POINTS, b.step = 0.5;
    checklist_add_indicator(cl, &b);
    checklist_add_deduction(cl, "D1", "材料不实", 5);
    return cl;
}

static void score_pack(struct store *s, const struct checklist *cl, size_t r, size_t p)
{
    struct jury_error err = {0};
    char x[32], y[32];
    snprintf(x, sizeof x, "%g", points[r][p][0]);
    snprintf(y, sizeof y, "%g", points[r][p][1]);
    assert_int_equal(store_add_pack(s, packs[p], packs[p], "t1", "t-rules", &err), 0);
    assert_int_equal(store_set_score(s, cl, packs[p], "1.1", x, comment_on(r, p, "1.1"), &err), 0);
    assert_int_equal(store_set_score(s, cl, packs[p], "1.2", y, comment_on(r, p, "1.2"), &err), 0);
    if (points[r][p][2] > 0)
        assert_int_equal(
            store_set_deduction_reason(s, cl, packs[p], "D1", points[r][p][2], NULL, &err), 0);
    if (store_submit_decided(s, cl, packs[p], NULL, 0, &err) != 0)
        fail_msg("submit %s: %s", packs[p], err.message);
}

/* Reviewer r's signed sheet. */
static char *sheet_of(const struct checklist *cl, size_t r)
{
    char name[32];
    snprintf(name, sizeof name, "%s.sqlite", ids[r]);
    char *path = path_in(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", ids[r], names[r], "A", &err), 0);
    char sha[65];
    jury_sha256_hex("rules", 5, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    for (size_t p = 0; p < N_PACK; p++)
        score_pack(s, cl, r, p);
    unsigned char sk[64];
    assert_int_equal(keys_load_secret(ids[r], sk, &err), 0);
    snprintf(name, sizeof name, "%s.jury", ids[r]);
    char *out = path_in(name);
    assert_int_equal(store_export(s, sk, out, &err), 0);
    store_close(&s);
    free(path);
    return out;
}

static char *roster;
static char *sheets[N_REV];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/jury-test-panel-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("JURY_HOME", dir, 1);
    struct jury_error err = {0};
    struct jstr csv = {0};
    jstr_add(&csv, "reviewer_id,name,panel,affiliation,public_key\n");
    for (size_t i = 0; i < N_REV; i++) {
        char *line = NULL;
        assert_int_equal(keys_generate(ids[i], names[i], "A", "", &line, &err), 0);
        jstr_addf(&csv, "%s\n", line);
        free(line);
    }
    roster = path_in("roster.csv");
    assert_int_equal(jury_write_file_atomic(roster, csv.s, csv.len, 0644, &err), 0);
    jstr_free(&csv);
    struct checklist *cl = make_checklist();
    for (size_t r = 0; r < N_REV; r++)
        sheets[r] = sheet_of(cl, r);
    checklist_free(&cl);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_REV; i++)
        free(sheets[i]);
    free(roster);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Merge the six sheets into dir/out, rank officially, write every output. */
static char *write_outputs(void)
{
    char *out = path_in("out");
    struct merge *m = NULL;
    struct roster *ro = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    assert_int_equal(merge_open(&m, out, &err), 0);
    assert_int_equal(merge_add_roster(m, ro, NULL, &err), 0);
    for (size_t r = 0; r < N_REV; r++) {
        struct merge_sheet_report rep;
        if (merge_import_file(m, sheets[r], ro, "kit1", false, &rep, &err) != 0)
            fail_msg("%s: %s", sheets[r], err.message);
    }
    assert_int_equal(merge_set_task_name(m, "t1", "市域产教联合体", &err), 0);
    struct rank_settings s;
    rank_settings_default(&s);
    struct merge_ranking *rk = NULL;
    if (merge_rank(m, &s, MERGE_RANK_DETAILS, &rk, &err) != 0 ||
        merge_rank_adopt(m, rk, &err) != 0 || report_write_all(rk, out, NULL, &err) != 0)
        fail_msg("%s", err.message);
    char *text = decide_report_text(rk, rk->decide), *pdf = jury_path_join(out, "report.pdf");
    if (pdf_report_write(text, pdf, NULL, &err) != 0)
        fail_msg("pdf: %s", err.message);
    char *kept = jury_path_join(out, "report.markup"); /* for test_one_document */
    assert_int_equal(jury_write_file_atomic(kept, text, strlen(text), 0644, &err), 0);
    free(kept);
    /* a ranking without the panel's decisions (test_without_decisions) */
    struct decide_report *d = rk->decide;
    char *bare = path_in("bare");
    rk->decide = NULL;
    assert_int_equal(jury_mkdirs(bare, 0755, &err), 0);
    if (report_write_all(rk, bare, NULL, &err) != 0)
        fail_msg("%s", err.message);
    rk->decide = d;
    free(bare);
    free(text);
    free(pdf);
    merge_ranking_free(&rk);
    merge_close(&m);
    roster_free(&ro);
    return out;
}

static char *read_text(const char *out, const char *name)
{
    char *path = jury_path_join(out, name), *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(path, 64u << 20, &data, &len, &err), 0);
    free(path);
    return data;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The rows of the Markdown/markup panel tables: "|NAME (ID)|T|D|N|STATUS|". */
static void check_md_rows(const char *md)
{
    size_t rows = 0;
    for (size_t r = 0; r < N_REV; r++) {
        char who[64];
        snprintf(who, sizeof who, "|%s (%s)|", names[r], ids[r]);
        for (const char *p = md; (p = strstr(p, who)); p += strlen(who)) {
            double t, d, n;
            char status[200] = "";
            if (sscanf(p + strlen(who), "%lf|%lf|%lf|%199[^|]", &t, &d, &n, status) != 4)
                continue; /* the name in another table */
            assert_true(fabs(n - (t - d)) < 1e-9);
            rows++;
        }
    }
    assert_int_equal(rows, N_REV * N_PACK);
}

/* No raw ESC or bidi override, no line a renderer reads as a heading, no bar
 * that opens a table cell: the hostile comment is shown, not obeyed. */
static void check_inert(const char *text)
{
    assert_null(strchr(text, '\x1b'));
    assert_null(strstr(text, "\xe2\x80\xae"));
    assert_null(strstr(text, "\n# heading"));
    assert_null(strstr(text, "a|b"));
    assert_non_null(strstr(text, "heading"));
}

/* The comments of the dropped extremes, beside the points they differ on. */
static void check_comments(const char *md)
{
    assert_non_null(strstr(md, "评语 comments — 孙三 (r3)［去掉的最高 top, "
                               "dropped］：1.2「成果突出，获国家级教学成果奖」"));
    assert_non_null(strstr(md, "李四 (r4)［去掉的最低 bottom, dropped］：1.2「差 a"));
    check_inert(md);
    /* 80 wide characters (160 columns) cut to 59 (118) and an ellipsis */
    char cut[60 * 3 + 16] = "";
    for (size_t i = 0; i < 59; i++)
        strcat(cut, LONG_CH);
    strcat(cut, "…」");
    assert_non_null(strstr(md, cut));
    char run[60 * 3 + 1] = ""; /* one character more: not there */
    for (size_t i = 0; i < 60; i++)
        strcat(run, LONG_CH);
    assert_null(strstr(md, run));
    assert_int_equal(count(md, "评语 comments"), 3);
}

static void test_markdown_and_html(void **state)
{
    (void)state;
    char *out = write_outputs(), *md = read_text(out, "report.md");
    check_md_rows(md);
    /* exactly one highest and one lowest dropped per pack, the rest counted */
    assert_int_equal(count(md, "去掉 dropped（最高分 highest）"), N_PACK);
    assert_int_equal(count(md, "去掉 dropped（最低分 lowest）"), N_PACK);
    assert_int_equal(count(md, "|计入 counted|"), N_PACK * (N_REV - 2));
    for (size_t p = 0; p < N_PACK; p++) {
        char line[160];
        for (size_t r = 0; r < N_REV; r++) {
            if (strcmp(ids[r], highest[p]) != 0 && strcmp(ids[r], lowest[p]) != 0)
                continue;
            snprintf(line, sizeof line, "|%s (%s)|%.2f|%.2f|%.2f|去掉 dropped（%s", names[r],
                     ids[r], points[r][p][0] + points[r][p][1], points[r][p][2],
                     points[r][p][0] + points[r][p][1] - points[r][p][2],
                     strcmp(ids[r], highest[p]) == 0 ? "最高分" : "最低分");
            if (!strstr(md, line))
                fail_msg("not in report.md: %s", line);
        }
        assert_non_null(strstr(md, figure[p]));
    }
    assert_non_null(strstr(md, "去掉一个最高分和一个最低分后取平均"));
    /* where P1's dropped highest differs most: 1.2 is 85 against the others'
     * mean (80 + 70 + 65 + 75 + 78) / 5 = 73.6, 1.1 is 10 against 8.2 */
    assert_non_null(strstr(md, "孙三 (r3)［去掉的最高 top, dropped］：1.2 +11.40，1.1 +1.80"));
    check_comments(md);
    assert_non_null(strstr(md, "评审方法 (methods)"));
    assert_non_null(strstr(md, "同分处理 ties"));
    assert_non_null(strstr(md, "市域产教联合体"));
    char *html = read_text(out, "report.html");
    for (size_t r = 0; r < N_REV; r++)
        assert_non_null(strstr(html, names[r]));
    assert_int_equal(count(html, "去掉 dropped（最高分 highest）"), N_PACK);
    assert_int_equal(count(html, "去掉 dropped（最低分 lowest）"), N_PACK);
    check_inert(html);
    assert_non_null(strstr(html, "成果突出，获国家级教学成果奖"));
    free(html);
    free(md);
    free(out);
}

/* One line of the markup, found in report.md and report.html as each
 * medium escapes it: a heading or paragraph whole, a table row cell by
 * cell. */
static void check_line(const char *line, const char *md, const char *html)
{
    struct jstr m = {0}, h = {0};
    if (line[0] == '|') {
        jstr_addc(&m, '|');
        for (const char *c = line + 1, *bar; (bar = strchr(c, '|')); c = bar + 1) {
            char *cell = jury_xstrndup(c, (size_t)(bar - c));
            esc_markdown(&m, cell), jstr_addc(&m, '|');
            jstr_clear(&h);
            jstr_addc(&h, '>');
            esc_html(&h, cell, strlen(cell));
            jstr_add(&h, "</t");
            if (!strstr(html, h.s))
                fail_msg("cell not in report.html: %s", cell);
            free(cell);
        }
    } else {
        const char *text = line[0] == '#'   ? strchr(line, ' ') + 1
                           : line[0] == '=' ? line + 5
                                            : line;
        text += strspn(text, " "); /* the markup's guard against reading as markup */
        esc_markdown(&m, text);
        esc_html(&h, text, strlen(text));
        if (!strstr(html, h.s))
            fail_msg("not in report.html: %s", line);
    }
    if (!strstr(md, m.s))
        fail_msg("not in report.md: %s", line);
    jstr_free(&m);
    jstr_free(&h);
}

/* report.md and report.html are the markup of report.pdf, converted: every
 * heading, paragraph and table row of it, and nothing dropped. */
static void test_one_document(void **state)
{
    (void)state;
    char *out = path_in("out"), *mk = read_text(out, "report.markup");
    char *md = read_text(out, "report.md"), *html = read_text(out, "report.html");
    size_t rows = 0, charts = 0;
    char *save = NULL;
    for (char *line = strtok_r(mk, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strcmp(line, "---") == 0 || strncmp(line, "=chart ", 7) == 0) {
            charts += line[0] == '=';
            continue;
        }
        rows += line[0] == '|';
        check_line(line, md, html);
    }
    assert_true(rows > 0);
    assert_int_equal(count(html, "<tr>"), rows);
    assert_true(charts > 0);
    assert_int_equal(count(html, "<svg"), charts); /* the histogram only HTML shows */
    free(html);
    free(md);
    free(mk);
    free(out);
}

/* Without the panel's decisions the report still ranks, shows every
 * reviewer's scores and the agreement, and leaves out what only decisions
 * give: votes, the method table, hashes and signatures. */
static void test_without_decisions(void **state)
{
    (void)state;
    char *out = path_in("bare"), *md = read_text(out, "report.md");
    char *html = read_text(out, "report.html");
    check_md_rows(md);
    assert_non_null(strstr(md, "正式排名 (official ranking)"));
    assert_non_null(strstr(md, "一致性统计 (agreement per panel)"));
    assert_non_null(strstr(md, "official method: "));
    assert_null(strstr(md, "签字"));
    assert_null(strstr(md, "否决与资格表决"));
    assert_non_null(strstr(html, "<svg"));
    check_inert(md);
    check_inert(html);
    free(html);
    free(md);
    free(out);
}

static struct extract_result *extract_file(const char *out, const char *name)
{
    char *path = jury_path_join(out, name), *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(path, 64u << 20, &data, &len, &err), 0);
    struct extract_result *x = NULL;
    if (extract_buffer(name, data, len, NULL, &x, &err) != 0)
        fail_msg("%s: %s", name, err.message);
    free(data);
    free(path);
    return x;
}

static void test_pdf(void **state)
{
    (void)state;
    char *out = path_in("out");
    struct extract_result *x = extract_file(out, "report.pdf");
    struct jstr all = {0};
    for (size_t i = 0; i < x->n_pages; i++)
        jstr_add(&all, x->pages[i].text);
    for (size_t r = 0; r < N_REV; r++)
        assert_non_null(strstr(all.s, names[r]));
    assert_int_equal(count(all.s, "最高分 highest"), N_PACK);
    assert_int_equal(count(all.s, "最低分 lowest"), N_PACK);
    /* the column header says 是否计入 counted */
    assert_int_equal(count(all.s, "计入 counted") - count(all.s, "是否计入 counted"),
                     N_PACK * (N_REV - 2));
    for (size_t p = 0; p < N_PACK; p++)
        assert_non_null(strstr(all.s, figure[p]));
    /* the reviewers' comments on their extreme points, escaped */
    assert_int_equal(count(all.s, "评语 comments"), 3);
    assert_non_null(strstr(all.s, "成果突出"));
    assert_non_null(strstr(all.s, "…"));
    check_inert(all.s);
    char pages[64];
    snprintf(pages, sizeof pages, "第 1 页 / 共 %zu 页", x->n_pages);
    assert_non_null(strstr(all.s, pages));
    assert_non_null(strstr(all.s, "封存状态 seal"));
    /* every sheet's SHA-256 on the page with the signatures */
    const char *last = x->pages[x->n_pages - 1].text;
    assert_non_null(strstr(last, "签字"));
    for (size_t r = 0; r < N_REV; r++) {
        char *data = NULL, hex[SHA256_HEX_LEN + 1];
        size_t len = 0;
        struct jury_error err = {0};
        assert_int_equal(jury_read_file(sheets[r], 64u << 20, &data, &len, &err), 0);
        jury_sha256_hex(data, len, hex);
        free(data);
        if (!strstr(last, hex))
            fail_msg("sheet %s's SHA-256 is not on the signature page", ids[r]);
    }
    jstr_free(&all);
    extract_result_free(&x);
    free(out);
}

/* The panel sheet of ranking.xlsx: tab-separated rows task, task name, pack,
 * applicant, reviewer, name, total, deductions, net, counted, score, words. */
static void test_xlsx(void **state)
{
    (void)state;
    char *out = path_in("out");
    struct extract_result *x = extract_file(out, "ranking.xlsx");
    const struct extract_page *sheet = NULL;
    for (size_t i = 0; i < x->n_pages; i++)
        if (x->pages[i].title && strstr(x->pages[i].title, "评分明细"))
            sheet = &x->pages[i];
    assert_non_null(sheet);
    size_t rows = 0, high[N_PACK] = {0}, low[N_PACK] = {0};
    char *copy = jury_xstrdup(sheet->text), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[12] = {0}, *s2 = NULL;
        size_t k = 0;
        for (char *c = strtok_r(line, "\t", &s2); c && k < 12; c = strtok_r(NULL, "\t", &s2))
            f[k++] = c;
        if (k < 10 || strcmp(f[2], "pack") == 0)
            continue;
        size_t p = (size_t)(f[2][1] - '1');
        assert_true(p < N_PACK);
        assert_true(fabs(strtod(f[8], NULL) - (strtod(f[6], NULL) - strtod(f[7], NULL))) < 1e-9);
        high[p] += strstr(f[9], "最高分") != NULL;
        low[p] += strstr(f[9], "最低分") != NULL;
        if (strstr(f[9], "最高分"))
            assert_string_equal(f[4], highest[p]);
        if (strstr(f[9], "最低分"))
            assert_string_equal(f[4], lowest[p]);
        bool named = false;
        for (size_t r = 0; r < N_REV; r++)
            named |= strcmp(f[5], names[r]) == 0 && strcmp(f[4], ids[r]) == 0;
        assert_true(named);
        rows++;
    }
    assert_int_equal(rows, N_REV * N_PACK);
    for (size_t p = 0; p < N_PACK; p++) {
        assert_int_equal(high[p], 1);
        assert_int_equal(low[p], 1);
    }
    free(copy);
    extract_result_free(&x);
    free(out);
}

static void sql_or_fail(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

/* A merged database of schema 1 (scores without comments) is brought up to
 * date when opened, and then keeps the comments of what is imported into it. */
static void test_schema_1_migrated(void **state)
{
    (void)state;
    char *old = path_in("old"), *file = jury_path_join(old, "merged.sqlite");
    struct merge *m = NULL;
    struct roster *ro = NULL;
    struct jury_error err = {0};
    assert_int_equal(merge_open(&m, old, &err), 0);
    merge_close(&m);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
    sql_or_fail(db, "DROP TABLE check_comment; ALTER TABLE score DROP COLUMN comment; "
                    "PRAGMA user_version = 1;");
    sqlite3_close(db);
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    if (merge_open(&m, old, &err) != 0)
        fail_msg("%s", err.message);
    struct merge_sheet_report rep;
    if (merge_import_file(m, sheets[2], ro, "kit1", false, &rep, &err) != 0)
        fail_msg("%s", err.message);
    merge_close(&m);
    roster_free(&ro);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT (SELECT user_version FROM pragma_user_version), "
                                        "comment FROM score WHERE reviewer = 'r3' AND pack = 'P1' "
                                        "AND indicator = '1.2'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), MERGE_SCHEMA_VERSION);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), comment_on(2, 0, "1.2"));
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(file);
    free(old);
}

/* r3 reopens P1, rewrites the comment on 1.2 (the scores unchanged) and
 * exports again: no conflict, and whichever order the two sheets come in,
 * the merge keeps the later words. */
static char *revised_sheet(void)
{
    char *path = path_in("r3.sqlite"), *out = path_in("r3-revised.jury");
    struct store *s = NULL;
    struct jury_error err = {0};
    struct checklist *cl = make_checklist();
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_reopen(s, "P1", "补充评语", &err), 0);
    assert_int_equal(store_set_comment(s, cl, "P1", "1.2", "补充：成果已推广至十二所院校", &err),
                     0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    unsigned char sk[64];
    assert_int_equal(keys_load_secret("r3", sk, &err), 0);
    assert_int_equal(store_export(s, sk, out, &err), 0);
    store_close(&s);
    checklist_free(&cl);
    free(path);
    return out;
}

static void merge_pair(const char *name, const char *first, const char *second)
{
    char *out = path_in(name), *file = jury_path_join(out, "merged.sqlite");
    struct merge *m = NULL;
    struct roster *ro = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    assert_int_equal(merge_open(&m, out, &err), 0);
    const char *files[] = {first, second};
    for (size_t i = 0; i < 2; i++) {
        struct merge_sheet_report rep;
        if (merge_import_file(m, files[i], ro, "kit1", false, &rep, &err) != 0)
            fail_msg("%s: %s", files[i], err.message);
        assert_int_equal(rep.n_conflicts, 0);
    }
    merge_close(&m);
    roster_free(&ro);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT comment FROM score WHERE reviewer = 'r3' AND "
                                        "pack = 'P1' AND indicator = '1.2'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "补充：成果已推广至十二所院校");
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(file);
    free(out);
}

static void test_comment_revised(void **state)
{
    (void)state;
    char *revised = revised_sheet();
    merge_pair("rev-a", sheets[2], revised);
    merge_pair("rev-b", revised, sheets[2]);
    free(revised);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_and_html),
        cmocka_unit_test(test_one_document),
        cmocka_unit_test(test_without_decisions),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_schema_1_migrated),
        cmocka_unit_test(test_comment_revised),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
