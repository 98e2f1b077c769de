/* sql.h - the one public header of db/sql: the statement helper every SQL
 * statement of jury goes through (the reviewer store, the merged folder,
 * the search cache): statements cached per connection, parameters bound by
 * :name only, SQLite codes mapped to jury's error kinds.
 *
 * A helper for the modules that own a database, never for interfaces.
 */
#ifndef JURY_SQL_H
#define JURY_SQL_H

#include "core/core.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Prepared statements cached by the address of their (static) SQL text, so
 * each statement is compiled once per connection. */
#define SQLQ_MAX 96

struct sqlq {
    sqlite3 *db;
    const char *sql[SQLQ_MAX];
    sqlite3_stmt *st[SQLQ_MAX];
    size_t n;
    const char *where; /* the file, for errors */
};

/* The cached statement for sql (prepared on first use), reset and with its
 * bindings cleared. NULL with err on a prepare failure. */
sqlite3_stmt *sqlq_get(struct sqlq *q, const char *sql, struct jury_error *err);
/* Bind by ":name"; a NULL text binds SQL NULL. A name the statement does not
 * have is a programming error (assert). */
void sqlq_text(sqlite3_stmt *st, const char *name, const char *v);
void sqlq_int(sqlite3_stmt *st, const char *name, int64_t v);
void sqlq_real(sqlite3_stmt *st, const char *name, double v);
/* Step: returns SQLITE_ROW or SQLITE_DONE, or a negative status with err
 * (SQLITE_BUSY -> JURY_ERR_BUSY, SQLITE_FULL/IOERR -> JURY_ERR_IO,
 * SQLITE_CORRUPT/NOTADB -> JURY_ERR_CORRUPT). */
int sqlq_step(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err);
/* Run a statement that returns no rows (prepared, bound by the caller). */
int sqlq_done(struct sqlq *q, sqlite3_stmt *st, struct jury_error *err);
/* Run literal SQL with no parameters (DDL, PRAGMA, BEGIN). */
int sqlq_exec(struct sqlq *q, const char *sql, struct jury_error *err);
/* Column text copied (NULL for SQL NULL; caller frees). */
char *sqlq_col_dup(sqlite3_stmt *st, int col);
/* Map a SQLite result code to a jury status and fill err with the message. */
int sqlq_fail(struct sqlq *q, int rc, struct jury_error *err);
void sqlq_finalize(struct sqlq *q);

#endif
