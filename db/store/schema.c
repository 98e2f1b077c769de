/* schema.c - the reviewer store's schema as strings, user_version migrations
 * and the checks that refuse foreign or newer files. */
#include "db/store/store_int.h"

#include <stdio.h>

/* Version 1: everything a score sheet carries. Kept verbatim: a store made
 * by version 1 is migrated from exactly this. */
static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE TABLE rulesets(id TEXT PRIMARY KEY, sha256 TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE TABLE packs(id TEXT PRIMARY KEY, applicant TEXT, task TEXT, ruleset TEXT,\n"
    "  state INTEGER NOT NULL DEFAULT 0 CHECK(state IN (0,1,2)), conflict TEXT)\n"
    "  WITHOUT ROWID;\n"
    "CREATE TABLE scores(pack TEXT NOT NULL REFERENCES packs(id), indicator TEXT NOT NULL,\n"
    "  value TEXT, points REAL, comment TEXT, updated TEXT NOT NULL,\n"
    "  PRIMARY KEY(pack, indicator)) WITHOUT ROWID;\n"
    "CREATE TABLE cites(pack TEXT NOT NULL, indicator TEXT NOT NULL, path TEXT NOT NULL,\n"
    "  page INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(pack, indicator, path, page),\n"
    "  FOREIGN KEY(pack) REFERENCES packs(id)) WITHOUT ROWID;\n"
    "CREATE TABLE confirms(pack TEXT NOT NULL REFERENCES packs(id), item TEXT NOT NULL,\n"
    "  is_veto INTEGER NOT NULL CHECK(is_veto IN (0,1)),\n"
    "  answer INTEGER NOT NULL CHECK(answer IN (0,1)), PRIMARY KEY(pack, item)) WITHOUT ROWID;\n"
    "CREATE TABLE deductions(pack TEXT NOT NULL REFERENCES packs(id), id TEXT NOT NULL,\n"
    "  value REAL NOT NULL, PRIMARY KEY(pack, id)) WITHOUT ROWID;\n"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, pack TEXT, kind TEXT NOT "
    "NULL,\n"
    "  item TEXT, old TEXT, new TEXT, hash TEXT NOT NULL);\n"
    "CREATE INDEX audit_item ON audit(pack, kind, item, seq);\n";

/* Version 2: the workbench position, and when a pack was submitted. */
static const char migrate_v2[] =
    "CREATE TABLE position(id INTEGER PRIMARY KEY CHECK(id = 1), pack TEXT, file TEXT,\n"
    "  page INTEGER NOT NULL DEFAULT 0, indicator TEXT);\n"
    "ALTER TABLE packs ADD COLUMN submitted TEXT;\n";

/* Version 3: no index on the audit log. It cost a random page write in every
 * change (measured: the store's share of the fsync'd bytes); the replay check
 * at export groups the log instead. */
static const char migrate_v3[] = "DROP INDEX IF EXISTS audit_item;\n";

/* Version 4: the SHA-256 of each pack's archive file (the pack id),
 * NULL until the pack is opened again by a jury that records it. The file
 * name stays the key: assignments.csv and sheets use it. */
static const char migrate_v4[] = "ALTER TABLE packs ADD COLUMN sha256 TEXT;\n";

/* Version 5: the reason given with a deduction (logged too, as audit rows
 * "deduction-reason"), and the reviewer's place in each pack (file, page,
 * scroll, checklist row), so leaving a pack and coming back finds it as it
 * was. And the replay at export covers every table that reaches a sheet
 * (points, comments, citations, state, confirmations, deductions,
 * conflicts), but stores before it never logged points or a pack's start.
 * So a store migrated to 5 keeps a copy of those tables as log rows, taken
 * at the migration and ordered just after the log row it was taken at; the
 * replay reads the log and this copy together. Empty in a store made at 5. */
static const char migrate_v5[] =
    "ALTER TABLE deductions ADD COLUMN reason TEXT;\n"
    "CREATE TABLE places(pack TEXT PRIMARY KEY, file TEXT, page INTEGER NOT NULL DEFAULT 0,\n"
    "  top INTEGER NOT NULL DEFAULT 0, row TEXT, focus INTEGER NOT NULL DEFAULT 0)\n"
    "  WITHOUT ROWID;\n"
    "CREATE TABLE audit_base(seq INTEGER NOT NULL, pack TEXT, kind TEXT NOT NULL, item TEXT,\n"
    "  new TEXT);\n"
    "INSERT INTO audit_base WITH b(m) AS (SELECT coalesce(max(seq), 0) FROM audit)\n"
    " SELECT m, NULL, 'meta', key, value FROM b, meta\n"
    " UNION ALL SELECT m, NULL, 'ruleset', id, sha256 FROM b, rulesets\n"
    " UNION ALL SELECT m, id, 'pack', NULL, " STORE_PACK_VALUE_SQL " FROM b, packs\n"
    " UNION ALL SELECT m, id, 'conflict', NULL, conflict FROM b, packs\n"
    "  WHERE conflict IS NOT NULL\n"
    " UNION ALL SELECT m, id, 'state', NULL, CAST(state AS TEXT) FROM b, packs WHERE state <> 0\n"
    " UNION ALL SELECT m, pack, 'score', indicator, value FROM b, scores WHERE value IS NOT NULL\n"
    " UNION ALL SELECT m, pack, 'comment', indicator, comment FROM b, scores\n"
    "  WHERE comment IS NOT NULL\n"
    " UNION ALL SELECT m, pack, 'points', indicator, jury_real(points) FROM b, scores\n"
    "  WHERE value IS NOT NULL\n"
    " UNION ALL SELECT m, pack, 'cite', indicator, path || ':' || page FROM b, cites\n"
    " UNION ALL SELECT m, pack, CASE is_veto WHEN 1 THEN 'veto' ELSE 'condition' END, item,\n"
    "  CASE answer WHEN 1 THEN 'yes' ELSE 'no' END FROM b, confirms\n"
    " UNION ALL SELECT m, pack, 'deduction', id, jury_real(value) FROM b, deductions;\n";

/* Version 6: the reviewer's comment on an eligibility condition or a veto
 * item, answered or not (logged as audit rows "check-comment"). */
static const char migrate_v6[] =
    "CREATE TABLE check_comments(pack TEXT NOT NULL REFERENCES packs(id), item TEXT NOT NULL,\n"
    "  comment TEXT NOT NULL, PRIMARY KEY(pack, item)) WITHOUT ROWID;\n";

static int pragma_int(struct sqlq *q, const char *sql, int *out, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(q, sql, err);
    if (!st)
        return err->status;
    int rc = sqlq_step(q, st, err);
    if (rc < 0)
        return rc;
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return 0;
}

int schema_check(struct sqlq *q, int *user_version, struct jury_error *err)
{
    int app = 0, ver = 0, objects = 0, rc;
    if ((rc = pragma_int(q, "PRAGMA application_id", &app, err)) < 0 ||
        (rc = pragma_int(q, "PRAGMA user_version", &ver, err)) < 0 ||
        (rc = pragma_int(q, "SELECT count(*) FROM sqlite_schema", &objects, err)) < 0)
        return rc;
    if (app != STORE_APPLICATION_ID && (app != 0 || objects > 0))
        return jury_error_set(err, JURY_ERR_VERSION, q->where,
                              "not a jury score store (application_id 0x%08x, expected 0x%08x); "
                              "give another file with --db",
                              (unsigned)app, (unsigned)STORE_APPLICATION_ID);
    if (ver > STORE_SCHEMA_VERSION)
        return jury_error_set(err, JURY_ERR_VERSION, q->where,
                              "store has schema version %d, this jury knows up to %d: "
                              "it was made by a newer jury; use that version",
                              ver, STORE_SCHEMA_VERSION);
    *user_version = ver;
    return 0;
}

/* PRAGMA does not take parameters; the values here are our own integers. */
static int set_version(struct sqlq *q, int version, struct jury_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             STORE_APPLICATION_ID, version);
    return sqlq_exec(q, sql, err);
}

int schema_migrate(struct sqlq *q, int from, struct jury_error *err)
{
    int rc = 0;
    if (from == 0 && (rc = sqlq_exec(q, schema_v1, err)) < 0)
        return rc;
    if (from < 2 && (rc = sqlq_exec(q, migrate_v2, err)) < 0)
        return rc;
    if (from < 3 && (rc = sqlq_exec(q, migrate_v3, err)) < 0)
        return rc;
    if (from < 4 && (rc = sqlq_exec(q, migrate_v4, err)) < 0)
        return rc;
    if (from < 5 &&
        ((rc = sqlq_exec(q, migrate_v5, err)) < 0 || (rc = audit_base_seal(q, err)) < 0))
        return rc;
    if (from < 6 && (rc = sqlq_exec(q, migrate_v6, err)) < 0)
        return rc;
    if (from < STORE_SCHEMA_VERSION)
        rc = set_version(q, STORE_SCHEMA_VERSION, err);
    return rc;
}
