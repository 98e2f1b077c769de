/* merge.c - the chair's merged database: schema, open, and importing
 * verified sheets.
 *
 * Each sheet goes in one BEGIN IMMEDIATE transaction, so a merge killed midway
 * leaves every sheet either fully in or absent; a sheet already present (same
 * SHA-256 of the file) is skipped, so running the same merge again converges.
 * Scores are keyed (reviewer, pack, indicator): a sheet is one reviewer's, and
 * its packs and indicators arrive sorted, so each import appends to one range
 * of the B-tree instead of scattering writes over it. */
#include "db/merge/merge_int.h"

#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE sheet(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT,\n"
    "  reviewer TEXT NOT NULL, panel TEXT, kit TEXT, created TEXT, audit_head TEXT,\n"
    "  audit_rows INTEGER NOT NULL DEFAULT 0,\n"
    "  imported TEXT NOT NULL);\n"
    "CREATE TABLE reviewer(id TEXT PRIMARY KEY, name TEXT, panel TEXT,\n"
    "  chair INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
    "CREATE TABLE pack(id TEXT PRIMARY KEY, task TEXT, applicant TEXT, ruleset TEXT,\n"
    "  ineligible TEXT, veto_policy TEXT)\n"
    "  WITHOUT ROWID;\n"
    /* one reviewer's result for one pack; digest: the content, to tell a real
     * conflict from the same scores exported twice */
    "CREATE TABLE entry(reviewer TEXT NOT NULL, pack TEXT NOT NULL,\n"
    "  sheet INTEGER NOT NULL REFERENCES sheet(id), state INTEGER NOT NULL,\n"
    "  total REAL NOT NULL, deduction REAL NOT NULL, veto INTEGER NOT NULL,\n"
    "  veto_reason TEXT, digest TEXT NOT NULL, PRIMARY KEY(reviewer, pack)) WITHOUT ROWID;\n"
    "CREATE TABLE score(reviewer TEXT NOT NULL, pack TEXT NOT NULL, indicator TEXT NOT NULL,\n"
    "  points REAL NOT NULL, value TEXT, comment TEXT,\n"
    "  PRIMARY KEY(reviewer, pack, indicator)) WITHOUT ROWID;\n"
    "CREATE TABLE coi(reviewer TEXT NOT NULL, pack TEXT NOT NULL, reason TEXT,\n"
    "  sheet INTEGER NOT NULL, PRIMARY KEY(reviewer, pack)) WITHOUT ROWID;\n"
    /* the same reviewer and pack in two sheets: kept is the one in entry */
    "CREATE TABLE conflict(reviewer TEXT NOT NULL, pack TEXT NOT NULL, kept INTEGER NOT NULL,\n"
    "  other INTEGER NOT NULL, resolved INTEGER NOT NULL,\n"
    "  PRIMARY KEY(reviewer, pack, other)) WITHOUT ROWID;\n"
    "CREATE TABLE indicator(ruleset TEXT NOT NULL, id TEXT NOT NULL, max REAL NOT NULL,\n"
    "  PRIMARY KEY(ruleset, id)) WITHOUT ROWID;\n"
    "CREATE TABLE evidence(pack TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,\n"
    "  PRIMARY KEY(pack, path)) WITHOUT ROWID;\n"
    "CREATE TABLE crosscheck(pack TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  PRIMARY KEY(pack, key, value)) WITHOUT ROWID;\n"
    "CREATE TABLE check_comment(reviewer TEXT NOT NULL, pack TEXT NOT NULL, item TEXT NOT NULL,\n"
    "  comment TEXT NOT NULL, PRIMARY KEY(reviewer, pack, item)) WITHOUT ROWID;\n";

static int pragma_int(struct merge *m, const char *sql, int *v, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(&m->q, st, err);
    if (rc < 0)
        return rc;
    *v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return 0;
}

static const char sql_app_id[] = "PRAGMA application_id";
static const char sql_user_version[] = "PRAGMA user_version";

/* PRAGMAs take no parameters: the constants are spelled out and checked. */
static const char set_ids[] = "PRAGMA application_id = 1246907719; PRAGMA user_version = 3;";
_Static_assert(MERGE_APPLICATION_ID == 1246907719 && MERGE_SCHEMA_VERSION == 3,
               "set_ids must match the constants");

/* Each step takes the schema from version i + 1 to i + 2; a database made by
 * an older jury is brought up to date in the same transaction that checks it.
 * 2: the reviewer's comment on each score (untrusted text, shown escaped).
 * 3: the reviewer's comments on eligibility conditions and veto items. */
static const char *const migrations[] = {
    "ALTER TABLE score ADD COLUMN comment TEXT; PRAGMA user_version = 2;",
    "CREATE TABLE check_comment(reviewer TEXT NOT NULL, pack TEXT NOT NULL, item TEXT NOT NULL,"
    " comment TEXT NOT NULL, PRIMARY KEY(reviewer, pack, item)) WITHOUT ROWID;"
    " PRAGMA user_version = 3;",
};
_Static_assert(sizeof migrations / sizeof *migrations == MERGE_SCHEMA_VERSION - 1,
               "one migration per schema version after the first");

static int schema_ensure(struct merge *m, struct jury_error *err)
{
    int app = 0, ver = 0, rc;
    if ((rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if ((rc = pragma_int(m, sql_app_id, &app, err)) < 0 ||
        (rc = pragma_int(m, sql_user_version, &ver, err)) < 0)
        goto out;
    if (app == 0 && ver == 0) {
        if ((rc = sqlq_exec(&m->q, schema_sql, err)) < 0 ||
            (rc = sqlq_exec(&m->q, set_ids, err)) < 0)
            goto out;
    } else if (app != MERGE_APPLICATION_ID) {
        rc = jury_error_set(err, JURY_ERR_VERSION, m->path, "not a jury merged database");
    } else if (ver > MERGE_SCHEMA_VERSION) {
        rc = jury_error_set(err, JURY_ERR_VERSION, m->path,
                            "made by a newer jury (schema %d, this one knows %d)", ver,
                            MERGE_SCHEMA_VERSION);
    } else {
        for (int v = ver < 1 ? 1 : ver; rc == 0 && v < MERGE_SCHEMA_VERSION; v++)
            rc = sqlq_exec(&m->q, migrations[v - 1], err);
    }
out:
    if (rc < 0) {
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return sqlq_exec(&m->q, "COMMIT", err);
}

static const char pragmas[] = "PRAGMA foreign_keys = ON;\n"
                              "PRAGMA trusted_schema = OFF;\n"
                              "PRAGMA cell_size_check = ON;\n"
                              "PRAGMA mmap_size = 0;\n"
                              "PRAGMA journal_mode = WAL;\n"
                              "PRAGMA synchronous = NORMAL;\n"
                              "PRAGMA temp_store = MEMORY;\n"
                              "PRAGMA cache_size = -65536;\n";

int merge_open(struct merge **out, const char *dir, struct jury_error *err)
{
    *out = NULL;
    int rc = jury_mkdirs(dir, 0755, err);
    if (rc < 0)
        return rc;
    struct merge *m = jury_xcalloc(1, sizeof *m);
    m->dir = jury_xstrdup(dir);
    m->path = jury_path_join(dir, "merged.sqlite");
    m->q.where = m->path;
    rc = sqlite3_open_v2(m->path, &m->q.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = sqlq_fail(&m->q, rc, err);
        goto fail;
    }
    sqlite3_busy_timeout(m->q.db, 5000);
    sqlite3_db_config(m->q.db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    if ((rc = sqlq_exec(&m->q, pragmas, err)) < 0 || (rc = schema_ensure(m, err)) < 0)
        goto fail;
    *out = m;
    return 0;
fail:
    merge_close(&m);
    return rc;
}

void merge_close(struct merge **p)
{
    struct merge *m = p ? *p : NULL;
    if (!m)
        return;
    sqlq_finalize(&m->q);
    sqlite3_close(m->q.db);
    free(m->dir);
    free(m->path);
    free(m);
    *p = NULL;
}

static const char sql_meta_put[] = "INSERT INTO meta(key, value) VALUES(:key, :value) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = :key";

int merge_meta_set(struct merge *m, const char *key, const char *value, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_meta_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":key", key);
    sqlq_text(st, ":value", value);
    return sqlq_done(&m->q, st, err);
}

int merge_meta_get(struct merge *m, const char *key, char **value, struct jury_error *err)
{
    *value = NULL;
    sqlite3_stmt *st = sqlq_get(&m->q, sql_meta_get, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":key", key);
    int rc = sqlq_step(&m->q, st, err);
    if (rc == SQLITE_ROW)
        *value = sqlq_col_dup(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static const char sql_reviewer_put[] =
    "INSERT INTO reviewer(id, name, panel, chair) VALUES(:id, :name, :panel, :chair) "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, panel = excluded.panel, "
    "chair = excluded.chair";

int merge_add_roster(struct merge *m, const struct roster *r, const char *chair_id,
                     struct jury_error *err)
{
    int rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    for (size_t i = 0; rc == 0 && i < r->n; i++) {
        const struct roster_entry *e = &r->entries[i];
        sqlite3_stmt *st = sqlq_get(&m->q, sql_reviewer_put, err);
        if (!st) {
            rc = err->status;
            break;
        }
        sqlq_text(st, ":id", e->reviewer_id);
        sqlq_text(st, ":name", e->name);
        sqlq_text(st, ":panel", e->panel);
        sqlq_int(st, ":chair", chair_id && strcmp(chair_id, e->reviewer_id) == 0);
        rc = sqlq_done(&m->q, st, err);
    }
    if (rc < 0) {
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return sqlq_exec(&m->q, "COMMIT", err);
}

static const char sql_indicator_put[] =
    "INSERT INTO indicator(ruleset, id, max) VALUES(:ruleset, :id, :max) "
    "ON CONFLICT(ruleset, id) DO UPDATE SET max = excluded.max";
static const char sql_evidence_put[] =
    "INSERT OR IGNORE INTO evidence(pack, path, sha256) VALUES(:pack, :path, :sha256)";
static const char sql_cross_put[] =
    "INSERT OR IGNORE INTO crosscheck(pack, key, value) VALUES(:pack, :key, :value)";

int merge_set_indicator_max(struct merge *m, const char *ruleset, const char *indicator, double max,
                            struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_indicator_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":ruleset", ruleset);
    sqlq_text(st, ":id", indicator);
    sqlq_real(st, ":max", max);
    return sqlq_done(&m->q, st, err);
}

int merge_add_evidence(struct merge *m, const char *pack, const char *path, const char *sha256,
                       struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_evidence_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":path", path);
    sqlq_text(st, ":sha256", sha256);
    return sqlq_done(&m->q, st, err);
}

int merge_add_crosscheck(struct merge *m, const char *pack, const char *key, const char *value,
                         struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_cross_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":pack", pack);
    sqlq_text(st, ":key", key);
    sqlq_text(st, ":value", value);
    return sqlq_done(&m->q, st, err);
}

static const char sql_ineligible_put[] =
    "INSERT INTO pack(id, ineligible) VALUES(:id, :reason) "
    "ON CONFLICT(id) DO UPDATE SET ineligible = excluded.ineligible";

int merge_set_pack_ineligible(struct merge *m, const char *pack, const char *reason,
                              struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_ineligible_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack);
    sqlq_text(st, ":reason", reason);
    return sqlq_done(&m->q, st, err);
}

static const char sql_pack_add[] =
    "INSERT INTO pack(id, task, applicant, ruleset, veto_policy) "
    "VALUES(:id, :task, :applicant, :ruleset, :veto) "
    "ON CONFLICT(id) DO UPDATE SET task = coalesce(task, excluded.task), "
    "applicant = coalesce(applicant, excluded.applicant), "
    "ruleset = coalesce(ruleset, excluded.ruleset), veto_policy = excluded.veto_policy";

int merge_add_pack(struct merge *m, const char *id, const char *task, const char *applicant,
                   const char *ruleset, const char *veto_policy, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_pack_add, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", id);
    sqlq_text(st, ":task", task);
    sqlq_text(st, ":applicant", applicant);
    sqlq_text(st, ":ruleset", ruleset);
    sqlq_text(st, ":veto", veto_policy);
    return sqlq_done(&m->q, st, err);
}
