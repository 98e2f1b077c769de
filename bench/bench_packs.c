/* bench_packs.c - packs/ against bsdtar (driven by bench/packs.sh).
 *   bench_packs gen-small OUT.zip        5,000 members of ~2 KB, Chinese UTF-8 names
 *   bench_packs gen-big OUT.zip MB       ~200 stored members, MB in total, mostly random
 *   bench_packs list PACK [N]            pack_open + walk the entry list, N times
 *   bench_packs read PACK PATH           pack_open + pack_read_entry of PATH
 * Prints milliseconds and peak RSS; generation uses libarchive's writer. */
#define _GNU_SOURCE
#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long peak_rss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

static void add(struct archive *a, const char *name, const char *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname_utf8(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1600000000, 0);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_write_header(a, e);
    archive_write_data(a, data, len);
    archive_entry_free(e);
}

static int gen(const char *out, bool big, long mb)
{
    static const char *dirs[] = {"01_申报材料", "02_技术方案", "03_佐证材料", "04_财务数据"};
    static const char *subs[] = {"合同扫描件", "审计报告", "专利证书", "教材目录", "获奖证明"};
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, big ? "zip:compression=store,zip:hdrcharset=UTF-8"
                                     : "zip:hdrcharset=UTF-8");
    if (archive_write_open_filename(a, out) != ARCHIVE_OK)
        return fprintf(stderr, "%s\n", archive_error_string(a)), 2;
    size_t n = big ? 200 : 5000, each = big ? (size_t)mb * 1048576 / n : 2048;
    char *buf = malloc(each);
    unsigned seed = 1;
    char name[256];
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < each; k++)
            buf[k] = big ? (char)(rand_r(&seed) & 0xff) : "技术方案教学资源库 \n"[k % 28];
        snprintf(name, sizeof name, "%s/%s_%zu/承诺书_%05zu.%s", dirs[i % 4], subs[i % 5], i % 10,
                 i, big ? "pdf" : "txt");
        add(a, name, buf, each);
    }
    free(buf);
    archive_write_close(a);
    archive_write_free(a);
    return 0;
}

static int fail(const struct jury_error *err)
{
    fprintf(stderr, "%s: %s\n", err->where, err->message);
    return 2;
}

static int list(const char *path, int times)
{
    double best = 1e18;
    size_t n = 0;
    for (int r = 0; r < times; r++) {
        double t0 = now_ms();
        struct pack *p = NULL;
        struct jury_error err = {0};
        if (pack_open(&p, path, NULL, &err))
            return fail(&err);
        size_t bytes = 0;
        n = pack_entry_count(p);
        for (size_t i = 0; i < n; i++)
            bytes += strlen(pack_entry(p, i)->path);
        pack_close(&p);
        double t = now_ms() - t0;
        best = t < best ? t : best;
        (void)bytes;
    }
    printf("list %zu entries: %.1f ms (best of %d), peak RSS %ld KiB\n", n, best, times,
           peak_rss_kb());
    return 0;
}

static int sink_count(void *ctx, const void *data, size_t len)
{
    *(size_t *)ctx += len;
    return 0;
}

static int read_one(const char *path, const char *member)
{
    double t0 = now_ms();
    struct pack *p = NULL;
    struct jury_error err = {0};
    if (pack_open(&p, path, NULL, &err))
        return fail(&err);
    double t1 = now_ms();
    long i = pack_find(p, member);
    if (i < 0)
        return fprintf(stderr, "no %s\n", member), 2;
    size_t got = 0;
    if (pack_stream_entry(p, (size_t)i, sink_count, &got, &err))
        return fail(&err);
    double t2 = now_ms();
    pack_close(&p);
    printf("read %zu bytes: %.1f ms (open %.1f + read %.1f), peak RSS %ld KiB\n", got, t2 - t0,
           t1 - t0, t2 - t1, peak_rss_kb());
    return 0;
}

int main(int argc, char **argv)
{
    jury_tz_init();
    if (argc >= 3 && strcmp(argv[1], "gen-small") == 0)
        return gen(argv[2], false, 0);
    if (argc >= 4 && strcmp(argv[1], "gen-big") == 0)
        return gen(argv[2], true, atol(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "list") == 0)
        return list(argv[2], argc > 3 ? atoi(argv[3]) : 1);
    if (argc >= 4 && strcmp(argv[1], "read") == 0)
        return read_one(argv[2], argv[3]);
    fprintf(stderr, "usage: bench_packs gen-small|gen-big|list|read ...\n");
    return 2;
}
