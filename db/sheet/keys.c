/* keys.c - reviewer Ed25519 keys in the user data folder, and roster.csv.
 *
 * "<data>/keys/<id>.key": base64 (standard alphabet) of libsodium's 64-byte
 * secret key and a newline, mode 0600, never overwritten.
 * "<data>/keys/<id>.pub": the roster line with the public key in base64. */
#define _DEFAULT_SOURCE
#include "db/sheet/sheet_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool id_ok(const char *id)
{
    if (!id || !id[0] || strlen(id) > 64 || id[0] == '.')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static char *key_path(const char *id, const char *ext, bool create, struct jury_error *err)
{
    if (!id_ok(id)) {
        jury_error_set(err, JURY_ERR_INVALID, id ? id : "",
                       "a reviewer id is 1-64 letters, digits, '-', '_' or '.'");
        return NULL;
    }
    char *data = jury_data_dir(create, err);
    if (!data)
        return NULL;
    char *dir = jury_path_join(data, "keys");
    free(data);
    if (create && jury_mkdirs(dir, 0700, err) < 0) {
        free(dir);
        return NULL;
    }
    struct jstr name = {0};
    jstr_addf(&name, "%s.%s", id, ext);
    char *path = jury_path_join(dir, jstr_cstr(&name));
    jstr_free(&name);
    free(dir);
    return path;
}

/* Create path exclusively (O_EXCL) and write data: never overwrites. */
static int write_new(const char *path, const char *data, int mode, struct jury_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return jury_error_set(err, errno == EEXIST ? JURY_ERR_DENIED : JURY_ERR_IO, path,
                              errno == EEXIST ? "a key already exists here; it is never "
                                                "overwritten (choose another --id)"
                                              : "cannot create: %s",
                              strerror(errno));
    size_t n = strlen(data);
    bool ok = write(fd, data, n) == (ssize_t)n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        return jury_error_set(err, JURY_ERR_IO, path, "cannot write the key");
    }
    return 0;
}

int keys_generate(const char *id, const char *name, const char *panel, const char *affiliation,
                  char **roster_line, struct jury_error *err)
{
    *roster_line = NULL;
    int rc = jury_crypto_init(err);
    char *kp = NULL, *pp = NULL;
    if (rc < 0 || !(kp = key_path(id, "key", true, err)) || !(pp = key_path(id, "pub", true, err)))
        goto out;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char sk64[sodium_base64_ENCODED_LEN(sizeof sk, sodium_base64_VARIANT_ORIGINAL) + 1];
    char pk64[sodium_base64_ENCODED_LEN(sizeof pk, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sk64, sizeof sk64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(sk, sizeof sk);
    strcat(sk64, "\n");
    struct jstr line = {0};
    csv_add_field(&line, id, false);
    csv_add_field(&line, name ? name : "", false);
    csv_add_field(&line, panel ? panel : "", false);
    csv_add_field(&line, affiliation ? affiliation : "", false);
    csv_add_field(&line, pk64, true);
    if ((rc = write_new(kp, sk64, 0600, err)) == 0 &&
        (rc = write_new(pp, jstr_cstr(&line), 0644, err)) < 0)
        unlink(kp);
    sodium_memzero(sk64, sizeof sk64);
    while (line.len && (line.s[line.len - 1] == '\n' || line.s[line.len - 1] == '\r'))
        line.s[--line.len] = '\0';
    if (rc == 0)
        *roster_line = jstr_take(&line);
    jstr_free(&line);
out:
    free(kp);
    free(pp);
    return rc < 0 ? rc : (*roster_line ? 0 : err->status);
}

int keys_load_secret(const char *id, unsigned char sk[64], struct jury_error *err)
{
    char *path = key_path(id, "key", false, err), *data = NULL;
    size_t len = 0, n = 0;
    int rc = path ? 0 : err->status;
    if (rc == 0 && !jury_is_file(path))
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, path,
                            "no key for reviewer '%s': make one with jury keygen", id);
    if (rc == 0)
        rc = jury_read_file(path, 4096, &data, &len, err);
    if (rc == 0 && (sodium_base642bin(sk, 64, data, len, " \r\n", &n, NULL,
                                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
                    n != 64))
        rc = jury_error_set(err, JURY_ERR_FORMAT, path, "not a jury secret key");
    if (data)
        sodium_memzero(data, len);
    free(data);
    free(path);
    return rc;
}

int keys_list(char ***ids, size_t *n, struct jury_error *err)
{
    *ids = NULL;
    *n = 0;
    char *data = jury_data_dir(false, err);
    if (!data)
        return err->status;
    char *dir = jury_path_join(data, "keys");
    free(data);
    DIR *d = opendir(dir);
    free(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l <= 4 || strcmp(e->d_name + l - 4, ".key") != 0)
            continue;
        *ids = jury_xrealloc(*ids, sizeof **ids * (*n + 1));
        (*ids)[(*n)++] = jury_xstrndup(e->d_name, l - 4);
    }
    closedir(d);
    return 0;
}

void keys_list_free(char ***ids, size_t n)
{
    for (size_t i = 0; *ids && i < n; i++)
        free((*ids)[i]);
    free(*ids);
    *ids = NULL;
}

/* ---- roster */

void roster_entry_clear(struct roster_entry *e)
{
    free(e->reviewer_id);
    free(e->name);
    free(e->panel);
    free(e->affiliation);
    free(e->public_key);
    memset(e, 0, sizeof *e);
}

void roster_free(struct roster **p)
{
    struct roster *r = p ? *p : NULL;
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        roster_entry_clear(&r->entries[i]);
    free(r->entries);
    free(r);
    *p = NULL;
}

const struct roster_entry *roster_find(const struct roster *r, const char *reviewer_id)
{
    for (size_t i = 0; r && reviewer_id && i < r->n; i++)
        if (strcmp(r->entries[i].reviewer_id, reviewer_id) == 0)
            return &r->entries[i];
    return NULL;
}

/* Fill e from fields; the key must be 32 bytes of base64. */
static int entry_set(struct roster_entry *e, const char *f[5], const char *where,
                     struct jury_error *err)
{
    size_t n = 0;
    if (!f[0][0])
        return jury_error_set(err, JURY_ERR_FORMAT, where, "empty reviewer_id");
    if (sodium_base642bin(e->pk, sizeof e->pk, f[4], strlen(f[4]), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != sizeof e->pk)
        return jury_error_set(err, JURY_ERR_FORMAT, where,
                              "public_key of '%s' is not a base64 Ed25519 key (44 characters)",
                              f[0]);
    e->reviewer_id = jury_xstrdup(f[0]);
    e->name = jury_xstrdup(f[1]);
    e->panel = jury_xstrdup(f[2]);
    e->affiliation = jury_xstrdup(f[3]);
    e->public_key = jury_xstrdup(f[4]);
    return 0;
}

static const char *const roster_cols[5] = {"reviewer_id", "name", "panel", "affiliation",
                                           "public_key"};

static int roster_from_csv(const struct csv *c, const char *path, struct roster *r,
                           struct jury_error *err)
{
    int col[5];
    for (int i = 0; i < 5; i++)
        if ((col[i] = csv_column(c, roster_cols[i])) < 0 && i != 3)
            return jury_error_set(err, JURY_ERR_FORMAT, path, "roster has no column '%s'",
                                  roster_cols[i]);
    r->entries = jury_xcalloc(c->nrows + 1, sizeof *r->entries);
    for (size_t row = 1; row < c->nrows; row++) {
        const char *f[5];
        for (int i = 0; i < 5; i++)
            f[i] = col[i] < 0 ? "" : csv_get(c, row, (size_t)col[i]);
        if (!f[0][0] && !f[4][0])
            continue; /* blank line */
        char where[600];
        snprintf(where, sizeof where, "%s:%zu", path, row + 1);
        char why[96];
        const char *bad = text_id_problem(f[0], why, sizeof why);
        if (bad)
            return jury_error_set(err, JURY_ERR_FORMAT, where, "reviewer_id refused: %s", bad);
        if (roster_find(r, f[0]))
            return jury_error_set(err, JURY_ERR_FORMAT, where, "reviewer '%s' listed twice", f[0]);
        int rc = entry_set(&r->entries[r->n], f, where, err);
        if (rc < 0)
            return rc;
        /* one key, two ids: that reviewer could sign for both */
        for (size_t i = 0; i < r->n; i++)
            if (memcmp(r->entries[i].pk, r->entries[r->n].pk, sizeof r->entries[i].pk) == 0) {
                rc = jury_error_set(err, JURY_ERR_FORMAT, where,
                                    "reviewer '%s' has the same public key as '%s'", f[0],
                                    r->entries[i].reviewer_id);
                r->n++; /* so roster_free frees this entry too */
                return rc;
            }
        r->n++;
    }
    return 0;
}

int roster_load(const char *path, struct roster **out, struct jury_error *err)
{
    *out = NULL;
    struct csv *c = NULL;
    const char *enc = NULL;
    int rc = jury_crypto_init(err);
    if (rc == 0)
        rc = csv_read_file(path, &c, &enc, err);
    if (rc < 0)
        return rc;
    struct roster *r = jury_xcalloc(1, sizeof *r);
    rc = roster_from_csv(c, path, r, err);
    csv_free(&c);
    if (rc < 0)
        roster_free(&r);
    *out = r;
    return rc;
}

int keys_load_public(const char *id, struct roster_entry *out, struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    char *path = key_path(id, "pub", false, err);
    if (!path)
        return err->status;
    struct csv *c = NULL;
    const char *enc = NULL;
    int rc = jury_is_file(path) ? csv_read_file(path, &c, &enc, err)
                                : jury_error_set(err, JURY_ERR_NOTFOUND, path, "no public key");
    if (rc == 0 && (c->nrows < 1 || c->ncols[0] < 5))
        rc = jury_error_set(err, JURY_ERR_FORMAT, path, "not a roster line");
    if (rc == 0) {
        const char *f[5];
        for (size_t i = 0; i < 5; i++)
            f[i] = csv_get(c, 0, i);
        rc = entry_set(out, f, path, err);
    }
    csv_free(&c);
    free(path);
    return rc;
}
