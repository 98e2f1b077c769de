/* index.c - the per-pack cache database: entry list, extracted text per
 * (path, page), and an FTS5 index with the "jury_ngram" tokenizer
 * (index_tok.c). Indexing runs in steps (index_step) so the interface
 * never waits long; each entry commits with its text in one transaction,
 * which makes an interrupted run resumable. Search = phrase match plus a
 * substring check when the phrase alone is not exact (see pack.h). */
#define _GNU_SOURCE
#include "packs/index_int.h"
#include "db/sql/sql.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define INDEX_APP_ID 0x6A757279 /* "jury" */
/* 2: a line break between two CJK characters no longer ends a run of the
 * tokenizer (a cache of 1 is rebuilt: its text and tokens are older) */
#define INDEX_VERSION 2

struct pack_index {
    struct sqlq q;     /* the connection and its cached statements (db/sql) */
    struct pack *pack; /* NULL for index_open_cached */
    char *file;
    char id[SHA256_HEX_LEN + 1];
    size_t n_entries;
    struct extract_limits lim;
    char *e_path, *e_kind, *e_note, *e_error; /* index_entry's strings */
    uint64_t batch;                           /* text bytes stored in the open transaction */
    bool stale; /* made by an older jury: its text and tokens are rebuilt */
};

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE entries(idx INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER,"
    " kind TEXT, hidden INTEGER, state INTEGER NOT NULL DEFAULT 0, pages INTEGER,"
    " note TEXT, error TEXT, bytes INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX entries_path ON entries(path);"
    "CREATE INDEX entries_todo ON entries(state, idx);"
    /* text last: reading path/page of a candidate does not load the text */
    "CREATE TABLE pages(id INTEGER PRIMARY KEY, entry INTEGER NOT NULL, page INTEGER NOT NULL,"
    " title TEXT, text TEXT NOT NULL);"
    "CREATE UNIQUE INDEX pages_at ON pages(entry, page);"
    "CREATE VIRTUAL TABLE fts USING fts5(text, content='', columnsize=0,"
    " tokenize='jury_ngram');"
    "INSERT INTO fts(fts, rank) VALUES('pgsz', 8000);"
    "INSERT INTO fts(fts, rank) VALUES('automerge', 0);"
    "INSERT INTO fts(fts, rank) VALUES('crisismerge', 200);";

enum { ST_TODO = 0, ST_DONE = 1, ST_FAILED = 2 };

/* The last statement's failure as a jury error naming the cache file. */
static int db_fail(struct pack_index *idx, struct jury_error *err)
{
    return sqlq_fail(&idx->q, sqlite3_errcode(idx->q.db), err);
}

/* The cached statement for sql (db/sql keeps one per text), reset. */
static int db_prepare(struct pack_index *idx, const char *sql, sqlite3_stmt **st,
                      struct jury_error *err)
{
    *st = sqlq_get(&idx->q, sql, err);
    return *st ? 0 : err ? err->status : JURY_ERR_IO;
}

/* A one-number query (a count, a PRAGMA), -1 when it fails. */
static long db_int(struct pack_index *idx, const char *sql)
{
    sqlite3_stmt *st = sqlq_get(&idx->q, sql, NULL);
    long v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

/* ---------------------------------------------------------- open/close */

static char *cache_path(const char *id, bool create, struct jury_error *err)
{
    char *home = jury_data_dir(create, err);
    if (!home)
        return NULL;
    char *dir = jury_path_join(home, "cache");
    free(home);
    if (create && jury_mkdirs(dir, 0700, err) < 0) {
        free(dir);
        return NULL;
    }
    struct jstr f = {0};
    jstr_addf(&f, "%s/%s.sqlite", dir, id);
    free(dir);
    return jstr_take(&f);
}

/* Check (or create) the schema; a cache of another pack, a newer program
 * or another application is refused. */
static int schema_check(struct pack_index *idx, struct jury_error *err)
{
    long app = db_int(idx, "PRAGMA application_id");
    long ver = db_int(idx, "PRAGMA user_version");
    if (app < 0 || ver < 0)
        return db_fail(idx, err);
    if (app == 0 && ver == 0) {
        struct jstr s = {0};
        jstr_addf(&s, "BEGIN IMMEDIATE;%sPRAGMA application_id=%d;PRAGMA user_version=%d;COMMIT;",
                  schema, INDEX_APP_ID, INDEX_VERSION);
        int rc = sqlq_exec(&idx->q, s.s, err);
        jstr_free(&s);
        if (rc < 0)
            sqlq_exec(&idx->q, "ROLLBACK", NULL);
        return rc;
    }
    idx->stale = app == INDEX_APP_ID && ver < INDEX_VERSION;
    if (app != INDEX_APP_ID || ver != INDEX_VERSION)
        return jury_error_set(err, JURY_ERR_VERSION, idx->file,
                              "not a jury cache of this version (application %lx, version %ld)",
                              (unsigned long)app, ver);
    return 0;
}

static int db_connect(struct pack_index *idx, int flags, struct jury_error *err)
{
    idx->q.where = idx->file;
    if (sqlite3_open_v2(idx->file, &idx->q.db, flags, NULL) != SQLITE_OK)
        return db_fail(idx, err);
    sqlite3_busy_timeout(idx->q.db, 5000);
    sqlite3_extended_result_codes(idx->q.db, 0);
    int rc = index_tok_register(idx->q.db, err);
    if (rc == 0)
        rc = sqlq_exec(&idx->q,
                       "PRAGMA journal_mode=WAL;PRAGMA synchronous=OFF;"
                       "PRAGMA cache_size=-16384;",
                       err);
    if (rc == 0)
        rc = schema_check(idx, err);
    return rc;
}

/* Record the pack's entries once (a cache that has them keeps them). */
static int entries_record(struct pack_index *idx, struct jury_error *err)
{
    if (db_int(idx, "SELECT count(*) FROM entries") > 0)
        return 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlq_exec(&idx->q, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        rc = db_prepare(
            idx, "INSERT INTO entries(idx,path,size,kind,hidden) VALUES(?1,?2,?3,?4,?5)", &st, err);
    size_t n = pack_entry_count(idx->pack);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct pack_entry *e = pack_entry(idx->pack, i);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        sqlite3_bind_text(st, 2, e->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)e->size);
        sqlite3_bind_text(st, 4, pack_kind_name(e->kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, e->hidden);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(idx, err);
        sqlite3_reset(st);
    }
    if (st)
        sqlite3_reset(st);
    if (rc == 0) {
        sqlite3_stmt *m = NULL;
        rc = db_prepare(idx, "INSERT OR REPLACE INTO meta VALUES('pack_id',?1),('pack_path',?2)",
                        &m, err);
        if (rc == 0) {
            sqlite3_bind_text(m, 1, idx->id, -1, SQLITE_STATIC);
            sqlite3_bind_text(m, 2, pack_path(idx->pack), -1, SQLITE_STATIC);
            if (sqlite3_step(m) != SQLITE_DONE)
                rc = db_fail(idx, err);
        }
        if (m)
            sqlite3_reset(m);
    }
    if (rc == 0)
        return sqlq_exec(&idx->q, "COMMIT", err);
    sqlq_exec(&idx->q, "ROLLBACK", NULL);
    return rc;
}

/* Delete a damaged cache file (with its WAL and shared-memory files). The
 * cache runs with synchronous=OFF (it can always be rebuilt from the pack),
 * so a power cut may leave it damaged. */
static void cache_remove(struct pack_index *idx)
{
    sqlq_finalize(&idx->q);
    sqlite3_close(idx->q.db);
    idx->q.db = NULL;
    struct jstr side = {0};
    unlink(idx->file);
    jstr_addf(&side, "%s-wal", idx->file);
    unlink(side.s);
    jstr_clear(&side);
    jstr_addf(&side, "%s-shm", idx->file);
    unlink(side.s);
    jstr_free(&side);
}

static int index_start(struct pack_index **out, const char *id, struct pack *p,
                       struct jury_error *err)
{
    *out = NULL;
    if (strlen(id) != SHA256_HEX_LEN || strspn(id, "0123456789abcdef") != SHA256_HEX_LEN)
        return jury_error_set(err, JURY_ERR_INVALID, id, "not a pack id");
    struct pack_index *idx = jury_xcalloc(1, sizeof *idx);
    memcpy(idx->id, id, sizeof idx->id);
    idx->pack = p;
    extract_limits_default(&idx->lim);
    idx->file = cache_path(id, p != NULL, err);
    int rc = idx->file ? 0 : err ? err->status : JURY_ERR_IO;
    if (rc == 0 && !p && !jury_is_file(idx->file))
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, idx->file, "no search cache for this pack");
    if (rc == 0)
        rc = db_connect(idx, SQLITE_OPEN_READWRITE | (p ? SQLITE_OPEN_CREATE : 0), err);
    if ((rc == JURY_ERR_CORRUPT || idx->stale) && p) { /* only a cache: rebuild it */
        cache_remove(idx);
        rc = db_connect(idx, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    }
    if (rc == 0 && p)
        rc = entries_record(idx, err);
    if (rc < 0) {
        index_close(&idx);
        return rc;
    }
    idx->n_entries = (size_t)db_int(idx, "SELECT count(*) FROM entries");
    *out = idx;
    return 0;
}

int index_open(struct pack_index **out, struct pack *p, struct jury_error *err)
{
    return index_start(out, pack_id(p), p, err);
}

int index_open_cached(struct pack_index **out, const char *pack_id, struct jury_error *err)
{
    return index_start(out, pack_id, NULL, err);
}

void index_close(struct pack_index **p)
{
    if (!p || !*p)
        return;
    struct pack_index *idx = *p;
    sqlq_finalize(&idx->q);
    sqlite3_close(idx->q.db);
    free(idx->file);
    free(idx->e_path);
    free(idx->e_kind);
    free(idx->e_note);
    free(idx->e_error);
    free(idx);
    *p = NULL;
}

const char *index_file(const struct pack_index *idx)
{
    return idx->file;
}

size_t index_entry_count(const struct pack_index *idx)
{
    return idx->n_entries;
}

/* ---------------------------------------------------------- indexing */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Why an entry gets no text without being read, or NULL. */
static const char *entry_skip(const struct pack_entry *e)
{
    if (e->hidden)
        return "hidden system file (not evidence), not indexed";
    if (e->is_link)
        return "link: listed, never followed";
    if (e->kind == PACK_KIND_ARCHIVE)
        return "nested archive: listed; open it to read its files";
    return NULL;
}

static int page_store(struct pack_index *idx, size_t entry, size_t page,
                      const struct extract_page *pg, struct jury_error *err)
{
    sqlite3_stmt *a = NULL, *b = NULL;
    if (db_prepare(idx, "INSERT INTO pages(entry,page,title,text) VALUES(?1,?2,?3,?4)", &a, err) ||
        db_prepare(idx, "INSERT INTO fts(rowid,text) VALUES(?1,?2)", &b, err))
        return err ? err->status : JURY_ERR_IO;
    sqlite3_bind_int64(a, 1, (sqlite3_int64)entry);
    sqlite3_bind_int64(a, 2, (sqlite3_int64)page);
    sqlite3_bind_text(a, 3, pg->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 4, pg->text, (int)pg->len, SQLITE_STATIC);
    int ok = sqlite3_step(a) == SQLITE_DONE;
    sqlite3_reset(a);
    if (!ok)
        return db_fail(idx, err);
    sqlite3_bind_int64(b, 1, sqlite3_last_insert_rowid(idx->q.db));
    sqlite3_bind_text(b, 2, pg->text, (int)pg->len, SQLITE_STATIC);
    ok = sqlite3_step(b) == SQLITE_DONE;
    sqlite3_reset(b);
    return ok ? 0 : db_fail(idx, err);
}

/* Store one entry's outcome (pages, or the reason it has none) inside the
 * step's transaction: after a crash an entry is either fully indexed or to
 * do, never half. */
static int entry_store(struct pack_index *idx, size_t i, const struct extract_result *r,
                       const char *note, const char *error, struct jury_error *err)
{
    int rc = 0;
    uint64_t bytes = 0;
    for (size_t k = 0; r && k < r->n_pages && rc == 0; k++) {
        rc = page_store(idx, i, k + 1, &r->pages[k], err);
        bytes += r->pages[k].len;
    }
    sqlite3_stmt *u = NULL;
    if (rc == 0)
        rc = db_prepare(idx,
                        "UPDATE entries SET state=?2,pages=?3,note=?4,error=?5,bytes=?6 "
                        "WHERE idx=?1",
                        &u, err);
    if (rc == 0) {
        sqlite3_bind_int64(u, 1, (sqlite3_int64)i);
        sqlite3_bind_int(u, 2, error ? ST_FAILED : ST_DONE);
        sqlite3_bind_int64(u, 3, r ? (sqlite3_int64)r->n_pages : 0);
        sqlite3_bind_text(u, 4, note, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 5, error, -1, SQLITE_STATIC);
        sqlite3_bind_int64(u, 6, (sqlite3_int64)bytes);
        if (sqlite3_step(u) != SQLITE_DONE)
            rc = db_fail(idx, err);
        sqlite3_reset(u);
    }
    idx->batch += bytes + 1;
    return rc;
}

static int entry_index(struct pack_index *idx, size_t i, struct jury_error *err)
{
    const struct pack_entry *e = pack_entry(idx->pack, i);
    if (!e)
        return jury_error_set(err, JURY_ERR_CORRUPT, idx->file,
                              "cache lists entry %zu, the pack has %zu", i,
                              pack_entry_count(idx->pack));
    const char *skip = entry_skip(e);
    if (skip)
        return entry_store(idx, i, NULL, skip, NULL, err);
    struct extract_result *r = NULL;
    struct jury_error xerr = {0};
    int rc;
    if (extract_entry(idx->pack, i, &idx->lim, &r, &xerr) < 0) {
        char msg[2048];
        rc = entry_store(idx, i, NULL, NULL, jury_error_text(&xerr, msg, sizeof msg), err);
    } else {
        rc = entry_store(idx, i, r, r->note, NULL, err);
    }
    extract_result_free(&r);
    return rc;
}

int index_progress(struct pack_index *idx, struct index_progress *prog, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = db_prepare(idx,
                        "SELECT count(*), total(state>0), total(state=2), total(bytes) "
                        "FROM entries",
                        &st, err);
    if (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        prog->entries = (size_t)sqlite3_column_int64(st, 0);
        prog->done = (size_t)sqlite3_column_double(st, 1);
        prog->failed = (size_t)sqlite3_column_double(st, 2);
        prog->bytes = (uint64_t)sqlite3_column_double(st, 3);
        prog->complete = prog->done == prog->entries;
    } else if (rc == 0) {
        rc = db_fail(idx, err);
    }
    if (st)
        sqlite3_reset(st);
    return rc;
}

/* FTS5 flushes its in-memory terms at every commit, and many small
 * segments cost merges: commit every BATCH_BYTES of text (and at the end of
 * a step). Entries commit together with their text, so resuming is exact. */
#define BATCH_BYTES ((uint64_t)16 << 20)

static int batch_end(struct pack_index *idx, bool ok, struct jury_error *err)
{
    idx->batch = 0;
    if (ok)
        return sqlq_exec(&idx->q, "COMMIT", err);
    sqlq_exec(&idx->q, "ROLLBACK", NULL);
    return 0;
}

/* The next entry to index, or -1 when none is left (or on error, with rc). */
static long next_todo(struct pack_index *idx, sqlite3_stmt *next, int *rc, struct jury_error *err)
{
    int s = sqlite3_step(next);
    long i = s == SQLITE_ROW ? (long)sqlite3_column_int64(next, 0) : -1;
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        *rc = db_fail(idx, err);
    sqlite3_reset(next);
    return i;
}

int index_step(struct pack_index *idx, long budget_ms, struct index_progress *prog,
               struct jury_error *err)
{
    double t0 = now_ms();
    sqlite3_stmt *next = NULL;
    int rc =
        db_prepare(idx, "SELECT idx FROM entries WHERE state=0 ORDER BY idx LIMIT 1", &next, err);
    if (rc == 0 && !idx->pack && db_int(idx, "SELECT count(*) FROM entries WHERE state=0") > 0)
        rc = jury_error_set(err, JURY_ERR_INVALID, idx->file,
                            "indexing needs the pack file, not only its cache");
    bool open = false;
    long i;
    while (rc == 0 && (i = next_todo(idx, next, &rc, err)) >= 0) {
        if (!open && (rc = sqlq_exec(&idx->q, "BEGIN IMMEDIATE", err)) < 0)
            break;
        open = true;
        rc = entry_index(idx, (size_t)i, err);
        if (rc == 0 && idx->batch >= BATCH_BYTES) {
            rc = batch_end(idx, true, err);
            open = false;
        }
        if (budget_ms < 0 || (budget_ms > 0 && now_ms() - t0 >= (double)budget_ms))
            break;
    }
    if (open) {
        int rc2 = batch_end(idx, rc == 0, err);
        rc = rc ? rc : rc2;
    }
    if (next)
        sqlite3_reset(next);
    if (rc == 0 && prog)
        rc = index_progress(idx, prog, err);
    return rc;
}

/* ------------------------------------------------------------- reading */

static char *col_dup(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? jury_xstrdup((const char *)t) : NULL;
}

int index_entry(struct pack_index *idx, size_t i, struct index_entry *e, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = db_prepare(idx,
                        "SELECT path,size,kind,hidden,state,pages,note,error FROM entries "
                        "WHERE idx=?1",
                        &st, err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        if (sqlite3_step(st) != SQLITE_ROW)
            rc = jury_error_set(err, JURY_ERR_NOTFOUND, idx->file, "no entry %zu", i);
    }
    if (rc == 0) {
        free(idx->e_path);
        free(idx->e_kind);
        free(idx->e_note);
        free(idx->e_error);
        idx->e_path = col_dup(st, 0);
        idx->e_kind = col_dup(st, 2);
        idx->e_note = col_dup(st, 6);
        idx->e_error = col_dup(st, 7);
        int state = sqlite3_column_int(st, 4);
        *e = (struct index_entry){
            .path = idx->e_path ? idx->e_path : "",
            .size = (uint64_t)sqlite3_column_int64(st, 1),
            .kind = idx->e_kind ? idx->e_kind : "other",
            .hidden = sqlite3_column_int(st, 3) != 0,
            .done = state != ST_TODO,
            .pages = state == ST_TODO ? -1 : (long)sqlite3_column_int64(st, 5),
            .note = idx->e_error  ? idx->e_error
                    : idx->e_note ? idx->e_note
                                  : "",
            .error = idx->e_error,
        };
    }
    if (st)
        sqlite3_reset(st);
    return rc;
}

/* The entry's index, state and page count by path. */
static int entry_lookup(struct pack_index *idx, const char *path, long *entry, int *state,
                        long *pages, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = db_prepare(idx, "SELECT idx,state,pages FROM entries WHERE path=?1 LIMIT 1", &st, err);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *entry = (long)sqlite3_column_int64(st, 0);
            *state = sqlite3_column_int(st, 1);
            *pages = (long)sqlite3_column_int64(st, 2);
        } else {
            rc = jury_error_set(err, JURY_ERR_NOTFOUND, path, "no such file in the pack");
        }
    }
    if (st)
        sqlite3_reset(st);
    return rc;
}

int index_text(struct pack_index *idx, const char *path, long page, struct jstr *out, long *n_pages,
               struct jury_error *err)
{
    long entry = 0, pages = 0;
    int state = ST_TODO;
    int rc = entry_lookup(idx, path, &entry, &state, &pages, err);
    if (rc < 0)
        return rc;
    if (state == ST_TODO)
        return jury_error_set(err, JURY_ERR_BUSY, path, "not indexed yet");
    if (n_pages)
        *n_pages = pages;
    if (page < 1 || page > pages)
        return jury_error_set(err, JURY_ERR_NOTFOUND, path, "no page %ld (the file has %ld)", page,
                              pages);
    sqlite3_stmt *st = NULL;
    rc = db_prepare(idx, "SELECT text FROM pages WHERE entry=?1 AND page=?2", &st, err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, entry);
        sqlite3_bind_int64(st, 2, page);
        if (sqlite3_step(st) == SQLITE_ROW)
            jstr_addn(out, (const char *)sqlite3_column_text(st, 0),
                      (size_t)sqlite3_column_bytes(st, 0));
        else
            rc = jury_error_set(err, JURY_ERR_CORRUPT, path, "page %ld missing in the cache", page);
    }
    if (st)
        sqlite3_reset(st);
    return rc;
}

/* -------------------------------------------------------------- search */

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* A line break inside a paragraph: spaces or tabs, one '\n', spaces or
 * tabs (a '\r' counts as a space). Its length at t[i], 0 when none; a blank
 * line (two breaks) is a paragraph end and never bridged. */
static size_t soft_break(const unsigned char *t, size_t len, size_t i)
{
    size_t j = i, breaks = 0;
    for (; j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r' || t[j] == '\n'); j++)
        breaks += t[j] == '\n';
    return breaks == 1 ? j - i : 0;
}

/* The query at t[i], a line break in the text allowed where the query has
 * a space, or between two characters beyond ASCII (CJK text wrapped by
 * hand: "近三" / "年无投诉", as the tokenizer joins them). The matched
 * length, 0 when none. */
static size_t match_wrapped(const unsigned char *t, size_t len, size_t i, const unsigned char *q,
                            size_t qlen)
{
    size_t j = i, k = 0;
    while (k < qlen) {
        size_t br = j < len ? soft_break(t, len, j) : 0;
        if (j < len && ascii_lower(t[j]) == ascii_lower(q[k]) && !(br && q[k] == ' ')) {
            j++, k++;
        } else if (br && (q[k] == ' ' || q[k] == '\t')) {
            while (k < qlen && (q[k] == ' ' || q[k] == '\t'))
                k++;
            j += br;
        } else if (br && k > 0 && q[k - 1] >= 0x80 && q[k] >= 0x80 && j + br < len &&
                   t[j + br] >= 0x80) {
            j += br;
        } else {
            return 0;
        }
    }
    return j - i;
}

/* Where query occurs in text: *at and *mlen (the bytes it covers there). */
static bool text_find(const char *text, size_t len, const char *query, size_t qlen, size_t *at,
                      size_t *mlen)
{
    if (qlen == 0)
        return false;
    const unsigned char *t = (const unsigned char *)text, *q = (const unsigned char *)query;
    bool fold = false;
    for (size_t k = 0; k < qlen && !fold; k++)
        fold = ((q[k] | 0x20) >= 'a' && (q[k] | 0x20) <= 'z');
    if (!fold && qlen <= len) {
        const char *p = memmem(text, len, query, qlen);
        if (p) {
            *at = (size_t)(p - text);
            *mlen = qlen;
            return true;
        }
    }
    if (!fold && !memchr(text, '\n', len))
        return false; /* nothing but the exact bytes can match */
    unsigned char q0 = ascii_lower(q[0]);
    for (size_t i = 0; i < len; i++) {
        if (ascii_lower(t[i]) != q0)
            continue;
        size_t m = match_wrapped(t, len, i, q, qlen);
        if (m) {
            *at = i;
            *mlen = m;
            return true;
        }
    }
    return false;
}

bool index_text_contains(const char *text, size_t len, const char *query, size_t qlen, size_t *at)
{
    size_t where = 0, m = 0;
    bool found = text_find(text, len, query, qlen, &where, &m);
    if (found && at)
        *at = where;
    return found;
}

/* One line around the match at text[at]: up to 24 characters before and 48
 * after, never across a line break, sanitised for the terminal. */
static char *snippet_make(const char *text, size_t len, size_t at, size_t qlen)
{
    size_t s = at, e = at + qlen;
    for (int k = 0; k < 24 && s > 0 && text[s - 1] != '\n'; k++) {
        s--;
        while (s > 0 && ((unsigned char)text[s] & 0xC0) == 0x80)
            s--;
    }
    for (int k = 0; k < 48 && e < len && text[e] != '\n'; k++) {
        e++;
        while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80)
            e++;
    }
    struct jstr b = {0};
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = s; i < e; i++) { /* one line: a break within CJK joins, others are a space */
        if (t[i] == '\n' && i > s && t[i - 1] >= 0x80 && i + 1 < e && t[i + 1] >= 0x80)
            continue;
        jstr_addc(&b, text[i] == '\t' || text[i] == '\r' || text[i] == '\n' ? ' ' : text[i]);
    }
    char *out = utf8_sanitize(jstr_cstr(&b), b.len);
    jstr_free(&b);
    return out;
}

struct hits {
    struct index_hit *v;
    size_t n, cap;
};

static void hit_add(struct hits *h, sqlite3_stmt *st, const char *text, size_t len, size_t at,
                    size_t qlen)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 32;
        h->v = jury_xrealloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = (struct index_hit){
        .path = col_dup(st, 0),
        .page = (long)sqlite3_column_int64(st, 1),
        .snippet = snippet_make(text, len, at, qlen),
    };
}

/* The FTS5 phrase for a query: the whole query quoted ("" for a quote). */
static char *phrase_of(const char *q)
{
    struct jstr b = {0};
    jstr_addc(&b, '"');
    for (; *q; q++) {
        if (*q == '"')
            jstr_addc(&b, '"');
        jstr_addc(&b, *q);
    }
    jstr_addc(&b, '"');
    return jstr_take(&b);
}

static const char search_fts[] =
    "SELECT e.path, p.page, p.text FROM fts JOIN pages p ON p.id = fts.rowid "
    "JOIN entries e ON e.idx = p.entry WHERE fts MATCH ?1 ORDER BY fts.rowid";
static const char search_scan[] = "SELECT e.path, p.page, p.text FROM pages p "
                                  "JOIN entries e ON e.idx = p.entry ORDER BY p.id";

int index_search(struct pack_index *idx, const char *query, size_t limit, struct index_hit **hits,
                 size_t *n_hits, struct jury_error *err)
{
    *hits = NULL;
    *n_hits = 0;
    size_t qlen = strlen(query);
    if (qlen == 0)
        return 0;
    bool exact;
    size_t ntok = index_tok_query_info(query, qlen, &exact);
    (void)exact;
    sqlite3_stmt *st = NULL;
    /* A query of separators only has no tokens: scan every page. */
    int rc = db_prepare(idx, ntok ? search_fts : search_scan, &st, err);
    char *phrase = ntok ? phrase_of(query) : NULL;
    if (phrase)
        sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
    struct hits h = {0};
    int s = SQLITE_DONE;
    while (rc == 0 && (limit == 0 || h.n < limit) && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 2);
        size_t len = (size_t)sqlite3_column_bytes(st, 2), at = 0, mlen = 0;
        /* The phrase is exact when the query is one run; the check runs
         * anyway because it also finds the snippet's position. */
        if (text_find(text, len, query, qlen, &at, &mlen))
            hit_add(&h, st, text, len, at, mlen);
    }
    if (rc == 0 && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = db_fail(idx, err);
    if (st)
        sqlite3_reset(st);
    free(phrase);
    if (rc < 0) {
        index_hits_free(&h.v, h.n);
        return rc;
    }
    *hits = h.v;
    *n_hits = h.n;
    return 0;
}

void index_hits_free(struct index_hit **hits, size_t n)
{
    if (!hits || !*hits)
        return;
    for (size_t i = 0; i < n; i++) {
        free((*hits)[i].path);
        free((*hits)[i].snippet);
    }
    free(*hits);
    *hits = NULL;
}
