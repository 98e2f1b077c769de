/* text_int.h - private to tui/: curses-free models behind the widgets.
 *
 * The viewer's document (pages split into display rows for a width, never
 * cutting a wide glyph), in-file search, the one-line input buffer and the
 * pane layout. Nothing here draws, so tests/unit/test_tui*.c can check it. */
#ifndef JURY_TUI_TEXT_INT_H
#define JURY_TUI_TEXT_INT_H

#include "core/core.h"

#include <wchar.h>

/* ------------------------------------------------------------ document */

/* Extracted text as logical lines: tabs expanded, CR dropped, controls and
 * bidi overrides made visible (utf8_sanitize). */
struct tv_doc {
    char **lines;
    size_t *line_page; /* 0-based page of each line */
    size_t n_lines;
    size_t *page_first; /* first line of each page */
    size_t n_pages;
};

/* A display row: bytes [off, off+len) of logical line `line`. */
struct tv_row {
    size_t line;
    size_t off;
    size_t len;
};

struct tv_wrap {
    struct tv_row *rows;
    size_t n;
    int width;
};

struct tv_match {
    size_t line;
    size_t off;
    size_t len;
};

/* Build from n pages of UTF-8 text (copied; NULL pages are empty). A
 * document always has at least one page. */
void tv_doc_build(struct tv_doc *d, const char *const *pages, size_t n);
void tv_doc_free(struct tv_doc *d);
/* Split every line into rows of at most `width` columns (>= 1). A wide glyph
 * is never cut; ASCII text breaks after a space when one is near the edge. */
void tv_wrap_build(struct tv_wrap *w, const struct tv_doc *d, int width);
void tv_wrap_free(struct tv_wrap *w);
/* First row of 0-based page p (clamped). */
size_t tv_wrap_page_row(const struct tv_wrap *w, const struct tv_doc *d, size_t p);
/* First row that shows byte `off` of line `line`. */
size_t tv_wrap_find(const struct tv_wrap *w, size_t line, size_t off);
/* Every occurrence of needle (ASCII case folded). *out is malloc'd (caller
 * frees); returns the count. An empty needle finds nothing. */
size_t tv_search(const struct tv_doc *d, const char *needle, struct tv_match **out);

/* ------------------------------------------------------------ input */

/* A one-line editor of wide characters. `limit` counts characters, not
 * bytes (0 = none). `scroll` is the first shown character. */
struct tui_input {
    wchar_t *buf;
    size_t len, cap, caret, limit, scroll;
};

void input_set(struct tui_input *in, const char *utf8, size_t limit);
void input_free(struct tui_input *in);
/* Insert one character at the caret; false when the limit is reached or the
 * character is a control. */
bool input_insert(struct tui_input *in, wchar_t c);
void input_backspace(struct tui_input *in);
void input_delete(struct tui_input *in);
void input_move(struct tui_input *in, long delta);
void input_home(struct tui_input *in);
void input_end(struct tui_input *in);
void input_kill_line(struct tui_input *in);
/* The text as UTF-8 (caller frees). */
char *input_text(const struct tui_input *in);
/* Choose `scroll` so the caret is visible in `cols` columns; returns the
 * caret's column relative to the field. */
int input_fit(struct tui_input *in, int cols);

/* ------------------------------------------------------------ layout */

struct tui_rect {
    int y, x, h, w;
};

enum { PANE_TREE, PANE_VIEWER, PANE_CHECK, PANE_COUNT };

/* Where the pack view's panes go on a cols x lines screen. Row 0 is the
 * title, the last two rows the message line and the key bar. With
 * cols >= 160 all three panes are side by side (*tabs false); below, only
 * `focus` is visible at full width (*tabs true: a tab strip on row 0). */
void layout_pack(int cols, int lines, int focus, struct tui_rect r[PANE_COUNT], bool *tabs);

/* Columns of a UTF-8 string, and its prefix fitting in cols (wrappers
 * kept here so widgets share one rule). */
int text_cols(const char *s);

#endif
