/* report_html.c - a self-contained report.html: per task the ranking, an
 * inline SVG histogram of the scores, disagreements, excluded packs; then
 * agreement per panel and possible issues. No scripts, no external files;
 * every text from the data is HTML-escaped. */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text from the data: core's one HTML escaper. */
static void esc(struct jstr *b, const char *s)
{
    esc_html(b, s, s ? strlen(s) : 0);
}

static void td(struct jstr *b, const char *s, bool num)
{
    jstr_add(b, num ? "<td class=n>" : "<td>");
    esc(b, s);
    jstr_add(b, "</td>");
}

/* Histogram of the ranked scores of one task, bins of 5 points. */
static void svg_histogram(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!row->excluded && !isnan(row->score))
            lo = fmin(lo, row->score), hi = fmax(hi, row->score);
    }
    if (!isfinite(lo))
        return;
    double start = floor(lo / 5) * 5;
    int nb = (int)((floor(hi / 5) * 5 - start) / 5) + 1, count[64] = {0}, max = 1;
    nb = nb > 64 ? 64 : nb;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (row->excluded || isnan(row->score))
            continue;
        int k = (int)((row->score - start) / 5);
        k = k < 0 ? 0 : k >= nb ? nb - 1 : k;
        max = ++count[k] > max ? count[k] : max;
    }
    int bw = 40, h = 120;
    jstr_addf(b,
              "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img'>"
              "<title>score distribution</title>",
              nb * bw + 20, h + 40);
    for (int k = 0; k < nb; k++) {
        int bh = count[k] * h / max;
        jstr_addf(b,
                  "<rect x='%d' y='%d' width='%d' height='%d' fill='#4a7ab0'/>"
                  "<text x='%d' y='%d' font-size='10' text-anchor='middle'>%d</text>"
                  "<text x='%d' y='%d' font-size='10'>%g</text>",
                  10 + k * bw, 10 + h - bh, bw - 4, bh, 10 + k * bw + bw / 2 - 2, 8 + h - bh,
                  count[k], 10 + k * bw, h + 25, start + 5 * k);
    }
    jstr_add(b, "</svg>\n");
}

static void html_ranking(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "<table><tr><th>rank</th><th>pack</th><th>applicant</th><th>score</th>"
                "<th>reviewers</th><th>90% interval</th><th>flags</th></tr>\n");
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (row->excluded)
            continue;
        struct report_cells c;
        report_row_cells(row, &c);
        jstr_add(b, "<tr>");
        td(b, c.rank, true);
        td(b, r->in.packs[row->pack].id, false);
        td(b, r->in.packs[row->pack].applicant, false);
        td(b, c.score, true);
        td(b, c.n, true);
        td(b, c.iv, true);
        td(b, c.flags, false);
        jstr_add(b, "</tr>\n");
    }
    jstr_add(b, "</table>\n");
}

static void html_task_lists(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "<h3>Disagreements (复议)</h3><ul>\n");
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!(row->flags & RANK_FLAG_DISAGREE))
            continue;
        struct jstr v = {0};
        report_pack_values(r, row->pack, &v);
        jstr_add(b, "<li>");
        esc(b, r->in.packs[row->pack].id);
        jstr_addf(b, ": spread %.2f &gt; %.2f — ", row->spread, r->settings.disagreement_total);
        esc(b, jstr_cstr(&v));
        jstr_add(b, "</li>\n");
        jstr_free(&v);
    }
    for (size_t i = 0; i < r->n_points; i++) {
        size_t p = r->points[i].pack;
        if (strcmp(report_task(r, p), report_task(r, r->result->order[from])) != 0)
            continue;
        jstr_add(b, "<li>");
        esc(b, r->in.packs[p].id);
        jstr_add(b, " / ");
        esc(b, r->points[i].indicator);
        jstr_addf(b, ": spread %.2f &gt; %.2f/2 — ", r->points[i].spread, r->points[i].max);
        esc(b, r->points[i].values);
        jstr_add(b, "</li>\n");
    }
    jstr_add(b, "</ul><h3>Excluded</h3><ul>\n");
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!row->excluded)
            continue;
        jstr_add(b, "<li>");
        esc(b, r->in.packs[row->pack].id);
        jstr_add(b, ": ");
        esc(b, row->reason);
        jstr_add(b, "</li>\n");
    }
    jstr_add(b, "</ul>\n");
}

static void html_panels(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "<h2>Agreement per panel</h2>\n");
    for (size_t i = 0; i < r->n_panels; i++) {
        const struct rank_panel_stats *p = &r->panels[i];
        char w[32], icc[32];
        report_num(p->kendall_w, 3, w, sizeof w);
        report_num(p->icc2k, 3, icc, sizeof icc);
        jstr_add(b, "<h3>Panel ");
        esc(b, p->panel);
        jstr_addf(b,
                  "</h3><p>%zu reviewers, %zu packs (%zu scored by all). Kendall's W %s, "
                  "ICC(2,k) %s.</p>\n<table><tr><th>reviewer</th><th>packs</th>"
                  "<th>leniency</th><th>r with panel</th></tr>\n",
                  p->n_reviewers, p->n_packs, p->n_complete, *w ? w : "n/a", *icc ? icc : "n/a");
        for (size_t k = 0; k < p->n_reviewers; k++) {
            char n[16], len[32], cor[32];
            snprintf(n, sizeof n, "%zu", p->reviewers[k].n_packs);
            report_num(p->reviewers[k].leniency, 2, len, sizeof len);
            report_num(p->reviewers[k].correlation, 3, cor, sizeof cor);
            jstr_add(b, "<tr>");
            td(b, r->in.reviewers[p->reviewers[k].reviewer].id, false);
            td(b, n, true);
            td(b, len, true);
            td(b, *cor ? cor : "n/a", true);
            jstr_add(b, "</tr>\n");
        }
        jstr_add(b, "</table>\n");
    }
}

static void html_issues(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "<h2>Possible issues</h2><ul>\n");
    if (r->n_conflicts + r->n_cois + r->n_collisions == 0)
        jstr_add(b, "<li>none: no sheet conflicts, no conflicts of interest, no shared evidence "
                    "or cross-pack matches</li>\n");
    for (size_t i = 0; i < r->n_conflicts; i++) {
        jstr_add(b, r->conflicts[i].resolved ? "<li>sheet conflict (resolved): "
                                             : "<li><b>sheet conflict (UNRESOLVED)</b>: ");
        esc(b, r->conflicts[i].reviewer);
        jstr_add(b, " on ");
        esc(b, r->conflicts[i].pack);
        jstr_add(b, " — ");
        esc(b, r->conflicts[i].text);
        jstr_add(b, "</li>\n");
    }
    for (size_t i = 0; i < r->n_cois; i++) {
        jstr_add(b, "<li>conflict of interest (回避), excluded: ");
        esc(b, r->cois[i].reviewer);
        jstr_add(b, " on ");
        esc(b, r->cois[i].pack);
        jstr_add(b, "</li>\n");
    }
    for (size_t i = 0; i < r->n_collisions; i++) {
        const struct rank_collision *c = &r->collisions[i];
        jstr_add(b, i < r->n_evidence_collisions ? "<li>same evidence file in:" : "<li>same ");
        if (i >= r->n_evidence_collisions)
            esc(b, c->keys[0]->key), jstr_add(b, " in:");
        for (size_t k = 0; k < c->n_keys; k++) {
            jstr_add(b, " ");
            esc(b, r->in.packs[c->keys[k]->pack].id);
            jstr_add(b, " (");
            esc(b, r->in.packs[c->keys[k]->pack].applicant);
            jstr_add(b, ")");
        }
        jstr_add(b, " — ");
        esc(b, c->keys[0]->value);
        jstr_add(b, "</li>\n");
    }
    jstr_add(b, "</ul>\n");
}

int report_write_html(const struct merge_ranking *r, const char *path, struct jury_error *err)
{
    struct jstr b = {0};
    jstr_add(&b, "<!DOCTYPE html>\n<html lang=zh-CN><head><meta charset=utf-8>"
                 "<title>Ranking</title><style>body{font-family:sans-serif;margin:2em}"
                 "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}"
                 "td.n{text-align:right}</style></head><body>\n<h1>Ranking</h1><p>Method: <code>");
    esc(&b, r->method);
    jstr_addf(&b, "</code>; %zu sheets.</p>\n", r->n_sheets);
    decide_html_methods(&b, r);
    for (size_t from = 0; from < r->result->n_rows;) {
        size_t to = report_task_end(r, from);
        const char *name = r->in.packs[r->result->order[from]].task_name;
        jstr_add(&b, "<h2>Task ");
        esc(&b, report_task(r, r->result->order[from]));
        if (name && *name)
            jstr_add(&b, " "), esc(&b, name);
        jstr_add(&b, "</h2>\n");
        html_ranking(&b, r, from, to);
        svg_histogram(&b, r, from, to);
        html_task_lists(&b, r, from, to);
        from = to;
    }
    html_panels(&b, r);
    html_issues(&b, r);
    decide_html_sections(&b, r);
    jstr_add(&b, "</body></html>\n");
    int rc = jury_write_file_atomic(path, b.s, b.len, 0644, err);
    jstr_free(&b);
    return rc;
}
