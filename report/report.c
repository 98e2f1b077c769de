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

/* Markdown text of untrusted s for jstr_addf: valid until 8 more calls. */
static const char *md(const char *s)
{
    static struct jstr ring[8];
    static unsigned next;
    struct jstr *b = &ring[next++ % 8];
    jstr_clear(b);
    esc_markdown(b, s);
    return jstr_cstr(b);
}

/* Markdown table cell: HTML, Markdown markers, '|', controls and line
 * breaks escaped (core's one Markdown escaper). */
static void md_cell(struct jstr *b, const char *s)
{
    jstr_add(b, " ");
    esc_markdown(b, s);
    jstr_add(b, " |");
}

void report_row_cells(const struct rank_row *row, struct report_cells *c)
{
    snprintf(c->rank, sizeof c->rank, "%d", row->rank);
    report_num(row->score, 2, c->score, sizeof c->score);
    snprintf(c->n, sizeof c->n, "%zu", row->n_reviewers);
    c->iv[0] = '\0';
    if (row->rank_low)
        snprintf(c->iv, sizeof c->iv, "%d–%d", row->rank_low, row->rank_high);
    report_flags_text(row->flags, c->flags, sizeof c->flags);
}

static void md_ranking(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "| rank | pack | applicant | score | reviewers | 90% rank interval | flags |\n"
                "| ---: | --- | --- | ---: | ---: | --- | --- |\n");
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (row->excluded)
            continue;
        struct report_cells c;
        report_row_cells(row, &c);
        jstr_add(b, "|");
        const char *cells[] = {
            c.rank, r->in.packs[row->pack].id, r->in.packs[row->pack].applicant, c.score, c.n, c.iv,
            c.flags};
        for (size_t k = 0; k < 7; k++)
            md_cell(b, cells[k]);
        jstr_add(b, "\n");
    }
}

static void md_task_extras(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "\n**Excluded**\n\n");
    size_t mark = b->len;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (row->excluded)
            jstr_addf(b, "- %s (%s): %s\n", md(r->in.packs[row->pack].id),
                      md(r->in.packs[row->pack].applicant), md(row->reason));
    }
    if (b->len == mark)
        jstr_add(b, "- none\n");
    jstr_add(b, "\n**Disagreements (复议)**\n\n");
    mark = b->len;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!(row->flags & RANK_FLAG_DISAGREE))
            continue;
        jstr_addf(b, "- %s: spread %.2f > %.2f — ", md(r->in.packs[row->pack].id), row->spread,
                  r->settings.disagreement_total);
        struct jstr v = {0};
        report_pack_values(r, row->pack, &v);
        jstr_add(b, md(jstr_cstr(&v)));
        jstr_free(&v);
        jstr_add(b, "\n");
    }
    for (size_t i = 0; i < r->n_points; i++) {
        size_t p = r->points[i].pack;
        if (strcmp(report_task(r, p), report_task(r, r->result->order[from])) == 0)
            jstr_addf(b, "- %s / %s: spread %.2f > %.2f/2 — %s\n", md(r->in.packs[p].id),
                      md(r->points[i].indicator), r->points[i].spread, r->points[i].max,
                      md(r->points[i].values));
    }
    if (b->len == mark)
        jstr_add(b, "- none\n");
}

static void md_panels(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "\n## Agreement per panel\n\n");
    for (size_t i = 0; i < r->n_panels; i++) {
        const struct rank_panel_stats *p = &r->panels[i];
        char w[32], icc[32];
        report_num(p->kendall_w, 3, w, sizeof w);
        report_num(p->icc2k, 3, icc, sizeof icc);
        jstr_addf(b,
                  "### Panel %s\n\n%zu reviewers, %zu packs (%zu scored by all). "
                  "Kendall's W %s, ICC(2,k) %s.\n\n| reviewer | packs | leniency | r with panel |\n"
                  "| --- | ---: | ---: | ---: |\n",
                  md(p->panel), p->n_reviewers, p->n_packs, p->n_complete, *w ? w : "n/a",
                  *icc ? icc : "n/a");
        for (size_t k = 0; k < p->n_reviewers; k++) {
            char len[32], cor[32];
            report_num(p->reviewers[k].leniency, 2, len, sizeof len);
            report_num(p->reviewers[k].correlation, 3, cor, sizeof cor);
            jstr_addf(b, "| %s | %zu | %s | %s |\n",
                      md(r->in.reviewers[p->reviewers[k].reviewer].id), p->reviewers[k].n_packs,
                      len, *cor ? cor : "n/a");
        }
        jstr_add(b, "\n");
    }
}

static void md_notes(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "## Possible issues\n\n");
    if (r->n_conflicts + r->n_cois + r->n_collisions == 0)
        jstr_add(b, "- none: no sheet conflicts, no conflicts of interest, no shared evidence or "
                    "cross-pack matches\n");
    for (size_t i = 0; i < r->n_conflicts; i++)
        jstr_addf(b, "- sheet conflict%s: %s on %s (%s)\n",
                  r->conflicts[i].resolved ? " (resolved, newest kept)" : " (UNRESOLVED)",
                  md(r->conflicts[i].reviewer), md(r->conflicts[i].pack), md(r->conflicts[i].text));
    for (size_t i = 0; i < r->n_cois; i++)
        jstr_addf(b, "- conflict of interest (回避), scores excluded: %s on %s: %s\n",
                  md(r->cois[i].reviewer), md(r->cois[i].pack), md(r->cois[i].text));
    for (size_t i = 0; i < r->n_collisions; i++) {
        const struct rank_collision *c = &r->collisions[i];
        jstr_addf(b, "- %s %s in:", i < r->n_evidence_collisions ? "same evidence file" : "same",
                  md(c->keys[0]->key));
        for (size_t k = 0; k < c->n_keys; k++)
            jstr_addf(b, " %s (%s%s%s)", md(r->in.packs[c->keys[k]->pack].id),
                      md(r->in.packs[c->keys[k]->pack].applicant), c->keys[k]->label ? ", " : "",
                      md(c->keys[k]->label));
        jstr_addf(b, " — %s\n", md(c->keys[0]->value));
    }
}

size_t report_task_end(const struct merge_ranking *r, size_t from)
{
    size_t to = from + 1;
    while (to < r->result->n_rows && strcmp(report_task(r, r->result->order[to]),
                                            report_task(r, r->result->order[from])) == 0)
        to++;
    return to;
}

int report_write_markdown(const struct merge_ranking *r, const char *path, struct jury_error *err)
{
    struct jstr b = {0};
    jstr_addf(&b,
              "# Ranking\n\nMethod: `%s`; veto policy %s; disagreement threshold %.2f. "
              "%zu sheets.\n\n",
              md(r->method), (const char *[]){"majority", "any", "chair"}[r->settings.veto_policy],
              r->settings.disagreement_total, r->n_sheets);
    decide_md_methods(&b, r);
    for (size_t from = 0; from < r->result->n_rows;) {
        size_t to = report_task_end(r, from);
        const char *name = r->in.packs[r->result->order[from]].task_name;
        jstr_addf(&b, "## Task %s%s%s\n\n", md(report_task(r, r->result->order[from])),
                  name && *name ? " " : "", md(name ? name : ""));
        md_ranking(&b, r, from, to);
        md_task_extras(&b, r, from, to);
        jstr_add(&b, "\n");
        from = to;
    }
    md_panels(&b, r);
    md_notes(&b, r);
    decide_md_sections(&b, r);
    int rc = jury_write_file_atomic(path, b.s ? b.s : "", b.len, 0644, err);
    jstr_free(&b);
    return rc;
}

int report_write_all(const struct merge_ranking *r, const char *dir, struct jury_error *err)
{
    static const char *const names[] = {"ranking.csv", "ranking.xlsx", "report.md", "report.html"};
    int (*const fns[])(const struct merge_ranking *, const char *, struct jury_error *) = {
        report_write_csv, report_write_xlsx, report_write_markdown, report_write_html};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 4; i++) {
        char *path = jury_path_join(dir, names[i]);
        rc = fns[i](r, path, err);
        free(path);
    }
    return rc;
}
