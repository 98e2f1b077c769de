/* bench_extract.c - packs/extract and packs/index timings (run by
 * bench/extract.sh, which prints them as ratios to mutool and to a full
 * scan). Not a test.
 *
 *   bench_extract mkpdf OUT.pdf PAGES    a Chinese PDF (STSong-Light, UniGB-UCS2-H)
 *   bench_extract pdf FILE.pdf           extract every page once (one process)
 *   bench_extract mkpack OUT.zip MB      a zip of Chinese text files, MB of text
 *   bench_extract build PACK.zip         index from scratch only
 *   bench_extract index PACK.zip         index from scratch, then time queries and
 *                                        showing text from the cache */
#define _GNU_SOURCE
#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* 500 common characters: text made of them has realistic bigram variety. */
static const char common[] = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成"
                             "会可主发年动同工也能下过子说"
                             "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理"
                             "起小物现实加量都两体制机当使点"
                             "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
                             "与关各重新线内数正心反你明看原"
                             "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
                             "已通并提直题党程展五果料象员革"
                             "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见"
                             "计别她手角期根论运农指几九区强"
                             "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东"
                             "导器压志世金增争济阶油思术极交"
                             "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具"
                             "万每目至达走积示议声报斗完类八"
                             "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律"
                             "叫且究观越织装影算低持音众书布"
                             "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便"
                             "团往酸历市克何除消构府称太准精"
                             "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状"
                             "育厂京识适属圆包火住调满县局照"
                             "参红细引听该铁价严龙飞";

static const char *const punct[] = {"，", "。", "、", "；", "：", "\n"};

static uint32_t rng_state = 20261129;

static uint32_t rng(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

static size_t n_common(void)
{
    return (sizeof common - 1) / 3;
}

/* One sentence-ish run of 4..30 characters and a punctuation mark. */
static void add_phrase(struct jstr *b)
{
    size_t len = 4 + rng() % 27, n = n_common();
    for (size_t k = 0; k < len; k++) { /* skewed towards the first (commonest) characters */
        size_t i = (size_t)(rng() % n) * (rng() % n) / n;
        jstr_addn(b, common + 3 * i, 3);
    }
    jstr_add(b, punct[rng() % 6]);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of the process (user + system): steadier than wall time on a
 * shared machine. */
static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n ? v[n / 2] : 0;
}

static void die(const struct jury_error *err)
{
    char buf[2048];
    fprintf(stderr, "bench_extract: %s\n", jury_error_text(err, buf, sizeof buf));
    exit(2);
}

/* ----------------------------------------------------------------- PDF */

static void pdf_page_content(struct jstr *c)
{
    jstr_add(c, "BT /F1 11 Tf 14 TL 50 790 Td\n");
    for (int line = 0; line < 50; line++) {
        jstr_add(c, "<");
        for (int k = 0; k < 44; k++) {
            size_t i = rng() % n_common();
            uint32_t cp;
            utf8_decode(common + 3 * i, 3, &cp);
            jstr_addf(c, "%04X", (unsigned)cp);
        }
        jstr_add(c, "> Tj T*\n");
    }
    jstr_add(c, "ET");
}

static int mkpdf(const char *out, size_t pages)
{
    struct jstr b = {0};
    size_t nobj = 4 + 2 * pages, *off = jury_xcalloc(nobj, sizeof *off);
    jstr_add(&b, "%PDF-1.4\n");
    off[1] = b.len;
    jstr_add(&b, "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
    off[2] = b.len;
    jstr_add(&b, "2 0 obj<</Type/Pages/Kids[");
    for (size_t i = 0; i < pages; i++)
        jstr_addf(&b, "%zu 0 R ", 4 + 2 * i);
    jstr_addf(&b, "]/Count %zu>>endobj\n", pages);
    off[3] = b.len;
    jstr_add(&b, "3 0 obj<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
                 "/DescendantFonts[<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
                 "/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 2>>"
                 "/FontDescriptor<</Type/FontDescriptor/FontName/STSong-Light/Flags 6"
                 "/FontBBox[0 -200 1000 900]/ItalicAngle 0/Ascent 880/Descent -120"
                 "/CapHeight 880/StemV 93>>>>]>>endobj\n");
    for (size_t i = 0; i < pages; i++) {
        struct jstr c = {0};
        pdf_page_content(&c);
        off[4 + 2 * i] = b.len;
        jstr_addf(&b,
                  "%zu 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
                  "/Resources<</Font<</F1 3 0 R>>>>/Contents %zu 0 R>>endobj\n",
                  4 + 2 * i, 5 + 2 * i);
        off[5 + 2 * i] = b.len;
        jstr_addf(&b, "%zu 0 obj<</Length %zu>>stream\n%s\nendstream endobj\n", 5 + 2 * i, c.len,
                  c.s);
        jstr_free(&c);
    }
    size_t xref = b.len;
    jstr_addf(&b, "xref\n0 %zu\n0000000000 65535 f \n", nobj);
    for (size_t i = 1; i < nobj; i++)
        jstr_addf(&b, "%010zu 00000 n \n", off[i]);
    jstr_addf(&b, "trailer<</Size %zu/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", nobj, xref);
    struct jury_error err = {0};
    if (jury_write_file_atomic(out, b.s, b.len, 0644, &err) < 0)
        die(&err);
    free(off);
    jstr_free(&b);
    return 0;
}

static int pdf_run(const char *file)
{
    struct jury_error err = {0};
    char *buf;
    size_t len;
    double t0 = now_ms();
    if (jury_read_file(file, (size_t)1 << 30, &buf, &len, &err) < 0)
        die(&err);
    struct extract_result *r = NULL;
    if (extract_buffer(file, buf, len, NULL, &r, &err) < 0)
        die(&err);
    size_t bytes = 0;
    for (size_t i = 0; i < r->n_pages; i++)
        bytes += r->pages[i].len;
    fprintf(stderr, "pdf: %zu pages, %zu bytes of text, %.1f ms in-process\n", r->n_pages, bytes,
            now_ms() - t0);
    extract_result_free(&r);
    free(buf);
    return 0;
}

/* ---------------------------------------------------------------- pack */

static int mkpack(const char *out, size_t mb)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "hdrcharset=UTF-8,compression-level=1");
    if (archive_write_open_filename(a, out) != ARCHIVE_OK)
        return fprintf(stderr, "bench_extract: %s\n", archive_error_string(a)), 2;
    size_t total = 0, file = 0;
    while (total < mb << 20) {
        struct jstr t = {0};
        for (int page = 0; page < 25; page++) { /* 25 pages of ~4 KB: 100 KB a file */
            if (page)
                jstr_addc(&t, '\f');
            size_t start = t.len;
            while (t.len - start < 4000)
                add_phrase(&t);
        }
        char name[64];
        snprintf(name, sizeof name, "材料/证明%04zu.txt", file++);
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname_utf8(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)t.len);
        archive_write_header(a, e);
        archive_write_data(a, t.s, t.len);
        archive_entry_free(e);
        total += t.len;
        jstr_free(&t);
    }
    archive_write_close(a);
    archive_write_free(a);
    fprintf(stderr, "pack: %zu files, %.1f MB of text\n", file, (double)total / 1e6);
    return 0;
}

/* ---------------------------------------------------------------- index */

static struct pack *open_pack(const char *path)
{
    struct pack *p = NULL;
    struct jury_error err = {0};
    if (pack_open(&p, path, NULL, &err) < 0)
        die(&err);
    return p;
}

/* Index from scratch: MB of text per second. */
static double index_build(struct pack *p, uint64_t *bytes)
{
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    if (index_open(&idx, p, &err) < 0)
        die(&err);
    char *file = jury_xstrdup(index_file(idx));
    index_close(&idx);
    char side[600];
    unlink(file);
    snprintf(side, sizeof side, "%s-wal", file);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", file);
    unlink(side);
    free(file);
    double t0 = now_ms(), c0 = cpu_ms();
    struct index_progress prog;
    if (index_open(&idx, p, &err) < 0 || index_step(idx, 0, &prog, &err) < 0)
        die(&err);
    index_close(&idx);
    double ms = now_ms() - t0, cpu = cpu_ms() - c0;
    *bytes = prog.bytes;
    printf("index build: %zu files, %.1f MB of text in %.0f ms = %.1f MB/s wall, %.1f MB/s of CPU "
           "time (goal >= 5 MB/s)\n",
           prog.done, (double)prog.bytes / 1e6, ms, (double)prog.bytes / 1e3 / ms,
           (double)prog.bytes / 1e3 / cpu);
    return ms;
}

/* Terms of n characters taken from the indexed text itself (no punctuation
 * inside), so every one has hits. */
static void pick_terms(struct pack_index *idx, size_t nchars, char terms[][16], size_t n)
{
    struct jury_error err = {0};
    for (size_t t = 0; t < n;) {
        struct index_entry e;
        if (index_entry(idx, rng() % index_entry_count(idx), &e, &err) < 0)
            die(&err);
        struct jstr txt = {0};
        if (index_text(idx, e.path, 1 + (long)(rng() % 25), &txt, NULL, &err) < 0)
            die(&err);
        size_t at = 3 * (rng() % (txt.len / 3 - nchars));
        bool ok = true;
        for (size_t k = 0; k < nchars && ok; k++) {
            uint32_t cp;
            ok = utf8_decode(txt.s + at + 3 * k, 3, &cp) == 3 && utf8_is_cjk(cp);
        }
        if (ok) {
            memcpy(terms[t], txt.s + at, 3 * nchars);
            terms[t++][3 * nchars] = '\0';
        }
        jstr_free(&txt);
    }
}

/* Full scan with instr over the same page table: the peer of a search. */
static double scan_ms(const char *file, const char *term, long *count)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM pages WHERE instr(text, ?1) > 0", -1, &st, NULL);
    sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
    double t0 = now_ms();
    sqlite3_step(st);
    double ms = now_ms() - t0;
    *count = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ms;
}

static void query_bench(struct pack_index *idx, size_t nchars)
{
    enum { N = 13 };
    char terms[N][16];
    double first[N], all[N], scan[N];
    pick_terms(idx, nchars, terms, N);
    struct jury_error err = {0};
    size_t total_hits = 0;
    for (size_t t = 0; t < N; t++) {
        struct index_hit *h = NULL;
        size_t n = 0;
        double t0 = now_ms();
        if (index_search(idx, terms[t], 20, &h, &n, &err) < 0)
            die(&err);
        first[t] = now_ms() - t0;
        index_hits_free(&h, n);
        t0 = now_ms();
        if (index_search(idx, terms[t], 0, &h, &n, &err) < 0)
            die(&err);
        all[t] = now_ms() - t0;
        index_hits_free(&h, n);
        long want;
        scan[t] = scan_ms(index_file(idx), terms[t], &want);
        if ((long)n != want)
            printf("  MISMATCH %s: index %zu, scan %ld\n", terms[t], n, want);
        total_hits += n;
    }
    double f = median(first, N), a = median(all, N), s = median(scan, N);
    printf("%zu-char terms (%d, %zu hits in all): first 20 hits %.2f ms, all hits %.2f ms, "
           "instr scan %.1f ms -> %.3fx / %.3fx of the scan%s\n",
           nchars, N, total_hits, f, a, s, f / s, a / s, nchars == 2 ? " (goal <= 10 ms)" : "");
}

/* Showing an evidence file's page from the cache: open the cache by pack id,
 * read one page, close (what a reopened workbench does). */
static void show_bench(const char *id)
{
    enum { N = 51 };
    double v[N];
    struct jury_error err = {0};
    struct pack_index *idx = NULL;
    for (size_t k = 0; k < N; k++) {
        double t0 = now_ms();
        struct jstr txt = {0};
        struct index_entry e;
        if (index_open_cached(&idx, id, &err) < 0 ||
            index_entry(idx, rng() % index_entry_count(idx), &e, &err) < 0 ||
            index_text(idx, e.path, 1, &txt, NULL, &err) < 0)
            die(&err);
        index_close(&idx);
        v[k] = now_ms() - t0;
        jstr_free(&txt);
    }
    printf("show a page from the cache (open by pack id, read, close): %.2f ms median "
           "(goal <= 5 ms)\n",
           median(v, N));
}

static int index_run(const char *path)
{
    struct pack *p = open_pack(path);
    uint64_t bytes;
    index_build(p, &bytes);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    if (index_open_cached(&idx, pack_id(p), &err) < 0)
        die(&err);
    for (size_t n = 1; n <= 4; n++)
        query_bench(idx, n);
    index_close(&idx);
    show_bench(pack_id(p));
    pack_close(&p);
    return 0;
}

int main(int argc, char **argv)
{
    jury_tz_init();
    if (argc == 4 && strcmp(argv[1], "mkpdf") == 0)
        return mkpdf(argv[2], (size_t)atol(argv[3]));
    if (argc == 3 && strcmp(argv[1], "pdf") == 0)
        return pdf_run(argv[2]);
    if (argc == 4 && strcmp(argv[1], "mkpack") == 0)
        return mkpack(argv[2], (size_t)atol(argv[3]));
    if (argc == 3 && strcmp(argv[1], "index") == 0)
        return index_run(argv[2]);
    if (argc == 3 && strcmp(argv[1], "build") == 0) {
        struct pack *p = open_pack(argv[2]);
        uint64_t bytes;
        index_build(p, &bytes);
        pack_close(&p);
        return 0;
    }
    fputs("usage: bench_extract mkpdf OUT PAGES | pdf FILE | mkpack OUT MB | index PACK\n", stderr);
    return 2;
}
