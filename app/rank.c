/* rank.c - ranking a merged folder: the official settings it keeps, a
 * what-if ranking that is only shown, the official ranking adopted and its
 * outputs written together; and a ranking's rows and veto votes as plain
 * structs for the interfaces. */
#include "app/app.h"
#include "db/merge/merge.h"
#include "report/report.h"
#include "packs/pack.h"

#include <stdlib.h>
#include <string.h>

void app_rank_settings_default(struct rank_settings *s)
{
    rank_settings_default(s);
}

int app_rank_settings_set(struct rank_settings *s, const char *option, const char *value,
                          struct jury_error *err)
{
    if (strcmp(option, "method") == 0)
        return rank_settings_set_method(s, value, err);
    if (strcmp(option, "trim-per") == 0)
        return rank_settings_set_trim_per(s, value, err);
    if (strcmp(option, "veto") == 0)
        return rank_settings_set_veto_policy(s, value, err);
    return jury_error_set(err, JURY_ERR_INVALID, option, "not a ranking option");
}

struct app_rank {
    struct merge *m;
    struct rank_settings kept;
    char kept_method[96];
    struct merge_ranking *r; /* the last what-if */
};

/* The stored (official) settings of the folder, else the defaults. */
static void stored_settings(struct app_rank *k)
{
    struct jury_error err = {0};
    char *stored = NULL;
    rank_settings_default(&k->kept);
    if (merge_meta_get(k->m, "settings", &stored, &err) == 0 && stored)
        rank_settings_from_kit_json(&k->kept, stored, strlen(stored), "merged.sqlite", &err);
    free(stored);
    rank_settings_method_name(&k->kept, k->kept_method, sizeof k->kept_method);
}

int app_rank_open(struct app_rank **out, const char *dir, struct jury_error *err)
{
    struct app_rank *k = jury_xcalloc(1, sizeof *k);
    *out = NULL;
    int rc = merge_open(&k->m, dir, err);
    if (rc < 0) {
        app_rank_close(&k);
        return rc;
    }
    stored_settings(k);
    *out = k;
    return 0;
}

void app_rank_close(struct app_rank **p)
{
    struct app_rank *k = *p;
    if (!k)
        return;
    merge_ranking_free(&k->r);
    merge_close(&k->m);
    free(k);
    *p = NULL;
}

const struct rank_settings *app_rank_kept(const struct app_rank *k, const char **method)
{
    if (method)
        *method = k->kept_method;
    return &k->kept;
}

bool app_rank_is_what_if(const struct app_rank *k, const struct rank_settings *s)
{
    return rank_settings_differ(&k->kept, s);
}

int app_rank_what_if(struct app_rank *k, const struct rank_settings *s,
                     const struct merge_ranking **r, struct jury_error *err)
{
    merge_ranking_free(&k->r);
    *r = NULL;
    int rc = merge_rank(k->m, s, MERGE_RANK_DETAILS, &k->r, err);
    *r = k->r;
    return rc;
}

int app_rank_publish(struct merge *m, const struct rank_settings *s, const char *out,
                     struct app_published *pub, struct jury_error *err)
{
    memset(pub, 0, sizeof *pub);
    app_run_id_new(pub->run); /* written into every output, which land together */
    int rc = merge_meta_set(m, "run_id", pub->run, err);
    if (rc == 0)
        rc = merge_rank(m, s, MERGE_RANK_DETAILS, &pub->r, err);
    if (rc == 0)
        rc = merge_rank_adopt(m, pub->r, err);
    if (rc == 0)
        rc = app_outputs_write(pub->r, out, pub->run, &pub->font_whole_bytes, err);
    return rc;
}

int app_rank_official(struct app_rank *k, const struct rank_settings *s, const char *out,
                      struct app_published *pub, struct jury_error *err)
{
    return app_rank_publish(k->m, s, out, pub, err);
}

void app_published_clear(struct app_published *pub)
{
    merge_ranking_free(&pub->r);
}

void app_ranking_row(const struct merge_ranking *r, size_t i, struct app_rank_row *out)
{
    const struct rank_row *row = &r->result->rows[r->result->order[i]];
    const struct rank_pack *p = &r->in.packs[row->pack];
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
    out->veto_votes = row->veto_votes;
    out->excluded = row->excluded;
    out->reason = row->reason;
    report_flags_text(row->flags, out->flags, sizeof out->flags);
}

size_t app_ranking_votes(const struct merge_ranking *r)
{
    return r->decide ? r->decide->n_votes : 0;
}

void app_ranking_vote(const struct merge_ranking *r, size_t i, struct app_veto_vote *out)
{
    const struct decide_vote *v = &r->decide->votes[i];
    *out = (struct app_veto_vote){r->in.packs[v->pack].id,
                                  decide_policy_name(v->policy),
                                  v->yes,
                                  v->no,
                                  v->abstain,
                                  v->split,
                                  v->carried,
                                  v->chair_tie};
}
