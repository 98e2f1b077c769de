/* checklist.c - the checklist pane: indicators with scores, conditions,
 * vetoes, auto-checks, evidence links, citations, comments, deductions;
 * and the actions that change them (each saved at once by app/). */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pack_current_file(struct tui *t);
void pack_save_position(struct tui *t, const char *indicator);
int conflict_ask(struct tui *t, const char *name);

static const struct bridge_item *cur_item(struct tui *t)
{
    if (t->check.n == 0 || t->check.cur >= bridge_item_count(t->b))
        return NULL;
    return bridge_item(t->b, t->check.cur);
}

/* The observation point the selection belongs to (rows under it count). */
static const struct bridge_item *cur_indicator(struct tui *t)
{
    size_t n = bridge_item_count(t->b);
    for (size_t i = t->check.cur + 1; i-- > 0;) {
        if (i >= n)
            continue;
        const struct bridge_item *it = bridge_item(t->b, i);
        if (it->kind == BI_INDICATOR)
            return it->scored ? it : NULL;
        if (it->kind != BI_AUTOCHECK && it->kind != BI_EVIDENCE && it->kind != BI_CITE &&
            it->kind != BI_COMMENT)
            return NULL;
    }
    return NULL;
}

static const char *item_prefix(enum bridge_item_kind k)
{
    switch (k) {
    case BI_AUTOCHECK:
        return "= ";
    case BI_EVIDENCE:
        return "> ";
    case BI_CITE:
        return "@ ";
    case BI_COMMENT:
        return "# ";
    default:
        return "";
    }
}

static void item_draw(struct tui *t, const struct bridge_item *it, int y, int x, int w, bool sel)
{
    attr_t a = sel ? tui_attr(PAIR_SEL) : A_NORMAL;
    if (it->kind == BI_HEADER)
        a |= A_BOLD | A_UNDERLINE;
    if (it->kind == BI_AUTOCHECK || it->kind == BI_EVIDENCE || it->kind == BI_CITE ||
        it->kind == BI_COMMENT)
        a |= sel ? 0 : tui_attr(PAIR_DIM);
    char val[256];
    snprintf(val, sizeof val, " %s", it->value ? it->value : "");
    int vw = it->value ? text_cols(val) : 0;
    if (vw > w / 2)
        vw = w / 2;
    char left[2048];
    snprintf(left, sizeof left, "%*s%s%s%s%s", it->depth * 2, "", item_prefix(it->kind),
             it->id ? it->id : "", it->id ? " " : "", it->text ? it->text : "");
    draw_text(y, x, w - vw, left, a);
    if (vw > 0)
        draw_text(y, x + w - vw, vw, val, a | (it->bad ? tui_attr(PAIR_ERR) : A_BOLD));
}

/* Below the rows: the selected item's full text and guidance, wrapped. */
static int detail_draw(struct tui *t, struct tui_rect r, int rows)
{
    const struct bridge_item *it = cur_item(t);
    if (!it || rows < 2)
        return 0;
    struct jstr s = {0};
    jstr_addf(&s, "%s %s", it->id ? it->id : "", it->text ? it->text : "");
    if (it->detail)
        jstr_addf(&s, "\n%s", it->detail);
    const char *page = jstr_cstr(&s);
    struct tv_doc d;
    struct tv_wrap w;
    tv_doc_build(&d, &page, 1);
    tv_wrap_build(&w, &d, r.w);
    int y0 = r.y + r.h - rows;
    mvhline(y0, r.x, '-', r.w);
    for (int i = 1; i < rows; i++) {
        char *line = NULL;
        if ((size_t)(i - 1) < w.n) {
            const struct tv_row *row = &w.rows[i - 1];
            line = jury_xstrndup(d.lines[row->line] + row->off, row->len);
        }
        draw_text(y0 + i, r.x, r.w, line ? line : "", A_NORMAL);
        free(line);
    }
    tv_wrap_free(&w);
    tv_doc_free(&d);
    jstr_free(&s);
    return rows;
}

void checklist_draw(struct tui *t, struct tui_rect r, bool focused)
{
    char title[512];
    snprintf(title, sizeof title, "%s  %s", _("Checklist"), bridge_summary(t->b));
    draw_box_title(r, title, focused);
    int detail = r.h >= 14 ? 6 : r.h >= 9 ? 3 : 0;
    int rows = r.h - 1 - detail;
    list_set(&t->check, bridge_item_count(t->b));
    list_fit(&t->check, rows);
    for (int i = 0; i < rows; i++) {
        size_t k = t->check.top + (size_t)i;
        if (k >= t->check.n) {
            draw_blank(r.y + 1 + i, r.x, r.w, A_NORMAL);
            continue;
        }
        item_draw(t, bridge_item(t->b, k), r.y + 1 + i, r.x, r.w, k == t->check.cur);
    }
    detail_draw(t, r, detail);
}

/* Called by the main loop after each batch of keys: the position is saved
 * as soon as it changes, so a killed terminal loses nothing. */
void pack_track(struct tui *t)
{
    const struct bridge_item *ind = cur_indicator(t);
    pack_save_position(t, ind ? ind->id : NULL);
}

static void rows_changed(struct tui *t)
{
    list_set(&t->check, bridge_item_count(t->b));
}

static const char *score_check(struct tui *t, const char *text)
{
    if (!text[0])
        return NULL;
    return bridge_score_check(t->b, t->prompt.arg, text);
}

static int score_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_score(t->b, t->prompt.arg, text[0] ? text : NULL, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    rows_changed(t);
    tui_say(t, _("Saved: %s = %s"), t->prompt.arg, text[0] ? text : _("(cleared)"));
    return TUI_DRAW;
}

static bool need_indicator(struct tui *t, const struct bridge_item **ind)
{
    *ind = t->screen == SCREEN_PACK ? cur_indicator(t) : NULL;
    if (!*ind)
        tui_err(t, "%s", _("Select an observation point on the checklist first."));
    return *ind != NULL;
}

int pack_score(struct tui *t)
{
    const struct bridge_item *ind;
    if (!need_indicator(t, &ind))
        return TUI_DRAW;
    char label[256];
    snprintf(label, sizeof label, _("Score %s:"), ind->id);
    char *cur = ind->value && strchr(ind->value, '/')
                    ? jury_xstrndup(ind->value, strcspn(ind->value, "/"))
                    : NULL;
    if (cur && cur[0] == '-')
        cur[0] = '\0';
    prompt_open(t, label, cur ? cur : "", 16, score_done, score_check);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", ind->id);
    free(cur);
    return TUI_DRAW;
}

static int comment_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_comment(t->b, t->prompt.arg, text, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    rows_changed(t);
    tui_say(t, _("Comment saved on %s."), t->prompt.arg);
    return TUI_DRAW;
}

int pack_comment(struct tui *t)
{
    const struct bridge_item *ind;
    if (!need_indicator(t, &ind))
        return TUI_DRAW;
    char label[256];
    snprintf(label, sizeof label, _("Comment %s:"), ind->id);
    prompt_open(t, label, bridge_comment_get(t->b, ind->id), 20000, comment_done, NULL);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", ind->id);
    return TUI_DRAW;
}

int pack_cite(struct tui *t)
{
    const struct bridge_item *ind;
    const char *file = pack_current_file(t);
    if (!file) {
        tui_err(t, "%s", _("Open a file first (Enter on the evidence tree)."));
        return TUI_DRAW;
    }
    if (!need_indicator(t, &ind))
        return TUI_DRAW;
    int page = (int)viewer_page(&t->view);
    char id[256];
    snprintf(id, sizeof id, "%s", ind->id);
    struct jury_error err = {0};
    if (bridge_cite(t->b, id, file, page, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    rows_changed(t);
    tui_say(t, _("Cited %s page %d for %s."), file, page, id);
    return TUI_DRAW;
}

int pack_confirm(struct tui *t, bool yes)
{
    const struct bridge_item *it = cur_item(t);
    if (!it || (it->kind != BI_CONDITION && it->kind != BI_VETO)) {
        tui_err(t, "%s", _("Select an eligibility condition or a veto item first."));
        return TUI_DRAW;
    }
    char id[256];
    snprintf(id, sizeof id, "%s", it->id);
    struct jury_error err = {0};
    if (bridge_confirm(t->b, id, yes, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, _("Answered %s: %s"), id, yes ? _("yes") : _("no"));
    rows_changed(t);
    return TUI_DRAW;
}

static int deduct_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_deduct(t->b, t->prompt.arg, text, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, _("Deduction %s set to %s."), t->prompt.arg, text);
    rows_changed(t);
    return TUI_DRAW;
}

int pack_deduct(struct tui *t)
{
    const struct bridge_item *it = cur_item(t);
    if (!it || it->kind != BI_DEDUCTION) {
        tui_err(t, "%s", _("Select a deduction on the checklist first."));
        return TUI_DRAW;
    }
    char label[256];
    snprintf(label, sizeof label, _("Deduction %s:"), it->id);
    prompt_open(t, label, "", 16, deduct_done, NULL);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", it->id);
    return TUI_DRAW;
}

static int answer_done(struct tui *t, const char *text)
{
    bool yes = text[0] == 'y' || text[0] == 'Y' || strncmp(text, "是", 3) == 0;
    bool no = text[0] == 'n' || text[0] == 'N' || strncmp(text, "否", 3) == 0;
    if (!yes && !no) {
        tui_err(t, "%s", _("Answer y or n."));
        return TUI_DRAW;
    }
    return pack_confirm(t, yes);
}

int checklist_enter(struct tui *t)
{
    const struct bridge_item *it = cur_item(t);
    if (!it)
        return TUI_DRAW;
    switch (it->kind) {
    case BI_EVIDENCE:
    case BI_CITE: {
        long f = bridge_file_find(t->b, it->path);
        if (f < 0) {
            tui_err(t, _("Not in this pack: %s"), it->path);
            return TUI_DRAW;
        }
        return pack_show_file(t, f, it->kind == BI_CITE ? it->page : 0, NULL, true);
    }
    case BI_CONDITION:
    case BI_VETO:
        prompt_open(t, _("Does it hold? (y/n):"), "", 4, answer_done, NULL);
        return TUI_DRAW;
    case BI_DEDUCTION:
        return pack_deduct(t);
    case BI_COMMENT:
        return pack_comment(t);
    default:
        return pack_score(t);
    }
}

int pack_conflict(struct tui *t)
{
    return conflict_ask(t, bridge_pack_name(t->b));
}

static int submit_done(struct tui *t, const char *text)
{
    if (!(text[0] == 'y' || text[0] == 'Y' || strncmp(text, "是", 3) == 0))
        return TUI_DRAW;
    struct jury_error err = {0};
    if (bridge_submit(t->b, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, "%s", _("Submitted. Reopen with R if something must change."));
    rows_changed(t);
    return TUI_DRAW;
}

int pack_submit(struct tui *t)
{
    const char *missing = bridge_missing(t->b);
    if (missing[0]) {
        char flat[900];
        snprintf(flat, sizeof flat, "%s", missing);
        for (char *p = flat; *p; p++)
            if (*p == '\n')
                *p = ' ';
        tui_err(t, _("Still missing: %s"), flat);
        return TUI_DRAW;
    }
    prompt_open(t, _("Everything is scored. Submit this pack? (y/n):"), "", 4, submit_done, NULL);
    return TUI_DRAW;
}

static int reopen_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_reopen(t->b, text, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, "%s", _("Reopened."));
    rows_changed(t);
    return TUI_DRAW;
}

int pack_reopen(struct tui *t)
{
    prompt_open(t, _("Reopen, reason:"), "", 500, reopen_done, NULL);
    return TUI_DRAW;
}

static int export_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    const char *w = NULL;
    if (!text[0] || bridge_export(t->b, text, &err) != 0) {
        tui_err_show(t, &err);
        if (err.status == JURY_ERR_CORRUPT && (w = bridge_seal_warning(t->b)))
            banner_set(t, w); /* the seal, checked again, names what changed */
    } else
        tui_say(t, _("Sheet written: %s"), text);
    return TUI_DRAW;
}

int pack_export(struct tui *t)
{
    prompt_open(t, _("Export the signed sheet to:"), "sheet.jury", 1000, export_done, NULL);
    return TUI_DRAW;
}

static int find_item_done(struct tui *t, const char *text)
{
    size_t n = bridge_item_count(t->b);
    for (int exact = 1; exact >= 0; exact--)
        for (size_t i = 0; text[0] && i < n; i++) {
            const struct bridge_item *it = bridge_item(t->b, i);
            bool hit = exact ? it->id && strcmp(it->id, text) == 0
                             : it->text && strstr(it->text, text) != NULL;
            if (hit) {
                t->check.cur = t->check.top = i;
                return TUI_DRAW;
            }
        }
    tui_err(t, _("Not on the checklist: %s"), text);
    return TUI_DRAW;
}

int checklist_goto(struct tui *t)
{
    t->focus = PANE_CHECK;
    prompt_open(t, _("Find on the checklist (id or text):"), "", 200, find_item_done, NULL);
    return TUI_RELAYOUT;
}
