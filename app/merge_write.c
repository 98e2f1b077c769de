/* merge_write.c - what a merge stores besides the sheets: roster, the kit's
 * facts (packs, rule-set verdicts, maxima, evidence for the duplicate check,
 * calibration, the kit's hash and seal finding) and the settings; and the
 * list of assigned packs the sheets do not bring in. */
#include "app/merge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rule set's verdict on one pack: failed eligibility conditions take it
 * out of the ranking; crosscheck keys go to the cross-pack check. */
static int pack_verdict(struct merge *m, struct pack *p, const char *name, const struct ruleset *rs,
                        struct jury_error *err)
{
    struct rules_pack_view *view = NULL;
    struct rules_result *res = NULL;
    int rc = app_rules_view(p, &view, err);
    if (rc == 0)
        rc = rules_eval(rs, view, &res, err);
    struct jstr why = {0};
    for (size_t i = 0; rc == 0 && i < res->n_conditions; i++)
        if (res->conditions[i].result == RULES_FAIL)
            jstr_addf(&why, "%s%s", why.len ? "; " : "", res->conditions[i].id);
    if (rc == 0)
        rc = merge_set_pack_ineligible(m, name, why.len ? why.s : NULL, err);
    for (size_t i = 0; rc == 0 && i < res->n_crosskeys; i++)
        if (res->crosskeys[i].key)
            rc = merge_add_crosscheck(m, name, res->crosskeys[i].id, res->crosskeys[i].key, err);
    jstr_free(&why);
    rules_result_free(&res);
    app_rules_view_free(&view);
    return rc;
}

static const struct merge_task *task_of(const struct merge_run *mr, const char *task)
{
    for (size_t i = 0; task && i < mr->n_tasks; i++)
        if (strcmp(mr->tasks[i].task, task) == 0)
            return &mr->tasks[i];
    return NULL;
}

struct evid {
    bool on;
    struct app_text_print *prints; /* evidence text fingerprints */
    size_t n_prints;
};

/* One pack of the kit: identity, rule set verdict and (unless --no-evidence)
 * the SHA-256 of every file for the duplicate-evidence check. */
static int kit_pack(struct merge_run *mr, size_t i, struct evid *ev, struct jury_error *err)
{
    const struct merge_kit_pack *kp = &mr->kpacks[i];
    const struct merge_task *t = task_of(mr, kp->task);
    const struct ruleset *rs = t && t->cl ? t->rs : NULL;
    char *path = kit_pack_path(mr->kit, kp->id);
    struct pack *p = NULL;
    int rc = pack_open(&p, path, NULL, err);
    free(path);
    if (rc == 0) {
        /* rules_info says "majority" also when the rule set says nothing: only
         * another policy is the rule set's own and overrides kit and options */
        const char *vp = rs && t->info.veto_policy && strcmp(t->info.veto_policy, "majority") != 0
                             ? t->info.veto_policy
                             : NULL;
        rc = merge_add_pack(mr->m, kp->id, kp->task, kp->applicant, kp->ruleset, vp, err);
    }
    if (rc == 0 && rs)
        rc = pack_verdict(mr->m, p, kp->id, rs, err);
    /* Text first: extracting reads each text file once and caches its SHA-256,
     * so the hash loop below reads only the other files. */
    if (ev->on && rc == 0)
        rc = app_text_prints_add(p, kp->id, 100, &ev->prints, &ev->n_prints, err);
    for (size_t k = 0; ev->on && rc == 0 && k < pack_entry_count(p); k++) {
        char hex[SHA256_HEX_LEN + 1];
        const struct pack_entry *e = pack_entry(p, k);
        if (e->hidden || e->is_link || e->encrypted || pack_entry_sha256(p, k, hex, err) < 0)
            continue; /* an unreadable file is the pack checker's business */
        rc = merge_add_evidence(mr->m, kp->id, e->path, hex, err);
    }
    pack_close(&p);
    return rc;
}

/* Near-identical evidence text (simhash within 6 bits, at least 100
 * character pairs) becomes evidence rows of its own, so the merge lists it
 * with the duplicate files: the same "text:" key in packs of different
 * applicants. */
static int add_text_groups(struct merge *m, struct evid *ev, struct jury_error *err)
{
    size_t *rep = jury_xcalloc(ev->n_prints + 1, sizeof *rep);
    app_text_groups(ev->prints, ev->n_prints, 6, rep);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ev->n_prints; i++) {
        if (rep[i] == SIZE_MAX)
            continue;
        char key[64];
        snprintf(key, sizeof key, "text:%016llx", (unsigned long long)ev->prints[rep[i]].hash);
        struct jstr l = {0};
        jstr_addf(&l, "%s [near-identical text]", ev->prints[i].path);
        rc = merge_add_evidence(m, ev->prints[i].pack, jstr_cstr(&l), key, err);
        jstr_free(&l);
    }
    free(rep);
    return rc;
}

/* The kit's calibration packs (kept out of the ranking) and the kit's
 * SHA-256 for the report to sign: seal.json's when sealed (it lists every
 * file's hash) with kit.json's own beside it, and the seal's finding, with
 * the chair's override when the seal did not hold. */
static int kit_decisions(struct merge_run *mr, const struct app_merge_result *res,
                         struct jury_error *err)
{
    char **calib = NULL, hex[SHA256_HEX_LEN + 1];
    size_t n = 0;
    int rc = calib_packs_from_kit_json(mr->kit->json, strlen(mr->kit->json), &calib, &n, err);
    if (rc == 0)
        rc = merge_set_calibration(mr->m, (const char *const *)calib, n, err);
    calib_packs_free(&calib, n);
    struct rank_settings ks; /* the kit's own, so the report names what differs */
    rank_settings_default(&ks);
    if (rc == 0)
        rc =
            rank_settings_from_kit_json(&ks, mr->kit->json, strlen(mr->kit->json), "kit.json", err);
    char *kit_settings = rank_settings_to_json(&ks);
    if (rc == 0)
        rc = merge_meta_set(mr->m, "kit_settings", kit_settings, err);
    free(kit_settings);
    char *json = jury_path_join(mr->kit->dir, "kit.json");
    if (rc == 0)
        rc = jury_sha256_file_hex(json, hex, err);
    free(json);
    struct jstr v = {0};
    if (mr->seal_sha[0])
        jstr_addf(&v, "%s (seal.json), kit.json %s", mr->seal_sha, hex);
    else
        jstr_addf(&v, "%s (kit.json)", hex);
    jstr_addf(&v, "; seal: %s", res->seal_summary ? res->seal_summary : "?");
    if (res->seal_overridden)
        jstr_add(&v, "; MERGED ANYWAY by the chair (--allow-altered-kit)");
    if (rc == 0)
        rc = merge_meta_set(mr->m, "kit_sha256", jstr_cstr(&v), err);
    jstr_free(&v);
    return rc;
}

static int kit_facts(struct merge_run *mr, const struct app_merge_options *o,
                     const struct app_merge_result *res, struct jury_error *err)
{
    int rc = kit_decisions(mr, res, err);
    for (size_t i = 0; rc == 0 && i < mr->n_tasks; i++) {
        const struct merge_task *t = &mr->tasks[i];
        if (t->info.name) /* the reports name the task as the document does */
            rc = merge_set_task_name(mr->m, t->task, t->info.name, err);
        for (size_t k = 0; t->cl && rc == 0 && k < t->cl->n_indicators; k++)
            if (t->cl->indicators[k].scored)
                rc = merge_set_indicator_max(mr->m, t->info.id, t->cl->indicators[k].id,
                                             t->cl->indicators[k].max, err);
    }
    struct evid ev = {.on = o->evidence};
    for (size_t i = 0; rc == 0 && i < mr->kit->n_packs; i++) {
        struct jury_error e = {0};
        if (!mr->kpacks[i].why && kit_pack(mr, i, &ev, &e) < 0)
            *err = e; /* noted already when the pack could not be read */
        if (e.status == JURY_ERR_NOMEM)
            rc = e.status;
    }
    if (rc == 0 && ev.on)
        rc = add_text_groups(mr->m, &ev, err);
    app_text_prints_free(&ev.prints, ev.n_prints);
    return rc;
}

int app_merge_write_setup(struct merge_run *mr, const struct app_merge_options *o,
                          struct app_merge_result *res, struct jury_error *err)
{
    if (mr->written)
        return 0;
    mr->written = true;
    int rc = mr->m ? 0 : merge_open(&mr->m, o->out, err);
    if (rc == 0)
        rc = merge_add_roster(mr->m, mr->roster, o->chair, err);
    if (rc == 0 && mr->kit)
        rc = kit_facts(mr, o, res, err);
    char *json = rank_settings_to_json(o->settings);
    if (rc == 0)
        rc = merge_meta_set(mr->m, "settings", json, err);
    free(json);
    if (rc == 0)
        rc = merge_meta_set(mr->m, "kit_id", mr->kit ? mr->kit->id : "", err);
    return rc;
}

static void add_missing(struct app_merge_result *res, const char *reviewer, const char *pack,
                        bool in_sheet)
{
    res->missing = jury_xrealloc(res->missing, (res->n_missing + 1) * sizeof *res->missing);
    res->missing[res->n_missing++] = (struct app_merge_missing){
        .reviewer = jury_xstrdup(reviewer), .pack = jury_xstrdup(pack), .in_sheet = in_sheet};
}

static int cmp_missing(const void *a, const void *b)
{
    const struct app_merge_missing *x = a, *y = b;
    int c = strcmp(x->reviewer, y->reviewer);
    return c ? c : strcmp(x->pack, y->pack);
}

int app_merge_missing(struct merge_run *mr, struct app_merge_result *res, struct jury_error *err)
{
    const struct kit *k = mr->kit;
    for (size_t i = 0; i < k->n_assignments; i++) {
        const struct kit_assignment *a = &k->assignments[i];
        if (!a->reviewer_id[0] || !a->pack[0])
            continue;
        int st = mr->m ? merge_entry_state(mr->m, a->reviewer_id, a->pack, err) : MERGE_ENTRY_NONE;
        if (st < 0)
            return st;
        if (st != STORE_SUBMITTED && st != MERGE_ENTRY_COI)
            add_missing(res, a->reviewer_id, a->pack, st != MERGE_ENTRY_NONE);
    }
    if (res->n_missing)
        qsort(res->missing, res->n_missing, sizeof *res->missing, cmp_missing);
    return 0;
}

void app_merge_run_free(struct merge_run *mr)
{
    for (size_t i = 0; i < mr->n_tasks; i++) {
        free(mr->tasks[i].task);
        free(mr->tasks[i].why);
        checklist_free(&mr->tasks[i].cl);
        ruleset_free(&mr->tasks[i].rs);
    }
    free(mr->tasks);
    for (size_t i = 0; mr->kit && mr->extra && i < mr->kit->n_packs; i++) {
        free(mr->extra[i].task);
        free(mr->extra[i].applicant);
        free(mr->extra[i].why);
        checklist_free(&mr->extra[i].variant_cl);
    }
    free(mr->extra);
    free(mr->kpacks);
    free(mr->last_fingerprint);
    kit_close(&mr->kit);
    roster_free(&mr->roster);
}
