/* list.c - the pack list screen: applicant, task, state, my total, points
 * left, conflict marks; sort and filter. */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdio.h>
#include <string.h>

static int sort_key;
static const char *const sort_names[] = {N_("file"), N_("applicant"), N_("task"), N_("state"),
                                         N_("total")};

/* A cell of `w` columns: the text clipped (never half a glyph) and padded. */
static int cell(int y, int x, int w, const char *s, attr_t a)
{
    if (w <= 0)
        return x;
    draw_text(y, x, w, s ? s : "", a);
    return x + w + 1;
}

static void list_row(struct tui *t, int y, size_t i, bool sel)
{
    struct bridge_pack_row r;
    bridge_pack_row(t->b, i, &r);
    attr_t a = sel ? tui_attr(PAIR_SEL) | A_BOLD : A_NORMAL;
    char total[32], left[32];
    snprintf(total, sizeof total, "%.1f", r.total);
    if (r.left == SIZE_MAX) /* its rule set is still loading */
        snprintf(left, sizeof left, "-");
    else
        snprintf(left, sizeof left, "%zu", r.left);
    int w = t->cols, x = 0;
    /* Narrow screens drop the file name, then the task. */
    int wa = w >= 120 ? 36 : w >= 70 ? 24 : w - 20;
    int wt = w >= 100 ? 18 : w >= 70 ? 10 : 0;
    int wf = w >= 120 ? w - 2 - wa - wt - 12 - 8 - 6 - 8 : 0;
    x = cell(y, x, 2, r.conflict ? "!" : " ", a | tui_attr(PAIR_ERR));
    x = cell(y, x, wa, r.applicant, a);
    x = cell(y, x, wt, r.task, a);
    x = cell(y, x, 12, r.state, a);
    x = cell(y, x, 7, r.conflict ? _("conflict") : total, a);
    x = cell(y, x, 5, left, a);
    if (wf > 0)
        x = cell(y, x, wf, r.name, a);
    if (x < w)
        draw_blank(y, x, w - x, a);
}

void list_draw(struct tui *t)
{
    char title[512];
    const char *filter = bridge_pack_filter_text(t->b);
    snprintf(title, sizeof title, _("jury  %s  packs: %zu  sort: %s%s%s"), bridge_title(t->b),
             bridge_pack_count(t->b), _(sort_names[sort_key]), filter[0] ? _("  filter: ") : "",
             filter);
    draw_text(0, 0, t->cols, title, A_BOLD);
    int w = t->cols;
    int wa = w >= 120 ? 36 : w >= 70 ? 24 : w - 20;
    int wt = w >= 100 ? 18 : w >= 70 ? 10 : 0;
    int x = cell(1, 0, 2, "", A_UNDERLINE);
    x = cell(1, x, wa, _("Applicant"), A_UNDERLINE);
    x = cell(1, x, wt, _("Task"), A_UNDERLINE);
    x = cell(1, x, 12, _("State"), A_UNDERLINE);
    x = cell(1, x, 7, _("Total"), A_UNDERLINE);
    x = cell(1, x, 5, _("Left"), A_UNDERLINE);
    if (w >= 120)
        cell(1, x, w - x, _("File"), A_UNDERLINE);
    int rows = t->lines - 4;
    list_set(&t->packs, bridge_pack_count(t->b));
    list_fit(&t->packs, rows);
    for (int r = 0; r < rows && t->packs.top + (size_t)r < t->packs.n; r++)
        list_row(t, 2 + r, t->packs.top + (size_t)r, t->packs.top + (size_t)r == t->packs.cur);
    if (t->packs.n == 0)
        draw_text(3, 2, t->cols - 2, _("No packs here."), A_NORMAL);
}

int list_enter(struct tui *t)
{
    if (t->packs.n == 0)
        return TUI_DRAW;
    struct jury_error err = {0};
    if (bridge_pack_open(t->b, t->packs.cur, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    tui_pack_enter_screen(t);
    return TUI_RELAYOUT;
}

int list_sort(struct tui *t)
{
    sort_key = (sort_key + 1) % 5;
    bridge_pack_sort(t->b, sort_key);
    tui_say(t, _("Sorted by %s."), _(sort_names[sort_key]));
    return TUI_DRAW;
}

static int filter_done(struct tui *t, const char *text)
{
    bridge_pack_filter(t->b, text);
    t->packs.cur = t->packs.top = 0;
    list_set(&t->packs, bridge_pack_count(t->b));
    return TUI_DRAW;
}

int list_filter(struct tui *t)
{
    prompt_open(t, _("Filter:"), bridge_pack_filter_text(t->b), 200, filter_done, NULL);
    return TUI_DRAW;
}

/* The applicant (and file) of pack `name`, for questions that must name it. */
static void pack_naming(struct tui *t, const char *name, char *buf, size_t n)
{
    for (size_t i = 0; i < bridge_pack_count(t->b); i++) {
        struct bridge_pack_row r;
        bridge_pack_row(t->b, i, &r);
        if (strcmp(r.name, name) == 0 && r.applicant[0]) {
            snprintf(buf, n, "%s (%s)", r.applicant, name);
            return;
        }
    }
    snprintf(buf, n, "%s", name);
}

static int conflict_yes(struct tui *t, const char *text)
{
    (void)text;
    struct jury_error err = {0};
    bool withdraw = bridge_pack_conflict(t->b, t->prompt.arg) != NULL;
    int rc = withdraw ? bridge_conflict_withdraw(t->b, t->prompt.arg, t->prompt.text, &err)
                      : bridge_conflict(t->b, t->prompt.arg, t->prompt.text, &err);
    if (rc != 0)
        tui_err_show(t, &err);
    else if (withdraw)
        tui_say(t, "%s", _("Conflict withdrawn: the pack's scores count again."));
    else
        tui_say(t, "%s", _("Conflict declared: its scores are withheld from the sheet."));
    list_set(&t->packs, bridge_pack_count(t->b));
    list_set(&t->check, bridge_item_count(t->b));
    return TUI_DRAW;
}

static int conflict_done(struct tui *t, const char *text)
{
    bool withdraw = bridge_pack_conflict(t->b, t->prompt.arg) != NULL;
    if (!text[0]) {
        tui_err(t, "%s",
                withdraw ? _("Withdrawing a conflict needs a reason.")
                         : _("A conflict needs a reason."));
        return TUI_DRAW;
    }
    char name[800], q[1000];
    pack_naming(t, t->prompt.arg, name, sizeof name);
    snprintf(t->prompt.text, sizeof t->prompt.text, "%s", text);
    snprintf(q, sizeof q,
             withdraw ? _("Withdraw the conflict of interest on %s?")
                      : _("Declare a conflict of interest on %s?"),
             name);
    prompt_yesno(t, q, conflict_yes);
    return TUI_DRAW;
}

/* Declare 回避 on a pack, or withdraw one declared: `name` NULL means the
 * one selected in the list. A reason, then a y/n naming the pack. */
int conflict_ask(struct tui *t, const char *name)
{
    struct bridge_pack_row r;
    if (!name) {
        if (t->packs.n == 0)
            return prompt_refuse(t, "%s", _("No pack selected."));
        bridge_pack_row(t->b, t->packs.cur, &r);
        name = r.name;
    }
    char arg[sizeof t->prompt.arg], who[800], label[1000];
    snprintf(arg, sizeof arg, "%s", name);
    pack_naming(t, arg, who, sizeof who);
    bool withdraw = bridge_pack_conflict(t->b, arg) != NULL;
    snprintf(label, sizeof label,
             withdraw ? _("Withdraw the conflict on %s, reason:")
                      : _("Conflict of interest on %s, reason:"),
             who);
    prompt_open(t, label, "", 500, conflict_done, NULL);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", arg);
    return TUI_DRAW;
}

/* After leaving a pack the list shows it selected (the filter is dropped
 * when it hides the pack: `jury open PACK` lands on the kit's list). */
void tui_pack_list_select(struct tui *t)
{
    const char *name = bridge_pack_name(t->b);
    for (int pass = 0; name && pass < 2; pass++) {
        list_set(&t->packs, bridge_pack_count(t->b));
        for (size_t i = 0; i < bridge_pack_count(t->b); i++) {
            struct bridge_pack_row r;
            bridge_pack_row(t->b, i, &r);
            if (strcmp(r.name, name) == 0) {
                t->packs.cur = i;
                return;
            }
        }
        if (!bridge_pack_filter_text(t->b)[0])
            return;
        bridge_pack_filter(t->b, "");
    }
}

int list_conflict(struct tui *t)
{
    return conflict_ask(t, NULL);
}
