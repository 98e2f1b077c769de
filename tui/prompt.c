/* prompt.c - the one-line prompt: full Unicode through get_wch, a limit in
 * characters, the real cursor at the caret (so an input method's candidate
 * window appears there), and an optional check run as the text is typed. */
#include "tui/tui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void prompt_close(struct tui *t);

void prompt_open(struct tui *t, const char *label, const char *initial, size_t limit,
                 int (*done)(struct tui *t, const char *text),
                 const char *(*check)(struct tui *t, const char *text))
{
    struct tui_prompt *p = &t->prompt;
    p->active = true;
    p->mode = PROMPT_TEXT;
    snprintf(p->label, sizeof p->label, "%s", label);
    input_set(&p->in, initial, limit);
    input_end(&p->in);
    p->done = done;
    p->check = check;
    p->hint[0] = '\0';
    t->msg[0] = '\0';
}

void prompt_yesno(struct tui *t, const char *question, int (*done)(struct tui *t, const char *text))
{
    prompt_open(t, question, "", 1, done, NULL);
    t->prompt.mode = PROMPT_YESNO;
}

int prompt_refuse(struct tui *t, const char *fmt, ...)
{
    char msg[sizeof t->prompt.label];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    prompt_open(t, msg, "", 0, NULL, NULL);
    t->prompt.mode = PROMPT_REFUSED;
    return TUI_DRAW;
}

/* The keys of a y/n question or a refusal: nothing typed is kept. */
static int prompt_key_short(struct tui *t, wint_t ch, bool code)
{
    struct tui_prompt *p = &t->prompt;
    bool esc = !code && (ch == 27 || ch == 3 || ch == 7);
    if (p->mode == PROMPT_REFUSED) {
        if (esc || (!code && (ch == '\r' || ch == '\n')) || (code && ch == KEY_ENTER))
            prompt_close(t);
        else
            snprintf(p->hint, sizeof p->hint, "%s", _("Esc to go on"));
        return TUI_DRAW;
    }
    if (!code && (ch == 'y' || ch == 'Y')) {
        prompt_close(t);
        return p->done ? p->done(t, "y") | TUI_DRAW : TUI_DRAW;
    }
    if (esc || (!code && (ch == 'n' || ch == 'N'))) {
        prompt_close(t);
        tui_say(t, "%s", _("Cancelled."));
        return TUI_DRAW;
    }
    snprintf(p->hint, sizeof p->hint, "%s", _("Press y or n."));
    return TUI_DRAW;
}

static void prompt_recheck(struct tui *t)
{
    struct tui_prompt *p = &t->prompt;
    p->hint[0] = '\0';
    if (!p->check)
        return;
    char *s = input_text(&p->in);
    const char *why = p->check(t, s);
    if (why)
        snprintf(p->hint, sizeof p->hint, "%s", why);
    free(s);
}

/* A box shown with the prompt (a summary, a warning) goes with it. */
static void prompt_close(struct tui *t)
{
    t->prompt.active = false;
    free(t->notice);
    t->notice = NULL;
}

static int prompt_finish(struct tui *t)
{
    struct tui_prompt *p = &t->prompt;
    char *s = input_text(&p->in);
    int (*done)(struct tui *, const char *) = p->done;
    prompt_close(t);
    int r = done ? done(t, s) : TUI_DRAW;
    free(s);
    return r | TUI_DRAW;
}

static int prompt_code(struct tui *t, int key)
{
    struct tui_input *in = &t->prompt.in;
    switch (key) {
    case KEY_LEFT:
        input_move(in, -1);
        break;
    case KEY_RIGHT:
        input_move(in, 1);
        break;
    case KEY_HOME:
        input_home(in);
        break;
    case KEY_END:
        input_end(in);
        break;
    case KEY_BACKSPACE:
        input_backspace(in);
        break;
    case KEY_DC:
        input_delete(in);
        break;
    case KEY_ENTER:
        return prompt_finish(t);
    default:
        return TUI_DRAW; /* other keys are ignored while typing */
    }
    return TUI_DRAW;
}

int prompt_key(struct tui *t, wint_t ch, bool code)
{
    struct tui_input *in = &t->prompt.in;
    if (t->prompt.mode != PROMPT_TEXT)
        return prompt_key_short(t, ch, code);
    if (code) {
        int r = prompt_code(t, (int)ch);
        if (t->prompt.active)
            prompt_recheck(t);
        return r;
    }
    switch (ch) {
    case 27: /* Esc */
    case 3:  /* Ctrl-C */
    case 7:  /* Ctrl-G */
        prompt_close(t);
        tui_say(t, "%s", _("Cancelled."));
        return TUI_DRAW;
    case '\r':
    case '\n':
        return prompt_finish(t);
    case 127:
    case 8:
        input_backspace(in);
        break;
    case 1:
        input_home(in);
        break;
    case 5:
        input_end(in);
        break;
    case 21:
        input_kill_line(in);
        break;
    default:
        if (!input_insert(in, (wchar_t)ch) && ch >= 0x20)
            snprintf(t->prompt.hint, sizeof t->prompt.hint, _("At most %zu characters."),
                     in->limit);
        else
            prompt_recheck(t);
        return TUI_DRAW;
    }
    prompt_recheck(t);
    return TUI_DRAW;
}

/* The prompt on the message line: label, field, hint; the cursor at the
 * caret. Wide characters are drawn one cchar at a time from the scroll
 * position so the caret column is exact. */
void prompt_draw(struct tui *t)
{
    struct tui_prompt *p = &t->prompt;
    int y = t->lines - 2;
    if (p->mode != PROMPT_TEXT) { /* the keys to press stay visible: the text gives way */
        attr_t a = p->mode == PROMPT_REFUSED ? tui_attr(PAIR_ERR) : A_BOLD;
        char tail[300];
        snprintf(tail, sizeof tail, " %s%s%s", p->mode == PROMPT_YESNO ? _("(y/n)") : "",
                 p->hint[0] && p->mode == PROMPT_YESNO ? " " : "", p->hint);
        int tw = text_cols(tail) < t->cols / 2 ? text_cols(tail) : t->cols / 2;
        int lw = draw_text(y, 0, t->cols - tw, p->label, a);
        draw_text(y, lw, t->cols - lw, tail, p->hint[0] ? tui_attr(PAIR_ERR) : A_BOLD);
        move(y, lw + tw < t->cols ? lw + tw : t->cols - 1);
        return;
    }
    int lw = draw_text(y, 0, t->cols, p->label, A_BOLD);
    int hint_w = p->hint[0] ? text_cols(p->hint) + 2 : 0;
    if (hint_w > t->cols / 2)
        hint_w = t->cols / 2;
    int fx = lw + 1, fw = t->cols - fx - hint_w;
    if (fw < 2) { /* a tiny terminal: the field wins over the label */
        fx = 0;
        fw = t->cols - hint_w > 2 ? t->cols - hint_w : t->cols;
        hint_w = t->cols - fw;
    }
    int caret = input_fit(&p->in, fw);
    int col = 0;
    move(y, fx);
    for (size_t i = p->in.scroll; i < p->in.len; i++) {
        int w = utf8_cp_width((uint32_t)p->in.buf[i]);
        if (w < 0)
            w = 1;
        if (col + w > fw)
            break;
        wchar_t wc[2] = {p->in.buf[i], 0};
        cchar_t cc;
        setcchar(&cc, wc, A_UNDERLINE, 0, NULL);
        add_wch(&cc);
        col += w;
    }
    for (; col < fw; col++)
        addch(' ' | A_UNDERLINE);
    if (hint_w > 0)
        draw_text(y, fx + fw, hint_w, p->hint, tui_attr(PAIR_ERR));
    move(y, fx + caret);
}

static void tui_vsay(struct tui *t, bool is_err, const char *fmt, va_list ap)
{
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    t->msg_err = is_err;
}

void tui_say(struct tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tui_vsay(t, false, fmt, ap);
    va_end(ap);
}

void tui_err(struct tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tui_vsay(t, true, fmt, ap);
    va_end(ap);
}

/* A path's last two parts ("…/rules/task1.lua:119"): on one status line
 * the message matters more than the folders above the file. */
static const char *where_short(const char *where)
{
    const char *last = strrchr(where, '/');
    if (!last || last == where)
        return where;
    const char *p = last;
    while (p > where && p[-1] != '/')
        p--;
    return p > where + 1 ? p : where;
}

void tui_err_show(struct tui *t, const struct jury_error *err)
{
    char buf[2400], msg[1100];
    tui_err_translate(err->message, msg, sizeof msg);
    const char *w = where_short(err->where);
    if (err->where[0])
        snprintf(buf, sizeof buf, "%s%s: %s", w == err->where ? "" : "…/", w, msg);
    else
        jury_error_text(err, buf, sizeof buf);
    char *safe = utf8_sanitize(buf, strlen(buf));
    tui_err(t, "%s", safe);
    free(safe);
}
