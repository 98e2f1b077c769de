/* store.c - opening the reviewer store: the lock file, PRAGMAs, checks and
 * migrations, transactions, and the store's identity (kit, reviewer, rule
 * sets, packs).
 *
 * Locking: SQLite's own locks let two writers interleave, and a second
 * workbench on the same store would show stale scores. So the store holds an
 * exclusive flock(2) on "<path>-lock" for as long as it is open; a second
 * jury gets JURY_ERR_BUSY "open elsewhere" at once. The kernel drops the lock
 * when the process dies (kill -9 included), so no stale lock is ever left. */
#define _DEFAULT_SOURCE
#include "db/store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

char *store_default_path(const char *kit_id, const char *reviewer_id, struct jury_error *err)
{
    char *data = jury_data_dir(true, err);
    if (!data)
        return NULL;
    char *dir = jury_path_join(data, "stores");
    free(data);
    if (jury_mkdirs(dir, 0700, err) < 0) {
        free(dir);
        return NULL;
    }
    struct jstr name = {0};
    jstr_addf(&name, "%s-%s.sqlite", kit_id, reviewer_id);
    char *path = jury_path_join(dir, jstr_cstr(&name));
    jstr_free(&name);
    free(dir);
    return path;
}

static int lock_take(struct store *s, struct jury_error *err)
{
    struct jstr lp = {0};
    jstr_addf(&lp, "%s-lock", s->path);
    s->lock_fd = open(jstr_cstr(&lp), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (s->lock_fd < 0) {
        int e = errno;
        jstr_free(&lp);
        return jury_error_set(err, JURY_ERR_IO, s->path, "cannot make the lock file: %s",
                              strerror(e));
    }
    jstr_free(&lp);
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0) {
        char pid[32];
        int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(s->lock_fd, 0) == 0 && pwrite(s->lock_fd, pid, (size_t)n, 0) < 0)
            (void)0; /* the pid is only a hint for the message */
        return 0;
    }
    char pid[32] = "";
    ssize_t n = pread(s->lock_fd, pid, sizeof pid - 1, 0);
    pid[n > 0 ? n : 0] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    close(s->lock_fd);
    s->lock_fd = -1;
    return jury_error_set(err, JURY_ERR_BUSY, s->path,
                          "the score store is open elsewhere (another jury, pid %s): close it "
                          "there first",
                          pid[0] ? pid : "?");
}

/* A file that exists but does not start like SQLite is refused before SQLite
 * sees it (it would otherwise call it a database it cannot read). */
static int sniff(const char *path, struct jury_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char head[16];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == 0 || (n == 16 && memcmp(head, "SQLite format 3", 16) == 0))
        return 0;
    return jury_error_set(err, JURY_ERR_VERSION, path, "not a jury score store (not SQLite)");
}

static const char pragmas[] = "PRAGMA foreign_keys = ON;\n"
                              "PRAGMA trusted_schema = OFF;\n"
                              "PRAGMA cell_size_check = ON;\n"
                              "PRAGMA mmap_size = 0;\n"
                              "PRAGMA locking_mode = NORMAL;\n"
                              "PRAGMA recursive_triggers = OFF;\n"
                              "PRAGMA secure_delete = OFF;\n"
                              "PRAGMA temp_store = MEMORY;\n"
                              "PRAGMA journal_mode = WAL;\n"
                              "PRAGMA synchronous = FULL;\n"
                              "PRAGMA wal_autocheckpoint = 1000;\n";

static int quick_check(struct store *s, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->q.db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    const char *r = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    int status = 0;
    if (!r || strcmp(r, "ok") != 0)
        status = jury_error_set(err, JURY_ERR_CORRUPT, s->path,
                                "the score store is damaged (%s). To recover: move this file "
                                "and its -wal/-shm aside, then re-enter the scores from your "
                                "last exported sheet (jury export); the damaged file may be "
                                "kept for the chair",
                                r ? r : sqlite3_errmsg(s->q.db));
    sqlite3_finalize(st);
    return status;
}

static int wal_check(struct store *s, struct jury_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->q.db, "PRAGMA journal_mode", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool wal = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (!wal)
        return jury_error_set(err, JURY_ERR_IO, s->path,
                              "cannot use write-ahead logging here (a network or read-only "
                              "folder?): keep the store on a local disk");
    return 0;
}

static int setup(struct store *s, struct jury_error *err)
{
    int rc, version = 0;
    sqlite3_busy_timeout(s->q.db, 5000);
    sqlite3_extended_result_codes(s->q.db, 1);
    if ((rc = audit_functions(&s->q, err)) < 0 || (rc = schema_check(&s->q, &version, err)) < 0 ||
        (rc = quick_check(s, err)) < 0 || (rc = sqlq_exec(&s->q, pragmas, err)) < 0 ||
        (rc = wal_check(s, err)) < 0)
        return rc;
    if (version < STORE_SCHEMA_VERSION) {
        if ((rc = store_begin(s, err)) < 0)
            return rc;
        /* re-read inside the write lock: another process may have migrated */
        if ((rc = schema_check(&s->q, &version, err)) < 0 ||
            (rc = schema_migrate(&s->q, version, err)) < 0) {
            store_rollback(s);
            return rc;
        }
        if ((rc = store_commit(s, err)) < 0)
            return rc;
    }
    return audit_load_tail(s, err);
}

/* Read-only: no PRAGMA that writes, no WAL switch, no migration. */
static const char pragmas_read[] = "PRAGMA foreign_keys = ON;\n"
                                   "PRAGMA trusted_schema = OFF;\n"
                                   "PRAGMA cell_size_check = ON;\n"
                                   "PRAGMA mmap_size = 0;\n"
                                   "PRAGMA temp_store = MEMORY;\n"
                                   "PRAGMA query_only = ON;\n";

static int setup_read(struct store *s, struct jury_error *err)
{
    int rc, version = 0;
    sqlite3_busy_timeout(s->q.db, 5000);
    sqlite3_extended_result_codes(s->q.db, 1);
    if ((rc = audit_functions(&s->q, err)) < 0 || (rc = sqlq_exec(&s->q, pragmas_read, err)) < 0 ||
        (rc = schema_check(&s->q, &version, err)) < 0 || (rc = quick_check(s, err)) < 0)
        return rc;
    if (version != STORE_SCHEMA_VERSION)
        return jury_error_set(err, JURY_ERR_VERSION, s->path,
                              "the store has schema version %d and can be read only at version "
                              "%d: open it once where it can be written, so jury upgrades it",
                              version, STORE_SCHEMA_VERSION);
    return audit_load_tail(s, err);
}

/* "file:" URI of path with SQLite's immutable flag: for a folder nobody can
 * write (no -shm can be made there, and no writer can be running). */
static char *immutable_uri(const char *path)
{
    struct jstr u = {0};
    jstr_add(&u, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            jstr_addf(&u, "%%%02X", *p);
        else
            jstr_addc(&u, (char)*p);
    jstr_add(&u, "?mode=ro&immutable=1");
    return jstr_take(&u);
}

static int open_read(struct store *s, bool immutable, struct jury_error *err)
{
    char *uri = immutable ? immutable_uri(s->path) : NULL;
    int flags = SQLITE_OPEN_READONLY | (immutable ? SQLITE_OPEN_URI : 0);
    int rc = sqlite3_open_v2(immutable ? uri : s->path, &s->q.db, flags, NULL);
    free(uri);
    rc = rc == SQLITE_OK ? setup_read(s, err) : sqlq_fail(&s->q, rc, err);
    if (rc < 0) {
        sqlq_finalize(&s->q);
        sqlite3_close(s->q.db);
        s->q.db = NULL;
    }
    return rc;
}

int store_open_read_only(struct store **out, const char *path, struct jury_error *err)
{
    *out = NULL;
    if (!jury_is_file(path))
        return jury_error_set(err, JURY_ERR_NOTFOUND, path,
                              "no score store here yet: nothing has been scored");
    struct store *s = jury_xcalloc(1, sizeof *s);
    s->path = jury_xstrdup(path);
    s->q.where = s->path;
    s->lock_fd = -1;
    s->read_only = true;
    int rc = sniff(path, err);
    if (rc == 0 && (rc = open_read(s, false, err)) == JURY_ERR_IO) {
        /* a WAL store needs its -shm; where none can be made, nobody writes */
        struct jury_error again = {0};
        if ((rc = open_read(s, true, &again)) < 0)
            *err = again;
    }
    if (rc < 0) {
        store_close(&s);
        return rc;
    }
    *out = s;
    return 0;
}

bool store_is_read_only(const struct store *s)
{
    return s->read_only;
}

int store_open(struct store **out, const char *path, struct jury_error *err)
{
    *out = NULL;
    struct store *s = jury_xcalloc(1, sizeof *s);
    s->path = jury_xstrdup(path);
    s->q.where = s->path;
    s->lock_fd = -1;
    int rc;
    if ((rc = sniff(path, err)) < 0 || (rc = lock_take(s, err)) < 0)
        goto fail;
    rc = sqlite3_open_v2(path, &s->q.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = sqlq_fail(&s->q, rc, err);
        goto fail;
    }
    if ((rc = setup(s, err)) < 0)
        goto fail;
    *out = s;
    return 0;
fail:
    store_close(&s);
    return rc;
}

void store_close(struct store **p)
{
    struct store *s = p ? *p : NULL;
    if (!s)
        return;
    sqlq_finalize(&s->q);
    sqlite3_close(s->q.db);
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the flock */
    free(s->path);
    free(s);
    *p = NULL;
}

int store_begin(struct store *s, struct jury_error *err)
{
    if (s->read_only)
        return jury_error_set(err, JURY_ERR_DENIED, s->path,
                              "the score store is open read-only here: nothing can be changed");
    int rc = sqlq_exec(&s->q, "BEGIN IMMEDIATE", err);
    s->in_tx = rc == 0;
    return rc;
}

int store_commit(struct store *s, struct jury_error *err)
{
    int rc = sqlq_exec(&s->q, "COMMIT", err);
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    s->in_tx = false;
    return 0;
}

void store_rollback(struct store *s)
{
    if (!sqlite3_get_autocommit(s->q.db))
        sqlite3_exec(s->q.db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = false;
    struct jury_error ignored = {0};
    audit_load_tail(s, &ignored);
}

/* ---- identity */

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = :key";
static const char sql_meta_put[] = "INSERT INTO meta(key, value) VALUES(:key, :value) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/* The meta value of key (caller frees), NULL when unset. */
static char *meta_get(struct store *s, const char *key, int *rc, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_meta_get, err);
    if (!st) {
        *rc = err->status;
        return NULL;
    }
    sqlq_text(st, ":key", key);
    *rc = sqlq_step(&s->q, st, err);
    char *v = *rc == SQLITE_ROW ? sqlq_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    if (*rc > 0)
        *rc = 0;
    return v;
}

/* Set key to value (in the caller's transaction), logged when it changes.
 * `fixed`: once set, a different value is refused. */
static int meta_put(struct store *s, const char *key, const char *value, bool fixed,
                    struct jury_error *err)
{
    int rc;
    char *old = meta_get(s, key, &rc, err);
    if (rc < 0 || !value || (old && strcmp(old, value) == 0))
        goto out;
    if (old && fixed) {
        rc = jury_error_set(err, JURY_ERR_DENIED, s->path,
                            "this store belongs to %s '%s', not '%s': use another --db", key, old,
                            value);
        goto out;
    }
    sqlite3_stmt *st = sqlq_get(&s->q, sql_meta_put, err);
    if (!st) {
        rc = err->status;
        goto out;
    }
    sqlq_text(st, ":key", key);
    sqlq_text(st, ":value", value);
    if ((rc = sqlq_done(&s->q, st, err)) == 0)
        rc = audit_append(s, NULL, "meta", key, old, value, err);
out:
    free(old);
    return rc;
}

/* Read-only: the store must already be this kit's and reviewer's (or
 * nobody's yet); nothing is recorded. */
static int identity_check(struct store *s, const char *key, const char *value,
                          struct jury_error *err)
{
    int rc;
    char *old = meta_get(s, key, &rc, err);
    if (rc == 0 && old && value && strcmp(old, value) != 0)
        rc = jury_error_set(err, JURY_ERR_DENIED, s->path,
                            "this store belongs to %s '%s', not '%s': use another --db", key, old,
                            value);
    free(old);
    return rc;
}

int store_set_identity(struct store *s, const char *kit_id, const char *reviewer_id,
                       const char *reviewer_name, const char *panel, struct jury_error *err)
{
    if (s->read_only) {
        int rc = identity_check(s, "kit", kit_id, err);
        return rc < 0 ? rc : identity_check(s, "reviewer", reviewer_id, err);
    }
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    if ((rc = meta_put(s, "kit", kit_id, true, err)) < 0 ||
        (rc = meta_put(s, "reviewer", reviewer_id, true, err)) < 0 ||
        (rc = meta_put(s, "reviewer_name", reviewer_name, false, err)) < 0 ||
        (rc = meta_put(s, "panel", panel, false, err)) < 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

/* The SHA-256 mismatch alone: a reader checks the binding, the next writer
 * records a first one. */
static int kit_binding_differs(struct store *s, const char *old, const char *kit_json_sha256,
                               struct jury_error *err)
{
    return jury_error_set(err, JURY_ERR_DENIED, s->path,
                          "this store belongs to a kit whose kit.json had SHA-256 %.16s…, this "
                          "kit.json has %.16s…: another kit with the same id is never mixed "
                          "into it (use another --db, or give the kit its own id)",
                          old, kit_json_sha256);
}

int store_bind_kit(struct store *s, const char *kit_json_sha256, struct jury_error *err)
{
    if (s->read_only) {
        int rc = 0;
        char *old = meta_get(s, "kit_json_sha256", &rc, err);
        if (rc == 0 && old && strcmp(old, kit_json_sha256) != 0)
            rc = kit_binding_differs(s, old, kit_json_sha256, err);
        free(old);
        return rc;
    }
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    char *old = meta_get(s, "kit_json_sha256", &rc, err);
    if (rc == 0 && old && strcmp(old, kit_json_sha256) != 0)
        rc = kit_binding_differs(s, old, kit_json_sha256, err);
    if (rc == 0 && !old)
        rc = meta_put(s, "kit_json_sha256", kit_json_sha256, true, err);
    free(old);
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

char *store_meta(struct store *s, const char *key)
{
    int rc;
    struct jury_error e = {0};
    return meta_get(s, key, &rc, &e);
}

static const char sql_rs_get[] = "SELECT sha256 FROM rulesets WHERE id = :id";
static const char sql_rs_put[] = "INSERT INTO rulesets(id, sha256) VALUES(:id, :sha) "
                                 "ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256";

int store_add_ruleset(struct store *s, const char *ruleset_id, const char *sha256_hex,
                      struct jury_error *err)
{
    if (s->read_only) /* a changed rule set is recorded by the next writer */
        return 0;
    int rc = store_begin(s, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = sqlq_get(&s->q, sql_rs_get, err);
    if (!st)
        goto fail;
    sqlq_text(st, ":id", ruleset_id);
    if ((rc = sqlq_step(&s->q, st, err)) < 0)
        goto fail;
    char *old = rc == SQLITE_ROW ? sqlq_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    if (!old || strcmp(old, sha256_hex) != 0) {
        st = sqlq_get(&s->q, sql_rs_put, err);
        if (st) {
            sqlq_text(st, ":id", ruleset_id);
            sqlq_text(st, ":sha", sha256_hex);
        }
        rc = !st ? err->status : sqlq_done(&s->q, st, err);
        if (rc == 0)
            rc = audit_append(s, NULL, "ruleset", ruleset_id, old, sha256_hex, err);
    }
    free(old);
    if (rc < 0)
        goto fail;
    return store_commit(s, err);
fail:
    store_rollback(s);
    return err->status ? err->status : JURY_ERR_INTERNAL;
}

static const char sql_pack_get[] =
    "SELECT applicant, task, ruleset, sha256 FROM packs WHERE id = :id";
static const char sql_pack_put[] =
    "INSERT INTO packs(id, applicant, task, ruleset, sha256) "
    "VALUES(:id, :applicant, :task, :ruleset, :sha256) "
    "ON CONFLICT(id) DO UPDATE SET applicant = excluded.applicant, task = excluded.task, "
    "ruleset = excluded.ruleset, sha256 = excluded.sha256";

/* A pack's fields as one audited value: "applicant US task US ruleset", and
 * " US sha256" once the archive's hash is known (so stores from before
 * schema 4 log the same values as they did). */
static void pack_value(struct jstr *v, const char *applicant, const char *task, const char *ruleset,
                       const char *sha)
{
    jstr_addf(v, "%s\x1f%s\x1f%s", applicant ? applicant : "", task ? task : "",
              ruleset ? ruleset : "");
    if (sha && sha[0])
        jstr_addf(v, "\x1f%s", sha);
}

/* The recorded row of pack_id: its audited value into old (empty when the
 * pack is new: *known false) and its SHA-256 ("" when unknown). */
static int pack_row(struct store *s, const char *pack_id, bool *known, struct jstr *old,
                    char sha[SHA256_HEX_LEN + 1], struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pack_get, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack_id);
    int rc = sqlq_step(&s->q, st, err);
    if (rc < 0)
        return rc;
    *known = rc == SQLITE_ROW;
    sha[0] = '\0';
    if (*known) {
        const char *c[4];
        for (int i = 0; i < 4; i++)
            c[i] = (const char *)sqlite3_column_text(st, i);
        snprintf(sha, SHA256_HEX_LEN + 1, "%s", c[3] ? c[3] : "");
        pack_value(old, c[0], c[1], c[2], sha);
    }
    sqlite3_reset(st);
    return 0;
}

int store_pack_sha256(struct store *s, const char *pack_id, char hex[SHA256_HEX_LEN + 1],
                      struct jury_error *err)
{
    struct jstr old = {0};
    bool known = false;
    int rc = pack_row(s, pack_id, &known, &old, hex, err);
    jstr_free(&old);
    if (rc == 0 && !known)
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, pack_id, "no such pack in this store");
    return rc;
}

static int pack_write(struct store *s, const char *pack_id, const char *sha, const char *applicant,
                      const char *task, const char *ruleset_id, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&s->q, sql_pack_put, err);
    if (!st)
        return err->status;
    sqlq_text(st, ":id", pack_id);
    sqlq_text(st, ":applicant", applicant);
    sqlq_text(st, ":task", task);
    sqlq_text(st, ":ruleset", ruleset_id);
    sqlq_text(st, ":sha256", sha[0] ? sha : NULL);
    return sqlq_done(&s->q, st, err);
}

int store_add_pack_sha256(struct store *s, const char *pack_id, const char *sha256_hex,
                          const char *applicant, const char *task, const char *ruleset_id,
                          struct jury_error *err)
{
    struct jstr old = {0}, now = {0};
    char sha[SHA256_HEX_LEN + 1];
    bool known = false;
    if (sha256_hex && !audit_is_hex64(sha256_hex))
        return jury_error_set(err, JURY_ERR_INVALID, pack_id,
                              "not a SHA-256 of the pack file: '%s'", sha256_hex);
    int rc = s->read_only ? 0 : store_begin(s, err);
    if (rc < 0)
        goto out;
    if ((rc = pack_row(s, pack_id, &known, &old, sha, err)) < 0)
        goto fail;
    if (sha[0] && sha256_hex && strcmp(sha, sha256_hex) != 0) {
        rc = jury_error_set(err, JURY_ERR_CORRUPT, pack_id,
                            "the pack file changed since you scored it: was %.12s…, now %.12s…; "
                            "put the original pack back (or ask the organiser which is right)",
                            sha, sha256_hex);
        goto fail;
    }
    if (s->read_only) /* checked, not recorded */
        goto out;
    if (sha256_hex)
        snprintf(sha, sizeof sha, "%s", sha256_hex);
    pack_value(&now, applicant, task, ruleset_id, sha);
    if (known && strcmp(jstr_cstr(&old), jstr_cstr(&now)) == 0) {
        store_rollback(s);
        goto out;
    }
    if ((rc = pack_write(s, pack_id, sha, applicant, task, ruleset_id, err)) < 0 ||
        (rc = audit_append(s, pack_id, "pack", NULL, known ? jstr_cstr(&old) : NULL,
                           jstr_cstr(&now), err)) < 0)
        goto fail;
    rc = store_commit(s, err);
    goto out;
fail:
    store_rollback(s);
out:
    jstr_free(&old);
    jstr_free(&now);
    return rc;
}

int store_add_pack(struct store *s, const char *pack_id, const char *applicant, const char *task,
                   const char *ruleset_id, struct jury_error *err)
{
    return store_add_pack_sha256(s, pack_id, NULL, applicant, task, ruleset_id, err);
}
