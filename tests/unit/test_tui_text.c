/* test_tui_text.c - the workbench's curses-free models: wrapping by display
 * width (never half a wide glyph), pages, in-file search, the one-line
 * input (limit in characters, 10 KB paste), the pane layout. The .c files
 * are compiled in here because tests do not link jury_tui (it needs curses). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/input.c"
#include "tui/text.c"

static int setup_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static int row_cols(const struct tv_doc *d, const struct tv_row *r)
{
    return utf8_width(d->lines[r->line] + r->off, r->len);
}

static void test_wrap_cjk_never_cut(void **state)
{
    (void)state;
    const char *page = "深化产教融合推进校企合作"; /* 12 glyphs, 24 columns */
    struct tv_doc d;
    struct tv_wrap w;
    tv_doc_build(&d, &page, 1);
    tv_wrap_build(&w, &d, 5); /* odd width: 2 glyphs per row, one column left */
    assert_int_equal(w.n, 6);
    for (size_t i = 0; i < w.n; i++) {
        assert_int_equal(row_cols(&d, &w.rows[i]), 4);
        assert_true(utf8_valid(d.lines[0] + w.rows[i].off, w.rows[i].len));
    }
    tv_wrap_free(&w);
    tv_wrap_build(&w, &d, 1); /* narrower than a glyph: still progresses */
    assert_int_equal(w.n, 12);
    tv_wrap_free(&w);
    tv_doc_free(&d);
}

static void test_wrap_words_and_controls(void **state)
{
    (void)state;
    const char *page = "hello world again\tx\x1b[31m\r\n\nend";
    struct tv_doc d;
    struct tv_wrap w;
    tv_doc_build(&d, &page, 1);
    assert_int_equal(d.n_lines, 3);
    assert_null(strchr(d.lines[0], '\x1b')); /* the escape is made visible */
    assert_null(strchr(d.lines[0], '\t'));
    assert_null(strchr(d.lines[0], '\r'));
    tv_wrap_build(&w, &d, 12);
    assert_memory_equal(d.lines[0] + w.rows[0].off, "hello world ", 12);
    assert_memory_equal(d.lines[0] + w.rows[1].off, "again", 5);
    assert_int_equal(w.rows[w.n - 2].len, 0); /* the empty line keeps a row */
    tv_wrap_free(&w);
    tv_doc_free(&d);
}

static void test_pages_and_search(void **state)
{
    (void)state;
    const char *pages[] = {"第一页\n无", "第二页\n产教融合 here",
                           "第三页\n产教融合 and 产教融合\n"};
    struct tv_doc d;
    struct tv_wrap w;
    tv_doc_build(&d, pages, 3);
    assert_int_equal(d.n_pages, 3);
    assert_int_equal(d.n_lines, 6); /* the trailing newline adds no line */
    tv_wrap_build(&w, &d, 6);
    size_t r = tv_wrap_page_row(&w, &d, 2);
    assert_int_equal(d.line_page[w.rows[r].line], 2);
    assert_int_equal(tv_wrap_page_row(&w, &d, 99), r); /* clamped to the last page */
    struct tv_match *m;
    assert_int_equal(tv_search(&d, "产教融合", &m), 3);
    assert_int_equal(d.line_page[m[0].line], 1);
    size_t row = tv_wrap_find(&w, m[2].line, m[2].off);
    assert_true(w.rows[row].off <= m[2].off && m[2].off < w.rows[row].off + w.rows[row].len);
    free(m);
    assert_int_equal(tv_search(&d, "HERE", &m), 1); /* ASCII case folded */
    free(m);
    assert_int_equal(tv_search(&d, "", &m), 0);
    tv_wrap_free(&w);
    tv_doc_free(&d);

    /* A phrase cut by a line break is found (not across pages). */
    const char *wrapped[] = {"近三\n年无投诉 and a line-\n  broken word 说明\r\n近三  \n年无投诉",
                             "近三"};
    tv_doc_build(&d, wrapped, 2);
    assert_int_equal(tv_search(&d, "近三年无投诉", &m), 2); /* trailing spaces and \r too */
    assert_int_equal(m[1].line, 3);
    free(m);
    assert_int_equal(tv_search(&d, "说明近三", &m), 1);
    free(m);
    assert_int_equal(tv_search(&d, "近三年无投诉", &m), 2);
    assert_int_equal(m[0].line, 0);
    assert_int_equal(m[0].len, strlen("近三"));
    free(m);
    assert_int_equal(tv_search(&d, "line- broken", &m), 1);
    free(m);
    assert_int_equal(tv_search(&d, "近三年", &m), 2); /* the second page's 近三 ends it */
    free(m);
    tv_doc_free(&d);
}

static void test_input_limit_and_paste(void **state)
{
    (void)state;
    struct tui_input in = {0};
    input_set(&in, "", 3);
    assert_true(input_insert(&in, L'评'));
    assert_true(input_insert(&in, L'审'));
    assert_true(input_insert(&in, L'意'));
    assert_false(input_insert(&in, L'见')); /* 3 characters, 9 bytes: full */
    input_move(&in, -1);
    input_backspace(&in);
    char *s = input_text(&in);
    assert_string_equal(s, "评意");
    free(s);
    assert_false(input_insert(&in, 0x1b)); /* controls never enter */
    /* A 10 KB paste arrives whole, and the caret stays in view. */
    input_set(&in, "", 20000);
    for (int i = 0; i < 3400; i++)
        assert_true(input_insert(&in, L'中'));
    s = input_text(&in);
    assert_int_equal(strlen(s), 3400 * 3);
    free(s);
    int caret = input_fit(&in, 20);
    assert_true(caret <= 19);
    assert_int_equal(in.scroll, 3400 - 9);
    assert_int_equal(input_fit(&in, 200), 198); /* a wider field shows more again */
    assert_int_equal(in.scroll, 3400 - 99);
    input_home(&in);
    assert_int_equal(input_fit(&in, 20), 0);
    assert_int_equal(in.scroll, 0);
    input_free(&in);
}

static void test_layout(void **state)
{
    (void)state;
    struct tui_rect r[PANE_COUNT];
    bool tabs;
    layout_pack(200, 50, PANE_TREE, r, &tabs);
    assert_false(tabs);
    assert_int_equal(r[PANE_CHECK].x + r[PANE_CHECK].w, 200);
    assert_int_equal(r[PANE_VIEWER].x, r[PANE_TREE].w + 1);
    layout_pack(80, 24, PANE_VIEWER, r, &tabs);
    assert_true(tabs);
    assert_int_equal(r[PANE_VIEWER].w, 80);
    assert_int_equal(r[PANE_TREE].w, 0);
    layout_pack(20, 5, PANE_CHECK, r, &tabs); /* tiny: still a row to show */
    assert_true(r[PANE_CHECK].h >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_cjk_never_cut),
        cmocka_unit_test(test_wrap_words_and_controls),
        cmocka_unit_test(test_pages_and_search),
        cmocka_unit_test(test_input_limit_and_paste),
        cmocka_unit_test(test_layout),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
