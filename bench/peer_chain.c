/* peer_chain.c - the verifying peer's audit-chain step for bench/merge_cli.sh:
 * recomputes each sheet content's audit chain (docs/sheet-format.md, "The
 * audit chain") with libsodium's SHA-256 and its own small reader of the log
 * rows, none of jury's code, and compares it with the head and row count.
 *
 *   peer_chain CONTENT...   exit 0 when every chain reaches its head */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    char *s;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static unsigned hex4(const char *p)
{
    char t[5] = {p[0], p[1], p[2], p[3], 0};
    return (unsigned)strtoul(t, NULL, 16);
}

static void put_utf8(struct buf *b, unsigned c)
{
    char u[4];
    size_t n = 0;
    if (c < 0x80) {
        u[n++] = (char)c;
    } else if (c < 0x800) {
        u[n++] = (char)(0xC0 | c >> 6);
        u[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        u[n++] = (char)(0xE0 | c >> 12);
        u[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[n++] = (char)(0x80 | (c & 0x3F));
    } else {
        u[n++] = (char)(0xF0 | c >> 18);
        u[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[n++] = (char)(0x80 | (c & 0x3F));
    }
    put(b, u, n);
}

/* One JSON string at *pp (past its quote) decoded into b; NULL on a bad one. */
static const char *string(const char *p, struct buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    while (*p && *p != '"') {
        if (*p != '\\') {
            const char *q = p;
            while (*q && *q != '"' && *q != '\\')
                q++;
            put(b, p, (size_t)(q - p));
            p = q;
        } else if (p[1] == 'u') {
            unsigned c = hex4(p + 2);
            p += 6;
            if (c >= 0xD800 && c < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                c = 0x10000 + ((c - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
                p += 6;
            }
            put_utf8(b, c);
        } else {
            const char *e = p[1] ? strchr(from, p[1]) : NULL;
            if (!e)
                return NULL;
            put(b, &to[e - from], 1);
            p += 2;
        }
    }
    return *p == '"' ? p + 1 : NULL;
}

/* ns(x) of the value at p appended to canon; the value's end, NULL if bad.
 * The raw text of a string is also left in raw (for a redacted row's leaf). */
static const char *value(const char *p, struct buf *canon, struct buf *raw)
{
    char len[24];
    raw->len = 0;
    if (strncmp(p, "null", 4) == 0) {
        put(canon, "~,", 2);
        return p + 4;
    }
    const char *e = p;
    if (*p == '"') {
        if (!(e = string(p + 1, raw)))
            return NULL;
    } else {
        while (*e >= '0' && *e <= '9')
            e++;
        if (e == p)
            return NULL;
        put(raw, p, (size_t)(e - p));
    }
    int n = snprintf(len, sizeof len, "%zu:", raw->len);
    put(canon, len, (size_t)n);
    put(canon, raw->s, raw->len);
    put(canon, ",", 1);
    return e;
}

static void sha_hex(const void *in, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, in, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* The chain over the rows of the log at p; the number of rows, -1 if bad. */
static long chain(const char *p, char head[65])
{
    struct buf canon = {0}, raw = {0};
    char pair[129], leaf[65];
    long rows = 0;
    memset(head, '0', 64);
    head[64] = 0;
    while (*p == '[') {
        int n = 0;
        canon.len = 0;
        p++;
        do {
            if (n && *p++ != ',')
                return -1;
            if (!(p = value(p, &canon, &raw)))
                return -1;
            n++;
        } while (*p != ']');
        p++;
        if (n == 2 && raw.len == 64) { /* redacted: [seq, leaf] */
            memcpy(leaf, raw.s, 64);
            leaf[64] = 0;
        } else if (n == 7) {
            sha_hex(canon.s, canon.len, leaf);
        } else {
            return -1;
        }
        memcpy(pair, head, 64);
        memcpy(pair + 64, leaf, 64);
        sha_hex(pair, 128, head);
        rows++;
        if (*p == ',')
            p++;
    }
    free(canon.s);
    free(raw.s);
    return *p == ']' ? rows : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = 0;
    fclose(f);
    return s;
}

static int check(const char *path)
{
    char *s = slurp(path), head[65];
    const char *h = s ? strstr(s, "{\"audit\":{\"head\":\"") : NULL;
    const char *log = h ? strstr(h, "\"log\":[") : NULL;
    long rows = log ? chain(log + 7, head) : -1;
    const char *r = log ? strstr(log, "],\"rows\":") : NULL;
    int ok = rows >= 0 && r && strtol(r + 9, NULL, 10) == rows && strncmp(h + 18, head, 64) == 0;
    if (!ok)
        fprintf(stderr, "peer_chain: %s: inconsistent audit head\n", path);
    free(s);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || sodium_init() < 0) {
        fprintf(stderr, "usage: peer_chain CONTENT...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= check(argv[i]);
    return rc;
}
