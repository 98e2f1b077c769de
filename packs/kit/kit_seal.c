/* kit_seal.c - the organiser's signed list of a kit's files (seal.json),
 * and checking a kit against it. */
#define _GNU_SOURCE
#include "packs/kit/kit.h"

#include <dirent.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEAL_NAME "seal.json"

struct file_list {
    char **paths;
    char (*hashes)[SHA256_HEX_LEN + 1];
    size_t n;
};

static void list_add(struct file_list *l, const char *path, const char *hash)
{
    l->paths = jury_xrealloc(l->paths, sizeof(char *) * (l->n + 1));
    l->hashes = jury_xrealloc(l->hashes, sizeof *l->hashes * (l->n + 1));
    l->paths[l->n] = jury_xstrdup(path);
    snprintf(l->hashes[l->n], sizeof l->hashes[0], "%s", hash);
    l->n++;
}

static void list_free(struct file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    free(l->hashes);
    memset(l, 0, sizeof *l);
}

/* How the walk hashes: through the identity cache (flags 0: a file unchanged
 * since it was last hashed is not read again; any write moves its ctime) or
 * in full (PACK_ID_FULL: what gets signed is read now). */
struct hashing {
    struct pack_idcache *ids;
    unsigned flags;
};

/* Walk dir/rel recursively; every regular file but the seal itself. A link
 * or special file is listed with hash "not-a-file" so it shows as changed. */
static int walk(const char *root, const char *rel, struct hashing *h, struct file_list *l,
                struct jury_error *err)
{
    char *dir = rel[0] ? jury_path_join(root, rel) : jury_xstrdup(root);
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return jury_error_set(err, JURY_ERR_IO, root, "cannot read folder '%s'", rel);
    }
    int rc = JURY_OK;
    struct dirent *e;
    while (rc == JURY_OK && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *r = rel[0] ? jury_path_join(rel, e->d_name) : jury_xstrdup(e->d_name);
        char *full = jury_path_join(root, r);
        struct stat st;
        if (lstat(full, &st) != 0 || (!rel[0] && !strcmp(e->d_name, SEAL_NAME))) {
            /* vanished, or the seal */
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(root, r, h, l, err);
        } else if (S_ISREG(st.st_mode)) {
            char hex[SHA256_HEX_LEN + 1];
            rc = pack_idcache_file(h->ids, full, h->flags, hex, NULL, err);
            if (rc == JURY_OK)
                list_add(l, r, hex);
        } else {
            list_add(l, r, "not-a-file");
        }
        free(r);
        free(full);
    }
    closedir(d);
    free(dir);
    return rc;
}

static int cmp_idx(const void *a, const void *b, void *ctx)
{
    const struct file_list *l = ctx;
    return strcmp(l->paths[*(const size_t *)a], l->paths[*(const size_t *)b]);
}

/* Sort by path (byte order) so the signed text does not depend on readdir. */
static void list_sort(struct file_list *l)
{
    size_t *idx = jury_xcalloc(l->n ? l->n : 1, sizeof(size_t));
    for (size_t i = 0; i < l->n; i++)
        idx[i] = i;
    qsort_r(idx, l->n, sizeof(size_t), cmp_idx, l);
    struct file_list s = {0};
    for (size_t i = 0; i < l->n; i++)
        list_add(&s, l->paths[idx[i]], l->hashes[idx[i]]);
    free(idx);
    list_free(l);
    *l = s;
}

/* The exact bytes that are signed: a header line, the signer, then one
 * "HASH  PATH" line per file in path order. */
static char *canonical(const struct file_list *l, const char *signer_hex)
{
    struct jstr s = {0};
    jstr_addf(&s, "jury-seal/1\nsigner %s\n", signer_hex);
    for (size_t i = 0; i < l->n; i++)
        jstr_addf(&s, "%s  %s\n", l->hashes[i], l->paths[i]);
    return jstr_take(&s);
}

int kit_seal(const char *dir, const unsigned char secret_key[64], struct jury_error *err)
{
    if (jury_crypto_init(err) != JURY_OK)
        return err ? err->status : JURY_ERR_INTERNAL;
    struct file_list l = {0};
    struct hashing h = {pack_idcache_open(), PACK_ID_FULL};
    int rc = walk(dir, "", &h, &l, err);
    pack_idcache_close(&h.ids);
    if (rc != JURY_OK) {
        list_free(&l);
        return rc;
    }
    list_sort(&l);
    char signer[65], sighex[129];
    /* Ed25519 sk = seed || pk; base64 as in roster.csv */
    sodium_bin2base64(signer, sizeof signer, secret_key + 32, 32, sodium_base64_VARIANT_ORIGINAL);
    char *text = canonical(&l, signer);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), secret_key);
    sodium_bin2hex(sighex, sizeof sighex, sig, sizeof sig);
    json_t *files = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(files,
                              json_pack("{s:s,s:s}", "path", l.paths[i], "sha256", l.hashes[i]));
    json_t *root = json_pack("{s:s,s:s,s:s,s:o}", "format", "jury-seal/1", "signer", signer,
                             "signature", sighex, "files", files);
    char *out = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    char *path = jury_path_join(dir, SEAL_NAME);
    rc = jury_write_file_atomic(path, out, strlen(out), 0644, err);
    free(path);
    free(out);
    json_decref(root);
    free(text);
    list_free(&l);
    return rc;
}

/* Read seal.json into a file list plus signer and signature (hex). */
static int read_seal(const char *dir, struct file_list *l, char signer[65], char sig[129],
                     struct jury_error *err)
{
    char *path = jury_path_join(dir, SEAL_NAME);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    int rc = JURY_OK;
    const char *sg = NULL, *sn = NULL;
    json_t *files = NULL;
    if (!root ||
        json_unpack(root, "{s:s,s:s,s:o}", "signer", &sn, "signature", &sg, "files", &files) != 0 ||
        !json_is_array(files) || strlen(sn) != 44 || strlen(sg) != 128) {
        rc = jury_error_set(err, JURY_ERR_FORMAT, path, "not a valid seal%s%s", root ? "" : ": ",
                            root ? "" : je.text);
        goto out;
    }
    snprintf(signer, 65, "%s", sn);
    snprintf(sig, 129, "%s", sg);
    for (size_t i = 0; i < json_array_size(files); i++) {
        const char *p = NULL, *h = NULL;
        if (json_unpack(json_array_get(files, i), "{s:s,s:s}", "path", &p, "sha256", &h) != 0) {
            rc = jury_error_set(err, JURY_ERR_FORMAT, path, "file entry %zu is malformed", i);
            goto out;
        }
        list_add(l, p, h);
    }
out:
    json_decref(root);
    free(path);
    return rc;
}

static bool signature_valid(const struct file_list *sealed, const char *signer, const char *sighex)
{
    unsigned char pk[32], sig[crypto_sign_BYTES];
    size_t pklen = 0;
    if (sodium_base642bin(pk, sizeof pk, signer, strlen(signer), NULL, &pklen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        pklen != 32 || sodium_hex2bin(sig, sizeof sig, sighex, 128, NULL, NULL, NULL) != 0)
        return false;
    char *text = canonical(sealed, signer);
    bool ok = crypto_sign_verify_detached(sig, (const unsigned char *)text, strlen(text), pk) == 0;
    free(text);
    return ok;
}

/* Index of path in l, which is sorted by path (list_sort), or -1. */
static long list_find(const struct file_list *l, const char *path)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(l->paths[mid], path);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static bool list_sorted(const struct file_list *l)
{
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->paths[i - 1], l->paths[i]) >= 0)
            return false;
    return true;
}

/* Both lists sorted by path: each lookup is a binary search. */
static void compare(struct file_list *sealed, struct file_list *now, struct kit_verify_report *rep)
{
    list_sort(now);
    if (!list_sorted(sealed)) /* a seal written by hand, or with duplicates */
        list_sort(sealed);
    for (size_t i = 0; i < now->n; i++) {
        long j = list_find(sealed, now->paths[i]);
        if (j < 0)
            jstr_addf(&rep->added, "%s\n", now->paths[i]);
        else if (strcmp(sealed->hashes[j], now->hashes[i]) != 0)
            jstr_addf(&rep->changed, "%s\n", now->paths[i]);
    }
    for (size_t i = 0; i < sealed->n; i++)
        if (list_find(now, sealed->paths[i]) < 0)
            jstr_addf(&rep->removed, "%s\n", sealed->paths[i]);
}

int kit_verify(const char *dir, const unsigned char *trusted_pk, struct kit_verify_report *rep,
               struct jury_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (jury_crypto_init(err) != JURY_OK)
        return err ? err->status : JURY_ERR_INTERNAL;
    struct file_list sealed = {0}, now = {0};
    char sig[129];
    struct hashing h = {pack_idcache_open(), 0};
    int rc = walk(dir, "", &h, &now, err);
    pack_idcache_close(&h.ids);
    char *seal_path = jury_path_join(dir, SEAL_NAME);
    bool have_seal = jury_is_file(seal_path);
    free(seal_path);
    if (rc == JURY_OK && have_seal) {
        rc = read_seal(dir, &sealed, rep->signer, sig, err);
        if (rc == JURY_OK) {
            rep->sealed = true;
            rep->signature_ok = signature_valid(&sealed, rep->signer, sig);
            char th[65] = "";
            if (trusted_pk)
                sodium_bin2base64(th, sizeof th, trusted_pk, 32, sodium_base64_VARIANT_ORIGINAL);
            rep->signer_trusted = trusted_pk && strcmp(th, rep->signer) == 0;
            compare(&sealed, &now, rep);
        }
    }
    list_free(&sealed);
    list_free(&now);
    return rc;
}

bool kit_verify_ok(const struct kit_verify_report *rep)
{
    return rep->sealed && rep->signature_ok && rep->signer_trusted && rep->added.len == 0 &&
           rep->removed.len == 0 && rep->changed.len == 0;
}

void kit_verify_report_free(struct kit_verify_report *rep)
{
    jstr_free(&rep->added);
    jstr_free(&rep->removed);
    jstr_free(&rep->changed);
}
