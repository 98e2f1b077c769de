/* calib.c - the calibration round: every reviewer scores the same seed packs
 * before the live ones, and the chair sees each reviewer's offset and spread
 * against their panel on those packs, so the panel can discuss the scale
 * before it matters. Calibration packs are kept in their own table of the
 * merged database and never enter the ranking (merge_rank skips them). */
#include "db/merge/decide_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "packs/c1.zip" -> "c1.zip": the merge knows a kit's packs by their file
 * name in packs/ (what kit_open lists and the sheets carry). */
static char *pack_stem(const char *name)
{
    const char *slash = strrchr(name, '/');
    return jury_xstrdup(slash ? slash + 1 : name);
}

int calib_packs_from_kit_json(const char *json, size_t len, char ***packs, size_t *n,
                              struct jury_error *err)
{
    *packs = NULL;
    *n = 0;
    json_error_t je;
    json_t *root = json_loadb(json, len, 0, &je);
    if (!root)
        return jury_error_set(err, JURY_ERR_FORMAT, "kit.json", "line %d: %s", je.line, je.text);
    json_t *a = json_object_get(root, "calibration");
    int rc = 0;
    if (a && !json_is_array(a))
        rc = jury_error_set(err, JURY_ERR_FORMAT, "kit.json",
                            "calibration must be an array of pack files");
    size_t m = a && rc == 0 ? json_array_size(a) : 0;
    *packs = jury_xcalloc(m + 1, sizeof **packs);
    for (size_t i = 0; rc == 0 && i < m; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (!s || !*s) {
            rc = jury_error_set(err, JURY_ERR_FORMAT, "kit.json", "calibration[%zu]", i);
            break;
        }
        (*packs)[(*n)++] = pack_stem(s);
    }
    json_decref(root);
    if (rc < 0)
        calib_packs_free(packs, *n);
    return rc;
}

void calib_packs_free(char ***packs, size_t n)
{
    if (!packs || !*packs)
        return;
    for (size_t i = 0; i < n; i++)
        free((*packs)[i]);
    free(*packs);
    *packs = NULL;
}

/* The table is this module's own; made when first needed so merged
 * databases written before it still open (schema version unchanged). */
static const char sql_calib_table[] =
    "CREATE TABLE IF NOT EXISTS calibration(pack TEXT PRIMARY KEY) WITHOUT ROWID";
static const char sql_calib_clear[] = "DELETE FROM calibration";
static const char sql_calib_put[] = "INSERT OR IGNORE INTO calibration(pack) VALUES(:pack)";

int calib_ensure(struct merge *m, struct jury_error *err)
{
    return sqlq_exec(&m->q, sql_calib_table, err);
}

int merge_set_calibration(struct merge *m, const char *const *packs, size_t n,
                          struct jury_error *err)
{
    int rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        rc = sqlq_exec(&m->q, sql_calib_table, err);
    if (rc == 0)
        rc = sqlq_exec(&m->q, sql_calib_clear, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sqlite3_stmt *st = sqlq_get(&m->q, sql_calib_put, err);
        if (!st) {
            rc = err->status;
            break;
        }
        sqlq_text(st, ":pack", packs[i]);
        rc = sqlq_done(&m->q, st, err);
    }
    if (rc < 0) {
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return sqlq_exec(&m->q, "COMMIT", err);
}

static const char sql_calib_entries[] =
    "SELECT e.reviewer, coalesce(r.panel, ''), e.pack, e.total, e.deduction "
    "FROM entry e JOIN calibration c ON c.pack = e.pack "
    "LEFT JOIN reviewer r ON r.id = e.reviewer WHERE e.state = 2 ORDER BY e.reviewer, e.pack";
static const char sql_calib_packs[] = "SELECT pack FROM calibration ORDER BY pack";

/* Index of s in v[0..*n), appending it when missing. */
static size_t intern(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return i;
    *v = jury_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n] = jury_xstrdup(s);
    return (*n)++;
}

struct calib_load {
    char **revs, **panels, **packs;
    size_t n_revs, n_packs, n_ent;
    struct rank_entry *ent;
};

static int load_entries(struct merge *m, struct calib_load *l, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_calib_entries, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        size_t before = l->n_revs;
        size_t r = intern(&l->revs, &l->n_revs, (const char *)sqlite3_column_text(st, 0));
        if (l->n_revs > before) {
            l->panels = jury_xrealloc(l->panels, l->n_revs * sizeof *l->panels);
            l->panels[r] = jury_xstrdup((const char *)sqlite3_column_text(st, 1));
        }
        size_t p = intern(&l->packs, &l->n_packs, (const char *)sqlite3_column_text(st, 2));
        l->ent = jury_xrealloc(l->ent, (l->n_ent + 1) * sizeof *l->ent);
        l->ent[l->n_ent++] = (struct rank_entry){.pack = p,
                                                 .reviewer = r,
                                                 .total = sqlite3_column_double(st, 3),
                                                 .deduction = sqlite3_column_double(st, 4)};
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_pack_list(struct merge *m, struct calib_report *c, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_calib_packs, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW)
        intern(&c->packs, &c->n_packs, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int compute_report(struct calib_load *l, struct calib_report *c, struct jury_error *err)
{
    struct rank_reviewer *rv = jury_xcalloc(l->n_revs + 1, sizeof *rv);
    struct rank_pack *pk = jury_xcalloc(l->n_packs + 1, sizeof *pk);
    bool *is_calib = jury_xmalloc((l->n_packs + 1) * sizeof *is_calib);
    for (size_t i = 0; i < l->n_revs; i++)
        rv[i] = (struct rank_reviewer){.id = l->revs[i], .panel = l->panels[i]};
    for (size_t i = 0; i < l->n_packs; i++) {
        pk[i].id = l->packs[i];
        is_calib[i] = true;
    }
    struct rank_input in = {pk, l->n_packs, rv, l->n_revs, l->ent, l->n_ent, NULL, 0};
    int rc = calib_compute(&in, is_calib, &c->rows, &c->n_rows, err);
    c->reviewer_ids = jury_xcalloc(c->n_rows + 1, sizeof *c->reviewer_ids);
    c->panels = jury_xcalloc(c->n_rows + 1, sizeof *c->panels);
    for (size_t i = 0; rc == 0 && i < c->n_rows; i++) {
        c->reviewer_ids[i] = jury_xstrdup(l->revs[c->rows[i].reviewer]);
        c->panels[i] = jury_xstrdup(l->panels[c->rows[i].reviewer]);
    }
    free(rv);
    free(pk);
    free(is_calib);
    return rc;
}

int merge_calibration(struct merge *m, struct calib_report **out, struct jury_error *err)
{
    *out = NULL;
    struct calib_report *c = jury_xcalloc(1, sizeof *c);
    struct calib_load l = {0};
    int rc = sqlq_exec(&m->q, sql_calib_table, err);
    if (rc == 0)
        rc = load_pack_list(m, c, err);
    if (rc == 0)
        rc = load_entries(m, &l, err);
    if (rc == 0)
        rc = compute_report(&l, c, err);
    for (size_t i = 0; i < l.n_revs; i++) {
        free(l.revs[i]);
        free(l.panels[i]);
    }
    calib_packs_free(&l.packs, l.n_packs);
    free(l.revs);
    free(l.panels);
    free(l.ent);
    if (rc < 0)
        calib_report_free(&c);
    *out = c;
    return rc;
}

void calib_report_free(struct calib_report **p)
{
    struct calib_report *c = p ? *p : NULL;
    if (!c)
        return;
    calib_packs_free(&c->packs, c->n_packs);
    for (size_t i = 0; i < c->n_rows; i++) {
        free(c->reviewer_ids[i]);
        free(c->panels[i]);
    }
    free(c->reviewer_ids);
    free(c->panels);
    free(c->rows);
    free(c);
    *p = NULL;
}
