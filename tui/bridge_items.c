/* bridge_items.c - the checklist rows of the open pack: conditions, vetoes,
 * indicators with their values, auto-checks, evidence links, citations and
 * comments, deductions; rebuilt after every change. */
#include "app/app.h"
#include "tui/bridge_int.h"
#include "tui/bridge_state_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void items_clear(struct bridge *b)
{
    for (size_t i = 0; i < b->n_items; i++) {
        struct bridge_item *it = &b->items[i];
        free(it->id);
        free(it->text);
        free(it->value);
        free(it->detail);
        free(it->path);
    }
    b->n_items = 0;
}

static char *dup_safe(const char *s)
{
    return s ? utf8_sanitize(s, strlen(s)) : NULL;
}

/* Multi-line text (guidance, the numbers used): each line sanitised on its
 * own, so the line breaks stay line breaks instead of showing as \x0a. */
static char *dup_lines_safe(const char *s, size_t n)
{
    struct jstr out = {0};
    for (size_t a = 0; a <= n;) {
        size_t k = 0;
        while (a + k < n && s[a + k] != '\n')
            k++;
        char *line = utf8_sanitize(s + a, k);
        jstr_addf(&out, "%s%s", a ? "\n" : "", line);
        free(line);
        a += k + 1;
    }
    return jstr_take(&out);
}

static struct bridge_item *item_add(struct bridge *b, enum bridge_item_kind kind, int depth,
                                    const char *id, const char *text)
{
    if (b->n_items == b->cap_items) {
        b->cap_items = b->cap_items ? b->cap_items * 2 : 64;
        b->items = jury_xrealloc(b->items, b->cap_items * sizeof *b->items);
    }
    struct bridge_item *it = &b->items[b->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->depth = depth;
    it->id = id ? jury_xstrdup(id) : NULL;
    it->text = dup_safe(text);
    return it;
}

static const struct app_score *value_of(struct bridge *b, const char *id)
{
    for (size_t i = 0; b->vals && i < b->vals->n_scores; i++)
        if (strcmp(b->vals->scores[i].indicator, id) == 0)
            return &b->vals->scores[i];
    return NULL;
}

static const char *answer_of(struct bridge *b, const char *id)
{
    for (size_t i = 0; b->vals && i < b->vals->n_confirms; i++)
        if (strcmp(b->vals->confirms[i].item, id) == 0)
            return b->vals->confirms[i].yes ? _("yes") : _("no");
    return NULL;
}

/* The rules' result words, translated. */
static const char *result_name(const char *r)
{
    static const char *const names[][2] = {{"pass", N_("pass")},
                                           {"fail", N_("fail")},
                                           {"nodata", N_("no data")},
                                           {"confirm", N_("to confirm")},
                                           {"error", N_("error")}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(r, names[i][0]) == 0)
            return _(names[i][1]);
    return r;
}

static void add_checks(struct bridge *b, enum app_check_kind kind, const char *indicator,
                       const char *header, int depth)
{
    const struct app_check *c;
    size_t n = app_pack_checks(b->ap, &c);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind != kind)
            continue;
        if (kind == APP_CHECK_AUTO &&
            (indicator ? !c[i].indicator || strcmp(c[i].indicator, indicator) : !!c[i].indicator))
            continue;
        if (first && header)
            item_add(b, BI_HEADER, 0, NULL, header);
        first = false;
        enum bridge_item_kind k = kind == APP_CHECK_CONDITION ? BI_CONDITION
                                  : kind == APP_CHECK_VETO    ? BI_VETO
                                                              : BI_AUTOCHECK;
        struct bridge_item *it = item_add(b, k, depth, c[i].id, c[i].text);
        if (kind == APP_CHECK_AUTO && strcmp(c[i].result, "error") == 0 && c[i].id &&
            strcmp(c[i].id, "rules") == 0 && c[i].text) { /* the rule set failed: its words */
            char tr[1100];
            free(it->text);
            it->text = dup_safe(tui_err_translate(c[i].text, tr, sizeof tr));
        }
        const char *ans = kind == APP_CHECK_AUTO ? NULL : answer_of(b, c[i].id);
        char v[128];
        snprintf(v, sizeof v, "%s%s%s", result_name(c[i].result), ans ? " / " : "", ans ? ans : "");
        it->value = jury_xstrdup(v);
        it->detail = c[i].detail ? dup_lines_safe(c[i].detail, strlen(c[i].detail)) : NULL;
        if (it->detail && strcmp(c[i].result, "error") == 0) { /* the rule engine's words */
            char tr[2200];
            const char *t = tui_err_translate_at(it->detail, tr, sizeof tr);
            char *d = dup_lines_safe(t, strlen(t));
            free(it->detail);
            it->detail = d;
        }
        it->bad = strcmp(c[i].result, "fail") == 0 || strcmp(c[i].result, "error") == 0;
        const struct checklist *cl = app_pack_checklist(b->ap);
        const struct cl_condition *cond =
            k == BI_CONDITION ? checklist_find_condition(cl, c[i].id) : NULL;
        it->takes = k == BI_VETO || (cond && cond->kind == CL_COND_CONFIRM);
        /* an answer is owed: a confirm-type condition the pack's facts did
         * not decide, or a veto the rules left to the reviewer */
        it->todo = !ans && (cond ? cond->kind == CL_COND_CONFIRM && !app_check_decided(&c[i])
                                 : k == BI_VETO && strcmp(c[i].result, "confirm") == 0);
        b->n_todo_q += it->todo;
        const char *note = kind == APP_CHECK_AUTO ? "" : bridge_check_comment_get(b, c[i].id);
        if (note[0])
            item_add(b, BI_COMMENT, depth + 1, NULL, note);
    }
}

static void add_indicator_children(struct bridge *b, const struct cl_indicator *ind, int depth)
{
    add_checks(b, APP_CHECK_AUTO, ind->id, NULL, depth);
    const struct app_link *l;
    size_t n = app_pack_links(b->ap, &l);
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].indicator, ind->id) == 0)
            item_add(b, BI_EVIDENCE, depth, NULL, l[i].path)->path = jury_xstrdup(l[i].path);
    const struct app_score *sc = value_of(b, ind->id);
    for (size_t i = 0; sc && i < sc->n_cites; i++) {
        char t[1200];
        snprintf(t, sizeof t, _("%s page %d"), sc->cites[i].path, sc->cites[i].page);
        struct bridge_item *it = item_add(b, BI_CITE, depth, NULL, t);
        it->path = jury_xstrdup(sc->cites[i].path);
        it->page = sc->cites[i].page;
    }
    if (sc && sc->comment)
        item_add(b, BI_COMMENT, depth, NULL, sc->comment);
}

static char *indicator_detail(const struct cl_indicator *ind)
{
    struct jstr s = {0};
    if (ind->key)
        jstr_add(&s, _("Key indicator. "));
    if (ind->scored && ind->mode == CL_POINTS)
        jstr_addf(&s, _("Points 0 to %g, step %g. "), ind->max, ind->step);
    for (size_t i = 0; i < ind->n_levels; i++)
        jstr_addf(&s, "%s=%g%s%s ", ind->levels[i].name, ind->levels[i].fraction * ind->max,
                  ind->levels[i].guidance ? ": " : "",
                  ind->levels[i].guidance ? ind->levels[i].guidance : "");
    if (ind->guidance)
        jstr_addf(&s, "\n%s", ind->guidance);
    char *out = dup_lines_safe(jstr_cstr(&s), s.len);
    jstr_free(&s);
    return out;
}

static void add_indicators(struct bridge *b, const struct checklist *cl)
{
    for (size_t i = 0; i < cl->n_indicators; i++) {
        const struct cl_indicator *ind = &cl->indicators[i];
        int depth = ind->depth > 0 ? ind->depth - 1 : 0;
        struct bridge_item *it = item_add(b, BI_INDICATOR, depth, ind->id, ind->text);
        it->scored = ind->scored;
        it->takes = ind->scored;
        it->detail = indicator_detail(ind);
        const struct app_score *sc = ind->scored ? value_of(b, ind->id) : NULL;
        char v[128];
        if (ind->scored)
            snprintf(v, sizeof v, "%s/%g", sc && sc->value ? sc->value : "-", ind->max);
        else
            snprintf(v, sizeof v, "%g", ind->max);
        it->value = jury_xstrdup(v);
        if (ind->scored)
            add_indicator_children(b, ind, depth + 1);
    }
}

static void add_deductions(struct bridge *b, const struct checklist *cl)
{
    if (cl->n_deductions)
        item_add(b, BI_HEADER, 0, NULL, _("Deductions"));
    for (size_t i = 0; i < cl->n_deductions; i++) {
        double v = 0;
        for (size_t k = 0; b->vals && k < b->vals->n_deductions; k++)
            if (strcmp(b->vals->deductions[k].id, cl->deductions[i].id) == 0)
                v = b->vals->deductions[k].value;
        struct bridge_item *it =
            item_add(b, BI_DEDUCTION, 1, cl->deductions[i].id, cl->deductions[i].text);
        char s[64];
        snprintf(s, sizeof s, "-%g/%g", v, cl->deductions[i].max);
        it->value = jury_xstrdup(s);
        it->takes = true;
        char *why = v > 0 ? app_deduction_reason(b->s, app_pack_name(b->ap), it->id) : NULL;
        if (why) {
            it->detail = dup_safe(why);
            free(why);
        }
    }
}

/* Missing before submit, and the summary line. */
static void items_summary(struct bridge *b, const struct checklist *cl)
{
    double total = 0;
    size_t left = 0;
    jstr_clear(&b->missing);
    for (size_t i = 0; i < cl->n_indicators; i++) {
        if (!cl->indicators[i].scored)
            continue;
        const struct app_score *sc = value_of(b, cl->indicators[i].id);
        if (sc && sc->value)
            total += sc->points;
        else if (!(b->vals && b->vals->conflict)) {
            left++;
            jstr_addf(&b->missing, "%s\n", cl->indicators[i].id);
        }
    }
    for (size_t k = 0; b->vals && k < b->vals->n_deductions; k++)
        total -= b->vals->deductions[k].value;
    const char *state = b->vals && b->vals->conflict                 ? _("  [conflict]")
                        : b->vals && b->vals->state == APP_SUBMITTED ? _("  [submitted]")
                                                                     : "";
    snprintf(b->summary, sizeof b->summary, _("Total %.1f/%g  %zu left%s"), total, cl->total, left,
             state);
}

/* Unscored points are the indicators' own rows. */
static void mark_todo(struct bridge *b)
{
    bool conflict = b->vals && b->vals->conflict;
    for (size_t i = 0; i < b->n_items; i++) {
        struct bridge_item *it = &b->items[i];
        if (conflict)
            it->todo = false;
        else if (it->kind == BI_INDICATOR && it->scored)
            it->todo = !value_of(b, it->id) || !value_of(b, it->id)->value;
    }
    if (conflict)
        b->n_todo_q = 0;
}

void bridge_items_rebuild(struct bridge *b)
{
    items_clear(b);
    b->n_todo_q = 0;
    if (!b->ap)
        return;
    struct jury_error err = {0};
    b->vals = app_pack_values(b->s, b->ap, &err);
    const struct checklist *cl = app_pack_checklist(b->ap);
    if (b->vals && b->vals->conflict) {
        char t[1200];
        snprintf(t, sizeof t, _("Conflict of interest declared: %s"), b->vals->conflict);
        item_add(b, BI_HEADER, 0, NULL, t)->bad = true;
    }
    add_checks(b, APP_CHECK_CONDITION, NULL, _("Eligibility"), 1);
    add_checks(b, APP_CHECK_VETO, NULL, _("Vetoes"), 1);
    add_checks(b, APP_CHECK_AUTO, NULL, _("Auto-checks"), 1);
    item_add(b, BI_HEADER, 0, NULL, _("Indicators"));
    add_indicators(b, cl);
    add_deductions(b, cl);
    items_summary(b, cl);
    mark_todo(b);
}

size_t bridge_item_count(struct bridge *b)
{
    return b->n_items;
}

const struct bridge_item *bridge_item(struct bridge *b, size_t i)
{
    return &b->items[i];
}

const char *bridge_summary(struct bridge *b)
{
    return b->ap ? b->summary : "";
}

const char *bridge_missing(struct bridge *b)
{
    return jstr_cstr(&b->missing);
}

/* ------------------------------------------------------------ levels */

static const struct cl_indicator *indicator_of(struct bridge *b, const char *id)
{
    return b->ap ? checklist_find(app_pack_checklist(b->ap), id) : NULL;
}

const char *bridge_level(struct bridge *b, const char *id, size_t n)
{
    const struct cl_indicator *ind = indicator_of(b, id);
    if (!ind || !ind->scored || ind->mode != CL_LEVELS || n >= ind->n_levels)
        return NULL;
    return ind->levels[n].name;
}

const char *bridge_score_range(struct bridge *b, const char *id)
{
    const struct cl_indicator *ind = indicator_of(b, id);
    b->range[0] = '\0';
    if (!ind)
        return b->range;
    if (ind->mode == CL_POINTS) {
        snprintf(b->range, sizeof b->range, _("0 to %g, step %g"), ind->max, ind->step);
        return b->range;
    }
    size_t used = 0;
    for (size_t i = 0; i < ind->n_levels && used + 1 < sizeof b->range; i++)
        used += (size_t)snprintf(b->range + used, sizeof b->range - used, "%zu %s%s", i + 1,
                                 ind->levels[i].name, i + 1 < ind->n_levels ? "  " : "");
    return b->range;
}

const char *bridge_deduct_range(struct bridge *b, const char *id)
{
    const struct cl_deduction *d =
        b->ap ? checklist_find_deduction(app_pack_checklist(b->ap), id) : NULL;
    snprintf(b->range, sizeof b->range, _("0 to %g"), d ? d->max : 0.0);
    return b->range;
}

const char *bridge_deduct_reason(struct bridge *b, const char *id)
{
    for (size_t i = 0; i < b->n_items; i++)
        if (b->items[i].kind == BI_DEDUCTION && strcmp(b->items[i].id, id) == 0)
            return b->items[i].detail ? b->items[i].detail : "";
    return "";
}

/* ------------------------------------------------------------ summary */

/* "id text" cut to about `cols` columns with an ellipsis: one line each. */
static void summary_item(struct jstr *out, const struct bridge_item *it, int cols)
{
    const char *text = it->text ? it->text : "";
    int used = 0;
    size_t n = utf8_fit(text, strlen(text), cols, &used);
    jstr_addf(out, "  %s %.*s%s", it->id ? it->id : "", (int)n, text,
              n < strlen(text) ? "\u2026" : "");
}

static void summary_section(struct jstr *s, const char *title, const struct jstr *body)
{
    if (body->len)
        jstr_addf(s, "%s\n%s", title, jstr_cstr(body));
}

/* The questions still owed an answer, one per line. */
static void summary_questions(struct bridge *b, struct jstr *out)
{
    for (size_t i = 0; i < b->n_items; i++) {
        const struct bridge_item *it = &b->items[i];
        if (it->todo && (it->kind == BI_CONDITION || it->kind == BI_VETO)) {
            summary_item(out, it, 40);
            jstr_add(out, "\n");
        }
    }
}

const char *bridge_submit_summary(struct bridge *b)
{
    struct jstr *s = &b->submit_sum;
    jstr_clear(s);
    jstr_addf(s, "%s  %s\n", b->label, b->summary);
    struct jstr points = {0}, questions = {0}, ded = {0}, ids = {0};
    size_t comments = 0, n_points = 0;
    for (size_t i = 0; i < b->n_items; i++) {
        const struct bridge_item *it = &b->items[i];
        if (it->kind == BI_INDICATOR && it->todo) {
            summary_item(&points, it, 40);
            jstr_add(&points, "\n");
            jstr_addf(&ids, "%s%s", ids.len ? " " : "  ", it->id);
            n_points++;
        }
        comments += it->kind == BI_COMMENT;
        if (it->kind == BI_DEDUCTION && it->value && strncmp(it->value, "-0/", 3) != 0) {
            summary_item(&ded, it, 20);
            jstr_addf(&ded, "  %s  %s\n", it->value,
                      it->detail ? it->detail : _("(no reason given)"));
        }
    }
    summary_questions(b, &questions);
    if (n_points > 8) { /* many: their ids only, so every one fits on the screen */
        jstr_clear(&points);
        jstr_addf(&points, "%s\n", jstr_cstr(&ids));
    }
    summary_section(s, _("Not scored:"), &points);
    summary_section(s, _("Not answered:"), &questions);
    summary_section(s, _("Deductions:"), &ded);
    jstr_addf(s, _("Comments: %zu"), comments);
    jstr_free(&points);
    jstr_free(&questions);
    jstr_free(&ded);
    jstr_free(&ids);
    return jstr_cstr(s);
}

bool bridge_submit_ready(struct bridge *b)
{
    for (size_t i = 0; i < b->n_items; i++)
        if (b->items[i].todo)
            return false;
    return true;
}
