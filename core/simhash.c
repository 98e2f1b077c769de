/* simhash.c - a 64-bit fingerprint of a text for finding near-identical
 * evidence in packs of different applicants (possible copying, 剽窃).
 *
 * Features are pairs of consecutive significant characters (letters, digits,
 * CJK), so the fingerprint ignores spacing, punctuation and line breaks that
 * PDF extraction and re-typing change. Each feature's 64-bit FNV-1a hash votes
 * +1/-1 per bit; the fingerprint takes the sign. Texts that differ in a few
 * characters land within a few bits of each other (Charikar's simhash). */
#include "core.h"

#include <stdlib.h>

static bool significant(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           utf8_is_cjk(cp) || (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7);
}

static uint64_t fnv1a(uint32_t a, uint32_t b)
{
    uint64_t h = 0xcbf29ce484222325ull;
    uint32_t v[2] = {a, b};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++) {
            h ^= (v[i] >> (8 * k)) & 0xFF;
            h *= 0x100000001b3ull;
        }
    return h;
}

uint64_t text_simhash(const char *s, size_t n, size_t *n_features)
{
    int64_t votes[64] = {0};
    size_t feats = 0, i = 0;
    uint32_t prev = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        i += k < 0 ? 1 : (size_t)k;
        if (k < 0 || !significant(cp))
            continue;
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        if (prev) {
            uint64_t h = fnv1a(prev, cp);
            for (int b = 0; b < 64; b++)
                votes[b] += (h >> b) & 1 ? 1 : -1;
            feats++;
        }
        prev = cp;
    }
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (votes[b] > 0)
            out |= 1ull << b;
    if (n_features)
        *n_features = feats;
    return out;
}

int simhash_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Bands of the 64 bits: two fingerprints within max_distance bits agree on at
 * least one of max_distance + 1 bands (pigeonhole), so only items sharing a
 * band value are compared. */
struct band_item {
    uint64_t key; /* band index << 32 | band value */
    size_t item;
};

static int cmp_band(const void *a, const void *b)
{
    const struct band_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

void simhash_cluster(const uint64_t *h, size_t n, int max_distance, size_t *rep)
{
    for (size_t i = 0; i < n; i++)
        rep[i] = i;
    int bands = max_distance + 1 > 64 ? 64 : max_distance + 1;
    int width = (64 + bands - 1) / bands;
    struct band_item *b = jury_xcalloc(n * (size_t)bands + 1, sizeof *b);
    size_t m = 0;
    for (int k = 0; k < bands; k++)
        for (size_t i = 0; i < n; i++) {
            uint64_t v = (h[i] >> (k * width)) & ((width >= 64 ? 0 : (1ull << width)) - 1);
            b[m++] = (struct band_item){((uint64_t)k << 32) | v, i};
        }
    qsort(b, m, sizeof *b, cmp_band);
    for (size_t s = 0, e; s < m; s = e) {
        for (e = s + 1; e < m && b[e].key == b[s].key; e++)
            ;
        for (size_t i = s; i < e; i++)
            for (size_t j = i + 1; j < e; j++)
                if (simhash_distance(h[b[i].item], h[b[j].item]) <= max_distance) {
                    size_t x = uf_find(rep, b[i].item), y = uf_find(rep, b[j].item);
                    rep[x > y ? x : y] = x < y ? x : y; /* the smallest index represents */
                }
    }
    for (size_t i = 0; i < n; i++)
        rep[i] = uf_find(rep, i);
    free(b);
}
