/* test_escape.c - the one way out for untrusted text: terminal, CSV,
 * Markdown, HTML, XLSX and report-markup escapers (core/escape.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Everything an applicant could put in a name to drive a terminal. */
static const char hostile[] = "a\x1b]0;pwned\x07 b\x1b[2J c\x1b]52;c;Y2F0\x07 d\xe2\x80\xae"
                              "e\xe2\x81\xa6 f\x7f g\xc2\x9b h\r\n i\xff";

static bool has_raw_controls(const char *s)
{
    for (size_t i = 0; s[i];) {
        uint32_t cp;
        int k = utf8_decode(s + i, strlen(s + i), &cp);
        if (k < 0 || esc_unsafe_cp(cp))
            return true;
        i += (size_t)k;
    }
    return false;
}

static void test_term(void **state)
{
    (void)state;
    char *t = esc_term_dup(hostile);
    assert_false(has_raw_controls(t));
    assert_non_null(strstr(t, "\\x1b]0;pwned\\x07"));
    assert_non_null(strstr(t, "\\u202e"));
    assert_non_null(strstr(t, "\\u2066"));
    assert_non_null(strstr(t, "\\x7f"));
    assert_non_null(strstr(t, "\\x9b"));
    assert_non_null(strstr(t, "\\xff"));
    free(t);
    t = esc_term_dup("评审 ok\tx");
    assert_string_equal(t, "评审 ok\\x09x");
    free(t);
    t = esc_term_dup(NULL);
    assert_string_equal(t, "");
    free(t);
    struct jstr b = {0};
    esc_term_lines(&b, "line 1\n\tline\x1b 2\n", 16);
    assert_string_equal(jstr_cstr(&b), "line 1\n\tline\\x1b 2\n");
    jstr_free(&b);
}

static char *csv1(const char *s, bool numeric)
{
    struct jstr b = {0};
    esc_csv(&b, s, numeric, true);
    return jstr_take(&b);
}

static void test_csv_injection(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool numeric;
        const char *out;
    } cases[] = {
        {"=HYPERLINK(\"http://x\",\"y\")", false,
         "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"},
        {"+cmd|' /C calc'!A0", false, "\"'+cmd|' /C calc'!A0\"\r\n"},
        {"-2+3+cmd|' /C calc'!A0", false, "\"'-2+3+cmd|' /C calc'!A0\"\r\n"},
        {"@SUM(1+1)*cmd|' /C calc'!A0", false, "\"'@SUM(1+1)*cmd|' /C calc'!A0\"\r\n"},
        {"\t=1", false, "\"'\\x09=1\"\r\n"},
        {"\r=1", false, "\"'\\x0d=1\"\r\n"},
        {"-12.5", true, "-12.5\r\n"},       /* a real negative number in a numeric column */
        {"-12.5", false, "\"'-12.5\"\r\n"}, /* the same text as a name is neutralised */
        {"-1e3", true, "\"'-1e3\"\r\n"},
        {"-2+3", true, "\"'-2+3\"\r\n"},
        {"张三, 学院", false, "\"张三, 学院\"\r\n"},
        {"a\xe2\x80\xae"
         "b",
         false, "a\\u202eb\r\n"},
        {"", true, "\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = csv1(cases[i].in, cases[i].numeric);
        assert_string_equal(t, cases[i].out);
        free(t);
    }
    /* round trip: what we write parses back to one cell per field */
    struct jstr b = {0};
    esc_csv(&b, "=1+1", false, false);
    esc_csv(&b, hostile, false, false);
    esc_csv(&b, "-3", true, true);
    struct csv *c = NULL;
    struct jury_error err = {0};
    assert_int_equal(csv_parse(b.s, b.len, "t.csv", &c, NULL, &err), 0);
    assert_int_equal(c->nrows, 1);
    assert_int_equal(c->ncols[0], 3);
    assert_string_equal(csv_get(c, 0, 0), "'=1+1");
    assert_false(has_raw_controls(csv_get(c, 0, 1)));
    assert_string_equal(csv_get(c, 0, 2), "-3");
    csv_free(&c);
    jstr_free(&b);
}

static void test_markdown(void **state)
{
    (void)state;
    struct jstr b = {0};
    esc_markdown(&b, "<script>alert('x')</script> *b* [l](http://e) | `c` & \xe2\x80\xae");
    const char *s = jstr_cstr(&b);
    assert_null(strstr(s, "<script"));
    assert_non_null(strstr(s, "&lt;script"));
    assert_non_null(strstr(s, "\\*b\\*"));
    assert_non_null(strstr(s, "\\[l\\]"));
    assert_non_null(strstr(s, "\\|"));
    assert_non_null(strstr(s, "\\`c\\`"));
    assert_non_null(strstr(s, "&amp;"));
    assert_non_null(strstr(s, "\\u202e"));
    jstr_clear(&b);
    esc_markdown(&b, "# title\nnext");
    assert_string_equal(jstr_cstr(&b), "\\# title\\x0anext");
    jstr_free(&b);
}

static void test_html(void **state)
{
    (void)state;
    struct jstr b = {0};
    const char *in = "<a href='x' onclick=\"y\">&\xe2\x81\xa7</a>";
    esc_html(&b, in, strlen(in));
    assert_string_equal(jstr_cstr(&b), "&lt;a href=&#39;x&#39; onclick=&quot;y&quot;&gt;&amp;"
                                       "\\u2067&lt;/a&gt;");
    jstr_free(&b);
}

static void test_xlsx_markup(void **state)
{
    (void)state;
    char *t = esc_xlsx_dup("=1+1\x1b");
    assert_string_equal(t, "=1+1\\x1b"); /* written as a string cell: never a formula */
    free(t);
    char *big = malloc(40000);
    memset(big, 'x', 39999);
    big[39999] = '\0';
    t = esc_xlsx_dup(big);
    assert_int_equal(strlen(t), 32767);
    free(t);
    free(big);
    struct jstr b = {0};
    esc_markup(&b, "a|b\nc\xe2\x80\xae");
    assert_string_equal(jstr_cstr(&b), "a/b\\x0ac\\u202e");
    jstr_free(&b);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term),        cmocka_unit_test(test_csv_injection),
        cmocka_unit_test(test_markdown),    cmocka_unit_test(test_html),
        cmocka_unit_test(test_xlsx_markup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
