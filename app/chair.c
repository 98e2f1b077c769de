/* chair.c - the chair's view of a merged folder (OUT/merged.sqlite): ranked
 * with its stored (official) settings through merge_rank, the very function
 * `jury rank` and every output use, so the view cannot disagree with
 * ranking.csv or report.pdf; a pack's panel table as the reports print it;
 * the reviewer-by-indicator drill-down. */
#include "app/app.h"
#include "db/merge/merge.h"
#include "report/report.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app_chair {
    struct merge *m;
    struct merge_ranking *r;
    struct merge_pack_detail *d;
    struct app_chair_detail view;
    struct rank_settings s;
};

static int rank_now(struct app_chair *c, struct jury_error *err)
{
    struct merge_ranking *r = NULL;
    int rc = merge_rank(c->m, &c->s, MERGE_RANK_DETAILS, &r, err);
    if (rc < 0)
        return rc;
    merge_ranking_free(&c->r);
    c->r = r;
    return 0;
}

int app_chair_open(struct app_chair **out, const char *dir, struct jury_error *err)
{
    struct app_chair *c = jury_xcalloc(1, sizeof *c);
    rank_settings_default(&c->s);
    char *stored = NULL;
    int rc = merge_open(&c->m, dir, err);
    if (rc == 0 && merge_meta_get(c->m, "settings", &stored, err) == 0 && stored)
        rc = rank_settings_from_kit_json(&c->s, stored, strlen(stored), "merged.sqlite", err);
    free(stored);
    if (rc == 0)
        rc = rank_now(c, err);
    if (rc < 0) {
        app_chair_close(&c);
        return rc;
    }
    *out = c;
    return 0;
}

void app_chair_close(struct app_chair **p)
{
    struct app_chair *c = *p;
    if (!c)
        return;
    merge_pack_detail_free(&c->d);
    merge_ranking_free(&c->r);
    merge_close(&c->m);
    free(c);
    *p = NULL;
}

void app_chair_info(const struct app_chair *c, struct app_chair_info *out)
{
    const struct decide_report *d = c->r->decide;
    *out = (struct app_chair_info){
        .n_sheets = c->r->n_sheets,
        .method = c->r->method,
        .method_changed = d && d->n_method_log ? d->method_log[d->n_method_log - 1] : NULL,
        .intervals = c->r->result->settings.intervals,
    };
}

size_t app_chair_count(const struct app_chair *c)
{
    return c->r->result->n_rows;
}

void app_chair_row(const struct app_chair *c, size_t i, struct app_rank_row *out)
{
    app_ranking_row(c->r, i, out);
}

int app_chair_intervals(struct app_chair *c, struct jury_error *err)
{
    c->s.intervals = true;
    return rank_now(c, err);
}

size_t app_chair_panel(const struct app_chair *c, size_t i, struct app_chair_panel_row **out,
                       char **figure)
{
    const struct merge_ranking *r = c->r;
    size_t p = r->result->order[i], n = r->pack_start[p + 1] - r->pack_start[p];
    struct app_chair_panel_row *rows = jury_xcalloc(n + 1, sizeof *rows);
    for (size_t k = 0; k < n; k++) {
        size_t e = r->by_pack[r->pack_start[p] + k];
        const struct rank_entry *x = &r->in.entries[e];
        report_reviewer_label(r, x->reviewer, rows[k].who, sizeof rows[k].who);
        rows[k].total = x->total;
        rows[k].deduction = x->deduction;
        rows[k].net = x->total - x->deduction;
        report_entry_status(r, e, rows[k].status, sizeof rows[k].status);
    }
    *figure = report_figure_text(r, p);
    *out = rows;
    return n;
}

int app_chair_detail(struct app_chair *c, size_t i, const struct app_chair_detail **out,
                     struct jury_error *err)
{
    struct app_rank_row row;
    app_chair_row(c, i, &row);
    merge_pack_detail_free(&c->d);
    *out = NULL;
    int rc = merge_pack_detail(c->m, row.pack, &c->d, err);
    if (rc < 0)
        return rc;
    const struct merge_pack_detail *d = c->d;
    c->view = (struct app_chair_detail){d->pack,         (const char *const *)d->reviewers,
                                        d->n_reviewers,  (const char *const *)d->indicators,
                                        d->n_indicators, d->points,
                                        d->totals,       d->deductions};
    *out = &c->view;
    return 0;
}

size_t app_chair_comments(const struct app_chair *c, size_t i, const char *indicator,
                          struct app_chair_comment **out)
{
    const struct merge_ranking *r = c->r;
    size_t p = r->result->order[i], n = 0, point = 0;
    *out = NULL;
    while (point < r->n_point_ids && strcmp(r->point_ids[point], indicator) != 0)
        point++;
    if (point == r->n_point_ids || !r->n_comments || !r->score_start)
        return 0;
    *out = jury_xcalloc(r->pack_start[p + 1] - r->pack_start[p] + 1, sizeof **out);
    for (size_t k = r->pack_start[p]; k < r->pack_start[p + 1]; k++) {
        size_t e = r->by_pack[k];
        const char *text = report_point_comment(r, e, point);
        if (!text)
            continue;
        report_reviewer_label(r, r->in.entries[e].reviewer, (*out)[n].who, sizeof(*out)[n].who);
        (*out)[n++].text = text;
    }
    return n;
}
