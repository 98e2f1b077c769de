/* tui_int.h - private to tui/: the workbench state, screens, actions, keys.
 *
 * Flow (htop/ncdu style): the main loop reads a key, finds its action in the
 * key table for the current context, runs it; the action changes the state
 * and returns what needs redrawing (enum tui_redraw); only the main loop
 * draws. Data comes from app/ through bridge.c alone. */
#ifndef JURY_TUI_INT_H
#define JURY_TUI_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <libintl.h>

#include "tui/text_int.h"
#include "tui/tui.h"

#define _(s)  gettext(s)
#define N_(s) (s)

/* What an action asks the main loop to do. */
enum tui_redraw {
    TUI_NONE = 0,
    TUI_DRAW = 1 << 0,     /* redraw the screen */
    TUI_RELAYOUT = 1 << 1, /* sizes changed: rewrap, then redraw */
    TUI_QUIT = 1 << 2,
    TUI_UNHANDLED = 1 << 3, /* the key means nothing here */
};

/* Where a key is looked up, most specific first. */
enum tui_ctx {
    CTX_ALL = 1 << 0,
    CTX_LIST = 1 << 1,   /* the pack list screen */
    CTX_PACK = 1 << 2,   /* the pack view, any pane */
    CTX_TREE = 1 << 3,   /* the evidence tree pane */
    CTX_VIEW = 1 << 4,   /* the viewer pane */
    CTX_CHECK = 1 << 5,  /* the checklist pane */
    CTX_RESULT = 1 << 6, /* cross-pack search results */
    CTX_RANK = 1 << 7,   /* the chair's ranking and drill-down */
};

enum tui_screen_id { SCREEN_LIST, SCREEN_PACK, SCREEN_RESULT, SCREEN_RANK, SCREEN_DETAIL };

/* A scrolling list position (pure: no curses). */
struct tui_list {
    size_t n, cur, top;
};
void list_move(struct tui_list *l, long delta);
void list_set(struct tui_list *l, size_t n);
/* Keep cur visible in `rows` rows. */
void list_fit(struct tui_list *l, int rows);

/* The text viewer widget. */
struct viewer {
    struct tv_doc doc;
    struct tv_wrap wrap;
    char *title; /* the file shown (sanitised display path) */
    char *note;  /* e.g. "image/png 800x600" or an extraction error */
    size_t top;  /* first display row */
    int width, height;
    struct tv_match *matches;
    size_t n_matches, cur_match;
    char *needle;
    bool loaded;
};

void viewer_set(struct viewer *v, const char *title, const char *const *pages, size_t n,
                const char *note);
void viewer_free(struct viewer *v);
void viewer_resize(struct viewer *v, int width, int height);
void viewer_scroll(struct viewer *v, long rows);
void viewer_home(struct viewer *v);
void viewer_end(struct viewer *v);
/* 1-based page shown at the top, and the page count. */
size_t viewer_page(const struct viewer *v);
size_t viewer_pages(const struct viewer *v);
void viewer_goto_page(struct viewer *v, size_t page1);
/* Display rows from the top page's first row to the top (what a place
 * keeps: a page and rows into it, so another width lands on the same page),
 * and back: show page1 with that offset, kept inside the page. */
long viewer_offset(const struct viewer *v);
void viewer_offset_set(struct viewer *v, int page1, long rows);
/* Search; returns the match count. Shows the first match at or after the top. */
size_t viewer_search(struct viewer *v, const char *needle);
/* Move to the next (dir > 0) or previous match; false when there is none. */
bool viewer_next(struct viewer *v, int dir);
void viewer_draw(struct viewer *v, struct tui_rect r, bool focused);

/* The one-line prompt at the bottom: a label, the editor, what to do on
 * Enter, and (optionally) a check run as the text is typed. */
struct tui;
enum prompt_mode {
    PROMPT_TEXT,    /* a line of text; Enter accepts */
    PROMPT_YESNO,   /* one key: y acts, n or Esc cancels, others are swallowed */
    PROMPT_REFUSED, /* an action refused: keys typed after it are swallowed
                       until Esc or Enter, so none of them runs as a command */
};
struct tui_prompt {
    bool active;
    enum prompt_mode mode;
    char label[1024];
    struct tui_input in;
    int (*done)(struct tui *t, const char *text);
    /* Returns NULL when fine, else a message shown beside the field. */
    const char *(*check)(struct tui *t, const char *text);
    char hint[256];
    char arg[256];   /* what the prompt is about (an indicator id, a pack) */
    char value[64];  /* a value carried to a second prompt (a deduction) */
    char text[1024]; /* text carried to the y/n question (a reason, a path) */
};

struct bridge; /* bridge.c: the app/ session and the rows the screens show */

struct tui {
    int cols, lines;
    enum tui_screen_id screen, back;
    int focus; /* PANE_* on the pack screen */
    bool tabs; /* panes shown one at a time */
    struct tui_rect pane[PANE_COUNT];
    bool help;
    size_t help_top;
    struct tui_prompt prompt;
    char msg[1024];
    bool msg_err;
    struct tui_list packs, tree, check, results, rank, detail;
    struct viewer view;
    struct bridge *b;
    struct chair *chair; /* the chair's view instead of a review session */
    int draws;           /* count of full draws, for the bench */
    int key;             /* the key being dispatched (a digit's value) */
    char *notice;        /* a boxed text over the screen; any key closes it */
    char notice_title[128];
    char *banner; /* lines above the key bar until the next key */
};

/* A named action: the ':' command line reaches it by name. */
struct tui_action {
    const char *name;
    int (*run)(struct tui *t);
    unsigned ctx; /* where it applies */
    const char *help;
};

struct tui_key {
    unsigned ctx;
    int key; /* a character, or a KEY_* code when code is true */
    bool code;
    const char *action;
    const char *label; /* shown in help: "j / Down" */
};

extern const struct tui_action tui_actions[];
extern const size_t tui_n_actions;
extern const struct tui_key tui_keys[];
extern const size_t tui_n_keys;

/* The contexts active now, most specific first. */
unsigned tui_ctx_now(const struct tui *t);
const struct tui_action *tui_action_find(const char *name);
/* Run an action by name; TUI_UNHANDLED when unknown or not here. */
int tui_action_run(struct tui *t, const char *name);
/* Dispatch a key through the table. */
int tui_key_dispatch(struct tui *t, int key, bool code);

/* Message line. */
void tui_say(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_err(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_err_show(struct tui *t, const struct jury_error *err);
/* A message of the layers below in the reviewer's language (errtext.c);
 * returns out, or the English as it came when no translation is known. */
const char *tui_err_translate(const char *msg, char *out, size_t size);
/* The same for "file:line: message" (the rule engine's details): the
 * message translated, the place kept. */
const char *tui_err_translate_at(const char *text, char *out, size_t size);

/* Open the prompt. */
void prompt_open(struct tui *t, const char *label, const char *initial, size_t limit,
                 int (*done)(struct tui *t, const char *text),
                 const char *(*check)(struct tui *t, const char *text));
/* Ask a single-key question (the label should name the pack); done runs
 * with "y" only when y is pressed. */
void prompt_yesno(struct tui *t, const char *question,
                  int (*done)(struct tui *t, const char *text));
/* Refuse an action that would have opened a prompt: the message shows and
 * the keys typed after it are swallowed until Esc or Enter. */
int prompt_refuse(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int prompt_key(struct tui *t, wint_t ch, bool code);
void prompt_draw(struct tui *t);

/* Drawing helpers on stdscr: clip to w columns (never half a glyph), pad. */
int draw_text(int y, int x, int w, const char *s, attr_t attr);
void draw_blank(int y, int x, int w, attr_t attr);
void draw_box_title(struct tui_rect r, const char *title, bool focused);
enum { PAIR_SEL = 1, PAIR_MATCH, PAIR_ERR, PAIR_OK, PAIR_DIM, PAIR_BAR };
attr_t tui_attr(int pair);

/* Screens. */
void list_draw(struct tui *t);
void tui_pack_draw(struct tui *t);
/* The pack screen's panes, shared by pack.c and checklist.c. */
void checklist_draw(struct tui *t, struct tui_rect r, bool focused);
int checklist_enter(struct tui *t);
const char *tui_pack_current_file(struct tui *t);
void tui_pack_save_position(struct tui *t, const char *indicator);
void result_draw(struct tui *t);
void help_draw(struct tui *t);
/* Show `text` (paragraphs split by newlines) in a box until a key is pressed. */
void notice_set(struct tui *t, const char *text);
/* The same under another title than the kit seal's. */
void notice_set_titled(struct tui *t, const char *title, const char *text);
void notice_draw(struct tui *t);
/* Show `text` above the key bar until the next key (which still acts). */
void banner_set(struct tui *t, const char *text);
void banner_draw(struct tui *t);
void chair_rank_draw(struct tui *t);
void chair_detail_draw(struct tui *t);
void tui_draw(struct tui *t);
int tui_mouse(struct tui *t, MEVENT *ev);

/* Layout of the current screen for t->cols x t->lines. */
void tui_layout(struct tui *t);

#endif
