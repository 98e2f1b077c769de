/* sql.c - the statement helper every SQL statement of jury goes through:
 * statements cached per connection, parameters bound by :name (or by
 * position, on the statements it hands out), SQLite codes mapped to jury's
 * error kinds. */
#include "db/sql/sql.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int sqlq_fail(struct sqlq *q, int rc, struct jury_error *err)
{
    int status = JURY_ERR_INTERNAL;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        status = JURY_ERR_BUSY;
        break;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        status = JURY_ERR_IO;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        status = JURY_ERR_CORRUPT;
        break;
    case SQLITE_NOMEM:
        status = JURY_ERR_NOMEM;
        break;
    case SQLITE_CONSTRAINT:
        status = JURY_ERR_INVALID;
        break;
    }
    const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    return jury_error_set(err, status, q->where, "database: %s", msg);
}

sqlite3_stmt *sqlq_get(struct sqlq *q, const char *sql, struct jury_error *err)
{
    for (size_t i = 0; i < q->n; i++) {
        if (q->sql[i] == sql) {
            sqlite3_reset(q->st[i]);
            sqlite3_clear_bindings(q->st[i]);
            return q->st[i];
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlq_fail(q, rc, err);
        return NULL;
    }
    if (q->n == SQLQ_MAX) {
        sqlite3_finalize(st);
        jury_error_set(err, JURY_ERR_INTERNAL, q->where, "statement cache full");
        return NULL;
    }
    q->sql[q->n] = sql;
    q->st[q->n++] = st;
    return st;
}

static int param(sqlite3_stmt *st, const char *name)
{
    int i = sqlite3_bind_parameter_index(st, name);
    assert(i > 0 && "unknown :name in SQL");
    return i;
}

void sqlq_text(sqlite3_stmt *st, const char *name, const char *v)
{
    if (v)
        sqlite3_bind_text(st, param(st, name), v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, param(st, name));
}

void sqlq_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    sqlite3_bind_int64(st, param(st, name), v);
}

void sqlq_real(sqlite3_stmt *st, const char *name, double v)
{
    sqlite3_bind_double(st, param(st, name), v);
}

int sqlq_step(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return rc;
    int status = sqlq_fail(q, rc, err);
    sqlite3_reset(st);
    return status;
}

int sqlq_done(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err)
{
    int rc = sqlq_step(q, st, err);
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int sqlq_exec(struct sqlq *q, const char *sql, struct jury_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    return rc == SQLITE_OK ? 0 : sqlq_fail(q, rc, err);
}

char *sqlq_col_dup(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return NULL;
    const unsigned char *t = sqlite3_column_text(st, col);
    return jury_xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

void sqlq_finalize(struct sqlq *q)
{
    for (size_t i = 0; i < q->n; i++)
        sqlite3_finalize(q->st[i]);
    q->n = 0;
}
