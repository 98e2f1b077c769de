/* values.c - a pack's stored values (db's sheet_pack) as the plain
 * app_values the interfaces read: the arrays are app's, the strings stay
 * borrowed from the sheet_pack. */
#include "app/app.h"
#include "db/store/store.h"
#include "packs/pack.h"
#include "app/values_int.h"

#include <stdlib.h>
#include <string.h>

enum app_pack_state app_state_of(enum store_pack_state s)
{
    switch (s) {
    case STORE_SUBMITTED:
        return APP_SUBMITTED;
    case STORE_IN_PROGRESS:
        return APP_IN_PROGRESS;
    default:
        return APP_NOT_STARTED;
    }
}

static void scores_from(struct app_values *v, const struct sheet_pack *p)
{
    v->scores = jury_xcalloc(p->n_scores + 1, sizeof *v->scores);
    v->n_scores = p->n_scores;
    for (size_t i = 0; i < p->n_scores; i++) {
        const struct sheet_score *s = &p->scores[i];
        struct app_cite *c = jury_xcalloc(s->n_cites + 1, sizeof *c);
        for (size_t k = 0; k < s->n_cites; k++)
            c[k] = (struct app_cite){s->cites[k].path, s->cites[k].page};
        v->scores[i] =
            (struct app_score){s->indicator, s->value, s->points, s->comment, c, s->n_cites};
    }
}

struct app_values *app_values_from(const struct sheet_pack *p)
{
    if (!p)
        return NULL;
    struct app_values *v = jury_xcalloc(1, sizeof *v);
    v->state = app_state_of(p->state);
    v->conflict = p->conflict;
    scores_from(v, p);
    v->confirms = jury_xcalloc(p->n_confirms + 1, sizeof *v->confirms);
    v->n_confirms = p->n_confirms;
    for (size_t i = 0; i < p->n_confirms; i++)
        v->confirms[i] =
            (struct app_confirm){p->confirms[i].item, p->confirms[i].is_veto, p->confirms[i].yes};
    v->deductions = jury_xcalloc(p->n_deductions + 1, sizeof *v->deductions);
    v->n_deductions = p->n_deductions;
    for (size_t i = 0; i < p->n_deductions; i++)
        v->deductions[i] = (struct app_deduction){p->deductions[i].id, p->deductions[i].value};
    v->check_comments = jury_xcalloc(p->n_check_comments + 1, sizeof *v->check_comments);
    v->n_check_comments = p->n_check_comments;
    for (size_t i = 0; i < p->n_check_comments; i++)
        v->check_comments[i] =
            (struct app_check_comment){p->check_comments[i].item, p->check_comments[i].comment};
    return v;
}

void app_values_free(struct app_values **p)
{
    struct app_values *v = *p;
    if (!v)
        return;
    for (size_t i = 0; i < v->n_scores; i++)
        free(v->scores[i].cites);
    free(v->scores);
    free(v->confirms);
    free(v->deductions);
    free(v->check_comments);
    free(v);
    *p = NULL;
}
