/* merge.c - the chair's merge: signed sheets checked against the roster and
 * the kit, every number re-derived from the kit's rule sets, then stored in
 * OUT/merged.sqlite.
 *
 * Nothing is written before something changes: the kit is read, its seal
 * checked and its rule sets loaded in memory; each sheet is verified and
 * re-derived completely before any of it is stored; and a run that brings
 * no new sheet and the same kit, roster and settings as the last one leaves
 * OUT exactly as it was (so a refused sheet never touches OUT). */
#include "app/app.h"
#include "db/merge/merge.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "app/merge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note(struct app_merge_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(struct app_merge_result *r, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->warnings = jury_xrealloc(r->warnings, (r->n_warnings + 1) * sizeof *r->warnings);
    r->warnings[r->n_warnings++] = jury_xstrdup(buf);
}

/* ---- the kit, in memory */

/* The rule set of a task, loaded once; NULL with why set when it cannot be. */
static struct merge_task *task_rules(struct merge_run *mr, const char *task)
{
    for (size_t i = 0; i < mr->n_tasks; i++)
        if (strcmp(mr->tasks[i].task, task) == 0)
            return &mr->tasks[i];
    mr->tasks = jury_xrealloc(mr->tasks, (mr->n_tasks + 1) * sizeof *mr->tasks);
    struct merge_task *t = &mr->tasks[mr->n_tasks++];
    memset(t, 0, sizeof *t);
    t->task = jury_xstrdup(task);
    struct jury_error err = {0};
    char *path = rules_find(task, mr->kit->dir, &err);
    struct rules_options ro = {0};
    if (path && rules_load(&t->rs, path, &ro, &err) == 0) {
        ruleset_info(t->rs, &t->info);
        t->cl = ruleset_checklist(t->rs, NULL);
    } else {
        char buf[1200];
        t->why = jury_xstrdup(jury_error_text(&err, buf, sizeof buf));
    }
    free(path);
    return t;
}

/* One pack of the kit: its identity from the manifest, its rule set, the
 * SHA-256 of its file. A pack that cannot be read is noted, and sheets that
 * scored it are refused. */
static void kit_pack_model(struct merge_run *mr, size_t i, struct app_merge_result *res)
{
    struct merge_kit_pack *kp = &mr->kpacks[i];
    struct merge_pack_extra *x = &mr->extra[i];
    kp->id = mr->kit->packs[i];
    char *path = kit_pack_path(mr->kit, kp->id), why[96];
    struct jury_error err = {0};
    struct pack *p = NULL;
    const char *bad = text_id_problem(kp->id, why, sizeof why);
    if (bad) /* no sheet can name it: the same check refuses the sheet's id */
        jury_error_set(&err, JURY_ERR_FORMAT, path, "pack file name refused: %s", bad);
    if (bad || jury_sha256_file_hex(path, kp->sha256, &err) < 0 ||
        pack_open(&p, path, NULL, &err) < 0) {
        char buf[1600];
        x->why = jury_xstrdup(jury_error_text(&err, buf, sizeof buf));
        kp->why = x->why;
        note(res, "%s", x->why);
        free(path);
        return;
    }
    const struct pack_manifest *man = pack_manifest(p);
    x->task = man && man->task ? jury_xstrdup(man->task) : NULL;
    x->applicant = man && man->applicant ? jury_xstrdup(man->applicant) : NULL;
    kp->task = x->task;
    kp->applicant = x->applicant;
    struct merge_task *t = x->task ? task_rules(mr, x->task) : NULL;
    if (t && t->cl) {
        kp->ruleset = t->info.id;
        kp->ruleset_sha256 = t->info.sha256;
        kp->cl = t->cl;
        /* a variant chosen by a fact restricts the observation points, as the
         * workbench's checklist of this pack does (app/session.c) */
        const struct pack_fact *f =
            t->info.variant_fact ? pack_manifest_fact(man, t->info.variant_fact) : NULL;
        if (f && f->text)
            kp->cl = x->variant_cl = ruleset_checklist(t->rs, f->text);
    } else if (t) {
        kp->why = t->why;
        note(res, "%s", t->why);
    }
    pack_close(&p);
    free(path);
}

static void fingerprint_kit(struct merge_run *mr, struct jury_sha256_ctx *c)
{
    jury_sha256_update(c, mr->kit->json, strlen(mr->kit->json) + 1);
    jury_sha256_update(c, mr->seal_sha, sizeof mr->seal_sha);
    for (size_t i = 0; i < mr->kit->n_packs; i++) {
        const struct merge_kit_pack *kp = &mr->kpacks[i];
        jury_sha256_update(c, kp->id, strlen(kp->id) + 1);
        jury_sha256_update(c, kp->sha256, sizeof kp->sha256);
        if (kp->ruleset_sha256)
            jury_sha256_update(c, kp->ruleset_sha256, strlen(kp->ruleset_sha256) + 1);
    }
}

/* What shapes OUT besides the sheets: kit, roster, settings, options. A run
 * with the same fingerprint and no new sheet has nothing to change. */
static void fingerprint(struct merge_run *mr, const struct app_merge_options *o)
{
    struct jury_sha256_ctx c;
    jury_sha256_init(&c);
    char *json = rank_settings_to_json(o->settings);
    jury_sha256_update(&c, json, strlen(json) + 1);
    free(json);
    jury_sha256_update(&c, mr->roster_sha, sizeof mr->roster_sha);
    const char *chair = o->chair ? o->chair : "";
    jury_sha256_update(&c, chair, strlen(chair) + 1);
    unsigned char flags[3] = {o->evidence, o->allow_altered_kit, mr->kit != NULL};
    jury_sha256_update(&c, flags, sizeof flags);
    if (mr->kit)
        fingerprint_kit(mr, &c);
    jury_sha256_final_hex(&c, mr->fingerprint);
}

/* The seal, checked before anything is read from the kit's files: an
 * altered, re-signed or unreadable seal stops the merge unless the chair
 * overrides it, and the override is written into the report. */
static int seal_gate(struct merge_run *mr, const struct app_merge_options *o,
                     struct app_merge_result *res, struct jury_error *err)
{
    struct app_seal seal;
    int rc = app_kit_seal_check(o->kit, &seal, err);
    if (rc < 0)
        return rc;
    bool broken = seal.state == APP_SEAL_ALTERED || seal.state == APP_SEAL_BAD_SIGNATURE ||
                  seal.state == APP_SEAL_UNREADABLE || seal.state == APP_SEAL_OTHER_KEY;
    res->seal_summary = jury_xstrdup(seal.summary);
    res->seal_state = seal.state;
    if (broken && !o->allow_altered_kit)
        rc = jury_error_set(err, JURY_ERR_DENIED, o->kit,
                            "kit seal: %s; nothing merged (the chair may merge it anyway with "
                            "--allow-altered-kit, which the report records)",
                            seal.summary);
    res->seal_overridden = broken && rc == 0;
    app_seal_clear(&seal);
    char *sp = jury_path_join(o->kit, "seal.json");
    if (rc == 0 && jury_is_file(sp))
        rc = jury_sha256_file_hex(sp, mr->seal_sha, err);
    free(sp);
    return rc;
}

static int load_kit(struct merge_run *mr, const struct app_merge_options *o,
                    struct app_merge_result *res, struct jury_error *err)
{
    int rc = seal_gate(mr, o, res, err);
    if (rc == 0)
        rc = kit_open(&mr->kit, o->kit, err);
    if (rc < 0)
        return rc;
    char why[96];
    const char *bad = text_id_problem(mr->kit->id, why, sizeof why);
    if (bad)
        return jury_error_set(err, JURY_ERR_FORMAT, o->kit, "kit.json's id refused: %s", bad);
    size_t n = mr->kit->n_packs;
    mr->kpacks = jury_xcalloc(n + 1, sizeof *mr->kpacks);
    mr->extra = jury_xcalloc(n + 1, sizeof *mr->extra);
    for (size_t i = 0; i < n; i++)
        kit_pack_model(mr, i, res);
    mr->mkit = (struct merge_kit){mr->kit->id, mr->kpacks, n};
    return 0;
}

/* ---- the sheets */

static void sheet_refused(struct app_merge_result *res, size_t i, const struct jury_error *err)
{
    char buf[2048];
    res->sheets[i].outcome = APP_SHEET_REFUSED;
    res->sheets[i].reason = jury_xstrdup(jury_error_text(err, buf, sizeof buf));
    res->n_refused++;
}

static bool listed(const char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* Scores for packs the kit did not give this reviewer (assignments.csv, when
 * it has any) are merged but named, so the chair sees who scored what. */
static void unassigned(const struct merge_run *mr, const struct sheet *sh, const char *path,
                       struct app_merge_result *res)
{
    if (!mr->kit || mr->kit->n_assignments == 0)
        return;
    size_t n = 0;
    const char **mine = kit_reviewer_packs(mr->kit, sh->reviewer_id, &n);
    for (size_t i = 0; i < sh->n_packs; i++) {
        const struct sheet_pack *p = &sh->packs[i];
        if (!p->conflict && (p->n_scores || p->n_confirms || p->n_deductions) &&
            !listed(mine, n, p->id))
            note(res, "%s: reviewer %s scored %s, which assignments.csv does not give them", path,
                 sh->reviewer_id, p->id);
    }
    free(mine);
}

/* Verify, re-derive and import one sheet not in OUT yet. */
static int one_sheet(struct merge_run *mr, const struct app_merge_options *o, size_t i,
                     const char *sha, struct app_merge_result *res, struct jury_error *fatal)
{
    struct jury_error err = {0};
    struct sheet *sh = NULL;
    const char *path = o->sheets[i];
    int rc = sheet_read_verified(path, mr->roster, mr->kit ? mr->kit->id : NULL, &sh, &err);
    if (rc == 0)
        rc = merge_sheet_check(mr->kit ? &mr->mkit : NULL, sh, path, &err);
    if (rc < 0) {
        sheet_free(&sh);
        sheet_refused(res, i, &err);
        return 0;
    }
    struct merge_sheet_report rep = {0};
    rc = app_merge_write_setup(mr, o, res, fatal);
    if (rc == 0 && merge_import(mr->m, sh, path, sha, o->prefer_newest, &rep, &err) < 0)
        sheet_refused(res, i, &err);
    else if (rc == 0) {
        struct app_merge_sheet *x = &res->sheets[i];
        x->outcome = rep.outcome == MERGE_ALREADY ? APP_SHEET_ALREADY : APP_SHEET_MERGED;
        x->n_packs = rep.n_packs;
        x->n_conflicts = rep.n_conflicts;
        x->n_replaced = rep.n_replaced;
        x->n_coi = rep.n_coi;
        unassigned(mr, sh, path, res);
    }
    sheet_free(&sh);
    return rc;
}

static int all_sheets(struct merge_run *mr, const struct app_merge_options *o,
                      struct app_merge_result *res, struct jury_error *err)
{
    res->sheets = jury_xcalloc(o->n_sheets + 1, sizeof *res->sheets);
    res->n_sheets = o->n_sheets;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < o->n_sheets; i++) {
        char sha[SHA256_HEX_LEN + 1];
        struct jury_error e = {0};
        res->sheets[i].path = o->sheets[i];
        if (jury_sha256_file_hex(o->sheets[i], sha, &e) < 0) {
            sheet_refused(res, i, &e);
            continue;
        }
        int known = mr->m ? merge_sheet_known(mr->m, sha, o->prefer_newest, err) : 0;
        if (known < 0)
            return known;
        if (known)
            res->sheets[i].outcome = APP_SHEET_ALREADY;
        else
            rc = one_sheet(mr, o, i, sha, res, err);
    }
    return rc;
}

/* An OUT holds one kit's official merge, or an unofficial preview. */
static int same_kind(struct merge_run *mr, const struct app_merge_options *o,
                     struct jury_error *err)
{
    char *kit = NULL;
    int rc = merge_meta_get(mr->m, "kit_id", &kit, err);
    const char *want = mr->kit ? mr->kit->id : "";
    if (rc == 0 && kit && strcmp(kit, want) != 0)
        rc = jury_error_set(err, JURY_ERR_DENIED, o->out,
                            *kit ? "holds the merge of kit '%s'%s: merge into another folder"
                                 : "holds an unofficial preview (merged without --kit)%s: merge "
                                   "the kit into another folder",
                            *kit ? kit : "", *kit && !mr->kit ? ", not a preview" : "");
    free(kit);
    if (rc == 0 && mr->m)
        rc = merge_meta_get(mr->m, "inputs", &mr->last_fingerprint, err);
    return rc;
}

static int open_existing(struct merge_run *mr, const struct app_merge_options *o,
                         struct jury_error *err)
{
    char *db = jury_path_join(o->out, "merged.sqlite");
    bool exists = jury_is_file(db);
    free(db);
    if (!exists)
        return 0;
    int rc = merge_open(&mr->m, o->out, err);
    return rc == 0 ? same_kind(mr, o, err) : rc;
}

static int roster_hash(struct merge_run *mr, const char *path, struct jury_error *err)
{
    int rc = roster_load(path, &mr->roster, err);
    return rc == 0 ? jury_sha256_file_hex(path, mr->roster_sha, err) : rc;
}

int app_merge(const struct app_merge_options *o, struct app_merge_result *res,
              struct jury_error *err)
{
    memset(res, 0, sizeof *res);
    struct merge_run mr = {0};
    res->official = o->kit != NULL;
    int rc = roster_hash(&mr, o->roster, err);
    if (rc == 0 && o->kit)
        rc = load_kit(&mr, o, res, err);
    if (rc == 0) {
        fingerprint(&mr, o);
        rc = open_existing(&mr, o, err);
    }
    if (rc == 0)
        rc = all_sheets(&mr, o, res, err);
    bool same = mr.last_fingerprint && strcmp(mr.last_fingerprint, mr.fingerprint) == 0;
    if (rc == 0 && !mr.written && (same || (!mr.m && o->n_sheets == res->n_refused)))
        res->unchanged = true; /* OUT stays exactly as it was */
    else if (rc == 0)
        rc = app_merge_write_setup(&mr, o, res, err);
    if (rc == 0 && mr.written)
        rc = merge_meta_set(mr.m, "inputs", mr.fingerprint, err);
    if (rc == 0 && mr.kit)
        rc = app_merge_missing(&mr, res, err);
    res->merged = rc == 0 ? mr.m : NULL;
    if (rc < 0)
        merge_close(&mr.m);
    app_merge_run_free(&mr);
    return rc;
}

int app_merge_kit_settings(const char *kit_dir, struct rank_settings *s, struct jury_error *err)
{
    struct kit *k = NULL;
    struct jury_error ignored = {0};
    if (kit_open(&k, kit_dir, &ignored) < 0)
        return 0;
    int rc = rank_settings_from_kit_json(s, k->json, strlen(k->json), "kit.json", err);
    kit_close(&k);
    return rc;
}

void app_merge_result_free(struct app_merge_result *r)
{
    merge_close(&r->merged);
    for (size_t i = 0; i < r->n_sheets; i++)
        free(r->sheets[i].reason);
    free(r->sheets);
    for (size_t i = 0; i < r->n_warnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    for (size_t i = 0; i < r->n_missing; i++) {
        free(r->missing[i].reviewer);
        free(r->missing[i].pack);
    }
    free(r->missing);
    free(r->seal_summary);
    memset(r, 0, sizeof *r);
}
