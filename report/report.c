/* report.c - ranking.csv and report.md, and what every output shares.
 *
 * Every output is built in memory and written with jury_write_file_atomic
 * (xlsx: written beside, then renamed), so a reader never sees half a file.
 * Numbers are printed with fixed formats so the same data gives the same
 * bytes. */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const flag_names[] = {"disagree", "split-veto", "tie",
                                         "conflict", "crosscheck", "tie-broken"};

void report_flags_text(unsigned flags, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
        if (flags & (1u << i))
            used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
                                     used ? "," : "", flag_names[i]);
}

void report_num(double v, int decimals, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "%.*f", decimals, v);
}

void report_index(const struct merge_ranking *r)
{
    if (r->pack_start)
        return;
    /* a cache of the entries by pack, for a ranking not made by merge_rank */
    struct merge_ranking *w = (struct merge_ranking *)r;
    rank_group_entries(&r->in, &w->pack_start, &w->by_pack);
}

void report_pack_values(const struct merge_ranking *r, size_t pack, struct jstr *out)
{
    report_index(r);
    const char *sep = "";
    for (size_t k = r->pack_start[pack]; k < r->pack_start[pack + 1]; k++) {
        const struct rank_entry *x = &r->in.entries[r->by_pack[k]];
        jstr_addf(out, "%s%s=%.2f", sep, r->in.reviewers[x->reviewer].id, x->total - x->deduction);
        sep = ", ";
    }
}

const char *report_task(const struct merge_ranking *r, size_t pack)
{
    const char *t = r->in.packs[pack].task;
    return t && *t ? t : "-";
}

static void csv_row(struct jstr *b, const struct merge_ranking *r, const struct rank_row *row)
{
    const struct rank_pack *p = &r->in.packs[row->pack];
    char rank[16] = "", score[32], lo[16] = "", hi[16] = "", n[16], flags[160];
    if (!row->excluded)
        snprintf(rank, sizeof rank, "%d", row->rank);
    report_num(row->score, 3, score, sizeof score);
    if (row->rank_low)
        snprintf(lo, sizeof lo, "%d", row->rank_low), snprintf(hi, sizeof hi, "%d", row->rank_high);
    snprintf(n, sizeof n, "%zu", row->n_reviewers);
    report_flags_text(row->flags, flags, sizeof flags);
    struct jstr f = {0};
    if (row->excluded)
        jstr_addf(&f, "excluded: %s%s%s", row->reason ? row->reason : "", *flags ? "," : "", flags);
    else
        jstr_add(&f, flags);
    char votes[64] = ""; /* yes/no/abstain, declared conflicts abstaining */
    if (row->veto_votes) {
        size_t abstain = 0;
        for (size_t i = 0; i < r->n_cois; i++)
            abstain += r->cois[i].pack && strcmp(r->cois[i].pack, p->id) == 0;
        snprintf(votes, sizeof votes, "%zu/%zu/%zu", row->veto_votes,
                 row->n_reviewers - row->veto_votes, abstain);
    }
    const char *fields[] = {report_task(r, row->pack),
                            rank,
                            p->id,
                            p->applicant,
                            score,
                            n,
                            lo,
                            hi,
                            jstr_cstr(&f),
                            votes,
                            r->method,
                            r->decide ? r->decide->run_id : NULL};
    static const bool numeric[12] = {false, true, false, false, true, true, true, true};
    for (size_t i = 0; i < 12; i++) /* formulas neutralised, real numbers kept */
        esc_csv(b, fields[i], numeric[i], i == 11);
    jstr_free(&f);
}

int report_write_csv(const struct merge_ranking *r, const char *path, struct jury_error *err)
{
    struct jstr b = {0};
    jstr_add(&b, "\xEF\xBB\xBF"); /* the BOM: Excel reads the file as UTF-8 */
    /* the veto votes (yes/no/abstain) and the method of every row */
    const char *head[] = {"task",     "rank",      "pack",  "applicant",  "score",  "reviewers",
                          "rank_low", "rank_high", "flags", "veto_votes", "method", "run"};
    for (size_t i = 0; i < 12; i++)
        csv_add_field(&b, head[i], i == 11);
    for (size_t i = 0; i < r->result->n_rows; i++)
        csv_row(&b, r, &r->result->rows[r->result->order[i]]);
    int rc = jury_write_file_atomic(path, b.s, b.len, 0644, err);
    jstr_free(&b);
    return rc;
}

size_t report_task_end(const struct merge_ranking *r, size_t from)
{
    size_t to = from + 1;
    while (to < r->result->n_rows && strcmp(report_task(r, r->result->order[to]),
                                            report_task(r, r->result->order[from])) == 0)
        to++;
    return to;
}

/* report.md: the markup as Markdown (the chart marker has nothing to show). */
static int markdown_write(const char *markup, const char *path, struct jury_error *err)
{
    struct jstr b = {0};
    markup_to_markdown(&b, markup, NULL, NULL);
    int rc = jury_write_file_atomic(path, b.s ? b.s : "", b.len, 0644, err);
    jstr_free(&b);
    return rc;
}

/* One markup for the three documents: report.md, report.html and report.pdf
 * say the same because they are the same string, converted. */
static int write_documents(const struct merge_ranking *r, const char *dir,
                           struct pdf_report_info *pdf, struct jury_error *err)
{
    char *markup = decide_report_text(r, r->decide);
    char *md = jury_path_join(dir, "report.md"), *html = jury_path_join(dir, "report.html");
    int rc = markdown_write(markup, md, err);
    if (rc == 0)
        rc = report_html_write(r, markup, html, err);
    if (rc == 0 && pdf) {
        char *path = jury_path_join(dir, "report.pdf");
        rc = pdf_report_write(markup, path, pdf, err);
        free(path);
    }
    free(html);
    free(md);
    free(markup);
    return rc;
}

int report_write_all(const struct merge_ranking *r, const char *dir, struct pdf_report_info *pdf,
                     struct jury_error *err)
{
    static const char *const names[] = {"ranking.csv", "ranking.xlsx"};
    int (*const fns[])(const struct merge_ranking *, const char *,
                       struct jury_error *) = {report_write_csv, report_write_xlsx};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 2; i++) {
        char *path = jury_path_join(dir, names[i]);
        rc = fns[i](r, path, err);
        free(path);
    }
    return rc == 0 ? write_documents(r, dir, pdf, err) : rc;
}
