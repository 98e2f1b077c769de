/* bridge.c - the workbench's only caller of app/: the session, the pack
 * list, the open pack, and the checklist rows built from the checklist, the
 * rule results and the store's values. Every change goes to the store at
 * once (each change is its own transaction). */
#define _GNU_SOURCE
#include "tui/bridge_int.h"
#include "app/app.h"
#include "tui/bridge_state_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *parent_dir(const char *path, int levels)
{
    char *d = realpath(path, NULL);
    if (!d)
        d = jury_xstrdup(path);
    for (int i = 0; i < levels; i++) {
        char *sl = strrchr(d, '/');
        if (sl && sl != d)
            *sl = '\0';
    }
    return d;
}

/* KIT is a folder; PACK a file inside KIT/packs/ (opened at start). */
static int bridge_target(struct bridge *b, const struct tui_options *opt, char **kit_dir,
                         struct jury_error *err)
{
    *kit_dir = NULL;
    if (!opt->target)
        return 0;
    if (jury_is_dir(opt->target)) {
        *kit_dir = jury_xstrdup(opt->target);
        return 0;
    }
    if (!jury_is_file(opt->target))
        return jury_error_set(err, JURY_ERR_NOTFOUND, opt->target, _("no such kit or pack"));
    *kit_dir = parent_dir(opt->target, 2);
    const char *base = strrchr(opt->target, '/');
    b->start_pack = jury_xstrdup(base ? base + 1 : opt->target);
    return 0;
}

int bridge_open(struct bridge **out, const struct tui_options *opt, struct jury_error *err)
{
    struct bridge *b = jury_xcalloc(1, sizeof *b);
    char *kit_dir = NULL, id[128];
    const char *reviewer = opt->reviewer;
    int rc = bridge_target(b, opt, &kit_dir, err);
    if (rc == 0)
        rc = bridge_keys_offer(opt, &reviewer, id, sizeof id, err);
    struct session_options so = {kit_dir, reviewer, NULL, false};
    if (rc == 0)
        rc = session_open(&b->s, &so, err);
    free(kit_dir);
    if (rc == 0)
        rc = bridge_rows_reload(b);
    if (rc < 0) {
        bridge_close(&b);
        return rc;
    }
    const char *kit_name = session_kit_name(b->s);
    snprintf(b->title, sizeof b->title, "%s  %s", kit_name ? kit_name : session_kit_id(b->s),
             session_reviewer(b->s));
    bridge_seal_check(b);
    struct jury_error ignored = {0};
    app_position_get(b->s, &b->pos, &ignored);
    if (b->start_pack) {
        app_position_clear(&b->pos);
        b->pos.pack = jury_xstrdup(b->start_pack);
    }
    *out = b;
    return 0;
}

void bridge_close(struct bridge **p)
{
    struct bridge *b = *p;
    if (!b)
        return;
    items_clear(b);
    free(b->items);
    hits_clear_public(b);
    app_pack_close(&b->ap);
    app_pack_rows_free(&b->rows, b->n_rows);
    free(b->order);
    free(b->points);
    jstr_free(&b->missing);
    jstr_free(&b->submit_sum);
    jstr_free(&b->export_warn);
    free(b->export_name);
    app_position_clear(&b->pos);
    free(b->start_pack);
    app_seal_clear(&b->seal);
    session_close(&b->s);
    free(b);
    *p = NULL;
}

const char *bridge_title(struct bridge *b)
{
    return b->title;
}

/* ------------------------------------------------------------ pack list */

static const struct app_pack_row *row_at(struct bridge *b, size_t i)
{
    return &b->rows[b->order[i]];
}

static const char *state_name(const struct app_pack_row *r)
{
    if (r->conflict)
        return _("conflict");
    switch (r->state) {
    case APP_SUBMITTED:
        return _("submitted");
    case APP_IN_PROGRESS:
        return _("in progress");
    default:
        return r->scored ? _("in progress") : _("not started");
    }
}

static struct bridge *sort_b;

static int row_cmp(const void *pa, const void *pb)
{
    const struct app_pack_row *a = &sort_b->rows[*(const size_t *)pa];
    const struct app_pack_row *c = &sort_b->rows[*(const size_t *)pb];
    int r = 0;
    switch (sort_b->sort) {
    case 1:
        r = strcmp(a->applicant ? a->applicant : "", c->applicant ? c->applicant : "");
        break;
    case 2:
        r = strcmp(a->task ? a->task : "", c->task ? c->task : "");
        break;
    case 3:
        r = strcmp(state_name(a), state_name(c));
        break;
    case 4:
        r = a->total < c->total ? 1 : a->total > c->total ? -1 : 0;
        break;
    default:
        break;
    }
    return r ? r : strcmp(a->pack, c->pack);
}

static bool row_matches(const struct app_pack_row *r, const char *f)
{
    return !f[0] || strstr(r->pack, f) || (r->applicant && strstr(r->applicant, f)) ||
           (r->task && strstr(r->task, f));
}

static void rows_order(struct bridge *b)
{
    free(b->order);
    b->order = jury_xcalloc(b->n_rows + 1, sizeof *b->order);
    b->n_order = 0;
    for (size_t i = 0; i < b->n_rows; i++)
        if (row_matches(&b->rows[i], b->filter))
            b->order[b->n_order++] = i;
    sort_b = b;
    qsort(b->order, b->n_order, sizeof *b->order, row_cmp);
}

/* Row i's "left" from its known point count. */
static void row_left(struct bridge *b, size_t i)
{
    struct app_pack_row *r = &b->rows[i];
    size_t p = b->points[i];
    r->left = p == SIZE_MAX ? SIZE_MAX : p > r->scored ? p - r->scored : 0;
}

int bridge_rows_reload(struct bridge *b)
{
    struct jury_error err = {0};
    size_t old = b->n_rows;
    app_pack_rows_free(&b->rows, b->n_rows);
    b->n_rows = 0;
    int rc = app_pack_rows(b->s, &b->rows, &b->n_rows, &err);
    if (!b->points || old != b->n_rows) { /* the kit's rows are fixed: once */
        free(b->points);
        b->points = jury_xcalloc(b->n_rows + 1, sizeof *b->points);
        for (size_t i = 0; i < b->n_rows; i++)
            b->points[i] = SIZE_MAX;
    }
    for (size_t i = 0; i < b->n_rows; i++)
        row_left(b, i);
    rows_order(b);
    return rc;
}

/* Learn row i's point count (loads the task's rule set once per pack). */
static void row_points(struct bridge *b, size_t i)
{
    struct jury_error err = {0};
    size_t p = 0;
    if (app_pack_points(b->s, b->rows[i].pack, &p, &err) < 0)
        p = 0; /* an unreadable pack: nothing to score, as the list said before */
    b->points[i] = p;
    row_left(b, i);
}

bool bridge_rows_idle(struct bridge *b)
{
    for (size_t i = 0; i < b->n_rows; i++) {
        if (b->points[i] == SIZE_MAX) {
            row_points(b, i);
            return true;
        }
    }
    return false;
}

void bridge_rows_learn(struct bridge *b, const char *pack)
{
    for (size_t i = 0; i < b->n_rows; i++)
        if (b->points[i] == SIZE_MAX && strcmp(b->rows[i].pack, pack) == 0)
            row_points(b, i);
}

size_t bridge_pack_count(struct bridge *b)
{
    return b->n_order;
}

void bridge_pack_row(struct bridge *b, size_t i, struct bridge_pack_row *row)
{
    const struct app_pack_row *r = row_at(b, i);
    *row = (struct bridge_pack_row){r->pack,
                                    r->applicant ? r->applicant : "",
                                    r->task ? r->task : "",
                                    state_name(r),
                                    r->total,
                                    r->left,
                                    r->conflict != NULL};
}

void bridge_pack_sort(struct bridge *b, int key)
{
    b->sort = key;
    rows_order(b);
}

void bridge_pack_filter(struct bridge *b, const char *text)
{
    snprintf(b->filter, sizeof b->filter, "%s", text);
    rows_order(b);
}

const char *bridge_pack_filter_text(struct bridge *b)
{
    return b->filter;
}
