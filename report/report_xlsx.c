/* report_xlsx.c - ranking.xlsx through libxlsxwriter: a sheet per task, then
 * per-indicator means, disagreements and excluded packs. Headers frozen,
 * scores as numbers with two decimals, columns as wide as their longest
 * text counted in display columns (a CJK character is two). */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static bool is_wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

int report_text_width(const char *s)
{
    int w = 0;
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        w += k > 0 && is_wide(cp) ? 2 : 1;
    }
    return w;
}

struct book {
    lxw_workbook *wb;
    lxw_format *head, *num;
    int widths[16];
};

static void col_fit(struct book *bk, int col, const char *text)
{
    int w = report_text_width(text) + 2;
    if (w > bk->widths[col])
        bk->widths[col] = w > 60 ? 60 : w;
}

static lxw_worksheet *sheet_start(struct book *bk, const char *name, const char *const *head, int n)
{
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
    if (!ws)
        return NULL;
    memset(bk->widths, 0, sizeof bk->widths);
    for (int c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bk->head);
        col_fit(bk, c, head[c]);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

static void sheet_finish(struct book *bk, lxw_worksheet *ws, int n)
{
    for (int c = 0; c < n; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, bk->widths[c], NULL);
}

static void put_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row, int col, const char *s)
{
    char *t = esc_xlsx_dup(s); /* a string cell, never a formula; controls shown */
    worksheet_write_string(ws, row, (lxw_col_t)col, t, NULL);
    col_fit(bk, col, t);
    free(t);
}

static void put_num(struct book *bk, lxw_worksheet *ws, lxw_row_t row, int col, double v,
                    bool decimals)
{
    if (isnan(v))
        return;
    worksheet_write_number(ws, row, (lxw_col_t)col, v, decimals ? bk->num : NULL);
    col_fit(bk, col, "0000.00");
}

/* A valid, unique worksheet name for a task (Excel: <= 31 characters,
 * none of []:*?/\). */
static void task_sheet_name(const char *task, size_t index, char *buf, size_t size)
{
    struct jstr b = {0};
    size_t n = strlen(task), chars = 0;
    for (size_t i = 0; i < n && chars < 24; chars++) {
        uint32_t cp;
        int k = utf8_decode(task + i, n - i, &cp);
        if (k <= 0 || strchr("[]:*?/\\'", task[i]))
            jstr_addc(&b, '_'), i += k > 0 ? (size_t)k : 1;
        else
            jstr_addn(&b, task + i, (size_t)k), i += (size_t)k;
    }
    snprintf(buf, size, "%zu %s", index + 1, jstr_cstr(&b));
    jstr_free(&b);
}

static const char *const task_head[] = {"rank",      "pack",     "applicant", "score",
                                        "reviewers", "rank_low", "rank_high", "flags"};

static void task_row(struct book *bk, lxw_worksheet *ws, lxw_row_t y, const struct merge_ranking *r,
                     const struct rank_row *row)
{
    char flags[160];
    report_flags_text(row->flags, flags, sizeof flags);
    put_num(bk, ws, y, 0, row->rank, false);
    put_text(bk, ws, y, 1, r->in.packs[row->pack].id);
    put_text(bk, ws, y, 2, r->in.packs[row->pack].applicant);
    put_num(bk, ws, y, 3, row->score, true);
    put_num(bk, ws, y, 4, (double)row->n_reviewers, false);
    if (row->rank_low) {
        put_num(bk, ws, y, 5, row->rank_low, false);
        put_num(bk, ws, y, 6, row->rank_high, false);
    }
    put_text(bk, ws, y, 7, flags);
}

static int write_tasks(struct book *bk, const struct merge_ranking *r)
{
    size_t t = 0;
    for (size_t from = 0; from < r->result->n_rows; t++) {
        size_t to = report_task_end(r, from);
        char name[128];
        task_sheet_name(report_task(r, r->result->order[from]), t, name, sizeof name);
        lxw_worksheet *ws = sheet_start(bk, name, task_head, 8);
        if (!ws)
            return -1;
        lxw_row_t y = 1;
        for (size_t i = from; i < to; i++) {
            const struct rank_row *row = &r->result->rows[r->result->order[i]];
            if (!row->excluded)
                task_row(bk, ws, y++, r, row);
        }
        sheet_finish(bk, ws, 8);
        from = to;
    }
    return 0;
}

static int write_means(struct book *bk, const struct merge_ranking *r)
{
    static const char *const head[] = {"task", "indicator", "mean", "n"};
    lxw_worksheet *ws = sheet_start(bk, "indicator means", head, 4);
    if (!ws)
        return -1;
    for (size_t i = 0; i < r->n_means; i++) {
        put_text(bk, ws, (lxw_row_t)i + 1, 0, r->means[i].task);
        put_text(bk, ws, (lxw_row_t)i + 1, 1, r->means[i].indicator);
        put_num(bk, ws, (lxw_row_t)i + 1, 2, r->means[i].mean, true);
        put_num(bk, ws, (lxw_row_t)i + 1, 3, (double)r->means[i].n, false);
    }
    sheet_finish(bk, ws, 4);
    return 0;
}

static int write_disagreements(struct book *bk, const struct merge_ranking *r)
{
    static const char *const head[] = {"task",   "pack",      "indicator",
                                       "spread", "threshold", "values"};
    lxw_worksheet *ws = sheet_start(bk, "disagreements", head, 6);
    if (!ws)
        return -1;
    lxw_row_t y = 1;
    for (size_t i = 0; i < r->result->n_rows; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!(row->flags & RANK_FLAG_DISAGREE))
            continue;
        struct jstr v = {0};
        report_pack_values(r, row->pack, &v);
        put_text(bk, ws, y, 0, report_task(r, row->pack));
        put_text(bk, ws, y, 1, r->in.packs[row->pack].id);
        put_text(bk, ws, y, 2, "(total)");
        put_num(bk, ws, y, 3, row->spread, true);
        put_num(bk, ws, y, 4, r->settings.disagreement_total, true);
        put_text(bk, ws, y++, 5, jstr_cstr(&v));
        jstr_free(&v);
    }
    for (size_t i = 0; i < r->n_points; i++, y++) {
        put_text(bk, ws, y, 0, report_task(r, r->points[i].pack));
        put_text(bk, ws, y, 1, r->in.packs[r->points[i].pack].id);
        put_text(bk, ws, y, 2, r->points[i].indicator);
        put_num(bk, ws, y, 3, r->points[i].spread, true);
        put_num(bk, ws, y, 4, r->points[i].max / 2, true);
        put_text(bk, ws, y, 5, r->points[i].values);
    }
    sheet_finish(bk, ws, 6);
    return 0;
}

static int write_excluded(struct book *bk, const struct merge_ranking *r)
{
    static const char *const head[] = {"task",   "pack",      "applicant",
                                       "reason", "reviewers", "veto_votes"};
    lxw_worksheet *ws = sheet_start(bk, "excluded", head, 6);
    if (!ws)
        return -1;
    lxw_row_t y = 1;
    for (size_t i = 0; i < r->result->n_rows; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!row->excluded)
            continue;
        put_text(bk, ws, y, 0, report_task(r, row->pack));
        put_text(bk, ws, y, 1, r->in.packs[row->pack].id);
        put_text(bk, ws, y, 2, r->in.packs[row->pack].applicant);
        put_text(bk, ws, y, 3, row->reason);
        put_num(bk, ws, y, 4, (double)row->n_reviewers, false);
        put_num(bk, ws, y++, 5, (double)row->veto_votes, false);
    }
    sheet_finish(bk, ws, 6);
    return 0;
}

/* The panel decisions: the method (and the one it replaced), the sensitivity table
 * and the veto votes. */
static int write_decisions(struct book *bk, const struct merge_ranking *r)
{
    static const char *const head[] = {"item", "pack", "method", "official rank", "rank", "detail"};
    lxw_worksheet *ws = sheet_start(bk, "decisions", head, 6);
    if (!ws)
        return -1;
    const struct decide_report *d = r->decide;
    put_text(bk, ws, 1, 0, "official method");
    put_text(bk, ws, 1, 2, r->method);
    if (d && d->previous_method)
        put_text(bk, ws, 1, 5, d->previous_method);
    lxw_row_t y = 2;
    if (d && d->run_id) { /* every output names the run that wrote it */
        put_text(bk, ws, y, 0, "run");
        put_text(bk, ws, y++, 5, d->run_id);
    }
    for (size_t i = 0; d && i < d->methods->n_shifts; i++, y++) {
        const struct decide_shift *x = &d->methods->shifts[i];
        put_text(bk, ws, y, 0, "sensitivity");
        put_text(bk, ws, y, 1, r->in.packs[x->pack].id);
        put_text(bk, ws, y, 2, decide_method_name(x->method));
        put_num(bk, ws, y, 3, x->official_rank, false);
        put_num(bk, ws, y, 4, x->other_rank, false);
    }
    for (size_t i = 0; d && i < d->n_votes; i++, y++) {
        const struct decide_vote *v = &d->votes[i];
        char t[160];
        snprintf(t, sizeof t, "yes %zu, no %zu, abstain %zu: %s%s", v->yes, v->no, v->abstain,
                 v->carried ? "vetoed" : "kept", v->split ? " (split: for the chair)" : "");
        put_text(bk, ws, y, 0, "veto vote");
        put_text(bk, ws, y, 1, r->in.packs[v->pack].id);
        put_text(bk, ws, y, 2, decide_policy_name(v->policy));
        put_text(bk, ws, y, 5, t);
    }
    sheet_finish(bk, ws, 6);
    return 0;
}

/* Every reviewer's result per pack: total, deductions, net, whether it
 * counted, and the official figure with how it was computed. */
static void panel_row(struct book *bk, lxw_worksheet *ws, lxw_row_t y,
                      const struct merge_ranking *r, size_t e, const char *fig)
{
    const struct rank_entry *x = &r->in.entries[e];
    const struct rank_pack *p = &r->in.packs[x->pack];
    const struct rank_row *row = &r->result->rows[x->pack];
    char st[160];
    report_entry_status(r, e, st, sizeof st);
    put_text(bk, ws, y, 0, report_task(r, x->pack));
    put_text(bk, ws, y, 1, p->task_name);
    put_text(bk, ws, y, 2, p->id);
    put_text(bk, ws, y, 3, p->applicant);
    put_text(bk, ws, y, 4, r->in.reviewers[x->reviewer].id);
    put_text(bk, ws, y, 5, r->in.reviewers[x->reviewer].name);
    put_num(bk, ws, y, 6, x->total, true);
    put_num(bk, ws, y, 7, x->deduction, true);
    put_num(bk, ws, y, 8, x->total - x->deduction, true);
    put_text(bk, ws, y, 9, st);
    put_num(bk, ws, y, 10, row->excluded ? NAN : row->score, true);
    if (fig)
        put_text(bk, ws, y, 11, fig);
}

static int write_panel(struct book *bk, const struct merge_ranking *r)
{
    static const char *const head[] = {
        "task",  "task name",  "pack", "applicant", "reviewer",       "reviewer name",
        "total", "deductions", "net",  "counted",   "official score", "how computed"};
    lxw_worksheet *ws = sheet_start(bk, "panel 评分明细", head, 12);
    if (!ws)
        return -1;
    lxw_row_t y = 1;
    report_index(r);
    for (size_t i = 0; i < r->result->n_rows; i++) {
        size_t p = r->result->order[i];
        char *fig = report_figure_text(r, p);
        for (size_t k = r->pack_start[p]; k < r->pack_start[p + 1]; k++) /* words once */
            panel_row(bk, ws, y++, r, r->by_pack[k], k == r->pack_start[p] ? fig : NULL);
        free(fig);
    }
    sheet_finish(bk, ws, 12);
    return 0;
}

int report_write_xlsx(const struct merge_ranking *r, const char *path, struct jury_error *err)
{
    struct jstr tmp = {0};
    jstr_addf(&tmp, "%s.tmp", path);
    struct book bk = {.wb = workbook_new(tmp.s)};
    int rc = 0;
    if (!bk.wb) {
        rc = jury_error_set(err, JURY_ERR_IO, path, "cannot create the workbook");
        goto out;
    }
    bk.head = workbook_add_format(bk.wb);
    format_set_bold(bk.head);
    bk.num = workbook_add_format(bk.wb);
    format_set_num_format(bk.num, "0.00");
    if (write_tasks(&bk, r) || write_means(&bk, r) || write_disagreements(&bk, r) ||
        write_excluded(&bk, r) || write_decisions(&bk, r) || write_panel(&bk, r))
        rc = jury_error_set(err, JURY_ERR_INTERNAL, path, "could not add a worksheet");
    lxw_error le = workbook_close(bk.wb);
    if (rc == 0 && le != LXW_NO_ERROR)
        rc = jury_error_set(err, JURY_ERR_IO, path, "%s", lxw_strerror(le));
    if (rc == 0 && rename(tmp.s, path) != 0)
        rc = jury_error_set(err, JURY_ERR_IO, path, "cannot rename the workbook into place");
    if (rc < 0)
        remove(tmp.s);
out:
    jstr_free(&tmp);
    return rc;
}
