/* test_index.c - packs/index: the per-pack search cache on real zip packs.
 * Search exactness is proven against a brute-force scan for 1-, 2-, 3- and
 * 4-character Chinese terms, English words and terms across punctuation;
 * indexing is interrupted, the cache reopened and the run continued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct file {
    char *name;
    char *text;
};

static char tmpdir[256];

static int setup(void **state)
{
    /* Zips made here are byte-identical from run to run, so their pack ids
     * and caches would be too: every run gets a fresh data folder. */
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jury-test-index-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    char home[300];
    snprintf(home, sizeof home, "%s/home", tmpdir);
    setenv("JURY_HOME", home, 1);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_zip(const char *path, const struct file *f, size_t n)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "hdrcharset=UTF-8");
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname_utf8(e, f[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(f[i].text));
        archive_write_header(a, e);
        archive_write_data(a, f[i].text, strlen(f[i].text));
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7FFF;
}

/* Characters the corpus is made of: few, so that every 2-character term
 * occurs both inside runs and across punctuation. */
static const char *const zh[] = {"技", "术", "专", "利", "教", "材", "方", "案", "申", "报"};
static const char *const punct[] = {"，", "。", "、", " ", "\n", "（", "）"};
static const char *const words[] = {"Patent", "TECH", "tech", "data", "Data2024"};

static char *random_page(size_t chars)
{
    struct jstr b = {0};
    for (size_t k = 0; k < chars; k++) {
        uint32_t r = rng() % 100;
        if (r < 75)
            jstr_add(&b, zh[rng() % 10]);
        else if (r < 93)
            jstr_add(&b, punct[rng() % 7]);
        else
            jstr_add(&b, words[rng() % 5]);
    }
    return jstr_take(&b);
}

/* A pack of `n` text files of 3 pages each (pages split by form feeds). */
static struct file *make_corpus(size_t n, char ***pages_out)
{
    struct file *f = calloc(n, sizeof *f);
    char **pages = calloc(n * 3, sizeof *pages);
    for (size_t i = 0; i < n; i++) {
        struct jstr name = {0}, text = {0};
        jstr_addf(&name, "证明%02zu.txt", i);
        for (size_t p = 0; p < 3; p++) {
            pages[i * 3 + p] = random_page(60 + rng() % 120);
            if (p)
                jstr_addc(&text, '\f');
            jstr_add(&text, pages[i * 3 + p]);
        }
        f[i].name = jstr_take(&name);
        f[i].text = jstr_take(&text);
    }
    *pages_out = pages;
    return f;
}

static void corpus_free(struct file *f, char **pages, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].text);
        for (size_t p = 0; p < 3; p++)
            free(pages[i * 3 + p]);
    }
    free(f);
    free(pages);
}

/* The brute-force reference: ASCII-lower-case copies and strstr. */
static char *lower_copy(const char *s)
{
    char *c = strdup(s);
    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p | 0x20);
    return c;
}

/* A page as the search rule reads it: a line break inside a paragraph
 * (spaces, one '\n', spaces) between two characters beyond ASCII is
 * nothing when `join` (hand-wrapped CJK), else one space; other breaks stay. */
static char *wrap_norm(const char *s, bool join)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        size_t j = i, breaks = 0;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n'))
            breaks += s[j++] == '\n';
        if (j == i) {
            *o++ = s[i++];
            continue;
        }
        bool cjk = i > 0 && (unsigned char)s[i - 1] >= 0x80 && j < n && (unsigned char)s[j] >= 0x80;
        if (breaks == 1 && !(join && cjk))
            *o++ = ' ';
        else if (breaks != 1)
            for (size_t k = i; k < j; k++)
                *o++ = s[k];
        i = j;
    }
    *o = '\0';
    char *low = lower_copy(out);
    free(out);
    return low;
}

/* The reference: does page contain q, line breaks read as the index reads them. */
static bool ref_has(const char *page, const char *q)
{
    char *lq = lower_copy(q), *lp = wrap_norm(page, strchr(q, ' ') == NULL);
    bool hit = strstr(lp, lq) != NULL;
    free(lq);
    free(lp);
    return hit;
}

static size_t scan_count(char **pages, size_t n_pages, const char *q, size_t *first)
{
    size_t hits = 0;
    *first = SIZE_MAX;
    for (size_t i = 0; i < n_pages; i++)
        if (ref_has(pages[i], q) && hits++ == 0)
            *first = i;
    return hits;
}

static struct pack *open_pack(const char *path)
{
    struct pack *p = NULL;
    struct jury_error err = {0};
    if (pack_open(&p, path, NULL, &err) < 0)
        fail_msg("pack_open: %s: %s", err.where, err.message);
    return p;
}

static void check_query(struct pack_index *idx, char **pages, size_t n_pages, const char *q,
                        size_t *checked_nonzero)
{
    struct index_hit *hits = NULL;
    size_t n = 0, first;
    struct jury_error err = {0};
    assert_int_equal(index_search(idx, q, 0, &hits, &n, &err), 0);
    size_t want = scan_count(pages, n_pages, q, &first);
    if (n != want)
        fail_msg("query '%s': index %zu hits, scan %zu", q, n, want);
    /* Hits come in pack and page order: compare every one. */
    size_t k = 0;
    for (size_t i = 0; i < n_pages && k < n; i++) {
        if (ref_has(pages[i], q)) {
            char name[64];
            snprintf(name, sizeof name, "证明%02zu.txt", i / 3);
            assert_string_equal(hits[k].path, name);
            assert_int_equal(hits[k].page, (long)(i % 3) + 1);
            k++;
        }
    }
    if (n)
        (*checked_nonzero)++;
    index_hits_free(&hits, n);
}

static void test_search_exact(void **state)
{
    size_t nf = 30;
    char **pages;
    struct file *f = make_corpus(nf, &pages);
    char zip[300];
    snprintf(zip, sizeof zip, "%s/exact.zip", tmpdir);
    write_zip(zip, f, nf);
    struct pack *p = open_pack(zip);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    assert_int_equal(index_open(&idx, p, &err), 0);
    struct index_progress prog;
    assert_int_equal(index_step(idx, 0, &prog, &err), 0);
    assert_true(prog.complete);
    assert_int_equal(prog.done, nf);

    size_t nonzero = 0, queries = 0;
    for (size_t a = 0; a < 10; a++) { /* every 1- and 2-character term */
        check_query(idx, pages, nf * 3, zh[a], &nonzero);
        queries++;
        for (size_t b = 0; b < 10; b++) {
            char q[16];
            snprintf(q, sizeof q, "%s%s", zh[a], zh[b]);
            check_query(idx, pages, nf * 3, q, &nonzero);
            queries++;
        }
    }
    for (size_t t = 0; t < 300; t++) { /* random 3- and 4-character terms */
        char q[16];
        size_t len = 3 + t % 2;
        q[0] = '\0';
        for (size_t k = 0; k < len; k++)
            strcat(q, zh[rng() % 10]);
        check_query(idx, pages, nf * 3, q, &nonzero);
        queries++;
    }
    /* English words and pieces of words, any case; terms with punctuation
     * (candidates must be filtered); a term across punctuation. */
    const char *other[] = {"tech",  "TECH", "Patent",        "ate", "data2024",
                           "a2",    "h技",  "技术，专",      "，",  "（技",
                           "利 教", "xyz",  "术专利教材方案"};
    for (size_t k = 0; k < sizeof other / sizeof other[0]; k++) {
        check_query(idx, pages, nf * 3, other[k], &nonzero);
        queries++;
    }
    assert_true(nonzero > queries / 2); /* the test exercises real hits */

    /* A limited search returns the first hits; snippets are one line. */
    struct index_hit *hits = NULL;
    size_t n = 0;
    assert_int_equal(index_search(idx, "技术", 5, &hits, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_non_null(strstr(hits[0].snippet, "技术"));
    assert_null(strchr(hits[0].snippet, '\n'));
    index_hits_free(&hits, n);
    assert_null(hits);
    index_close(&idx);
    assert_null(idx);
    pack_close(&p);
    corpus_free(f, pages, nf);
}

/* Across punctuation: "技术，专利" has no "术专"; a 2-character term is found
 * inside words too. */
static void test_search_punctuation(void **state)
{
    struct file f[] = {
        {"a.txt", "技术，专利。教材"},
        {"b.txt", "术专"},
        {"c.md", "Ａ技术 Tech-Report ESC\x1b[31m技术"},
    };
    char zip[300];
    snprintf(zip, sizeof zip, "%s/punct.zip", tmpdir);
    write_zip(zip, f, 3);
    struct pack *p = open_pack(zip);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    assert_int_equal(index_open(&idx, p, &err), 0);
    assert_int_equal(index_step(idx, 0, NULL, &err), 0);
    struct index_hit *hits = NULL;
    size_t n = 0;
    assert_int_equal(index_search(idx, "术专", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].path, "b.txt");
    index_hits_free(&hits, n);
    assert_int_equal(index_search(idx, "技术", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 2);
    /* The escape sequence never reaches the terminal through a snippet. */
    assert_null(strchr(hits[1].snippet, 0x1b));
    index_hits_free(&hits, n);
    assert_int_equal(index_search(idx, "h-r", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 1);
    index_hits_free(&hits, n);
    assert_int_equal(index_search(idx, "", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 0);
    index_close(&idx);
    pack_close(&p);
}

/* Interrupt after 3 entries, reopen, continue; then read everything back
 * from the cache alone (no archive). */
static void test_resume(void **state)
{
    struct file f[8];
    for (size_t i = 0; i < 8; i++) {
        struct jstr name = {0}, text = {0};
        jstr_addf(&name, "f%zu.txt", i);
        jstr_addf(&text, "第%zu份材料：专利证书\f第二页 page two %zu", i, i);
        f[i].name = jstr_take(&name);
        f[i].text = jstr_take(&text);
    }
    free(f[5].name);
    f[5].name = jury_xstrdup("bad.pdf"); /* a broken PDF: recorded as failed */
    free(f[5].text);
    f[5].text = jury_xstrdup("%PDF-1.4 this is not really a pdf");
    char zip[300];
    snprintf(zip, sizeof zip, "%s/resume.zip", tmpdir);
    write_zip(zip, f, 8);

    struct pack *p = open_pack(zip);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    struct index_progress prog;
    assert_int_equal(index_open(&idx, p, &err), 0);
    for (int k = 0; k < 3; k++)
        assert_int_equal(index_step(idx, -1, &prog, &err), 0);
    assert_int_equal(prog.done, 3);
    assert_false(prog.complete);
    struct jstr t = {0};
    assert_int_equal(index_text(idx, "f6.txt", 1, &t, NULL, &err), JURY_ERR_BUSY);
    index_close(&idx);
    pack_close(&p);

    p = open_pack(zip);
    assert_int_equal(index_open(&idx, p, &err), 0);
    assert_int_equal(index_progress(idx, &prog, &err), 0);
    assert_int_equal(prog.done, 3);
    assert_int_equal(prog.entries, 8);
    assert_int_equal(index_step(idx, 0, &prog, &err), 0);
    assert_true(prog.complete);
    assert_int_equal(prog.done, 8);
    struct index_hit *hits = NULL;
    size_t n = 0;
    assert_int_equal(index_search(idx, "专利", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 7); /* once per file: nothing indexed twice */
    index_hits_free(&hits, n);
    index_close(&idx);

    /* The cache alone: entry list, texts, failures, search. */
    char id[SHA256_HEX_LEN + 1];
    memcpy(id, pack_id(p), sizeof id);
    pack_close(&p);
    assert_int_equal(index_open_cached(&idx, id, &err), 0);
    assert_int_equal(index_entry_count(idx), 8);
    struct index_entry e;
    assert_int_equal(index_entry(idx, 5, &e, &err), 0);
    assert_string_equal(e.path, "bad.pdf");
    assert_non_null(e.error);
    long np = 0;
    assert_int_equal(index_text(idx, "f7.txt", 2, &t, &np, &err), 0);
    assert_string_equal(t.s, "第二页 page two 7");
    assert_int_equal(np, 2);
    assert_int_equal(index_text(idx, "f7.txt", 3, &t, &np, &err), JURY_ERR_NOTFOUND);
    assert_int_equal(index_text(idx, "nope.txt", 1, &t, &np, &err), JURY_ERR_NOTFOUND);
    assert_int_equal(index_step(idx, 0, &prog, &err), 0); /* complete: nothing to do */
    index_close(&idx);
    assert_int_equal(index_open_cached(&idx,
                                       "00000000000000000000000000000000000000000000000000000000"
                                       "00000000",
                                       &err),
                     JURY_ERR_NOTFOUND);
    jstr_free(&t);
    for (size_t i = 0; i < 8; i++) {
        free(f[i].name);
        free(f[i].text);
    }
}

/* jury pack text: from the cache once indexed, by extraction before. */
static void test_pack_text(void **state)
{
    struct file f[] = {{"doc/说明.txt", "一页\f二页"}};
    char zip[300];
    snprintf(zip, sizeof zip, "%s/text.zip", tmpdir);
    write_zip(zip, f, 1);
    struct pack *p = open_pack(zip);
    struct jstr t = {0};
    struct jury_error err = {0};
    assert_int_equal(extract_pack_text(p, "doc/说明.txt", 0, &t, &err), 0);
    assert_string_equal(t.s, "一页\n\f\n二页\n");
    jstr_clear(&t);
    assert_int_equal(extract_pack_text(p, "doc/说明.txt", 2, &t, &err), 0);
    assert_string_equal(t.s, "二页\n");
    jstr_clear(&t);
    assert_int_equal(extract_pack_text(p, "doc/说明.txt", 3, &t, &err), JURY_ERR_NOTFOUND);
    struct pack_index *idx = NULL;
    assert_int_equal(index_open(&idx, p, &err), 0);
    assert_int_equal(index_step(idx, 0, NULL, &err), 0);
    index_close(&idx);
    jstr_clear(&t);
    assert_int_equal(extract_pack_text(p, "doc/说明.txt", 0, &t, &err), 0);
    assert_string_equal(t.s, "一页\n\f\n二页\n");
    jstr_free(&t);
    pack_close(&p);
}

/* A damaged cache file is only a cache: it is rebuilt, never trusted. */
static void test_cache_damaged(void **state)
{
    struct file f[] = {{"a.txt", "专利证书"}, {"b.txt", "教材"}};
    char zip[300];
    snprintf(zip, sizeof zip, "%s/damaged.zip", tmpdir);
    write_zip(zip, f, 2);
    struct pack *p = open_pack(zip);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    assert_int_equal(index_open(&idx, p, &err), 0);
    assert_int_equal(index_step(idx, 0, NULL, &err), 0);
    char *file = jury_xstrdup(index_file(idx));
    index_close(&idx);
    char junk[8192];
    memset(junk, 'x', sizeof junk);
    assert_int_equal(jury_write_file_atomic(file, junk, sizeof junk, 0600, &err), 0);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", file);
    unlink(side);
    /* Without the pack the damage is reported; with it the cache is rebuilt. */
    assert_int_equal(index_open_cached(&idx, pack_id(p), &err), JURY_ERR_CORRUPT);
    assert_int_equal(index_open(&idx, p, &err), 0);
    struct index_progress prog;
    assert_int_equal(index_step(idx, 0, &prog, &err), 0);
    assert_int_equal(prog.done, 2);
    struct index_hit *hits = NULL;
    size_t n = 0;
    assert_int_equal(index_search(idx, "专利", 0, &hits, &n, &err), 0);
    assert_int_equal(n, 1);
    index_hits_free(&hits, n);
    index_close(&idx);
    pack_close(&p);
    free(file);
}

/* Hits of q in idx, as "path:page" joined by spaces (for comparing). */
static void hits_of(struct pack_index *idx, const char *q, char *out, size_t size)
{
    struct index_hit *hits = NULL;
    size_t n = 0, used = 0;
    struct jury_error err = {0};
    assert_int_equal(index_search(idx, q, 0, &hits, &n, &err), 0);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(out + used, size - used, "%s%s:%ld", i ? " " : "", hits[i].path,
                                 hits[i].page);
        assert_null(strchr(hits[i].snippet, '\n'));
    }
    index_hits_free(&hits, n);
}

/* A phrase wrapped by hand in a text file: "近三" / "年无投诉" is found by
 * 近三年无投诉 (a CJK break joins), "hello world" by the words with a space;
 * a blank line (a paragraph end) is never bridged, nor a break between Latin
 * letters. A cache made by an older jury (user_version 1) is rebuilt. */
static void test_search_wrapped(void **state)
{
    struct file f[] = {
        {"说明.txt", "本单位近三\n年无投诉记录。\r\nhello\nworld\n"},
        {"段落.md", "近三\n\n年无投诉\n"},
        {"缩进.txt", "近三  \n   年无投诉 hello\n\nworld"},
        {"拉丁.txt", "helloworld 三年"},
    };
    char zip[300], got[512];
    snprintf(zip, sizeof zip, "%s/wrapped.zip", tmpdir);
    write_zip(zip, f, 4);
    struct pack *p = open_pack(zip);
    struct pack_index *idx = NULL;
    struct jury_error err = {0};
    assert_int_equal(index_open(&idx, p, &err), 0);
    assert_int_equal(index_step(idx, 0, NULL, &err), 0);
    hits_of(idx, "近三年无投诉", got, sizeof got);
    assert_string_equal(got, "说明.txt:1 缩进.txt:1");
    hits_of(idx, "三年", got, sizeof got);
    assert_string_equal(got, "说明.txt:1 缩进.txt:1 拉丁.txt:1");
    hits_of(idx, "hello world", got, sizeof got);
    assert_string_equal(got, "说明.txt:1");
    hits_of(idx, "helloworld", got, sizeof got);
    assert_string_equal(got, "拉丁.txt:1");
    hits_of(idx, "近三 年无投诉", got, sizeof got);
    assert_string_equal(got, "说明.txt:1 缩进.txt:1");
    /* the snippet shows the wrapped phrase on one line */
    struct index_hit *hits = NULL;
    size_t n = 0;
    assert_int_equal(index_search(idx, "近三年无投诉", 1, &hits, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_non_null(strstr(hits[0].snippet, "近三年无投诉记录"));
    index_hits_free(&hits, n);

    /* an older cache: its version set back to 1, then opened with the pack */
    char *file = jury_xstrdup(index_file(idx));
    index_close(&idx);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(index_open_cached(&idx, pack_id(p), &err), JURY_ERR_VERSION);
    assert_int_equal(index_open(&idx, p, &err), 0);
    struct index_progress prog;
    assert_int_equal(index_step(idx, 0, &prog, &err), 0);
    assert_int_equal(prog.done, 4);
    hits_of(idx, "近三年无投诉", got, sizeof got);
    assert_string_equal(got, "说明.txt:1 缩进.txt:1");
    index_close(&idx);
    pack_close(&p);
    free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_exact),  cmocka_unit_test(test_search_punctuation),
        cmocka_unit_test(test_resume),        cmocka_unit_test(test_pack_text),
        cmocka_unit_test(test_cache_damaged), cmocka_unit_test(test_search_wrapped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
