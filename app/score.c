/* score.c - the reviewer's changes to one pack: scores, comments,
 * citations, answers, deductions, reopening and conflicts of interest. The
 * pack is named as session_pack takes it; the change goes to the session's
 * store, each one its own transaction and audit row. */
#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/pack.h"
#include "app/values_int.h"

#include <stdlib.h>
#include <string.h>

int app_score_set(struct session *s, const char *pack, const char *indicator, const char *value,
                  const char *comment, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_set_score(session_store(s), cl, id, indicator, value, comment, err);
}

int app_score_check(struct session *s, const char *pack, const char *indicator, const char *value,
                    struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    double points;
    int rc = session_pack(s, pack, &id, &cl, err);
    if (rc < 0)
        return rc;
    return checklist_validate(cl, indicator, store_level_resolve(cl, indicator, value), &points,
                              err);
}

int app_comment_set(struct session *s, const char *pack, const char *indicator, const char *text,
                    struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_set_comment(session_store(s), cl, id, indicator, text, err);
}

int app_cite_add(struct session *s, const char *pack, const char *indicator, const char *path,
                 int page, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_add_cite(session_store(s), cl, id, indicator, path, page, err);
}

int app_cite_remove(struct session *s, const char *pack, const char *indicator, const char *path,
                    int page, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_remove_cite(session_store(s), id, indicator, path, page, err);
}

int app_confirm(struct session *s, const char *pack, const char *item, bool yes,
                struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_confirm(session_store(s), cl, id, item, yes, err);
}

int app_deduct(struct session *s, const char *pack, const char *deduction, double value,
               const char *reason, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc
                  : store_set_deduction_reason(session_store(s), cl, id, deduction, value, reason,
                                               err);
}

char *app_deduction_reason(struct session *s, const char *pack, const char *deduction)
{
    const char *id;
    const struct checklist *cl;
    struct jury_error ignored = {0};
    if (session_pack(s, pack, &id, &cl, &ignored) < 0)
        return NULL;
    return store_deduction_reason(session_store(s), id, deduction);
}

int app_reopen(struct session *s, const char *pack, const char *reason, struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err);
    return rc < 0 ? rc : store_reopen(session_store(s), id, reason, err);
}

int app_conflict(struct session *s, const char *pack, bool declare, const char *reason,
                 struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    int rc = session_pack(s, pack, &id, &cl, err); /* records the pack in the store */
    if (rc < 0)
        return rc;
    /* a withdrawal's reason is logged in the audit chain beside the declared one */
    return declare ? store_declare_conflict(session_store(s), id, reason, err)
                   : store_withdraw_conflict(session_store(s), id, reason, err);
}

/* ------------------------------------------------------------ place */

int app_position_get(struct session *s, struct app_position *out, struct jury_error *err)
{
    struct store_position p = {0};
    int rc = store_get_position(session_store(s), &p, err);
    *out = (struct app_position){p.pack, p.file, p.page, p.indicator};
    return rc;
}

int app_position_set(struct session *s, const struct app_position *pos, struct jury_error *err)
{
    struct store_position p = {pos->pack, pos->file, pos->page, pos->indicator};
    return store_set_position(session_store(s), &p, err);
}

void app_position_clear(struct app_position *pos)
{
    struct store_position p = {pos->pack, pos->file, pos->page, pos->indicator};
    store_position_clear(&p);
    *pos = (struct app_position){0};
}

int app_place_get(struct session *s, const char *pack, struct app_place *out,
                  struct jury_error *err)
{
    struct store_place p = {0};
    int rc = store_get_place(session_store(s), pack, &p, err);
    *out = (struct app_place){p.file, p.page, p.top, p.row, p.focus};
    return rc;
}

int app_place_set(struct session *s, const char *pack, const struct app_place *pl,
                  struct jury_error *err)
{
    struct store_place p = {pl->file, pl->page, pl->top, pl->row, pl->focus};
    return store_set_place(session_store(s), pack, &p, err);
}

/* ------------------------------------------------------------ show */

static const struct sheet_pack *find_pack(const struct sheet *sh, const char *id)
{
    for (size_t i = 0; i < sh->n_packs; i++)
        if (strcmp(sh->packs[i].id, id) == 0)
            return &sh->packs[i];
    return NULL;
}

/* One pack as sheet content JSON: a sheet view holding only that pack. */
static char *one_pack_json(const struct sheet *sh, const struct sheet_pack *p)
{
    struct sheet one = *sh;
    one.packs = (struct sheet_pack *)p;
    one.n_packs = p ? 1 : 0;
    one.audit = NULL;
    one.n_audit = 0;
    return sheet_content_json(&one);
}

int app_score_view(struct session *s, const char *pack, bool json, struct app_score_view *out,
                   struct jury_error *err)
{
    const char *id;
    const struct checklist *cl;
    memset(out, 0, sizeof *out);
    int rc = session_pack(s, pack, &id, &cl, err);
    if (rc == 0)
        rc = store_snapshot(session_store(s), &out->own, err);
    if (rc < 0)
        return rc;
    const struct sheet_pack *p = find_pack(out->own, id);
    out->values = app_values_from(p);
    if (json)
        out->json = one_pack_json(out->own, p);
    return 0;
}

void app_score_view_clear(struct app_score_view *v)
{
    free(v->json);
    app_values_free(&v->values);
    sheet_free(&v->own);
    memset(v, 0, sizeof *v);
}
