/* chair_bridge.c - the chair's view data: a merged folder (OUT/merged.sqlite)
 * ranked with its stored (official) settings through merge_rank, the very
 * function `jury rank` and every output use, so the view cannot disagree
 * with ranking.csv or report.pdf; merge_pack_detail for the drill-down; no
 * SQL here. */
#include "app/app.h"
#include "tui/chair_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chair {
    struct merge *m;
    struct merge_ranking *r;
    struct merge_pack_detail *d;
    struct rank_settings s;
    char title[1024];
};

/* The title: folder, sheets, the official method, its last change (from
 * the method log) and whether rank intervals were computed. */
static void set_title(struct chair *c, const char *dir)
{
    const struct decide_report *d = c->r->decide;
    struct jstr t = {0};
    jstr_addf(&t, _("Ranking  %s  sheets: %zu  method: %s"), dir, c->r->n_sheets, c->r->method);
    if (d && d->n_method_log)
        jstr_addf(&t, _("  (changed %s)"), d->method_log[d->n_method_log - 1]);
    if (!c->r->result->settings.intervals)
        jstr_add(&t, _("  intervals: b"));
    snprintf(c->title, sizeof c->title, "%s", jstr_cstr(&t));
    jstr_free(&t);
}

static int rank_now(struct chair *c, struct jury_error *err)
{
    struct merge_ranking *r = NULL;
    int rc = merge_rank(c->m, &c->s, MERGE_RANK_DETAILS, &r, err);
    if (rc < 0)
        return rc;
    merge_ranking_free(&c->r);
    c->r = r;
    set_title(c, merge_dir(c->m));
    return 0;
}

bool chair_is_merged(const char *dir)
{
    if (!dir || !jury_is_dir(dir))
        return false;
    char *db = jury_path_join(dir, "merged.sqlite");
    bool yes = jury_is_file(db);
    free(db);
    return yes;
}

int chair_open(struct chair **out, const char *dir, struct jury_error *err)
{
    struct chair *c = jury_xcalloc(1, sizeof *c);
    rank_settings_default(&c->s);
    char *stored = NULL;
    int rc = merge_open(&c->m, dir, err);
    if (rc == 0 && merge_meta_get(c->m, "settings", &stored, err) == 0 && stored)
        rc = rank_settings_from_kit_json(&c->s, stored, strlen(stored), "merged.sqlite", err);
    free(stored);
    if (rc == 0)
        rc = rank_now(c, err);
    if (rc < 0) {
        chair_close(&c);
        return rc;
    }
    *out = c;
    return 0;
}

void chair_close(struct chair **p)
{
    struct chair *c = *p;
    if (!c)
        return;
    merge_pack_detail_free(&c->d);
    merge_ranking_free(&c->r);
    merge_close(&c->m);
    free(c);
    *p = NULL;
}

const char *chair_title(struct chair *c)
{
    return c->title;
}

size_t chair_count(struct chair *c)
{
    return c->r->result->n_rows;
}

void chair_row(struct chair *c, size_t i, struct chair_row *out)
{
    const struct rank_row *row = &c->r->result->rows[c->r->result->order[i]];
    const struct rank_pack *p = &c->r->packs[row->pack];
    memset(out, 0, sizeof *out);
    out->task = p->task ? p->task : "";
    out->task_name = p->task_name ? p->task_name : "";
    out->pack = p->id;
    out->applicant = p->applicant ? p->applicant : "";
    out->rank = row->rank;
    out->low = row->rank_low;
    out->high = row->rank_high;
    out->score = row->score;
    out->spread = row->spread;
    out->n_reviewers = row->n_reviewers;
    out->excluded = row->excluded;
    out->reason = row->reason;
    report_flags_text(row->flags, out->flags, sizeof out->flags);
}

int chair_detail_load(struct chair *c, size_t i, struct jury_error *err)
{
    struct chair_row row;
    chair_row(c, i, &row);
    merge_pack_detail_free(&c->d);
    return merge_pack_detail(c->m, row.pack, &c->d, err);
}

const struct merge_pack_detail *chair_detail(struct chair *c)
{
    return c->d;
}

int chair_intervals(struct chair *c, struct jury_error *err)
{
    c->s.intervals = true;
    return rank_now(c, err);
}

size_t chair_panel(struct chair *c, size_t i, struct chair_panel_row **out, char **figure)
{
    const struct merge_ranking *r = c->r;
    size_t p = r->result->order[i], n = r->pack_start[p + 1] - r->pack_start[p];
    struct chair_panel_row *rows = jury_xcalloc(n + 1, sizeof *rows);
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
