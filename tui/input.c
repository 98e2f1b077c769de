/* input.c - the one-line editor's model: wide characters, a limit counted in
 * characters, a caret, and horizontal scrolling by display columns. */
#include "tui/text_int.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static void input_grow(struct tui_input *in, size_t need)
{
    if (need <= in->cap)
        return;
    size_t cap = in->cap ? in->cap : 64;
    while (cap < need)
        cap *= 2;
    in->buf = jury_xrealloc(in->buf, cap * sizeof *in->buf);
    in->cap = cap;
}

void input_set(struct tui_input *in, const char *utf8, size_t limit)
{
    in->len = in->caret = in->scroll = 0;
    in->limit = limit;
    input_grow(in, 64);
    size_t n = utf8 ? strlen(utf8) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(utf8 + i, n - i, &cp);
        if (k < 0) {
            cp = 0xFFFD;
            k = 1;
        }
        if (cp >= 0x20 && cp != 0x7F && !input_insert(in, (wchar_t)cp))
            break;
        i += (size_t)k;
    }
}

void input_free(struct tui_input *in)
{
    free(in->buf);
    memset(in, 0, sizeof *in);
}

bool input_insert(struct tui_input *in, wchar_t c)
{
    if ((c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0))
        return false;
    if (c == '\t')
        c = ' '; /* a pasted tab stays one visible character */
    if (in->limit && in->len >= in->limit)
        return false;
    input_grow(in, in->len + 1);
    memmove(in->buf + in->caret + 1, in->buf + in->caret, (in->len - in->caret) * sizeof c);
    in->buf[in->caret++] = c;
    in->len++;
    return true;
}

void input_backspace(struct tui_input *in)
{
    if (in->caret == 0)
        return;
    in->caret--;
    input_delete(in);
}

void input_delete(struct tui_input *in)
{
    if (in->caret >= in->len)
        return;
    memmove(in->buf + in->caret, in->buf + in->caret + 1,
            (in->len - in->caret - 1) * sizeof *in->buf);
    in->len--;
}

void input_move(struct tui_input *in, long delta)
{
    long c = (long)in->caret + delta;
    in->caret = c < 0 ? 0 : (size_t)c > in->len ? in->len : (size_t)c;
}

void input_home(struct tui_input *in)
{
    in->caret = 0;
}

void input_end(struct tui_input *in)
{
    in->caret = in->len;
}

void input_kill_line(struct tui_input *in)
{
    in->len = in->caret = in->scroll = 0;
}

char *input_text(const struct tui_input *in)
{
    struct jstr b = {0};
    char u[4];
    for (size_t i = 0; i < in->len; i++) {
        int k = utf8_encode((uint32_t)in->buf[i], u);
        jstr_addn(&b, u, (size_t)k);
    }
    return jstr_take(&b);
}

static int wc_cols(wchar_t c)
{
    int w = utf8_cp_width((uint32_t)c);
    return w < 0 ? 1 : w;
}

int input_fit(struct tui_input *in, int cols)
{
    if (cols < 2)
        cols = 2;
    /* Walk back from the caret as far as the field allows (the caret plus
     * one cell for the cursor must fit): as much text before the caret as
     * fits is shown, so a field that grows again (after a resize to 20x5)
     * shows everything once more. Linear, for a 10 KB paste. */
    size_t s = in->caret;
    int w = 0;
    while (s > 0) {
        int cw = wc_cols(in->buf[s - 1]);
        if (w + cw + 1 > cols)
            break;
        w += cw;
        s--;
    }
    in->scroll = s;
    return w;
}
