/* fuzz_sheet_signed.c - the part of a score sheet a signature does not
 * protect against: a reviewer's own key signing hostile content. The input
 * is the content document; the harness signs it with a fixed reviewer key
 * that is on the roster, so the structure, audit-chain and score checks of
 * sheet_read_verified are reached, and a sheet that verifies is imported
 * into a fresh merge database (the chair's side). */
#include "db/merge/merge.h"

#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char sk[crypto_sign_SECRETKEYBYTES];
static char *pk_b64;
static struct roster *roster;

static void write_or_die(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        abort();
}

/* A fixed key (seed of 32 bytes 7) and a roster naming reviewer r1 with it. */
static void setup(void)
{
    unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    memset(seed, 7, sizeof seed);
    struct jury_error err = {0};
    if (jury_crypto_init(&err) != JURY_OK)
        abort();
    crypto_sign_seed_keypair(pk, sk, seed);
    pk_b64 = jury_base64_encode(pk, sizeof pk);
    char path[] = "/tmp/jury-fuzz-roster-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    char text[256];
    int n = snprintf(text, sizeof text,
                     "reviewer_id,name,panel,affiliation,public_key\nr1,Reviewer,A,,%s\n", pk_b64);
    write_or_die(path, text, (size_t)n);
    if (roster_load(path, &roster, &err) != JURY_OK)
        abort();
    unlink(path);
}

/* The envelope around `content`, signed with sk; NULL when the content is
 * not a JSON string (invalid UTF-8). */
static char *envelope(const uint8_t *content, size_t len)
{
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, content, len, sk);
    json_t *c = json_stringn((const char *)content, len);
    if (!c)
        return NULL;
    char *sig_b64 = jury_base64_encode(sig, sizeof sig);
    json_t *env = json_object();
    json_object_set_new(env, "content", c);
    json_object_set_new(env, "format", json_string("jury-sheet"));
    json_object_set_new(env, "key", json_string(pk_b64));
    json_object_set_new(env, "reviewer", json_string("r1"));
    json_object_set_new(env, "signature", json_string(sig_b64));
    json_object_set_new(env, "version", json_integer(1));
    char *text = json_dumps(env, JSON_SORT_KEYS | JSON_INDENT(1));
    json_decref(env);
    free(sig_b64);
    return text;
}

/* Import a verified sheet into a merge database of its own. */
static void import(const struct sheet *sh, const char *path)
{
    char dir[] = "/tmp/jury-fuzz-merge-XXXXXX";
    if (!mkdtemp(dir))
        return;
    struct jury_error err = {0};
    struct merge *m = NULL;
    struct merge_sheet_report rep;
    if (merge_open(&m, dir, &err) == JURY_OK && merge_add_roster(m, roster, NULL, &err) == JURY_OK)
        (void)merge_import(m, sh, path,
                           "0000000000000000000000000000000000000000000000000000000000000000",
                           false, &rep, &err);
    merge_close(&m);
    static const char *const files[] = {"merged.sqlite", "merged.sqlite-wal", "merged.sqlite-shm",
                                        "merged.sqlite-journal"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *f = jury_path_join(dir, files[i]);
        unlink(f);
        free(f);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!roster)
        setup();
    char *text = envelope(data, size);
    if (!text)
        return 0;
    char path[] = "/tmp/jury-fuzz-sheet-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        free(text);
        return 0;
    }
    close(fd);
    write_or_die(path, text, strlen(text));
    free(text);
    struct jury_error err = {0};
    struct sheet *sh = NULL;
    if (sheet_read_verified(path, roster, NULL, &sh, &err) == JURY_OK) {
        import(sh, path);
        sheet_free(&sh);
    }
    unlink(path);
    return 0;
}
