/* sha256_int.h - core's private bridge to nettle's SHA-256: only
 * sha256_nettle.c sees nettle's header and its struct sha256_ctx. */
#ifndef JURY_CORE_SHA256_INT_H
#define JURY_CORE_SHA256_INT_H

#include <stddef.h>

void jury_nettle_sha256_init(void *ctx);
void jury_nettle_sha256_update(void *ctx, const void *p, size_t n);
void jury_nettle_sha256_digest(void *ctx, unsigned char out[32]);

#endif
