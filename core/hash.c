/* hash.c - SHA-256 (nettle, see sha256_nettle.c), base64 and libsodium set-up. */
#include "core.h"
#include "core/sha256_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int jury_crypto_init(struct jury_error *err)
{
    if (sodium_init() < 0)
        return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "libsodium failed to initialise");
    return JURY_OK;
}

void jury_sha256_init(struct jury_sha256_ctx *c)
{
    jury_nettle_sha256_init(c->opaque);
}

void jury_sha256_update(struct jury_sha256_ctx *c, const void *p, size_t n)
{
    jury_nettle_sha256_update(c->opaque, p, n);
}

void jury_sha256_final_hex(struct jury_sha256_ctx *c, char hex[SHA256_HEX_LEN + 1])
{
    /* A plain table, not sodium_bin2hex: a public hash needs no constant time. */
    static const char digits[] = "0123456789abcdef";
    unsigned char out[32];
    jury_nettle_sha256_digest(c->opaque, out);
    for (size_t i = 0; i < sizeof out; i++) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 15];
    }
    hex[SHA256_HEX_LEN] = '\0';
}

void jury_sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_LEN + 1])
{
    struct jury_sha256_ctx c;
    jury_sha256_init(&c);
    jury_sha256_update(&c, p, n);
    jury_sha256_final_hex(&c, hex);
}

int jury_sha256_file_hex(const char *path, char hex[SHA256_HEX_LEN + 1], struct jury_error *err)
{
    int fd = jury_open_regular(path, 0, false, NULL, err);
    if (fd < 0)
        return fd;
    struct jury_sha256_ctx c;
    jury_sha256_init(&c);
    static __thread unsigned char buf[1 << 16];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            return jury_error_set(err, JURY_ERR_IO, path, "read failed: %s", strerror(e));
        }
        if (r == 0)
            break;
        jury_sha256_update(&c, buf, (size_t)r);
    }
    close(fd);
    jury_sha256_final_hex(&c, hex);
    return JURY_OK;
}

long jury_base64_decode(const char *b64, unsigned char *out, size_t cap)
{
    size_t len = 0;
    if (sodium_base642bin(out, cap, b64, strlen(b64), " \r\n", &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return (long)len;
}

char *jury_base64_encode(const unsigned char *p, size_t n)
{
    size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *s = jury_xmalloc(cap);
    sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

void jury_random_hex(char *out, size_t n_bytes)
{
    unsigned char raw[64];
    if (n_bytes > sizeof raw)
        n_bytes = sizeof raw;
    if (sodium_init() < 0) /* never in practice: libsodium falls back itself */
        abort();
    randombytes_buf(raw, n_bytes);
    for (size_t i = 0; i < n_bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    out[2 * n_bytes] = '\0';
}
