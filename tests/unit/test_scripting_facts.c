/* test_scripting_facts.c - the DSL of rules/lib through the C engine:
 * declared facts in source order, each check's facts, severities and default
 * notes in the model; warn/info conditions never decide eligibility;
 * deductions evaluated; values read as typed; mistakes reported at the rule
 * file's line. Rule files are written by the test; the lib is the shipped
 * rules/lib (JURY_SHARE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scripting/rules.h"

static char tmpdir[256];

static int setup_all(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jury-test-facts-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_all(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_rule(const char *name, const char *text)
{
    char *path = jury_path_join(tmpdir, name);
    assert_int_equal(jury_write_file_atomic(path, text, strlen(text), 0600, NULL), 0);
    return path;
}

static const char demo[] =
    "ruleset{ id = 'demo', name = '示例', version = '1', source = 's', total = 10, year = 2026 }\n"
    "facts{\n"
    "  units  = { 'number', '家', '主持单位数' },\n"
    "  share  = { 'percent', '%', '占比' },\n"
    "  ok     = { 'bool', '', '符合', default = '组织方默认' },\n"
    "  hits   = { 'number', '起', '违规数' },\n"
    "}\n"
    "point{ '1', 'a', max = 10, default = '分值为组织方默认' }\n"
    "eligibility{\n"
    "  { 'E1', '主持单位不超过 3家', at_most('units', 3) },\n"
    "  { 'E2', '原则上占比不低于 70%', at_least('share', 70), severity = 'warn' },\n"
    "  { 'E3', '鼓励…', is_true('ok'), severity = 'info', default = '跨区域读作 ≥ 2' },\n"
    "}\n"
    "veto{ 'V1', '存在问题', fact = 'ok' }\n"
    "deduction{ 'D1', '违规酌情扣分', max = 5, fact = 'hits' }\n"
    "deduction{ 'D2', '其他酌情扣分', max = 2 }\n";

static struct ruleset *load(const char *name, const char *text)
{
    char *path = write_rule(name, text);
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    int rc = rules_load(&rs, path, NULL, &err);
    if (rc != 0)
        fail_msg("%s: %s: %s", name, err.where, err.message);
    free(path);
    return rs;
}

static void test_model(void **state)
{
    (void)state;
    struct ruleset *rs = load("demo.lua", demo);
    const struct rules_fact_decl *f;
    assert_int_equal(ruleset_facts(rs, &f), 4);
    /* in the order written, not sorted */
    assert_string_equal(f[0].name, "units");
    assert_string_equal(f[0].type, "number");
    assert_string_equal(f[0].unit, "家");
    assert_string_equal(f[0].label, "主持单位数");
    assert_string_equal(f[1].name, "share");
    assert_string_equal(f[1].unit, "%");
    assert_string_equal(f[2].default_note, "组织方默认");
    assert_non_null(ruleset_fact(rs, "hits"));
    assert_null(ruleset_fact(rs, "nope"));

    const struct rules_item *c;
    assert_int_equal(ruleset_items(rs, RULES_SEC_CONDITIONS, &c), 3);
    assert_string_equal(c[0].severity, "required");
    assert_string_equal(c[1].severity, "warn");
    assert_string_equal(c[2].severity, "info");
    assert_string_equal(c[2].default_note, "跨区域读作 ≥ 2");
    assert_int_equal(c[0].n_facts, 1);
    assert_string_equal(c[0].facts[0], "units");
    const struct rules_item *v, *d;
    assert_int_equal(ruleset_items(rs, RULES_SEC_VETOES, &v), 1);
    assert_string_equal(v[0].facts[0], "ok");
    assert_int_equal(ruleset_items(rs, RULES_SEC_DEDUCTIONS, &d), 2);
    assert_true(d[0].has_check);
    assert_false(d[1].has_check);
    assert_true(d[0].max == 5);

    const char *note = NULL;
    bool optional = true;
    assert_true(ruleset_indicator_marks(rs, "1", &note, &optional));
    assert_string_equal(note, "分值为组织方默认");
    assert_false(optional);
    struct ruleset_info info;
    ruleset_info(rs, &info);
    assert_int_equal(info.year, 2026);
    ruleset_free(&rs);
}

static const struct rules_check *by_id(const struct rules_check *v, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].id, id))
            return &v[i];
    fail_msg("no %s", id);
    return NULL;
}

static void test_eval(void **state)
{
    (void)state;
    struct ruleset *rs = load("demo.lua", demo);
    /* typed as people do: 2家, 38％ (full-width), 否, 1 violation */
    struct rules_fact facts[] = {
        {.name = "units", .kind = RULES_STRING, .str = "2家"},
        {.name = "share", .kind = RULES_STRING, .str = "38％"},
        {.name = "ok", .kind = RULES_STRING, .str = "否"},
        {.name = "hits", .kind = RULES_NUMBER, .number = 1},
    };
    struct rules_pack_view pk = {.facts = facts, .n_facts = 4};
    struct rules_result *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
    assert_int_equal(by_id(r->conditions, r->n_conditions, "E1")->result, RULES_PASS);
    assert_int_equal(by_id(r->conditions, r->n_conditions, "E2")->result, RULES_FAIL);
    assert_non_null(strstr(by_id(r->conditions, r->n_conditions, "E2")->detail, "38%"));
    assert_int_equal(by_id(r->conditions, r->n_conditions, "E3")->result, RULES_FAIL);
    /* E2 (warn) and E3 (info) fail, yet only E1 decides */
    assert_int_equal(r->eligible, RULES_YES);
    assert_int_equal(r->n_deductions, 2);
    assert_int_equal(by_id(r->deductions, 2, "D1")->result, RULES_FAIL); /* applies */
    assert_int_equal(by_id(r->deductions, 2, "D2")->result, RULES_CONFIRM);
    assert_int_equal(by_id(r->vetoes, r->n_vetoes, "V1")->result, RULES_PASS);
    rules_result_free(&r);

    /* a value that cannot be read: nodata, the value and the fact named */
    facts[0].str = "3个月\r\n";
    assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
    const struct rules_check *e1 = by_id(r->conditions, r->n_conditions, "E1");
    assert_int_equal(e1->result, RULES_NODATA);
    assert_non_null(strstr(e1->detail, "主持单位数（units）"));
    assert_non_null(strstr(e1->detail, "3个月"));
    assert_null(strchr(e1->detail, '\r'));
    assert_int_equal(r->eligible, RULES_UNKNOWN);
    rules_result_free(&r);
    ruleset_free(&rs);
}

/* Mistakes: a load error at the rule file's own line, never a lib line. */
static void expect_error(const char *name, const char *body, int line, const char *msg)
{
    char text[2048], want[300];
    snprintf(text, sizeof text,
             "ruleset{ id = 'x', name = 'x', version = '1', source = 's', total = 10 }\n"
             "facts{ n = { 'number', '年', '年限' }, b = { 'bool', '', '是否' } }\n"
             "point{ '1', 'a', max = 10 }\n%s\n",
             body);
    char *path = write_rule(name, text);
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    assert_int_not_equal(rules_load(&rs, path, NULL, &err), 0);
    snprintf(want, sizeof want, "%s:%d", name, line);
    if (!strstr(err.where, want) || !strstr(err.message, msg))
        fail_msg("%s: got %s: %s", name, err.where, err.message);
    free(path);
}

static void test_mistakes(void **state)
{
    (void)state;
    expect_error("m1.lua", "autocheck{ 'A1', 't', at_least('m', 1) }", 4,
                 "fact 'm' is not declared");
    expect_error("m2.lua", "\n\nautocheck{ 'A1', 't', at_least(10, 'n') }", 6,
                 "argument 1 (the fact name) must be a string, not number 10");
    expect_error("m3.lua", "autocheck{ 'A1', 't', between('n', 5, 2) }", 4,
                 "lower bound 5 is above upper bound 2");
    expect_error("m4.lua", "autocheck{ 'A1', 't', k_of_n(0, { is_true('b') }) }", 4,
                 "k_of_n: k = 0 must be a whole number from 1 to 1");
    expect_error("m5.lua", "veto{ 'V1', 't', check = negate(is_false('b')) }", 4,
                 "its check passes when the problem is present");
    expect_error("m6.lua", "autocheck{ 'A1', 't', is_true('b'), indicatr = '1' }", 4,
                 "unknown key 'indicatr'");
    expect_error("m7.lua", "point_group('2', 't', 4, { 'a' }, 'ABCDE')", 4,
                 "unknown levels 'ABCDE'");
    expect_error("m8.lua", "autocheck{ 'A1', 't', one_of('n', { 'a' }) }", 4,
                 "fact 'n' is declared number; one_of reads text");
    expect_error("m9.lua", "facts{ n = { 'number', '', 'again' } }", 4, "declared twice");
    expect_error("m10.lua", "facts{ z = { 'numbr', '', 'z' } }", 4, "type must be number");
}

/* A variant typed with spaces around it (a table cell) still chooses it. */
static void test_variant_typed(void **state)
{
    (void)state;
    struct ruleset *rs = load(
        "v.lua", "ruleset{ id = 'v', name = 'v', version = '1', source = 's', total = 10 }\n"
                 "facts{ kind = { 'text', '', '类型', values = { '中职学校', '高职学校' } } }\n"
                 "variant{ fact = 'kind', values = { '中职学校', '高职学校' } }\n"
                 "point{ '1', 'a', max = 5, variants = { '中职学校' } }\n"
                 "point{ '2', 'b', max = 5 }\n"
                 "point{ '3', 'c', max = 5, variants = { '高职学校' } }\n");
    assert_string_equal(ruleset_variant(rs, " 高职学校\xe3\x80\x80"), "高职学校");
    assert_null(ruleset_variant(rs, "大学"));
    struct checklist *cl = ruleset_checklist(rs, "高职学校 ");
    assert_string_equal(cl->variant, "高职学校");
    assert_int_equal(cl->n_indicators, 2);
    checklist_free(&cl);
    struct rules_fact f = {.name = "kind", .kind = RULES_STRING, .str = " 中职学校 "};
    struct rules_pack_view pk = {.facts = &f, .n_facts = 1};
    struct rules_result *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
    assert_string_equal(r->variant, "中职学校");
    rules_result_free(&r);
    ruleset_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_eval),
        cmocka_unit_test(test_mistakes),
        cmocka_unit_test(test_variant_typed),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
