/* chair_bridge.c - the chair's view data from app/ (app_chair: the merged
 * folder ranked as every output ranks it) and the view's title line. */
#include "app/app.h"
#include "tui/chair_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chair {
    struct app_chair *c;
    const struct app_chair_detail *d;
    char *dir;
    char title[1024];
};

/* The title: folder, sheets, the official method, its last change (from
 * the method log) and whether rank intervals were computed. */
static void set_title(struct chair *c)
{
    struct app_chair_info in;
    app_chair_info(c->c, &in);
    struct jstr t = {0};
    jstr_addf(&t, _("Ranking  %s  sheets: %zu  method: %s"), c->dir, in.n_sheets, in.method);
    if (in.method_changed)
        jstr_addf(&t, _("  (changed %s)"), in.method_changed);
    if (!in.intervals)
        jstr_add(&t, _("  intervals: b"));
    snprintf(c->title, sizeof c->title, "%s", jstr_cstr(&t));
    jstr_free(&t);
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
    int rc = app_chair_open(&c->c, dir, err);
    if (rc < 0) {
        chair_close(&c);
        return rc;
    }
    c->dir = jury_xstrdup(dir);
    set_title(c);
    *out = c;
    return 0;
}

void chair_close(struct chair **p)
{
    struct chair *c = *p;
    if (!c)
        return;
    app_chair_close(&c->c);
    free(c->dir);
    free(c);
    *p = NULL;
}

const char *chair_title(struct chair *c)
{
    return c->title;
}

size_t chair_count(struct chair *c)
{
    return app_chair_count(c->c);
}

void chair_row(struct chair *c, size_t i, struct app_rank_row *out)
{
    app_chair_row(c->c, i, out);
}

int chair_detail_load(struct chair *c, size_t i, struct jury_error *err)
{
    return app_chair_detail(c->c, i, &c->d, err);
}

const struct app_chair_detail *chair_detail(struct chair *c)
{
    return c->d;
}

int chair_intervals(struct chair *c, struct jury_error *err)
{
    int rc = app_chair_intervals(c->c, err);
    if (rc == 0)
        set_title(c);
    return rc;
}

size_t chair_panel(struct chair *c, size_t i, struct app_chair_panel_row **out, char **figure)
{
    return app_chair_panel(c->c, i, out, figure);
}

size_t chair_comments(struct chair *c, size_t i, const char *indicator,
                      struct app_chair_comment **out)
{
    return app_chair_comments(c->c, i, indicator, out);
}
