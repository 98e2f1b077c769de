/* chair_bridge.c - the chair's view data: a merged folder (OUT/merged.sqlite)
 * ranked with its stored settings through db's chair API (merge_rank,
 * merge_pack_detail); no SQL here. */
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
    char title[1024];
};

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
    struct rank_settings s;
    rank_settings_default(&s);
    char *stored = NULL;
    int rc = merge_open(&c->m, dir, err);
    if (rc == 0 && merge_meta_get(c->m, "settings", &stored, err) == 0 && stored)
        rc = rank_settings_from_kit_json(&s, stored, strlen(stored), "merged.sqlite", err);
    free(stored);
    if (rc == 0)
        rc = merge_rank(c->m, &s, MERGE_RANK_DETAILS, &c->r, err);
    if (rc < 0) {
        chair_close(&c);
        return rc;
    }
    snprintf(c->title, sizeof c->title, _("Ranking  %s  sheets: %zu  method: %s"), dir,
             c->r->n_sheets, c->r->method);
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
