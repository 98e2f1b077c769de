/* bench_scores.c - score changes through the store (validation, audit row
 * and hash chain, state update, each its own BEGIN IMMEDIATE transaction
 * with synchronous=FULL) against a bare C loop doing single-row
 * transactions on SQLite with the same PRAGMAs. Not a test.
 *
 * Environment: JURY_BENCH_SCORES (changes, default 10000; the full
 * run is 100000), JURY_BENCH_DIR (folder for the databases, default
 * /var/tmp: a real disk, not tmpfs). */
#define _POSIX_C_SOURCE 200809L
#include "db/store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct checklist *make_checklist(int n_ind)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("bench");
    for (int i = 0; i < n_ind; i++) {
        char id[16];
        snprintf(id, sizeof id, "1.%d", i + 1);
        struct cl_indicator in = {.id = id,
                                  .text = "观测点",
                                  .depth = 1,
                                  .parent = -1,
                                  .scored = true,
                                  .max = 10,
                                  .mode = CL_POINTS,
                                  .step = 0.5};
        checklist_add_indicator(cl, &in);
    }
    return cl;
}

static void clean(const char *path)
{
    char p[4096];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-lock", path);
    unlink(p);
}

static struct store *store_setup(const char *path)
{
    struct store *s = NULL;
    struct jury_error err = {0};
    clean(path);
    if (store_open(&s, path, &err) < 0 ||
        store_set_identity(s, "bench-kit", "r1", "评审", "A", &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(2);
    }
    for (int p = 0; p < 100; p++) {
        char id[16];
        snprintf(id, sizeof id, "P%03d", p);
        store_add_pack(s, id, "某大学", "t1", NULL, &err);
    }
    return s;
}

/* Changes [from, to) through the store; returns the seconds taken. */
static double run_store(struct store *s, const struct checklist *cl, long from, long to)
{
    struct jury_error err = {0};
    double t0 = now();
    for (long i = from; i < to; i++) {
        char pack[16], ind[16], v[16];
        snprintf(pack, sizeof pack, "P%03ld", i % 100);
        snprintf(ind, sizeof ind, "1.%ld", (i / 100) % 30 + 1);
        snprintf(v, sizeof v, "%g", (double)(i % 21) * 0.5);
        if (store_set_score(s, cl, pack, ind, v, NULL, &err) < 0) {
            fprintf(stderr, "bench: %s\n", err.message);
            exit(2);
        }
    }
    return now() - t0;
}

static void must(int rc, sqlite3 *db)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench: sqlite: %s\n", sqlite3_errmsg(db));
        exit(2);
    }
}

/* The baseline: what a careful C program would do without any of our
 * bookkeeping: prepared statements, one upsert per transaction. */
struct bare {
    sqlite3 *db;
    sqlite3_stmt *begin, *put, *commit;
};

static void bare_setup(struct bare *b, const char *path)
{
    clean(path);
    must(sqlite3_open(path, &b->db), b->db);
    must(sqlite3_exec(b->db,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                      "CREATE TABLE scores(pack TEXT, indicator TEXT, value TEXT, "
                      "PRIMARY KEY(pack, indicator)) WITHOUT ROWID",
                      NULL, NULL, NULL),
         b->db);
    must(sqlite3_prepare_v2(b->db, "BEGIN IMMEDIATE", -1, &b->begin, NULL), b->db);
    must(sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO scores VALUES(?1, ?2, ?3)", -1, &b->put,
                            NULL),
         b->db);
    must(sqlite3_prepare_v2(b->db, "COMMIT", -1, &b->commit, NULL), b->db);
}

static double run_bare(struct bare *b, long from, long to)
{
    double t0 = now();
    for (long i = from; i < to; i++) {
        char pack[16], ind[16], v[16];
        snprintf(pack, sizeof pack, "P%03ld", i % 100);
        snprintf(ind, sizeof ind, "1.%ld", (i / 100) % 30 + 1);
        snprintf(v, sizeof v, "%g", (double)(i % 21) * 0.5);
        must(sqlite3_step(b->begin), b->db);
        sqlite3_reset(b->begin);
        sqlite3_bind_text(b->put, 1, pack, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(b->put, 2, ind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(b->put, 3, v, -1, SQLITE_TRANSIENT);
        must(sqlite3_step(b->put), b->db);
        sqlite3_reset(b->put);
        must(sqlite3_step(b->commit), b->db);
        sqlite3_reset(b->commit);
    }
    return now() - t0;
}

static void bare_close(struct bare *b)
{
    sqlite3_finalize(b->begin);
    sqlite3_finalize(b->put);
    sqlite3_finalize(b->commit);
    sqlite3_close(b->db);
}

int main(void)
{
    const char *e = getenv("JURY_BENCH_SCORES");
    long n = e ? atol(e) : 10000;
    const char *dir = getenv("JURY_BENCH_DIR") ? getenv("JURY_BENCH_DIR") : "/var/tmp";
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/jury-bench-store-%ld.sqlite", dir, (long)getpid());
    snprintf(b, sizeof b, "%s/jury-bench-bare-%ld.sqlite", dir, (long)getpid());
    struct checklist *cl = make_checklist(30);
    struct store *s = store_setup(a);
    struct bare bare = {0};
    bare_setup(&bare, b);
    /* Interleaved blocks of 250 changes, so both see the same disk and load
     * (this machine is shared: whole-run timings drift by 2x). */
    double t_store = 0, t_bare = 0;
    for (long i = 0; i < n; i += 250) {
        long to = i + 250 < n ? i + 250 : n;
        t_bare += run_bare(&bare, i, to);
        t_store += run_store(s, cl, i, to);
    }
    store_close(&s);
    bare_close(&bare);
    checklist_free(&cl);
    printf("score changes: %ld, each its own transaction, WAL + synchronous=FULL, in %s\n", n, dir);
    printf("jury store : %8.3f s  %7.1f us/change  (validate + upsert + audit row + chain)\n",
           t_store, t_store / (double)n * 1e6);
    printf("bare sqlite: %8.3f s  %7.1f us/change  (one INSERT OR REPLACE per transaction)\n",
           t_bare, t_bare / (double)n * 1e6);
    printf("ratio store/bare: %.2fx (target <= 1.30x)\n", t_store / t_bare);
    clean(a);
    clean(b);
    return 0;
}
