/* report_html.c - a self-contained report.html: the report's markup
 * converted (report_convert.c), with an inline SVG histogram of each task's
 * scores, which only HTML can show, at the markup's "=chart" markers. No
 * scripts, no external files; every text from the data is HTML-escaped. */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The "=chart FROM TO" marker after a task's ranking: its histogram. */
static void chart_at(struct jstr *b, const char *line, const void *ctx)
{
    const struct merge_ranking *r = ctx;
    size_t from, to;
    if (sscanf(line, "=chart %zu %zu", &from, &to) == 2 && from < to && to <= r->result->n_rows)
        svg_histogram(b, r, from, to);
}

int report_html_write(const struct merge_ranking *r, const char *markup, const char *path,
                      struct jury_error *err)
{
    struct jstr b = {0};
    jstr_add(&b, "<!DOCTYPE html>\n<html lang=zh-CN><head><meta charset=utf-8>"
                 "<title>评审报告 (panel report)</title><style>body{font-family:sans-serif;"
                 "margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;"
                 "padding:2px 6px}td.n{text-align:right}</style></head><body>\n");
    markup_to_html(&b, markup, chart_at, r);
    jstr_add(&b, "</body></html>\n");
    int rc = jury_write_file_atomic(path, b.s, b.len, 0644, err);
    jstr_free(&b);
    return rc;
}
