/* decide_report.c - the chair's ranking with the panel decisions.
 *
 * merge_rank builds the decisions (vote tables, every method side by side,
 * the queue and the method log as stored); merge_rank_adopt makes a ranking
 * the official one: the method kept in merged.sqlite so that it cannot change
 * silently, the change logged, the re-review queue updated. report/ turns
 * them into the report to sign.
 */
#include "db/merge/decide_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the method */

static const char sql_method_put[] =
    "INSERT INTO method_log(at, previous, method) "
    "VALUES(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), :previous, :method)";

/* Record the method of this run; *previous gets the one it replaces (NULL
 * when the same or the first). */
static int record_method(struct merge *m, const char *method, char **previous,
                         struct jury_error *err)
{
    char *old = NULL;
    *previous = NULL;
    int rc = merge_meta_get(m, "official_method", &old, err);
    if (rc == 0 && old && strcmp(old, method) == 0) {
        free(old);
        return 0;
    }
    sqlite3_stmt *st = rc == 0 ? sqlq_get(&m->q, sql_method_put, err) : NULL;
    if (rc == 0 && !st)
        rc = err->status;
    if (rc == 0) {
        sqlq_text(st, ":previous", old);
        sqlq_text(st, ":method", method);
        rc = sqlq_done(&m->q, st, err);
    }
    if (rc == 0)
        rc = merge_meta_set(m, "official_method", method, err);
    if (rc == 0)
        *previous = old;
    else
        free(old);
    return rc;
}

static int load_method_log(struct merge *m, struct decide_report *d, struct jury_error *err);

int merge_rank_adopt(struct merge *m, struct merge_ranking *r, struct jury_error *err)
{
    struct decide_report *d = r->decide;
    struct rank_settings kept = r->settings;
    kept.intervals = false;
    char *json = rank_settings_to_json(&kept), *previous = NULL;
    /* one transaction: the settings, the log and the queue change together */
    int rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        rc = merge_meta_set(m, "settings", json, err);
    if (rc == 0)
        rc = record_method(m, r->method, &previous, err);
    if (rc == 0)
        rc = requeue_build(m, r, err);
    if (rc == 0)
        rc = sqlq_exec(&m->q, "COMMIT", err);
    if (rc < 0 && !sqlite3_get_autocommit(m->q.db))
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
    free(json);
    if (rc == 0) { /* the report lists the queue and the log as they now are */
        requeue_free(&d->queue, d->n_queue, &d->revisions, d->n_revisions);
        d->n_queue = d->n_revisions = 0;
        rc = requeue_list(m, &d->queue, &d->n_queue, &d->revisions, &d->n_revisions, err);
    }
    if (rc == 0)
        rc = load_method_log(m, d, err);
    free(d->previous_method);
    d->previous_method = rc == 0 ? previous : NULL;
    if (rc < 0)
        free(previous);
    return rc;
}

/* ------------------------------------------------------------ building */

static const char sql_sheets[] =
    "SELECT s.reviewer, s.sha256, s.path FROM sheet s ORDER BY s.reviewer, s.created, s.sha256";
static const char sql_members[] =
    "SELECT id, coalesce(name, ''), coalesce(panel, ''), chair FROM reviewer ORDER BY panel, id";

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p ? p : "";
}

static void add_str(char ***v, size_t *n, char *s)
{
    *v = jury_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

static int load_sheets(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_sheets, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s\t%s\t%s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                  base_name((const char *)sqlite3_column_text(st, 2)));
        add_str(&d->sheet_hashes, &d->n_sheet_hashes, jstr_take(&t));
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_members(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_members, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s %s (%s)", sqlite3_column_text(st, 1), sqlite3_column_text(st, 0),
                  sqlite3_column_text(st, 2));
        if (sqlite3_column_int(st, 3)) {
            free(d->chair);
            d->chair = jstr_take(&t);
        } else {
            add_str(&d->members, &d->n_members, jstr_take(&t));
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static const char sql_method_log[] =
    "SELECT at, coalesce(previous, '-'), method FROM method_log ORDER BY rowid";

static int load_method_log(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    for (size_t i = 0; i < d->n_method_log; i++)
        free(d->method_log[i]);
    free(d->method_log);
    d->method_log = NULL;
    d->n_method_log = 0;
    sqlite3_stmt *st = sqlq_get(&m->q, sql_method_log, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s: %s -> %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                  sqlite3_column_text(st, 2));
        add_str(&d->method_log, &d->n_method_log, jstr_take(&t));
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* The kit's seal as the merge recorded it: "kit_seal" when the merge checked
 * it, else what the kit's recorded hash was taken from. */
static int load_seal(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    int rc = merge_meta_get(m, "kit_seal", &d->kit_seal, err);
    if (rc == 0 && !d->kit_seal && d->kit_hash)
        d->kit_seal = jury_xstrdup(strstr(d->kit_hash, "(seal.json)")
                                       ? "已封存 sealed (the hash is seal.json's)"
                                       : "未封存 not sealed (the hash is kit.json's)");
    return rc;
}

int decide_report_build(struct merge *m, const struct merge_ranking *r, unsigned threshold,
                        struct decide_report **out, struct jury_error *err)
{
    *out = NULL;
    struct decide_report *d = jury_xcalloc(1, sizeof *d);
    enum decide_method dm;
    if (decide_method_parse(r->method, &dm, NULL) < 0)
        dm = decide_method_of_settings(&r->settings);
    int rc = decide_methods_compute(&r->in, r->result, dm, threshold, &d->methods, err);
    if (rc == 0)
        rc = decide_votes(r, &d->votes, &d->n_votes, err);
    if (rc == 0)
        rc = requeue_list(m, &d->queue, &d->n_queue, &d->revisions, &d->n_revisions, err);
    if (rc == 0)
        rc = load_sheets(m, d, err);
    if (rc == 0)
        rc = load_members(m, d, err);
    if (rc == 0)
        rc = merge_meta_get(m, "kit_sha256", &d->kit_hash, err);
    if (rc == 0)
        rc = merge_meta_get(m, "run_id", &d->run_id, err);
    if (rc == 0)
        rc = load_seal(m, d, err);
    if (rc == 0)
        rc = merge_meta_get(m, "kit_settings", &d->kit_settings, err);
    if (rc == 0)
        rc = load_method_log(m, d, err);
    if (rc < 0)
        decide_report_free(&d);
    *out = d;
    return rc;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void decide_report_free(struct decide_report **p)
{
    struct decide_report *d = p ? *p : NULL;
    if (!d)
        return;
    decide_methods_free(&d->methods);
    free(d->votes);
    requeue_free(&d->queue, d->n_queue, &d->revisions, d->n_revisions);
    free_strv(d->sheet_hashes, d->n_sheet_hashes);
    free_strv(d->members, d->n_members);
    free(d->kit_hash);
    free(d->run_id);
    free(d->kit_seal);
    free(d->kit_settings);
    free_strv(d->method_log, d->n_method_log);
    free(d->previous_method);
    free(d->chair);
    free(d);
    *p = NULL;
}
