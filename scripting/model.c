/* model.c - the parent's copy of a rule set's model (parsed from the
 * sandbox's 'M' frame) and the checklists built from it. */
#include "scripting/rules_int.h"

#include <stdlib.h>
#include <string.h>

static char **get_strlist(struct wire_reader *r, size_t *n)
{
    uint32_t k = wire_get_u32(r);
    if (r->bad || k > r->len)
        return r->bad = true, *n = 0, NULL;
    char **v = jury_xcalloc(k ? k : 1, sizeof *v);
    for (uint32_t i = 0; i < k; i++)
        v[i] = wire_get_str(r);
    *n = k;
    return v;
}

static void free_strlist(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void add_variant(struct ruleset *rs, const char *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < rs->n_variants; i++)
        if (strcmp(rs->variants[i], v) == 0)
            return;
    rs->variants = jury_xrealloc(rs->variants, (rs->n_variants + 1) * sizeof *rs->variants);
    rs->variants[rs->n_variants++] = jury_xstrdup(v);
}

static void parse_ind(struct ruleset *rs, struct rs_ind *d, struct wire_reader *r)
{
    d->base.id = wire_get_str(r);
    d->base.text = wire_get_str(r);
    d->base.guidance = wire_get_str(r);
    d->parent_id = wire_get_str(r);
    d->base.depth = (int)wire_get_u8(r);
    d->base.scored = wire_get_u8(r) != 0;
    d->base.max = wire_get_f64(r);
    d->base.mode = wire_get_u8(r) == CL_LEVELS ? CL_LEVELS : CL_POINTS;
    d->base.step = wire_get_f64(r);
    uint32_t nl = wire_get_u32(r);
    if (r->bad || nl > r->len) {
        r->bad = true;
        return;
    }
    d->base.levels = jury_xcalloc(nl ? nl : 1, sizeof *d->base.levels);
    for (uint32_t i = 0; i < nl && !r->bad; i++) {
        d->base.levels[i].name = wire_get_str(r);
        d->base.levels[i].fraction = wire_get_f64(r);
        d->base.levels[i].guidance = wire_get_str(r);
        d->base.n_levels = i + 1;
    }
    d->key_all = wire_get_u8(r) != 0;
    d->key = get_strlist(r, &d->n_key);
    d->variants = get_strlist(r, &d->n_variants);
    for (size_t i = 0; i < d->n_key; i++)
        add_variant(rs, d->key[i]);
    for (size_t i = 0; i < d->n_variants; i++)
        add_variant(rs, d->variants[i]);
    d->default_note = wire_get_str(r);
    d->optional = wire_get_u8(r) != 0;
    d->base.parent = -1;
    for (size_t i = 0; d->parent_id && i < rs->n_inds; i++)
        if (strcmp(rs->inds[i].base.id, d->parent_id) == 0)
            d->base.parent = (int)i;
}

/* Items: which = 'c' condition, 'v' veto, 'd' deduction, 'a' autocheck, 'x' cross. */
static struct rs_item *parse_items(struct wire_reader *r, size_t *n, char which)
{
    uint32_t k = wire_get_u32(r);
    if (r->bad || k > r->len)
        return r->bad = true, *n = 0, NULL;
    struct rs_item *v = jury_xcalloc(k ? k : 1, sizeof *v);
    for (uint32_t i = 0; i < k && !r->bad; i++) {
        v[i].id = wire_get_str(r);
        v[i].text = wire_get_str(r);
        if (which == 'c') {
            v[i].kind = (int)wire_get_u8(r);
            v[i].has_check = wire_get_u8(r) != 0;
            v[i].severity = wire_get_str(r);
        } else if (which == 'v') {
            v[i].has_check = wire_get_u8(r) != 0;
        } else if (which == 'd') {
            v[i].max = wire_get_f64(r);
            v[i].has_check = wire_get_u8(r) != 0;
        } else if (which == 'a') {
            v[i].indicator = wire_get_str(r);
            v[i].has_check = true;
        } else {
            v[i].has_check = true;
        }
        if (which == 'c' || which == 'v' || which == 'a' || which == 'd') {
            v[i].default_note = wire_get_str(r);
            v[i].facts = get_strlist(r, &v[i].n_facts);
        }
        *n = i + 1;
    }
    return v;
}

static void parse_facts(struct ruleset *rs, struct wire_reader *r)
{
    uint32_t k = wire_get_u32(r);
    if (r->bad || k > r->len) {
        r->bad = true;
        return;
    }
    rs->facts = jury_xcalloc(k ? k : 1, sizeof *rs->facts);
    for (uint32_t i = 0; i < k && !r->bad; i++) {
        struct rules_fact_decl *f = &rs->facts[i];
        f->name = wire_get_str(r);
        f->type = wire_get_str(r);
        char *unit = wire_get_str(r);
        f->unit = unit ? unit : jury_xstrdup("");
        f->label = wire_get_str(r);
        f->note = wire_get_str(r);
        f->default_note = wire_get_str(r);
        f->values = (const char *const *)get_strlist(r, &f->n_values);
        rs->n_facts = i + 1;
    }
}

/* The public views of the items (struct rules_item), pointing into rs. */
static struct rules_item *items_pub(const struct rs_item *v, size_t n)
{
    struct rules_item *p = jury_xcalloc(n ? n : 1, sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = (struct rules_item){.id = v[i].id,
                                   .text = v[i].text,
                                   .indicator = v[i].indicator,
                                   .severity = v[i].severity,
                                   .default_note = v[i].default_note,
                                   .confirm = v[i].kind == CL_COND_CONFIRM && v[i].severity,
                                   .has_check = v[i].has_check,
                                   .max = v[i].max,
                                   .facts = (const char *const *)v[i].facts,
                                   .n_facts = v[i].n_facts};
    return p;
}

static void parse_evidence(struct ruleset *rs, struct wire_reader *r)
{
    uint32_t k = wire_get_u32(r);
    if (r->bad || k > r->len) {
        r->bad = true;
        return;
    }
    rs->evid = jury_xcalloc(k ? k : 1, sizeof *rs->evid);
    for (uint32_t i = 0; i < k && !r->bad; i++) {
        rs->evid[i].indicator = wire_get_str(r);
        rs->evid[i].patterns = get_strlist(r, &rs->evid[i].n_patterns);
        rs->n_evid = i + 1;
    }
}

int rs_parse_model(struct ruleset *rs, const unsigned char *data, size_t len)
{
    struct wire_reader r = {.p = data, .len = len};
    rs->id = wire_get_str(&r);
    rs->name = wire_get_str(&r);
    rs->version = wire_get_str(&r);
    rs->source = wire_get_str(&r);
    rs->variant_fact = wire_get_str(&r);
    rs->veto_policy = wire_get_str(&r);
    rs->total = wire_get_f64(&r);
    rs->year = wire_get_f64(&r);
    rs->default_note = wire_get_str(&r);
    parse_facts(rs, &r);
    uint32_t k = wire_get_u32(&r);
    if (r.bad || k > len)
        return -1;
    rs->inds = jury_xcalloc(k ? k : 1, sizeof *rs->inds);
    for (uint32_t i = 0; i < k && !r.bad; i++) {
        parse_ind(rs, &rs->inds[i], &r);
        rs->n_inds = i + 1;
    }
    rs->conds = parse_items(&r, &rs->n_conds, 'c');
    rs->vetoes = parse_items(&r, &rs->n_vetoes, 'v');
    rs->deds = parse_items(&r, &rs->n_deds, 'd');
    rs->autos = parse_items(&r, &rs->n_autos, 'a');
    parse_evidence(rs, &r);
    rs->cross = parse_items(&r, &rs->n_cross, 'x');
    if (!r.bad) {
        rs->pub[RULES_SEC_CONDITIONS] = items_pub(rs->conds, rs->n_conds);
        rs->pub[RULES_SEC_AUTOCHECKS] = items_pub(rs->autos, rs->n_autos);
        rs->pub[RULES_SEC_VETOES] = items_pub(rs->vetoes, rs->n_vetoes);
        rs->pub[RULES_SEC_DEDUCTIONS] = items_pub(rs->deds, rs->n_deds);
    }
    return r.bad || !rs->id ? -1 : 0;
}

static void free_items(struct rs_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].text);
        free(v[i].indicator);
        free(v[i].severity);
        free(v[i].default_note);
        free_strlist(v[i].facts, v[i].n_facts);
    }
    free(v);
}

static void free_facts(struct rules_fact_decl *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)f[i].name);
        free((char *)f[i].type);
        free((char *)f[i].unit);
        free((char *)f[i].label);
        free((char *)f[i].note);
        free((char *)f[i].default_note);
        free_strlist((char **)f[i].values, f[i].n_values);
    }
    free(f);
}

void rs_free_model(struct ruleset *rs)
{
    free(rs->id);
    free(rs->name);
    free(rs->version);
    free(rs->source);
    free(rs->variant_fact);
    free(rs->veto_policy);
    for (size_t i = 0; i < rs->n_inds; i++) {
        struct rs_ind *d = &rs->inds[i];
        free(d->base.id);
        free(d->base.text);
        free(d->base.guidance);
        free(d->parent_id);
        for (size_t l = 0; l < d->base.n_levels; l++) {
            free(d->base.levels[l].name);
            free(d->base.levels[l].guidance);
        }
        free(d->base.levels);
        free_strlist(d->key, d->n_key);
        free_strlist(d->variants, d->n_variants);
        free(d->default_note);
    }
    free(rs->inds);
    free_items(rs->conds, rs->n_conds);
    free_items(rs->vetoes, rs->n_vetoes);
    free_items(rs->deds, rs->n_deds);
    free_items(rs->autos, rs->n_autos);
    free_items(rs->cross, rs->n_cross);
    for (size_t i = 0; i < rs->n_evid; i++) {
        free(rs->evid[i].indicator);
        free_strlist(rs->evid[i].patterns, rs->evid[i].n_patterns);
    }
    free(rs->evid);
    free_strlist(rs->variants, rs->n_variants);
    free(rs->default_note);
    free_facts(rs->facts, rs->n_facts);
    for (int i = 0; i < 4; i++)
        free(rs->pub[i]);
}

/* ------------------------------------------------------------ checklists */

static bool in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static bool ind_present(const struct rs_ind *d, const char *variant)
{
    return d->n_variants == 0 || !variant || in_list(d->variants, d->n_variants, variant);
}

/* Add indicators present for variant; map[i] = index in cl or -1. */
static void add_indicators(struct checklist *cl, const struct ruleset *rs, const char *variant,
                           long *map)
{
    for (size_t i = 0; i < rs->n_inds; i++) {
        const struct rs_ind *d = &rs->inds[i];
        int parent = d->base.parent >= 0 ? (int)map[d->base.parent] : -1;
        map[i] = -1;
        if (!ind_present(d, variant) || (d->base.parent >= 0 && parent < 0))
            continue;
        struct cl_indicator ind = d->base;
        ind.levels = NULL;
        ind.n_levels = 0;
        ind.parent = parent;
        ind.key = d->key_all || in_list(d->key, d->n_key, variant);
        ind.optional = d->optional;
        size_t k = checklist_add_indicator(cl, &ind);
        map[i] = (long)k;
        for (size_t l = 0; l < d->base.n_levels; l++)
            checklist_add_level(cl, k, d->base.levels[l].name, d->base.levels[l].fraction,
                                d->base.levels[l].guidance);
    }
}

/* Unscored nodes: max = sum of children, deepest first. */
static void sum_parents(struct checklist *cl)
{
    for (size_t i = 0; i < cl->n_indicators; i++)
        if (!cl->indicators[i].scored)
            cl->indicators[i].max = 0;
    for (int depth = 3; depth >= 2; depth--)
        for (size_t i = 0; i < cl->n_indicators; i++) {
            struct cl_indicator *c = &cl->indicators[i];
            if (c->depth == depth && c->parent >= 0)
                cl->indicators[c->parent].max += c->max;
        }
}

/* Skip spaces (ASCII and the ideographic U+3000) at *s; returns the count. */
static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        return 1;
    return strncmp(s, "\xe3\x80\x80", 3) == 0 ? 3 : 0;
}

const char *ruleset_variant(const struct ruleset *rs, const char *value)
{
    if (!value)
        return NULL;
    for (size_t k; (k = space_at(value)) > 0;)
        value += k;
    size_t n = strlen(value);
    while (n > 0) {
        if (strchr(" \t\r\n", value[n - 1]))
            n--;
        else if (n >= 3 && strncmp(value + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    for (size_t i = 0; i < rs->n_variants; i++)
        if (strlen(rs->variants[i]) == n && strncmp(rs->variants[i], value, n) == 0)
            return rs->variants[i];
    return NULL;
}

struct checklist *ruleset_checklist(const struct ruleset *rs, const char *variant)
{
    if (ruleset_variant(rs, variant))
        variant = ruleset_variant(rs, variant);
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup(rs->id);
    cl->name = jury_xstrdup(rs->name);
    cl->version = jury_xstrdup(rs->version);
    cl->source = jury_xstrdup(rs->source);
    cl->variant = variant ? jury_xstrdup(variant) : NULL;
    long *map = jury_xcalloc(rs->n_inds ? rs->n_inds : 1, sizeof *map);
    add_indicators(cl, rs, variant, map);
    free(map);
    sum_parents(cl);
    cl->total = 0;
    for (size_t i = 0; i < cl->n_indicators; i++)
        if (cl->indicators[i].scored)
            cl->total += cl->indicators[i].max;
    for (size_t i = 0; i < rs->n_conds; i++)
        checklist_add_condition(cl, rs->conds[i].id, rs->conds[i].text,
                                (enum cl_cond_kind)rs->conds[i].kind);
    for (size_t i = 0; i < rs->n_vetoes; i++)
        checklist_add_veto(cl, rs->vetoes[i].id, rs->vetoes[i].text);
    for (size_t i = 0; i < rs->n_deds; i++)
        checklist_add_deduction(cl, rs->deds[i].id, rs->deds[i].text, rs->deds[i].max);
    return cl;
}
