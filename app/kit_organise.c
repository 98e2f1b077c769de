/* kit_organise.c - the organiser's kit (`jury kit init|assign|seal|verify|
 * status`): a kit with every pack's manifest read, conflicts of interest as
 * pairs, the balanced assignment, sealing with the organiser's key and
 * checking a seal with a chosen key. */
#include "app/app.h"
#include "db/sheet/sheet.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdlib.h>
#include <string.h>

int app_kit_init(const char *dir, const char *id, const char *name, const char *const *tasks,
                 size_t n_tasks, size_t *unknown, struct jury_error *err)
{
    for (size_t i = 0; i < n_tasks; i++) {
        char *path = rules_find(tasks[i], dir, err);
        if (!path) {
            *unknown = i;
            return JURY_ERR_NOTFOUND;
        }
        free(path);
    }
    *unknown = SIZE_MAX;
    return kit_init_id(dir, id, name, tasks, n_tasks, err);
}

/* Pack p's manifest: applicant and task ("" when it cannot be read). */
static void read_manifest(struct app_kit_view *v, size_t p)
{
    struct jury_error err = {0};
    struct pack *pk = NULL;
    const struct pack_manifest *man = NULL;
    v->path[p] = kit_pack_path(v->kit, v->kit->packs[p]);
    if (pack_open(&pk, v->path[p], NULL, &err) == JURY_OK)
        man = pack_manifest(pk);
    else
        v->error[p] = jury_xstrdup(err.message);
    v->applicant[p] = jury_xstrdup(man && man->applicant ? man->applicant : "");
    v->task[p] = jury_xstrdup(man && man->task ? man->task : "");
    pack_close(&pk);
}

/* conflicts.csv pairs (a pack file name or an applicant name), and with
 * them the affiliation conflicts kit_assign_solve also avoids. */
static void conflict_pairs(struct app_kit_view *v)
{
    const struct kit *k = v->kit;
    size_t n = k->n_packs * k->n_reviewers;
    v->forbidden = jury_xcalloc(n + 1, 1);
    v->conflict = jury_xcalloc(n + 1, 1);
    for (size_t c = 0; c < k->n_conflicts; c++)
        for (size_t r = 0; r < k->n_reviewers; r++) {
            if (strcmp(k->reviewers[r].id, k->conflicts[c].reviewer_id))
                continue;
            for (size_t p = 0; p < k->n_packs; p++)
                if (!strcmp(k->packs[p], k->conflicts[c].target) ||
                    !strcmp(v->applicant[p], k->conflicts[c].target))
                    v->forbidden[p * k->n_reviewers + r] = 1;
        }
    for (size_t p = 0; p < k->n_packs; p++)
        for (size_t r = 0; r < k->n_reviewers; r++)
            v->conflict[p * k->n_reviewers + r] =
                v->forbidden[p * k->n_reviewers + r] ||
                kit_org_conflict(k->reviewers[r].affiliation, v->applicant[p]);
}

int app_kit_view_open(const char *dir, struct app_kit_view *out, struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = kit_open(&out->kit, dir, err);
    if (rc < 0)
        return rc;
    size_t n = out->kit->n_packs;
    out->applicant = jury_xcalloc(n + 1, sizeof *out->applicant);
    out->task = jury_xcalloc(n + 1, sizeof *out->task);
    out->path = jury_xcalloc(n + 1, sizeof *out->path);
    out->error = jury_xcalloc(n + 1, sizeof *out->error);
    for (size_t p = 0; p < n; p++)
        read_manifest(out, p);
    conflict_pairs(out);
    return 0;
}

void app_kit_view_clear(struct app_kit_view *v)
{
    for (size_t p = 0; v->kit && p < v->kit->n_packs; p++) {
        free(v->applicant[p]);
        free(v->task[p]);
        free(v->path[p]);
        free(v->error[p]);
    }
    free(v->applicant);
    free(v->task);
    free(v->path);
    free(v->error);
    free(v->forbidden);
    free(v->conflict);
    kit_close(&v->kit);
    memset(v, 0, sizeof *v);
}

int app_kit_assign(const struct app_kit_view *v, size_t per_pack, uint64_t seed,
                   const char *const *pack_panel, struct kit_assign_result *res,
                   struct jury_error *err)
{
    const struct kit *k = v->kit;
    const char **rev_panel = jury_xcalloc(k->n_reviewers + 1, sizeof *rev_panel);
    const char **rev_aff = jury_xcalloc(k->n_reviewers + 1, sizeof *rev_aff);
    for (size_t r = 0; r < k->n_reviewers; r++) {
        rev_panel[r] = k->reviewers[r].panel;
        rev_aff[r] = k->reviewers[r].affiliation;
    }
    struct kit_assign_input in = {.n_packs = k->n_packs,
                                  .n_reviewers = k->n_reviewers,
                                  .per_pack = per_pack,
                                  .seed = seed,
                                  .pack_applicant = (const char *const *)v->applicant,
                                  .pack_panel = pack_panel,
                                  .reviewer_panel = rev_panel,
                                  .reviewer_aff = rev_aff,
                                  .forbidden = v->forbidden};
    memset(res, 0, sizeof *res);
    int rc = kit_assign_solve(&in, res, err);
    free(rev_panel);
    free(rev_aff);
    return rc;
}

void app_kit_assign_clear(struct kit_assign_result *res)
{
    kit_assign_result_free(res);
}

int app_kit_seal(const char *dir, const char *key_id, bool *no_key, struct jury_error *err)
{
    unsigned char sk[64];
    *no_key = keys_load_secret(key_id, sk, err) != JURY_OK;
    if (*no_key)
        return err->status;
    int rc = kit_seal(dir, sk, err);
    memset(sk, 0, sizeof sk);
    return rc;
}

int app_kit_verify(const char *dir, const char *given_key, struct app_kit_verdict *out,
                   struct jury_error *err)
{
    unsigned char pk[32];
    struct kit_verify_report rep;
    memset(out, 0, sizeof *out);
    out->have_key = app_organiser_key(given_key, pk); /* given, env, own key */
    int rc = kit_verify(dir, out->have_key ? pk : NULL, &rep, err);
    if (rc == 0) {
        out->sealed = rep.sealed;
        out->signature_ok = rep.signature_ok;
        out->signer_trusted = rep.signer_trusted;
        memcpy(out->signer, rep.signer, sizeof out->signer);
        out->added = jury_xstrdup(jstr_cstr(&rep.added));
        out->removed = jury_xstrdup(jstr_cstr(&rep.removed));
        out->changed = jury_xstrdup(jstr_cstr(&rep.changed));
        out->ok = kit_verify_ok(&rep);
    }
    kit_verify_report_free(&rep);
    return rc;
}

void app_kit_verdict_clear(struct app_kit_verdict *v)
{
    free(v->added);
    free(v->removed);
    free(v->changed);
    memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------------ rule sets */

int app_rules_list(const char *kit_dir, bool load, struct app_rules_entry **out, size_t *n,
                   struct jury_error *err)
{
    char **paths = NULL;
    *out = NULL;
    *n = 0;
    int rc = rules_list(kit_dir, &paths, n, err);
    if (rc < 0)
        return rc;
    *out = jury_xcalloc(*n + 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        struct app_rules_entry *e = &(*out)[i];
        struct ruleset *rs = NULL;
        e->path = paths[i];
        if (load && (e->status = rules_load(&rs, paths[i], NULL, &e->err)) == 0) {
            struct ruleset_info info;
            ruleset_info(rs, &info);
            e->id = jury_xstrdup(info.id);
            e->name = jury_xstrdup(info.name);
            e->version = jury_xstrdup(info.version);
            e->info_path = jury_xstrdup(info.path);
        }
        ruleset_free(&rs);
    }
    free(paths); /* the strings now belong to the entries */
    return 0;
}

void app_rules_list_free(struct app_rules_entry **p, size_t n)
{
    for (size_t i = 0; *p && i < n; i++) {
        struct app_rules_entry *e = &(*p)[i];
        free(e->path);
        free(e->id);
        free(e->name);
        free(e->version);
        free(e->info_path);
    }
    free(*p);
    *p = NULL;
}
