/* checklist.c - the plain C form of a rule set, and score validation. */
#include "core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, n)                                                                               \
    do {                                                                                           \
        if (((n) & ((n)-1)) == 0)                                                                  \
            (arr) = jury_xrealloc((arr), sizeof *(arr) * ((n) ? (n)*2 : 4));                       \
    } while (0)

static char *dup_or_null(const char *s)
{
    return s ? jury_xstrdup(s) : NULL;
}

struct checklist *checklist_new(void)
{
    return jury_xcalloc(1, sizeof(struct checklist));
}

void checklist_free(struct checklist **p)
{
    if (!p || !*p)
        return;
    struct checklist *cl = *p;
    for (size_t i = 0; i < cl->n_indicators; i++) {
        struct cl_indicator *in = &cl->indicators[i];
        free(in->id);
        free(in->text);
        free(in->guidance);
        for (size_t j = 0; j < in->n_levels; j++) {
            free(in->levels[j].name);
            free(in->levels[j].guidance);
        }
        free(in->levels);
    }
    for (size_t i = 0; i < cl->n_conditions; i++) {
        free(cl->conditions[i].id);
        free(cl->conditions[i].text);
    }
    for (size_t i = 0; i < cl->n_vetoes; i++) {
        free(cl->vetoes[i].id);
        free(cl->vetoes[i].text);
    }
    for (size_t i = 0; i < cl->n_deductions; i++) {
        free(cl->deductions[i].id);
        free(cl->deductions[i].text);
    }
    free(cl->indicators);
    free(cl->conditions);
    free(cl->vetoes);
    free(cl->deductions);
    free(cl->id);
    free(cl->name);
    free(cl->version);
    free(cl->source);
    free(cl->variant);
    free(cl);
    *p = NULL;
}

size_t checklist_add_indicator(struct checklist *cl, const struct cl_indicator *ind)
{
    GROW(cl->indicators, cl->n_indicators);
    struct cl_indicator *in = &cl->indicators[cl->n_indicators];
    *in = *ind;
    in->id = dup_or_null(ind->id);
    in->text = dup_or_null(ind->text);
    in->guidance = dup_or_null(ind->guidance);
    in->levels = NULL;
    in->n_levels = 0;
    return cl->n_indicators++;
}

void checklist_add_level(struct checklist *cl, size_t ind, const char *name, double fraction,
                         const char *guidance)
{
    struct cl_indicator *in = &cl->indicators[ind];
    GROW(in->levels, in->n_levels);
    in->levels[in->n_levels++] = (struct cl_level){
        .name = jury_xstrdup(name), .fraction = fraction, .guidance = dup_or_null(guidance)};
}

void checklist_add_condition(struct checklist *cl, const char *id, const char *text,
                             enum cl_cond_kind kind)
{
    GROW(cl->conditions, cl->n_conditions);
    cl->conditions[cl->n_conditions++] =
        (struct cl_condition){.id = jury_xstrdup(id), .text = jury_xstrdup(text), .kind = kind};
}

void checklist_add_veto(struct checklist *cl, const char *id, const char *text)
{
    GROW(cl->vetoes, cl->n_vetoes);
    cl->vetoes[cl->n_vetoes++] =
        (struct cl_veto){.id = jury_xstrdup(id), .text = jury_xstrdup(text)};
}

void checklist_add_deduction(struct checklist *cl, const char *id, const char *text, double max)
{
    GROW(cl->deductions, cl->n_deductions);
    cl->deductions[cl->n_deductions++] =
        (struct cl_deduction){.id = jury_xstrdup(id), .text = jury_xstrdup(text), .max = max};
}

const struct cl_indicator *checklist_find(const struct checklist *cl, const char *id)
{
    for (size_t i = 0; i < cl->n_indicators; i++)
        if (strcmp(cl->indicators[i].id, id) == 0)
            return &cl->indicators[i];
    return NULL;
}

const struct cl_condition *checklist_find_condition(const struct checklist *cl, const char *id)
{
    for (size_t i = 0; i < cl->n_conditions; i++)
        if (strcmp(cl->conditions[i].id, id) == 0)
            return &cl->conditions[i];
    return NULL;
}

const struct cl_veto *checklist_find_veto(const struct checklist *cl, const char *id)
{
    for (size_t i = 0; i < cl->n_vetoes; i++)
        if (strcmp(cl->vetoes[i].id, id) == 0)
            return &cl->vetoes[i];
    return NULL;
}

const struct cl_deduction *checklist_find_deduction(const struct checklist *cl, const char *id)
{
    for (size_t i = 0; i < cl->n_deductions; i++)
        if (strcmp(cl->deductions[i].id, id) == 0)
            return &cl->deductions[i];
    return NULL;
}

size_t checklist_scored_count(const struct checklist *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cl->n_indicators; i++)
        n += cl->indicators[i].scored;
    return n;
}

/* Parse a finite decimal number that fills the whole string. */
static bool parse_number(const char *s, double *out)
{
    char *end;
    if (!*s)
        return false;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int validate_points(const struct cl_indicator *in, const char *value, double *points,
                           struct jury_error *err)
{
    double v;
    if (!parse_number(value, &v))
        return jury_error_set(err, JURY_ERR_INVALID, in->id, "'%s' is not a number", value);
    if (v < 0 || v > in->max + 1e-9)
        return jury_error_set(err, JURY_ERR_INVALID, in->id, "%g is outside 0..%g", v, in->max);
    if (in->step > 0) {
        double k = v / in->step;
        if (fabs(k - round(k)) > 1e-6)
            return jury_error_set(err, JURY_ERR_INVALID, in->id, "%g is not a multiple of %g", v,
                                  in->step);
    }
    *points = v;
    return JURY_OK;
}

static int validate_level(const struct cl_indicator *in, const char *value, double *points,
                          struct jury_error *err)
{
    struct jstr names = {0};
    for (size_t i = 0; i < in->n_levels; i++) {
        if (strcmp(in->levels[i].name, value) == 0) {
            jstr_free(&names);
            *points = in->max * in->levels[i].fraction;
            return JURY_OK;
        }
        jstr_addf(&names, "%s%s", i ? "/" : "", in->levels[i].name);
    }
    jury_error_set(err, JURY_ERR_INVALID, in->id, "'%s' is not a level (use %s)", value,
                   jstr_cstr(&names));
    jstr_free(&names);
    return JURY_ERR_INVALID;
}

int checklist_validate(const struct checklist *cl, const char *id, const char *value,
                       double *points, struct jury_error *err)
{
    const struct cl_indicator *in = checklist_find(cl, id);
    if (!in)
        return jury_error_set(err, JURY_ERR_INVALID, id, "no indicator '%s' in rule set %s", id,
                              cl->id ? cl->id : "?");
    if (!in->scored)
        return jury_error_set(err, JURY_ERR_INVALID, id,
                              "'%s' is a heading; score its observation points", id);
    if (in->mode == CL_LEVELS)
        return validate_level(in, value, points, err);
    return validate_points(in, value, points, err);
}

int checklist_validate_indicator(const struct cl_indicator *in, const char *value, double *points,
                                 struct jury_error *err)
{
    if (!in->scored)
        return jury_error_set(err, JURY_ERR_INVALID, in->id,
                              "'%s' is a heading; score its observation points", in->id);
    if (in->mode == CL_LEVELS)
        return validate_level(in, value, points, err);
    return validate_points(in, value, points, err);
}

int checklist_validate_deduction(const struct checklist *cl, const char *id, double value,
                                 struct jury_error *err)
{
    const struct cl_deduction *d = checklist_find_deduction(cl, id);
    if (!d)
        return jury_error_set(err, JURY_ERR_INVALID, id, "no deduction '%s'", id);
    if (!isfinite(value) || value < 0 || value > d->max + 1e-9)
        return jury_error_set(err, JURY_ERR_INVALID, id, "deduction %g is outside 0..%g", value,
                              d->max);
    return JURY_OK;
}
