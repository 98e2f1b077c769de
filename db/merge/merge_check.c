/* merge_check.c - a verified sheet checked against the kit, and every number
 * in it re-derived from the kit's rule sets, before anything is stored.
 *
 * A valid signature only says which reviewer sent the sheet: that reviewer's
 * own key signs whatever they put in it. So the points a sheet carries are
 * never used: each score's points come from its value through the kit's
 * checklist, and each pack's task, applicant and rule set from the kit. */
#include "db/merge/merge_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No rule set gives more to one point or one deduction; without a kit this
 * bound keeps sums finite (1e308 + 1e308 is Inf, and Inf would stop every
 * later ranking of the folder). */
#define MAX_POINTS 1e6

struct chk {
    const struct merge_kit *kit;
    struct sheet *sh;
    const char *path;
    struct jury_error *err;
    /* the scored indicators of the last checklist, sorted by id: a sheet's
     * scores arrive sorted, so each pack is one merge-join, no search */
    const struct checklist *idx_cl;
    const struct cl_indicator **idx;
    size_t n_idx;
};

static int cmp_ind(const void *a, const void *b)
{
    return strcmp((*(const struct cl_indicator *const *)a)->id,
                  (*(const struct cl_indicator *const *)b)->id);
}

static void index_checklist(struct chk *c, const struct checklist *cl)
{
    if (c->idx_cl == cl)
        return;
    c->idx = jury_xrealloc(c->idx, (cl->n_indicators + 1) * sizeof *c->idx);
    c->n_idx = 0;
    for (size_t i = 0; i < cl->n_indicators; i++)
        if (cl->indicators[i].scored)
            c->idx[c->n_idx++] = &cl->indicators[i];
    qsort(c->idx, c->n_idx, sizeof *c->idx, cmp_ind);
    c->idx_cl = cl;
}

static int refuse(struct chk *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(struct chk *c, const char *fmt, ...)
{
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* ids can hold anything a reviewer typed: the reason shows them escaped */
    char *safe = utf8_sanitize(msg, strlen(msg));
    int rc = jury_error_set(c->err, JURY_ERR_DENIED, c->path, "%s", safe);
    free(safe);
    return rc;
}

/* One id through the one id check; what names the field. */
static int id_ok(struct chk *c, const char *what, const char *pack, const char *id)
{
    char buf[96];
    const char *why = text_id_problem(id, buf, sizeof buf);
    if (!why)
        return 0;
    if (pack)
        return refuse(c, "pack '%s': %s '%s' refused: %s", pack, what, id ? id : "", why);
    return refuse(c, "%s '%s' refused: %s", what, id ? id : "", why);
}

/* Sorted strictly by id: a repeated id is two values for one thing. */
static int in_order(struct chk *c, const char *what, const char *pack, const char *prev,
                    const char *id)
{
    if (!prev || strcmp(prev, id) < 0)
        return 0;
    return refuse(c, "pack '%s': %s '%s' %s", pack, what, id,
                  strcmp(prev, id) == 0 ? "listed twice" : "out of order");
}

/* The kit-free checks of one pack: ids, order, finite numbers. */
static int pack_basics(struct chk *c, const struct sheet_pack *p)
{
    int rc = id_ok(c, "pack id", NULL, p->id);
    for (size_t i = 0; rc == 0 && i < p->n_scores; i++) {
        const struct sheet_score *s = &p->scores[i];
        if ((rc = id_ok(c, "indicator", p->id, s->indicator)) == 0)
            rc = in_order(c, "indicator", p->id, i ? p->scores[i - 1].indicator : NULL,
                          s->indicator);
        if (rc == 0 && !(s->points >= 0 && s->points <= MAX_POINTS))
            rc = refuse(c, "pack '%s': indicator '%s' claims %g points, outside 0..%g", p->id,
                        s->indicator, s->points, MAX_POINTS);
    }
    for (size_t i = 0; rc == 0 && i < p->n_confirms; i++)
        if ((rc = id_ok(c, "confirmed item", p->id, p->confirms[i].item)) == 0 && i &&
            p->confirms[i - 1].is_veto == p->confirms[i].is_veto &&
            strcmp(p->confirms[i - 1].item, p->confirms[i].item) == 0)
            rc = refuse(c, "pack '%s': confirmation '%s' listed twice", p->id, p->confirms[i].item);
    for (size_t i = 0; rc == 0 && i < p->n_deductions; i++) {
        const struct sheet_deduction *d = &p->deductions[i];
        if ((rc = id_ok(c, "deduction", p->id, d->id)) == 0)
            rc = in_order(c, "deduction", p->id, i ? p->deductions[i - 1].id : NULL, d->id);
        if (rc == 0 && !(d->value >= 0 && d->value <= MAX_POINTS))
            rc = refuse(c, "pack '%s': deduction '%s' is %g, outside 0..%g", p->id, d->id, d->value,
                        MAX_POINTS);
    }
    for (size_t i = 0; rc == 0 && i < p->n_check_comments; i++)
        if ((rc = id_ok(c, "commented item", p->id, p->check_comments[i].item)) == 0)
            rc = in_order(c, "commented item", p->id, i ? p->check_comments[i - 1].item : NULL,
                          p->check_comments[i].item);
    return rc;
}

static int cmp_kit_pack(const void *key, const void *elem)
{
    return strcmp(key, ((const struct merge_kit_pack *)elem)->id);
}

static const char *sheet_ruleset_sha(const struct sheet *sh, const char *id)
{
    for (size_t i = 0; id && i < sh->n_rulesets; i++)
        if (strcmp(sh->rulesets[i].id, id) == 0)
            return sh->rulesets[i].sha256;
    return NULL;
}

/* The sheet's rule set for the pack is the kit's, byte for byte. */
static int same_rules(struct chk *c, const struct sheet_pack *p, const struct merge_kit_pack *k)
{
    if (!k->cl)
        return refuse(c, "pack '%s': the kit's rule set for task '%s' cannot be used (%s)", p->id,
                      k->task ? k->task : "?", k->why ? k->why : "the pack names no task");
    if (!p->ruleset || strcmp(p->ruleset, k->ruleset) != 0)
        return refuse(c, "pack '%s' was scored with rule set '%s', the kit's is '%s'", p->id,
                      p->ruleset ? p->ruleset : "(none)", k->ruleset);
    const char *sha = sheet_ruleset_sha(c->sh, p->ruleset);
    if (!sha || strcmp(sha, k->ruleset_sha256) != 0)
        return refuse(c,
                      "pack '%s': rule set '%s' differs from the kit's (sheet SHA-256 %s, kit "
                      "SHA-256 %s)",
                      p->id, p->ruleset, sha ? sha : "(none)", k->ruleset_sha256);
    if (p->sha256[0] && k->sha256[0] && strcmp(p->sha256, k->sha256) != 0)
        return refuse(c,
                      "pack '%s' was scored on another file than the kit's (sheet SHA-256 %s, "
                      "kit SHA-256 %s)",
                      p->id, p->sha256, k->sha256);
    return 0;
}

/* Every score's points from its value through the kit's checklist. */
static int derive_scores(struct chk *c, struct sheet_pack *p, const struct checklist *cl)
{
    index_checklist(c, cl);
    size_t j = 0;
    for (size_t i = 0; i < p->n_scores; i++) {
        struct sheet_score *s = &p->scores[i];
        struct jury_error why = {0};
        int d = -1;
        while (j < c->n_idx && (d = strcmp(c->idx[j]->id, s->indicator)) < 0)
            j++;
        const struct cl_indicator *in = j < c->n_idx && d == 0 ? c->idx[j] : NULL;
        if (!in)
            return refuse(c,
                          "pack '%s': indicator '%s' is not an observation point of rule set "
                          "'%s'",
                          p->id, s->indicator, cl->id ? cl->id : "?");
        if (!s->value) {
            s->points = 0; /* a comment only */
            continue;
        }
        double points = 0;
        if (checklist_validate_indicator(in, s->value, &points, &why) < 0)
            return refuse(c, "pack '%s': indicator '%s': %s", p->id, s->indicator, why.message);
        /* the writer prints 10 significant digits: more apart is an edit */
        if (!(fabs(points - s->points) <= 1e-6 * (1 + fabs(points))))
            return refuse(c,
                          "pack '%s': indicator '%s': the sheet claims %.10g points for '%s', "
                          "the kit's rule gives %.10g",
                          p->id, s->indicator, s->points, s->value, points);
        s->points = points;
    }
    return 0;
}

/* Confirmations name conditions a reviewer answers and vetoes of the rule
 * set; deductions stay within their bounds. */
static int check_answers(struct chk *c, const struct sheet_pack *p, const struct checklist *cl)
{
    for (size_t i = 0; i < p->n_confirms; i++) {
        const struct sheet_confirm *f = &p->confirms[i];
        const struct cl_condition *cond = f->is_veto ? NULL : checklist_find_condition(cl, f->item);
        if (f->is_veto ? !checklist_find_veto(cl, f->item) : !cond || cond->kind != CL_COND_CONFIRM)
            return refuse(c, "pack '%s': confirms %s '%s', which rule set '%s' %s", p->id,
                          f->is_veto ? "veto" : "condition", f->item, cl->id ? cl->id : "?",
                          cond ? "decides itself" : "does not have");
    }
    for (size_t i = 0; i < p->n_deductions; i++) {
        struct jury_error why = {0};
        if (checklist_validate_deduction(cl, p->deductions[i].id, p->deductions[i].value, &why) < 0)
            return refuse(c, "pack '%s': %s", p->id, why.message);
    }
    for (size_t i = 0; i < p->n_check_comments; i++) {
        const char *item = p->check_comments[i].item;
        if (!checklist_find_condition(cl, item) && !checklist_find_veto(cl, item))
            return refuse(c, "pack '%s': comments on '%s', which rule set '%s' does not have",
                          p->id, item, cl->id ? cl->id : "?");
    }
    return 0;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? jury_xstrdup(v) : NULL;
}

static int pack_against_kit(struct chk *c, struct sheet_pack *p)
{
    const struct merge_kit_pack *k =
        bsearch(p->id, c->kit->packs, c->kit->n_packs, sizeof *c->kit->packs, cmp_kit_pack);
    if (!k)
        return refuse(c, "pack '%s' is not in kit '%s'", p->id, c->kit->id);
    /* identity is the kit's, whatever the sheet says */
    set_str(&p->task, k->task);
    set_str(&p->applicant, k->applicant);
    if (p->conflict ||
        (!p->n_scores && !p->n_confirms && !p->n_deductions && !p->n_check_comments)) {
        set_str(&p->ruleset, k->ruleset);
        return 0; /* 回避, or opened and left: no number to check */
    }
    int rc = same_rules(c, p, k);
    if (rc == 0)
        rc = derive_scores(c, p, k->cl);
    if (rc == 0)
        rc = check_answers(c, p, k->cl);
    if (rc == 0)
        set_str(&p->ruleset, k->ruleset);
    return rc;
}

int merge_sheet_check(const struct merge_kit *kit, struct sheet *sh, const char *path,
                      struct jury_error *err)
{
    struct chk c = {kit, sh, path, err, NULL, NULL, 0};
    int rc = id_ok(&c, "reviewer id", NULL, sh->reviewer_id);
    if (rc == 0)
        rc = id_ok(&c, "kit id", NULL, sh->kit_id);
    if (rc == 0 && kit && strcmp(sh->kit_id, kit->id) != 0)
        rc = refuse(&c, "sheet is for another kit ('%s', expected '%s')", sh->kit_id, kit->id);
    for (size_t i = 0; rc == 0 && i < sh->n_rulesets; i++)
        rc = id_ok(&c, "rule set id", NULL, sh->rulesets[i].id);
    for (size_t i = 0; rc == 0 && i < sh->n_packs; i++) {
        struct sheet_pack *p = &sh->packs[i];
        if ((rc = pack_basics(&c, p)) == 0 && i && strcmp(sh->packs[i - 1].id, p->id) >= 0)
            rc = refuse(&c, "pack '%s' listed twice or out of order", p->id);
        if (rc == 0 && kit)
            rc = pack_against_kit(&c, p);
    }
    free(c.idx);
    return rc;
}
