/* tui.c - tui_run and the main loop: read keys, run actions, draw. */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"
#include "tui/chair_int.h"
#include "tui/term_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <time.h>

void tui_layout(struct tui *t)
{
    getmaxyx(stdscr, t->lines, t->cols);
    layout_pack(t->cols, t->lines, t->focus, t->pane, &t->tabs);
    struct tui_rect v = t->pane[PANE_VIEWER];
    if (v.w > 0)
        viewer_resize(&t->view, v.w, v.h - 1);
    else if (t->tabs) /* hidden tab: wrap for the width it will have */
        viewer_resize(&t->view, t->cols, t->lines - 4);
}

/* The bottom bar: the main keys of the current screen, and on the right
 * Esc, ? and q, which stay visible however narrow the terminal (the main
 * keys give way, cut with an ellipsis). */
static void draw_bar(struct tui *t)
{
    const char *keys, *tail = _("Esc back  ? help  q quit");
    if (t->screen == SCREEN_LIST) {
        keys = _("Enter open  s sort  f filter  ! conflict  E export");
        tail = _("? help  q quit");
    } else if (t->screen == SCREEN_RESULT)
        keys = _("Enter jump");
    else if (t->screen == SCREEN_RANK || t->screen == SCREEN_DETAIL)
        keys = _("Enter reviewers by indicator");
    else if (t->focus == PANE_CHECK)
        keys =
            _("1-9 level  n next  Enter score  m comment  c cite  d deduct  S submit  F1 F2 panes");
    else
        keys = _("F1 F2 F3 panes  Enter open  g page  / search  F find  c cite  S submit");
    int tw = text_cols(tail) + 2;
    if (tw > t->cols)
        tw = t->cols;
    draw_text(t->lines - 1, 0, t->cols - tw, keys, tui_attr(PAIR_BAR));
    draw_text(t->lines - 1, t->cols - tw, tw, "", tui_attr(PAIR_BAR));
    draw_text(t->lines - 1, t->cols - tw + 2 > t->cols ? t->cols - tw : t->cols - tw + 2, tw - 2,
              tail, tui_attr(PAIR_BAR) | A_BOLD);
}

static void draw_msg(struct tui *t)
{
    if (t->prompt.active) {
        prompt_draw(t);
        return;
    }
    draw_text(t->lines - 2, 0, t->cols, t->msg, t->msg_err ? tui_attr(PAIR_ERR) : A_NORMAL);
}

/* Only this function draws; every action just returns TUI_DRAW. */
void tui_draw(struct tui *t)
{
    t->draws++;
    erase();
    if (t->screen == SCREEN_LIST)
        list_draw(t);
    else if (t->screen == SCREEN_PACK)
        tui_pack_draw(t);
    else if (t->screen == SCREEN_RANK)
        chair_rank_draw(t);
    else if (t->screen == SCREEN_DETAIL)
        chair_detail_draw(t);
    else
        result_draw(t);
    if (t->help)
        help_draw(t);
    if (t->banner)
        banner_draw(t);
    if (t->notice)
        notice_draw(t);
    draw_bar(t);
    draw_msg(t);
    curs_set(t->prompt.active ? 1 : 0);
    if (!t->prompt.active)
        move(t->lines - 1, t->cols - 1);
}

static int tui_handle(struct tui *t, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
        return TUI_RELAYOUT;
    if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
        MEVENT ev;
        return getmouse(&ev) == OK ? tui_mouse(t, &ev) : TUI_NONE;
    }
    if (t->prompt.active)
        return prompt_key(t, ch, rc == KEY_CODE_YES);
    if (t->notice) { /* the key only closes it: nothing is typed through */
        free(t->notice);
        t->notice = NULL;
        return TUI_DRAW;
    }
    if (t->help && !(rc == KEY_CODE_YES) && (ch == 27 || ch == 'q' || ch == '?')) {
        t->help = false;
        return TUI_DRAW;
    }
    if (t->msg[0])
        t->msg[0] = '\0';
    free(t->banner); /* seen: the key goes on to do its work */
    t->banner = NULL;
    int r = tui_key_dispatch(t, (int)ch, rc == KEY_CODE_YES);
    return r & TUI_UNHANDLED ? TUI_DRAW : r;
}

/* get_wch drops the bytes of a character split across reads when no more
 * input is waiting yet (a paste or an input method's commit cut by the kernel
 * or tmux under load, seen as lost text in a 10 KB paste): keys are read byte
 * by byte here and the UTF-8 decoding state outlives a read that finds
 * nothing, so the rest of the character completes it on the next read. */
static int read_key(wint_t *ch)
{
    static char pend[MB_LEN_MAX];
    static size_t npend;
    for (;;) {
        int c = getch();
        if (c == ERR)
            return ERR;
        if (c > 0xff) { /* a function key, resize or mouse event */
            npend = 0;
            *ch = (wint_t)c;
            return KEY_CODE_YES;
        }
        pend[npend++] = (char)c;
        wchar_t w = 0;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t r = mbrtowc(&w, pend, npend, &st);
        if (r == (size_t)-2 && npend < sizeof pend)
            continue;
        npend = 0;
        if (r == (size_t)-1 || r == (size_t)-2)
            continue; /* not UTF-8: dropped, as get_wch does */
        *ch = (wint_t)w;
        return OK;
    }
}

/* Read every key already waiting before drawing once: a 10 KB paste or an
 * input method's several committed characters cost one redraw. */
static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* With $JURY_TUI_TIMING naming a file, each batch of keys appends the
 * nanoseconds from its first key to the screen written (bench/tui.sh:
 * the workbench's own share, without the terminal's). */
static void timing_note(FILE *f, uint64_t *since)
{
    if (f && *since) {
        fprintf(f, "%llu\n", (unsigned long long)(now_ns() - *since));
        fflush(f);
    }
    *since = 0;
}

static int tui_loop(struct tui *t)
{
    int todo = TUI_RELAYOUT;
    const char *tp = getenv("JURY_TUI_TIMING");
    FILE *timing = tp && *tp ? fopen(tp, "a") : NULL;
    uint64_t since = 0;
    bool moved = false;
    while (!term_quit_flag) {
        if (todo & TUI_QUIT)
            break;
        if (todo & TUI_RELAYOUT)
            tui_layout(t);
        if (todo & (TUI_DRAW | TUI_RELAYOUT)) {
            tui_draw(t);
            refresh();
        }
        timing_note(timing, &since);
        todo = TUI_NONE;
        wint_t ch;
        bool idle = t->b && bridge_rows_idle(t->b); /* one rule set per pass */
        /* The position is saved once the keys pause (a store write costs an
         * fsync: never between a key and its screen). */
        timeout(idle ? 0 : moved ? 120 : 500);
        int rc = read_key(&ch);
        if (rc == ERR && moved) {
            if (t->screen == SCREEN_PACK)
                tui_pack_track(t);
            moved = false;
        }
        if (idle && rc == ERR && t->screen == SCREEN_LIST)
            todo |= TUI_DRAW;
        if (rc != ERR && timing)
            since = now_ns();
        while (rc != ERR) {
            moved = true;
            todo |= tui_handle(t, rc, ch);
            if (todo & TUI_QUIT)
                break;
            timeout(0);
            rc = read_key(&ch);
        }
    }
    if (t->screen == SCREEN_PACK) /* quitting, SIGTERM, SIGHUP: saved on the way out */
        tui_pack_track(t);
    if (timing)
        fclose(timing);
    return 0;
}

static void tui_start_position(struct tui *t)
{
    const char *pack, *file, *ind;
    int page;
    bridge_last_position(t->b, &pack, &file, &page, &ind);
    if (!pack)
        return;
    struct jury_error err = {0};
    if (bridge_pack_open_name(t->b, pack, &err) != 0) {
        tui_err_show(t, &err); /* the list instead, saying why */
        return;
    }
    if (tui_pack_enter_screen(t)) { /* the pack's own place is as fresh and says more */
        if (t->view.loaded)         /* a new start shows the page being read first */
            t->focus = PANE_VIEWER;
        tui_layout(t);
        return;
    }
    long f = file ? bridge_file_find(t->b, file) : -1;
    if (f >= 0)
        tui_pack_show_file(t, f, page, NULL, true);
    /* The indicator at the top of the checklist, its rows below it. */
    for (size_t i = 0; ind && i < bridge_item_count(t->b); i++) {
        const struct bridge_item *it = bridge_item(t->b, i);
        if (it->kind == BI_INDICATOR && it->id && strcmp(it->id, ind) == 0)
            t->check.cur = t->check.top = i;
    }
    tui_layout(t);
}

/* An unsealed or altered kit is said at once, over whatever screen opens;
 * it never blocks: the first key closes it and still does its work. */
static void seal_warn(struct tui *t)
{
    const char *w = bridge_seal_warning(t->b);
    if (!w)
        return;
    char text[2600];
    snprintf(text, sizeof text, "%s %s", w, _("(:verify shows the full report)"));
    banner_set(t, text);
}

int tui_run(const struct tui_options *opt, struct jury_error *err)
{
    tui_i18n_init();
    int rc = tui_check_terminal(err);
    if (rc)
        return rc;
    struct tui t;
    memset(&t, 0, sizeof t);
    if (chair_is_merged(opt->target)) {
        t.screen = SCREEN_RANK;
        rc = chair_open(&t.chair, opt->target, err);
    } else
        rc = bridge_open(&t.b, opt, err);
    if (rc)
        return rc;
    rc = term_start(err);
    if (rc == 0) {
        tui_layout(&t);
        if (t.b) {
            list_set(&t.packs, bridge_pack_count(t.b));
            tui_start_position(&t);
            seal_warn(&t);
        }
        tui_loop(&t);
        tui_pack_leave(&t);
        term_stop();
    }
    input_free(&t.prompt.in);
    viewer_free(&t.view);
    free(t.notice);
    free(t.banner);
    bridge_close(&t.b);
    chair_close(&t.chair);
    return rc;
}
