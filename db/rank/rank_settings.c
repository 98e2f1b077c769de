/* rank_settings.c - aggregation settings: defaults, method names, kit.json. */
#include "db/rank/rank_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rank_settings_default(struct rank_settings *s)
{
    memset(s, 0, sizeof *s);
    s->agg = RANK_AGG_TRIMMED;
    s->norm = RANK_NORM_NONE;
    s->trim = 1;
    s->min_reviewers_for_trim = 5;
    s->disagreement_total = 20;
    s->veto_policy = RANK_VETO_MAJORITY;
    s->spread_tie_break = false; /* ties are ties unless the kit names a tie-break */
    s->bootstrap = 1000;
    s->seed = 20240601;
    s->sensitivity = 2;
}

/* The official methods that rank from reviewers' orderings or panel
 * percentiles: merge_rank applies them after the aggregation. */
static const char *const official_names[] = {"borda", "schulze", "percentile"};

static bool set_official(struct rank_settings *s, const char *method)
{
    for (size_t i = 0; i < 3; i++)
        if (strcmp(method, official_names[i]) == 0) {
            snprintf(s->official, sizeof s->official, "%s", method);
            return true;
        }
    return false;
}

static const char *const agg_names[] = {"mean", "trimmed", "median", "point_trimmed"};
static const char *const norm_names[] = {"", "zscore", "panel"};
static const char *const veto_names[] = {"majority", "any", "chair"};

static int find_name(const char *const *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
            return (int)i;
    /* kit.json as written by `jury kit init` spells it "trimmed_mean" */
    if (names == agg_names && len == 12 && strncmp(s, "trimmed_mean", len) == 0)
        return RANK_AGG_TRIMMED;
    return -1;
}

int rank_settings_set_method(struct rank_settings *s, const char *method, struct jury_error *err)
{
    if (set_official(s, method))
        return 0;
    const char *plus = strchr(method, '+');
    size_t head = plus ? (size_t)(plus - method) : strlen(method);
    int norm = find_name(norm_names + 1, 2, method, head);
    int agg = -1;
    if (norm >= 0) {
        norm += 1;
        /* z-scores are of totals: per-point trimming cannot follow them */
        agg = plus ? find_name(agg_names, 3, plus + 1, strlen(plus + 1)) : RANK_AGG_TRIMMED;
    } else if (!plus) {
        norm = RANK_NORM_NONE;
        agg = find_name(agg_names, 4, method, head);
    }
    if (agg < 0)
        return jury_error_set(err, JURY_ERR_INVALID, "method",
                              "unknown method '%s' (mean, trimmed, median, point_trimmed, "
                              "zscore, panel, zscore+median, percentile, borda, schulze, ...)",
                              method);
    s->official[0] = '\0';
    s->norm = (enum rank_norm)norm;
    s->agg = (enum rank_agg)agg;
    return 0;
}

const char *rank_settings_method_name(const struct rank_settings *s, char *buf, size_t size)
{
    char agg[64];
    if (s->official[0]) {
        snprintf(buf, size, "%s", s->official);
        return buf;
    }
    if (s->agg == RANK_AGG_TRIMMED || s->agg == RANK_AGG_POINT_TRIMMED)
        snprintf(agg, sizeof agg, "%s(%zu,%zu)", agg_names[s->agg], s->trim,
                 s->min_reviewers_for_trim);
    else
        snprintf(agg, sizeof agg, "%s", agg_names[s->agg]);
    if (s->norm == RANK_NORM_NONE)
        snprintf(buf, size, "%s", agg);
    else
        snprintf(buf, size, "%s+%s", norm_names[s->norm], agg);
    return buf;
}

int rank_settings_set_trim_per(struct rank_settings *s, const char *what, struct jury_error *err)
{
    bool point = !strcmp(what, "point") || !strcmp(what, "points");
    if (!point && strcmp(what, "total") != 0 && strcmp(what, "totals") != 0)
        return jury_error_set(err, JURY_ERR_INVALID, "trim_per",
                              "trim per '%s'? (point: each observation point; total: net totals)",
                              what);
    if (point && s->norm != RANK_NORM_NONE)
        return jury_error_set(err, JURY_ERR_INVALID, "trim_per",
                              "trimming per point cannot follow z-scores of totals");
    if (point && (s->agg == RANK_AGG_TRIMMED || s->agg == RANK_AGG_POINT_TRIMMED))
        s->agg = RANK_AGG_POINT_TRIMMED;
    else if (point)
        return jury_error_set(err, JURY_ERR_INVALID, "trim_per",
                              "trimming per point needs a trimmed method");
    else if (s->agg == RANK_AGG_POINT_TRIMMED)
        s->agg = RANK_AGG_TRIMMED;
    return 0;
}

bool rank_settings_differ(const struct rank_settings *a, const struct rank_settings *b)
{
    struct rank_settings x = *a, y = *b;
    x.bootstrap = y.bootstrap = 0;
    x.seed = y.seed = 0;
    x.sensitivity = y.sensitivity = 0;
    x.intervals = y.intervals = false;
    char *jx = rank_settings_to_json(&x), *jy = rank_settings_to_json(&y);
    bool differ = strcmp(jx, jy) != 0;
    free(jx);
    free(jy);
    return differ;
}

int rank_settings_set_veto_policy(struct rank_settings *s, const char *name, struct jury_error *err)
{
    int v = find_name(veto_names, 3, name, strlen(name));
    if (v < 0)
        return jury_error_set(err, JURY_ERR_INVALID, "veto_policy",
                              "unknown veto policy '%s' (majority, any, chair)", name);
    s->veto_policy = (enum rank_veto_policy)v;
    return 0;
}

/* A non-negative integer member, or the default when absent. */
static int get_count(json_t *o, const char *key, size_t max, size_t *out, const char *where,
                     struct jury_error *err)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (size_t)json_integer_value(v) > max)
        return jury_error_set(err, JURY_ERR_FORMAT, where,
                              "aggregation.%s must be an integer in 0..%zu", key, max);
    *out = (size_t)json_integer_value(v);
    return 0;
}

static int apply_tie_breaks(struct rank_settings *s, json_t *a, const char *where,
                            struct jury_error *err)
{
    if (!a)
        return 0;
    if (!json_is_array(a) || json_array_size(a) > RANK_MAX_TIE_BREAKS)
        return jury_error_set(err, JURY_ERR_FORMAT, where,
                              "aggregation.tie_breaks must be an array of at most %d ids",
                              RANK_MAX_TIE_BREAKS);
    s->n_tie_breaks = 0;
    s->spread_tie_break = false;
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *id = json_string_value(json_array_get(a, i));
        if (!id || strlen(id) >= RANK_ID_MAX)
            return jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.tie_breaks[%zu]", i);
        if (strcmp(id, "spread") == 0)
            s->spread_tie_break = true; /* "spread" names the reviewer-spread rule */
        else
            snprintf(s->tie_breaks[s->n_tie_breaks++], RANK_ID_MAX, "%s", id);
    }
    return 0;
}

static int apply_aggregation(struct rank_settings *s, json_t *agg, const char *where,
                             struct jury_error *err)
{
    json_t *m = json_object_get(agg, "method"), *d = json_object_get(agg, "disagreement_total");
    json_t *v = json_object_get(agg, "veto_policy"), *seed = json_object_get(agg, "seed");
    json_t *base = json_object_get(agg, "base"), *per = json_object_get(agg, "trim_per");
    int rc = 0;
    if (json_is_string(base) && (rc = rank_settings_set_method(s, json_string_value(base), err)))
        return rc;
    if (m && (!json_is_string(m) || (rc = rank_settings_set_method(s, json_string_value(m), err))))
        return rc ? rc : jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.method");
    if (per &&
        (!json_is_string(per) || (rc = rank_settings_set_trim_per(s, json_string_value(per), err))))
        return rc ? rc : jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.trim_per");
    if (v &&
        (!json_is_string(v) || (rc = rank_settings_set_veto_policy(s, json_string_value(v), err))))
        return rc ? rc : jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.veto_policy");
    if (d && (!json_is_number(d) || json_number_value(d) < 0))
        return jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.disagreement_total");
    if (d)
        s->disagreement_total = json_number_value(d);
    if (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0))
        return jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation.seed");
    if (seed)
        s->seed = (uint64_t)json_integer_value(seed);
    size_t boot = s->bootstrap;
    if ((rc = get_count(agg, "trim", 100, &s->trim, where, err)) ||
        (rc = get_count(agg, "min_reviewers_for_trim", 1000, &s->min_reviewers_for_trim, where,
                        err)) ||
        (rc = get_count(agg, "bootstrap", 100000, &boot, where, err)))
        return rc;
    s->bootstrap = (unsigned)boot;
    size_t sens = s->sensitivity;
    if ((rc = get_count(agg, "sensitivity", 100000, &sens, where, err)))
        return rc;
    s->sensitivity = (unsigned)sens;
    return apply_tie_breaks(s, json_object_get(agg, "tie_breaks"), where, err);
}

int rank_settings_from_kit_json(struct rank_settings *s, const char *json, size_t len,
                                const char *where, struct jury_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return jury_error_set(err, JURY_ERR_FORMAT, where, "line %d: %s", je.line, je.text);
    int rc = 0;
    json_t *agg = json_object_get(root, "aggregation");
    if (agg && !json_is_object(agg))
        rc = jury_error_set(err, JURY_ERR_FORMAT, where, "aggregation must be an object");
    else if (agg)
        rc = apply_aggregation(s, agg, where, err);
    /* a kit-wide veto_policy beside "aggregation" (kit.json of `jury kit init`) */
    json_t *vp = json_object_get(root, "veto_policy");
    if (rc == 0 && vp && !json_object_get(agg, "veto_policy"))
        rc = json_is_string(vp) ? rank_settings_set_veto_policy(s, json_string_value(vp), err)
                                : jury_error_set(err, JURY_ERR_FORMAT, where, "veto_policy");
    json_decref(root);
    return rc;
}

char *rank_settings_to_json(const struct rank_settings *s)
{
    char method[96];
    const char *m = s->official[0]              ? s->official
                    : s->norm == RANK_NORM_NONE ? agg_names[s->agg]
                                                : method;
    snprintf(method, sizeof method, "%s+%s", norm_names[s->norm], agg_names[s->agg]);
    json_t *ties = json_array();
    for (size_t i = 0; i < s->n_tie_breaks; i++)
        json_array_append_new(ties, json_string(s->tie_breaks[i]));
    if (s->spread_tie_break)
        json_array_append_new(ties, json_string("spread"));
    json_t *agg = json_pack(
        "{s:s, s:I, s:I, s:f, s:o, s:I, s:I, s:s}", "method", m, "trim", (json_int_t)s->trim,
        "min_reviewers_for_trim", (json_int_t)s->min_reviewers_for_trim, "disagreement_total",
        s->disagreement_total, "tie_breaks", ties, "bootstrap", (json_int_t)s->bootstrap, "seed",
        (json_int_t)s->seed, "veto_policy", veto_names[s->veto_policy]);
    json_object_set_new(agg, "sensitivity", json_integer((json_int_t)s->sensitivity));
    if (s->official[0]) /* the aggregation under Borda/Schulze/percentile */
        json_object_set_new(agg, "base",
                            json_string(s->norm == RANK_NORM_NONE ? agg_names[s->agg] : method));
    json_t *root = json_pack("{s:o}", "aggregation", agg);
    char *text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(root);
    char *out = jury_xstrdup(text ? text : "{}");
    free(text);
    return out;
}

const char *decide_policy_name(enum rank_veto_policy p)
{
    return (unsigned)p < sizeof veto_names / sizeof *veto_names ? veto_names[p] : veto_names[0];
}
