/* checklist.c - the checklist pane: indicators with scores, conditions,
 * vetoes, auto-checks, evidence links, citations, comments, deductions;
 * and the actions that change them (each saved at once by app/). */
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
void tui_pack_track(struct tui *t)
{
    const struct bridge_item *ind = cur_indicator(t);
    tui_pack_save_position(t, ind ? ind->id : NULL);
}

static void rows_changed(struct tui *t)
{
    list_set(&t->check, bridge_item_count(t->b));
}

/* The next row (dir 1) or previous (dir -1) from the cursor that owes a
 * score or an answer, wrapping around; false when none is left. */
static bool todo_step(struct tui *t, int dir, bool include_cur)
{
    size_t n = bridge_item_count(t->b);
    if (n == 0)
        return false;
    size_t at = t->check.cur < n ? t->check.cur : 0;
    for (size_t k = include_cur ? 0 : 1; k <= n; k++) {
        size_t i = dir > 0 ? (at + k) % n : (at + n - k % n) % n;
        if (bridge_item(t->b, i)->todo) {
            t->check.cur = i;
            return true;
        }
    }
    return false;
}

/* After a value is saved: on to the next row that owes one. */
static void advance(struct tui *t)
{
    rows_changed(t);
    if (!todo_step(t, 1, false)) { /* after what was just saved */
        char said[sizeof t->msg];
        snprintf(said, sizeof said, "%s", t->msg);
        tui_say(t, "%s  %s", said, _("Everything is scored and answered: S submits."));
    }
}

int checklist_todo(struct tui *t, int dir)
{
    if (!todo_step(t, dir, false))
        tui_say(t, "%s", _("Nothing left to score or answer."));
    return TUI_DRAW;
}

/* Move to the next row that takes a value; rows that take none (headings,
 * auto-checks, links, citations, comments) are passed over. */
int checklist_step(struct tui *t, long delta)
{
    size_t n = bridge_item_count(t->b);
    long dir = delta < 0 ? -1 : 1;
    for (long left = delta < 0 ? -delta : delta; left > 0; left--) {
        long i = (long)t->check.cur + dir;
        while (i >= 0 && (size_t)i < n && !bridge_item(t->b, (size_t)i)->takes)
            i += dir;
        if (i < 0 || (size_t)i >= n)
            break;
        t->check.cur = (size_t)i;
    }
    return TUI_DRAW;
}

/* The first row that owes a value (a pack opened without a saved place). */
void checklist_first_todo(struct tui *t)
{
    t->check.cur = 0;
    if (!(bridge_item(t->b, 0)->todo) && !todo_step(t, 1, false))
        t->check.cur = 0;
}

static const char *score_check(struct tui *t, const char *text)
{
    static char why[1100];
    const char *w = text[0] ? bridge_score_check(t->b, t->prompt.arg, text) : NULL;
    return w ? tui_err_translate(w, why, sizeof why) : NULL;
}

/* Save a score; `next`: then go on to the next row owing a value. */
static int save_score(struct tui *t, const char *id, const char *value, bool next)
{
    struct jury_error err = {0};
    char key[256];
    snprintf(key, sizeof key, "%s", id);
    if (bridge_score(t->b, key, value, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    tui_say(t, _("Saved: %s = %s"), key, value ? bridge_score_shown(t->b, key) : _("(cleared)"));
    if (next)
        advance(t);
    else
        rows_changed(t);
    return TUI_DRAW;
}

static int score_done(struct tui *t, const char *text)
{
    return save_score(t, t->prompt.arg, text[0] ? text : NULL, t->prompt.value[0] == 'n');
}

/* A prompt-opening action was refused: say why and swallow what follows. */
static bool need_indicator(struct tui *t, const struct bridge_item **ind)
{
    *ind = t->screen == SCREEN_PACK ? cur_indicator(t) : NULL;
    if (!*ind)
        prompt_refuse(t, "%s", _("Select an observation point on the checklist first."));
    return *ind != NULL;
}

/* The score prompt; `next`: go on to the next point once saved (a digit
 * typed for a points-scored point). */
static void score_prompt(struct tui *t, const struct bridge_item *ind, const char *initial,
                         bool next)
{
    char label[256];
    snprintf(label, sizeof label, _("Score %s (%s):"), ind->id, bridge_score_range(t->b, ind->id));
    prompt_open(t, label, initial, 16, score_done, score_check);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", ind->id);
    snprintf(t->prompt.value, sizeof t->prompt.value, "%s", next ? "n" : "");
}

int tui_pack_score(struct tui *t)
{
    const struct bridge_item *ind;
    if (!need_indicator(t, &ind))
        return TUI_DRAW;
    char *cur = ind->value && strchr(ind->value, '/')
                    ? jury_xstrndup(ind->value, strcspn(ind->value, "/"))
                    : NULL;
    if (cur && cur[0] == '-')
        cur[0] = '\0';
    score_prompt(t, ind, cur ? cur : "", false);
    free(cur);
    return TUI_DRAW;
}

int tui_pack_deduct_typed(struct tui *t, const char *initial);

/* A digit on the checklist: the n-th level of the point under the cursor,
 * saved at once; a points-scored point or a deduction takes the number in
 * its prompt. */
int checklist_digit(struct tui *t, int digit)
{
    const struct bridge_item *it = cur_item(t);
    char typed[2] = {(char)('0' + digit), 0};
    if (it && it->kind == BI_DEDUCTION)
        return tui_pack_deduct_typed(t, typed);
    const struct bridge_item *ind = t->screen == SCREEN_PACK ? cur_indicator(t) : NULL;
    if (!ind)
        return prompt_refuse(t, "%s", _("Select an observation point on the checklist first."));
    if (!bridge_level(t->b, ind->id, 0)) { /* scored by points */
        score_prompt(t, ind, typed, true);
        return TUI_DRAW;
    }
    const char *level = bridge_level(t->b, ind->id, (size_t)digit - 1);
    if (!level) {
        tui_err(t, _("%s has no level %d (%s)."), ind->id, digit,
                bridge_score_range(t->b, ind->id));
        return TUI_DRAW;
    }
    char name[64];
    snprintf(name, sizeof name, "%s", level);
    return save_score(t, ind->id, name, true);
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

static int reason_prompt(struct tui *t, const char *id, const char *value);

/* The condition or veto the selection belongs to (its comment row counts). */
static const struct bridge_item *cur_check(struct tui *t)
{
    const struct bridge_item *it = cur_item(t);
    if (it && it->kind == BI_COMMENT && t->check.cur > 0)
        it = bridge_item(t->b, t->check.cur - 1);
    return it && (it->kind == BI_CONDITION || it->kind == BI_VETO) ? it : NULL;
}

static int check_comment_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_check_comment(t->b, t->prompt.arg, text, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    rows_changed(t);
    tui_say(t, _("Comment saved on %s."), t->prompt.arg);
    return TUI_DRAW;
}

int tui_pack_comment(struct tui *t)
{
    const struct bridge_item *it = cur_item(t);
    if (it && it->kind == BI_DEDUCTION) /* a deduction's comment is its reason */
        return reason_prompt(t, it->id, NULL);
    const struct bridge_item *check = t->screen == SCREEN_PACK ? cur_check(t) : NULL;
    if (check) {
        char label[256];
        snprintf(label, sizeof label, _("Comment %s:"), check->id);
        prompt_open(t, label, bridge_check_comment_get(t->b, check->id), 20000, check_comment_done,
                    NULL);
        snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", check->id);
        return TUI_DRAW;
    }
    const struct bridge_item *ind = t->screen == SCREEN_PACK ? cur_indicator(t) : NULL;
    if (!ind)
        return prompt_refuse(
            t, "%s",
            _("Select an observation point, an eligibility condition or a veto item first."));
    char label[256];
    snprintf(label, sizeof label, _("Comment %s:"), ind->id);
    prompt_open(t, label, bridge_comment_get(t->b, ind->id), 20000, comment_done, NULL);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", ind->id);
    return TUI_DRAW;
}

int tui_pack_cite(struct tui *t)
{
    const struct bridge_item *ind;
    const char *file = tui_pack_current_file(t);
    if (!file) {
        tui_err(t, "%s", _("Open a file first (Enter on the evidence tree)."));
        return TUI_DRAW;
    }
    ind = t->screen == SCREEN_PACK ? cur_indicator(t) : NULL;
    if (!ind) {
        tui_err(t, "%s", _("Select an observation point on the checklist first."));
        return TUI_DRAW;
    }
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

/* x or Delete on a citation row removes it. */
static int uncite(struct tui *t, const struct bridge_item *it)
{
    const struct bridge_item *ind = cur_indicator(t);
    if (!ind)
        return TUI_DRAW;
    char id[256], path[1024];
    int page = it->page;
    snprintf(id, sizeof id, "%s", ind->id);
    snprintf(path, sizeof path, "%s", it->path);
    struct jury_error err = {0};
    if (bridge_uncite(t->b, id, path, page, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, _("Citation removed: %s page %d for %s (c cites again)."), path, page, id);
    rows_changed(t);
    return TUI_DRAW;
}

int tui_pack_uncite(struct tui *t)
{
    const struct bridge_item *it = cur_item(t);
    if (!it || it->kind != BI_CITE) {
        tui_err(t, "%s", _("Select a citation (@ row) on the checklist first."));
        return TUI_DRAW;
    }
    return uncite(t, it);
}

int tui_pack_confirm(struct tui *t, bool yes)
{
    const struct bridge_item *it = cur_item(t);
    if (!yes && it && it->kind == BI_CITE)
        return uncite(t, it);
    if (!it || (it->kind != BI_CONDITION && it->kind != BI_VETO)) {
        tui_err(t, "%s", _("Select an eligibility condition or a veto item first."));
        return TUI_DRAW;
    }
    char id[256];
    snprintf(id, sizeof id, "%s", it->id);
    struct jury_error err = {0};
    if (bridge_confirm(t->b, id, yes, &err) != 0) {
        tui_err_show(t, &err);
        rows_changed(t);
        return TUI_DRAW;
    }
    tui_say(t, _("Answered %s: %s"), id, yes ? _("yes") : _("no"));
    advance(t);
    return TUI_DRAW;
}

static int reason_done(struct tui *t, const char *text)
{
    if (!text[0]) {
        tui_err(t, _("A deduction needs a reason: %s is unchanged."), t->prompt.arg);
        return TUI_DRAW;
    }
    struct jury_error err = {0};
    if (bridge_deduct(t->b, t->prompt.arg, t->prompt.value, text, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, _("Deduction %s set to %s: %s"), t->prompt.arg, t->prompt.value, text);
    rows_changed(t);
    return TUI_DRAW;
}

/* Ask the reason of deduction id (value NULL: keep the value set). */
static int reason_prompt(struct tui *t, const char *id, const char *value)
{
    char key[256], v[64];
    snprintf(key, sizeof key, "%s", id);
    if (value)
        snprintf(v, sizeof v, "%s", value);
    else {
        const struct bridge_item *it = cur_item(t);
        const char *val = it && it->value ? it->value + 1 : "0";
        snprintf(v, sizeof v, "%.*s", (int)strcspn(val, "/"), val);
        if (strcmp(v, "0") == 0)
            return prompt_refuse(t, "%s", _("Set the deduction first (d): a reason goes with it."));
    }
    char label[256];
    snprintf(label, sizeof label, _("Reason for deduction %s (-%s):"), key, v);
    prompt_open(t, label, bridge_deduct_reason(t->b, key), 2000, reason_done, NULL);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", key);
    snprintf(t->prompt.value, sizeof t->prompt.value, "%s", v);
    return TUI_DRAW;
}

static const char *deduct_check(struct tui *t, const char *text)
{
    static char why[1100];
    const char *w = text[0] ? bridge_deduct_check(t->b, t->prompt.arg, text) : NULL;
    return w ? tui_err_translate(w, why, sizeof why) : NULL;
}

static int deduct_done(struct tui *t, const char *text)
{
    struct jury_error err = {0};
    if (bridge_deduct_valid(t->b, t->prompt.arg, text, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    if (strtod(text, NULL) > 0)
        return reason_prompt(t, t->prompt.arg, text);
    if (bridge_deduct(t->b, t->prompt.arg, text, NULL, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, _("Deduction %s cleared."), t->prompt.arg);
    rows_changed(t);
    return TUI_DRAW;
}

int tui_pack_deduct_typed(struct tui *t, const char *initial)
{
    const struct bridge_item *it = cur_item(t);
    if (!it || it->kind != BI_DEDUCTION)
        return prompt_refuse(t, "%s", _("Select a deduction on the checklist first."));
    char label[256];
    snprintf(label, sizeof label, _("Deduction %s (%s):"), it->id,
             bridge_deduct_range(t->b, it->id));
    prompt_open(t, label, initial, 16, deduct_done, deduct_check);
    snprintf(t->prompt.arg, sizeof t->prompt.arg, "%s", it->id);
    return TUI_DRAW;
}

int tui_pack_deduct(struct tui *t)
{
    return tui_pack_deduct_typed(t, "");
}

static int answer_done(struct tui *t, const char *text)
{
    bool yes = text[0] == 'y' || text[0] == 'Y' || strncmp(text, "是", 3) == 0;
    bool no = text[0] == 'n' || text[0] == 'N' || strncmp(text, "否", 3) == 0;
    if (!yes && !no) {
        tui_err(t, "%s", _("Answer y or n."));
        return TUI_DRAW;
    }
    return tui_pack_confirm(t, yes);
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
        return tui_pack_show_file(t, f, it->kind == BI_CITE ? it->page : 0, NULL, true);
    }
    case BI_CONDITION:
    case BI_VETO:
        prompt_open(t, _("Does it hold? (y/n):"), "", 4, answer_done, NULL);
        return TUI_DRAW;
    case BI_DEDUCTION:
        return tui_pack_deduct(t);
    case BI_COMMENT:
        return tui_pack_comment(t);
    default:
        return tui_pack_score(t);
    }
}

int tui_pack_conflict(struct tui *t)
{
    return conflict_ask(t, bridge_pack_name(t->b));
}

static int submit_done(struct tui *t, const char *text)
{
    (void)text; /* only y reaches here */
    struct jury_error err = {0};
    if (bridge_submit(t->b, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, "%s", _("Submitted. Reopen with R if something must change."));
    rows_changed(t);
    return TUI_DRAW;
}

/* The pack named in questions: applicant and task, and its file. */
static const char *pack_named(struct tui *t, char *buf, size_t n)
{
    snprintf(buf, n, "%s (%s)", bridge_pack_label(t->b), bridge_pack_name(t->b));
    return buf;
}

int tui_pack_submit(struct tui *t)
{
    char name[1200], q[1400];
    notice_set_titled(t, _("Before submitting"), bridge_submit_summary(t->b));
    if (bridge_submitted(t->b))
        return prompt_refuse(t, "%s", _("Already submitted (R reopens)."));
    if (!bridge_submit_ready(t->b)) {
        char flat[900];
        snprintf(flat, sizeof flat, "%s", bridge_missing(t->b));
        for (char *p = flat; *p; p++)
            if (*p == '\n')
                *p = ' ';
        return prompt_refuse(t, _("Still missing: %s"), flat);
    }
    snprintf(q, sizeof q, _("Everything is scored. Submit %s?"), pack_named(t, name, sizeof name));
    prompt_yesno(t, q, submit_done);
    return TUI_DRAW;
}

static int reopen_yes(struct tui *t, const char *text)
{
    (void)text;
    struct jury_error err = {0};
    if (bridge_reopen(t->b, t->prompt.text, &err) != 0)
        tui_err_show(t, &err);
    else
        tui_say(t, "%s", _("Reopened."));
    rows_changed(t);
    return TUI_DRAW;
}

static int reopen_done(struct tui *t, const char *text)
{
    if (!text[0]) {
        tui_err(t, "%s", _("Reopening needs a reason."));
        return TUI_DRAW;
    }
    char name[1200], q[1400];
    snprintf(t->prompt.text, sizeof t->prompt.text, "%s", text);
    snprintf(q, sizeof q, _("Reopen %s?"), pack_named(t, name, sizeof name));
    prompt_yesno(t, q, reopen_yes);
    return TUI_DRAW;
}

int tui_pack_reopen(struct tui *t)
{
    if (!bridge_submitted(t->b))
        return prompt_refuse(t, "%s", _("This pack is not submitted: nothing to reopen."));
    char name[1200], label[1400];
    snprintf(label, sizeof label, _("Reopen %s, reason:"), pack_named(t, name, sizeof name));
    prompt_open(t, label, "", 500, reopen_done, NULL);
    return TUI_DRAW;
}

static int export_write(struct tui *t, const char *text)
{
    (void)text;
    struct jury_error err = {0};
    const char *w = NULL;
    if (bridge_export(t->b, t->prompt.text, &err) != 0) {
        tui_err_show(t, &err);
        if (err.status == JURY_ERR_CORRUPT && (w = bridge_seal_warning(t->b)))
            banner_set(t, w); /* the seal, checked again, names what changed */
    } else
        tui_say(t, _("Sheet written: %s"), t->prompt.text);
    return TUI_DRAW;
}

static int export_done(struct tui *t, const char *text)
{
    if (!text[0]) {
        tui_err(t, "%s", _("No file name: nothing exported."));
        return TUI_DRAW;
    }
    snprintf(t->prompt.text, sizeof t->prompt.text, "%s", text);
    if (access(text, F_OK) == 0) {
        char q[1400];
        snprintf(q, sizeof q, _("%s exists. Replace it?"), text);
        prompt_yesno(t, q, export_write);
        return TUI_DRAW;
    }
    return export_write(t, "y");
}

int tui_pack_export(struct tui *t)
{
    const char *warn = bridge_export_warning(t->b);
    if (warn[0])
        notice_set_titled(t, _("The sheet leaves out"), warn);
    prompt_open(
        t, warn[0] ? _("Export anyway, the signed sheet to:") : _("Export the signed sheet to:"),
        bridge_export_name(t->b), 1000, export_done, NULL);
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
