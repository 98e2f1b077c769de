/* chair.c - the chair's screens: the ranking (task, rank with its 90%
 * bootstrap interval when asked for, pack, applicant, score, reviewers,
 * spread, flags: ties are flagged) and a pack's detail: the panel's table as
 * the reports print it (reviewer names, total, deductions, net, whether it
 * counted, how the official figure was computed), then the
 * reviewer-by-indicator points. */
#include "app/app.h"
#include "tui/actions_int.h"
#include "tui/chair_int.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* s clipped (never half a glyph, an ellipsis where it is cut) and padded to
 * exactly w columns, then a space: printf's %-10s counts bytes, which
 * misaligns Chinese. */
static void add_col(struct jstr *b, const char *s, int w)
{
    int used = 0;
    size_t len = strlen(s), n = utf8_fit(s, len, w, &used);
    bool cut = n < len && w >= 2;
    if (cut)
        n = utf8_fit(s, len, w - 1, &used);
    jstr_addn(b, s, n);
    if (cut) {
        jstr_add(b, "\u2026");
        used += 1;
    }
    for (; used < w; used++)
        jstr_addc(b, ' ');
    jstr_addc(b, ' ');
}

/* A number right-aligned in `w` columns, "-" when there is none (NaN). */
static void cell_fmt(char *buf, size_t n, int w, int prec, double v)
{
    if (isnan(v))
        snprintf(buf, n, "%*s", w, "-");
    else
        snprintf(buf, n, "%*.*f", w, prec, v);
}

/* The ranking's flags ("disagree,tie": names the ranking files use too) in
 * the reader's language, word by word. */
static void flags_shown(const char *flags, struct jstr *out)
{
    static const char *const words[][2] = {
        {"disagree", N_("disagree")},
        {"split-veto", N_("split-veto")},
        {"tie", N_("tie")},
        {"conflict", N_("conflict (two sheets)")},
        {"crosscheck", N_("crosscheck")},
        {"tie-broken", N_("tie-broken")},
    };
    for (const char *p = flags; *p;) {
        size_t n = strcspn(p, ",");
        const char *w = NULL;
        for (size_t k = 0; !w && k < sizeof words / sizeof words[0]; k++)
            if (strlen(words[k][0]) == n && strncmp(p, words[k][0], n) == 0 &&
                _(words[k][1]) != words[k][1])
                w = _(words[k][1]); /* untranslated: the ranking file's own word */
        if (out->len)
            jstr_add(out, _(","));
        if (w)
            jstr_add(out, w);
        else
            jstr_addn(out, p, n);
        p += n + (p[n] == ',');
    }
}

static void rank_line(struct tui *t, int y, size_t i, bool sel)
{
    struct app_rank_row r;
    chair_row(t->chair, i, &r);
    char rank[32], line[1400];
    char score[32], spread[32];
    cell_fmt(score, sizeof score, 7, 2, r.score);
    cell_fmt(spread, sizeof spread, 6, 1, r.spread);
    if (r.excluded)
        snprintf(rank, sizeof rank, "%s", "-");
    else if (r.low)
        snprintf(rank, sizeof rank, "%d [%d-%d]", r.rank, r.low, r.high);
    else
        snprintf(rank, sizeof rank, "%d", r.rank);
    struct jstr b = {0};
    char num[32];
    add_col(&b, r.task, 10);
    add_col(&b, rank, 12);
    add_col(&b, score, 7);
    snprintf(num, sizeof num, "%3zu", r.n_reviewers);
    add_col(&b, num, 3);
    add_col(&b, spread, 6);
    add_col(&b, r.pack, 22);
    struct jstr why = {0};
    char reason[1100];
    if (r.excluded && r.reason)
        jstr_add(&why, tui_err_translate(r.reason, reason, sizeof reason));
    else
        flags_shown(r.flags, &why);
    jstr_addf(&b, "%s  %s", r.applicant, jstr_cstr(&why));
    jstr_free(&why);
    snprintf(line, sizeof line, "%s", jstr_cstr(&b));
    jstr_free(&b);
    char *safe = utf8_sanitize(line, strlen(line));
    attr_t a = sel ? tui_attr(PAIR_SEL) : r.excluded ? tui_attr(PAIR_DIM) : A_NORMAL;
    draw_text(y, 0, t->cols, safe, a);
    free(safe);
}

void chair_rank_draw(struct tui *t)
{
    draw_text(0, 0, t->cols, chair_title(t->chair), A_BOLD);
    struct jstr h = {0};
    static const char *const cols[] = {N_("Task"), N_("Rank"),   N_("Score"),
                                       N_("N"),    N_("Spread"), N_("Pack")};
    static const int widths[] = {10, 12, 7, 3, 6, 22};
    for (size_t i = 0; i < 6; i++)
        add_col(&h, _(cols[i]), widths[i]);
    jstr_add(&h, _("Applicant / flags"));
    char head[512];
    snprintf(head, sizeof head, "%s", jstr_cstr(&h));
    jstr_free(&h);
    draw_text(1, 0, t->cols, head, A_UNDERLINE);
    int rows = t->lines - 4;
    list_set(&t->rank, chair_count(t->chair));
    list_fit(&t->rank, rows);
    for (int r = 0; r < rows && t->rank.top + (size_t)r < t->rank.n; r++)
        rank_line(t, 2 + r, t->rank.top + (size_t)r, t->rank.top + (size_t)r == t->rank.cur);
}

static void cell_num(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "%8s", "-");
    else
        snprintf(buf, n, "%8.2f", v);
}

/* One table row: a label, then a value per reviewer, as many as fit. */
static void detail_line(struct tui *t, int y, const char *label, const double *v, size_t stride,
                        size_t n, attr_t a)
{
    struct jstr s = {0};
    add_col(&s, label, 11);
    for (size_t k = 0; k < n; k++) {
        char c[32];
        cell_num(c, sizeof c, v[k * stride]);
        jstr_add(&s, c);
    }
    draw_text(y, 0, t->cols, jstr_cstr(&s), a);
    jstr_free(&s);
}

/* Up to `max` lines of s wrapped at the screen's width from row y; the
 * next free row. */
static int wrap_draw(struct tui *t, int y, const char *s, int max, attr_t a)
{
    char *safe = utf8_sanitize(s, strlen(s));
    const char *p = safe;
    for (int i = 0; i < max && *p; i++) {
        int used = 0;
        size_t n = utf8_fit(p, strlen(p), t->cols > 1 ? t->cols - 1 : 1, &used);
        if (n == 0)
            break;
        char *line = jury_xstrndup(p, n);
        draw_text(y++, 0, t->cols, line, a);
        free(line);
        p += n;
    }
    free(safe);
    return y;
}

/* The panel's table: every reviewer's total, deductions, net and whether it
 * counted, under how the official figure was computed. The next free row. */
static int panel_draw(struct tui *t, int y)
{
    struct app_chair_panel_row *rows = NULL;
    char *fig = NULL;
    size_t n = chair_panel(t->chair, t->rank.cur, &rows, &fig);
    y = wrap_draw(t, y, fig, 3, A_NORMAL);
    struct jstr h = {0};
    add_col(&h, _("Reviewer"), 22);
    static const char *const cols[] = {N_("Total"), N_("Deduct"), N_("Net")};
    for (size_t k = 0; k < 3; k++)
        add_col(&h, _(cols[k]), 8);
    jstr_add(&h, _("Counted"));
    draw_text(y++, 0, t->cols, jstr_cstr(&h), A_UNDERLINE);
    for (size_t i = 0; i < n && y < t->lines - 8; i++) {
        struct jstr b = {0};
        char num[3][32];
        cell_num(num[0], sizeof num[0], rows[i].total);
        cell_num(num[1], sizeof num[1], rows[i].deduction);
        cell_num(num[2], sizeof num[2], rows[i].net);
        add_col(&b, rows[i].who, 22);
        for (size_t k = 0; k < 3; k++)
            add_col(&b, num[k], 8);
        jstr_add(&b, rows[i].status);
        char *safe = utf8_sanitize(jstr_cstr(&b), b.len);
        draw_text(y++, 0, t->cols, safe,
                  strncmp(rows[i].status, "去掉", 6) == 0 ? tui_attr(PAIR_DIM) : A_NORMAL);
        free(safe);
        jstr_free(&b);
    }
    free(rows);
    free(fig);
    return y;
}

/* The comments on the selected observation point, one line each, in the
 * `room` lines from y (the last says how many more there are). */
static void comments_draw(struct tui *t, int y, int room, const char *indicator)
{
    struct app_chair_comment *cm = NULL;
    size_t n = chair_comments(t->chair, t->rank.cur, indicator, &cm);
    for (size_t k = 0; k < n && room > 0; k++, room--) {
        struct jstr b = {0};
        if (room == 1 && k + 1 < n)
            jstr_addf(&b, _("(%zu more comments: see report.md)"), n - k);
        else
            jstr_addf(&b, _("Comment %s %s: %s"), indicator, cm[k].who, cm[k].text);
        char *safe = utf8_sanitize(jstr_cstr(&b), b.len);
        draw_text(y++, 0, t->cols, safe, tui_attr(PAIR_DIM));
        free(safe);
        jstr_free(&b);
    }
    free(cm);
}

void chair_detail_draw(struct tui *t)
{
    const struct app_chair_detail *d = chair_detail(t->chair);
    if (!d)
        return;
    char title[512];
    struct app_rank_row row;
    chair_row(t->chair, t->rank.cur, &row);
    snprintf(title, sizeof title, _("Pack %s: the panel's results (Esc back)"), d->pack);
    struct jstr h0 = {0}; /* the task as the document names it */
    jstr_addf(&h0, "%s  %s %s", title, row.task, row.task_name);
    char *safe = utf8_sanitize(jstr_cstr(&h0), h0.len);
    draw_text(0, 0, t->cols, safe, A_BOLD);
    free(safe);
    jstr_free(&h0);
    int top = panel_draw(t, 1) + 1;
    struct jstr h = {0};
    add_col(&h, _("Indicator"), 11);
    for (size_t k = 0; k < d->n_reviewers; k++)
        jstr_addf(&h, "%8.8s", d->reviewers[k]);
    draw_text(top, 0, t->cols, jstr_cstr(&h), A_UNDERLINE);
    jstr_free(&h);
    int rows = t->lines - 7 - top; /* two lines for the comments */
    if (rows < 1)
        rows = 1;
    list_set(&t->detail, d->n_indicators);
    list_fit(&t->detail, rows);
    for (int r = 0; r < rows && t->detail.top + (size_t)r < d->n_indicators; r++) {
        size_t i = t->detail.top + (size_t)r;
        detail_line(t, top + 1 + r, d->indicators[i], d->points + i * d->n_reviewers, 1,
                    d->n_reviewers, i == t->detail.cur ? tui_attr(PAIR_SEL) : A_NORMAL);
    }
    if (t->detail.cur < d->n_indicators)
        comments_draw(t, t->lines - 6, 2, d->indicators[t->detail.cur]);
    detail_line(t, t->lines - 4, _("Total"), d->totals, 1, d->n_reviewers, A_BOLD);
    detail_line(t, t->lines - 3, _("Deduction"), d->deductions, 1, d->n_reviewers, A_NORMAL);
}

int rank_enter(struct tui *t)
{
    if (t->screen != SCREEN_RANK || t->rank.n == 0)
        return TUI_DRAW;
    struct jury_error err = {0};
    if (chair_detail_load(t->chair, t->rank.cur, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    t->detail = (struct tui_list){0};
    t->screen = SCREEN_DETAIL;
    return TUI_DRAW;
}

static int rank_find_done(struct tui *t, const char *text)
{
    for (size_t i = 0; text[0] && i < chair_count(t->chair); i++) {
        struct app_rank_row r;
        chair_row(t->chair, i, &r);
        if (strstr(r.pack, text) || strstr(r.applicant, text) || strstr(r.task, text)) {
            t->rank.cur = i;
            return TUI_DRAW;
        }
    }
    tui_err(t, _("Not found: %s"), text);
    return TUI_DRAW;
}

int rank_intervals(struct tui *t)
{
    struct jury_error err = {0};
    if (chair_intervals(t->chair, &err) != 0)
        tui_err_show(t, &err);
    return TUI_DRAW;
}

int rank_find(struct tui *t)
{
    t->screen = SCREEN_RANK;
    prompt_open(t, _("Find a pack:"), "", 200, rank_find_done, NULL);
    return TUI_DRAW;
}
