/* pack_idcache.c - a file's SHA-256, hashed once and remembered.
 *
 * A pack's identity is the SHA-256 of its archive, and hashing a 500 MB pack
 * reads 500 MB. The identity cache (<data>/cache/ids.sqlite) remembers the
 * hash under the file's (device, inode, size, mtime, ctime): any write,
 * rename over, truncation or utime() on the file moves its ctime, which no
 * unprivileged program can set back, so a record whose five values all match
 * describes the same bytes. A file whose ctime is too close to the moment it
 * was hashed is not recorded (the clock that stamps ctime ticks coarsely: a
 * change in the same tick would keep the ctime), so it is hashed again next
 * time. The cache is only a cache: when it cannot be opened or is damaged the
 * file is hashed as before. */
#define _GNU_SOURCE
#include "packs/pack.h"
#include "db/sql/sql.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IDS_MAX_ROWS "100000" /* files remembered; the oldest are forgotten */

/* Lookups in a row share one read transaction (else each one locks, checks
 * for a hot journal and re-reads the header: ten system calls), ended every
 * READ_BATCH lookups and before any write, so no writer waits long on it. */
#define READ_BATCH 256

struct pack_idcache {
    struct sqlq q;  /* the connection and its cached statements (db/sql) */
    bool ok;        /* connected, schema in place */
    unsigned reads; /* lookups in the open read transaction; 0: none open */
};

static const char sql_get[] = "SELECT sha256 FROM ids WHERE dev=?1 AND ino=?2 AND size=?3 AND "
                              "mtime=?4 AND ctime=?5";
static const char sql_put[] = "INSERT OR REPLACE INTO ids VALUES(?1,?2,?3,?4,?5,?6,?7)";

/* A rollback journal, not WAL: a lookup then creates no file at all (WAL
 * makes -wal and -shm files on every open and removes them on every close,
 * and the cache is opened once per pack id asked for). */
static const char ids_schema[] =
    "PRAGMA journal_mode=DELETE;PRAGMA synchronous=OFF;"
    "CREATE TABLE IF NOT EXISTS ids(dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime INTEGER NOT NULL, ctime INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL, hashed INTEGER NOT NULL, PRIMARY KEY(dev, ino)) WITHOUT ROWID;";

static int64_t ts_ns(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ts_ns(t);
}

static bool ids_connect(struct pack_idcache *c, const char *file)
{
    c->q.where = "ids.sqlite";
    if (sqlite3_open_v2(file, &c->q.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return false;
    sqlite3_busy_timeout(c->q.db, 2000);
    c->ok = sqlq_exec(&c->q, ids_schema, NULL) == 0 && sqlq_get(&c->q, sql_get, NULL) &&
            sqlq_get(&c->q, sql_put, NULL);
    return c->ok;
}

static void ids_end_read(struct pack_idcache *c)
{
    if (c->reads)
        sqlq_exec(&c->q, "COMMIT", NULL);
    c->reads = 0;
}

static void ids_disconnect(struct pack_idcache *c)
{
    if (c->q.db)
        ids_end_read(c);
    sqlq_finalize(&c->q);
    sqlite3_close(c->q.db);
    c->q.db = NULL;
    c->ok = false;
}

struct pack_idcache *pack_idcache_open(void)
{
    struct pack_idcache *c = jury_xcalloc(1, sizeof *c);
    char *home = jury_data_dir(true, NULL);
    char *dir = home ? jury_path_join(home, "cache") : NULL;
    char *file = dir ? jury_path_join(dir, "ids.sqlite") : NULL;
    if (file && jury_mkdirs(dir, 0700, NULL) == JURY_OK && !ids_connect(c, file)) {
        /* damaged or not ours: it is only a cache, so start it again */
        ids_disconnect(c);
        struct jstr side = {0};
        unlink(file);
        jstr_addf(&side, "%s-wal", file);
        unlink(jstr_cstr(&side));
        jstr_clear(&side);
        jstr_addf(&side, "%s-shm", file);
        unlink(jstr_cstr(&side));
        jstr_free(&side);
        if (!ids_connect(c, file))
            ids_disconnect(c);
    }
    free(file);
    free(dir);
    free(home);
    return c; /* without a database every lookup misses */
}

void pack_idcache_close(struct pack_idcache **p)
{
    if (!p || !*p)
        return;
    ids_disconnect(*p);
    free(*p);
    *p = NULL;
}

static void bind_stat(sqlite3_stmt *st, const struct stat *s)
{
    sqlite3_bind_int64(st, 1, (sqlite3_int64)s->st_dev);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)s->st_ino);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)s->st_size);
    sqlite3_bind_int64(st, 4, ts_ns(s->st_mtim));
    sqlite3_bind_int64(st, 5, ts_ns(s->st_ctim));
}

static bool ids_get(struct pack_idcache *c, const struct stat *s, char hex[SHA256_HEX_LEN + 1])
{
    if (!c || !c->ok)
        return false;
    if (c->reads >= READ_BATCH)
        ids_end_read(c);
    if (c->reads > 0 || sqlq_exec(&c->q, "BEGIN", NULL) == 0)
        c->reads++;
    sqlite3_stmt *get = sqlq_get(&c->q, sql_get, NULL);
    if (!get)
        return false;
    bind_stat(get, s);
    bool hit = false;
    if (sqlite3_step(get) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(get, 0);
        if (v && strlen(v) == SHA256_HEX_LEN && strspn(v, "0123456789abcdef") == SHA256_HEX_LEN) {
            memcpy(hex, v, SHA256_HEX_LEN + 1);
            hit = true;
        }
    }
    sqlite3_reset(get);
    return hit;
}

/* How far ctime must lie behind the start of hashing before the hash is
 * recorded: two timestamp ticks of the coarsest clock seen. Timestamps
 * without nanoseconds (FAT, old ext3, some network shares) tick by seconds. */
static int64_t racy_margin(const struct stat *s)
{
    if (s->st_ctim.tv_nsec == 0 && s->st_mtim.tv_nsec == 0)
        return (int64_t)2000000000;
    return (int64_t)100000000;
}

static void ids_put(struct pack_idcache *c, const struct stat *s, const char *hex, int64_t started)
{
    if (!c || !c->ok || started - ts_ns(s->st_ctim) < racy_margin(s))
        return;
    ids_end_read(c);
    sqlite3_stmt *put = sqlq_get(&c->q, sql_put, NULL);
    if (!put)
        return;
    bind_stat(put, s);
    sqlite3_bind_text(put, 6, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int64(put, 7, started / 1000000000);
    sqlite3_step(put);
    sqlite3_reset(put);
    if (rand() % 256 == 0) /* now and then, forget the files hashed longest ago */
        sqlq_exec(&c->q,
                  "DELETE FROM ids WHERE hashed < (SELECT hashed FROM ids ORDER BY hashed "
                  "DESC LIMIT 1 OFFSET " IDS_MAX_ROWS ")",
                  NULL);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           ts_ns(a->st_mtim) == ts_ns(b->st_mtim) && ts_ns(a->st_ctim) == ts_ns(b->st_ctim);
}

/* Hash the open file; *stable is false when it changed while being read. */
static int hash_fd(int fd, const char *path, const struct stat *before, char *hex, bool *stable,
                   struct jury_error *err)
{
    struct jury_sha256_ctx ctx;
    jury_sha256_init(&ctx);
    static __thread unsigned char buf[1 << 17];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return jury_error_set(err, JURY_ERR_IO, path, "read failed: %s", strerror(errno));
        if (r == 0)
            break;
        jury_sha256_update(&ctx, buf, (size_t)r);
    }
    jury_sha256_final_hex(&ctx, hex);
    struct stat after;
    *stable = fstat(fd, &after) == 0 && same_file(before, &after);
    return JURY_OK;
}

int pack_idcache_file(struct pack_idcache *c, const char *path, unsigned flags,
                      char hex[SHA256_HEX_LEN + 1], bool *cached, struct jury_error *err)
{
    if (cached)
        *cached = false;
    struct stat st;
    if (!(flags & PACK_ID_FULL) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        ids_get(c, &st, hex)) {
        if (cached)
            *cached = true;
        return JURY_OK; /* the file was not even opened */
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return jury_error_set(err, JURY_ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return jury_error_set(err, JURY_ERR_IO, path, "cannot stat: %s", strerror(e));
    }
    int64_t started = now_ns();
    bool stable = false;
    int rc = hash_fd(fd, path, &st, hex, &stable, err);
    close(fd);
    if (rc == JURY_OK && stable)
        ids_put(c, &st, hex, started);
    return rc;
}

int pack_file_id(const char *path, unsigned flags, char hex[SHA256_HEX_LEN + 1], bool *cached,
                 struct jury_error *err)
{
    struct pack_idcache *c = pack_idcache_open();
    int rc = pack_idcache_file(c, path, flags, hex, cached, err);
    pack_idcache_close(&c);
    return rc;
}
