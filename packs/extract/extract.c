/* extract.c - text extraction: limits, the page builder and the dispatch
 * from a file's magic bytes and name to a format reader. */
#define _GNU_SOURCE
#include "packs/extract/extract_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void extract_limits_default(struct extract_limits *lim)
{
    lim->max_input = (size_t)512 << 20;
    lim->max_pages = 20000;
    lim->max_text = (size_t)64 << 20;
    lim->max_part = (size_t)64 << 20;
    lim->max_cells = 2000000;
    lim->max_memory = (size_t)768 << 20;
}

void extract_result_free(struct extract_result **p)
{
    if (!p || !*p)
        return;
    struct extract_result *r = *p;
    for (size_t i = 0; i < r->n_pages; i++) {
        free(r->pages[i].text);
        free(r->pages[i].title);
    }
    free(r->pages);
    free(r->note);
    free(r);
    *p = NULL;
}

/* ------------------------------------------------------------ builder */

/* Length of the longest prefix of s (n bytes) that does not end inside a
 * UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    uint32_t cp;
    size_t tail = n - (i - 1);
    return utf8_decode(s + i - 1, tail, &cp) == (int)tail ? n : i - 1;
}

void ex_add(struct ex_builder *b, const char *s, size_t n)
{
    if (b->full || n == 0)
        return;
    size_t room = b->lim->max_text - (b->total + b->cur.len);
    if (n > room) {
        n = utf8_cut(s, room);
        b->full = true;
        ex_limit(b, "%zu bytes of text per file (max_text)", b->lim->max_text);
    }
    jstr_addn(&b->cur, s, n);
}

void ex_adds(struct ex_builder *b, const char *s)
{
    ex_add(b, s, strlen(s));
}

void ex_page_title(struct ex_builder *b, const char *title)
{
    free(b->cur_title);
    b->cur_title = title ? jury_xstrdup(title) : NULL;
}

bool ex_page_end(struct ex_builder *b)
{
    struct extract_result *r = b->res;
    if (r->n_pages >= b->lim->max_pages) {
        ex_limit(b, "%zu pages (max_pages)", b->lim->max_pages);
        jstr_free(&b->cur);
        return false;
    }
    if (r->n_pages == b->cap_pages) {
        b->cap_pages = b->cap_pages ? b->cap_pages * 2 : 8;
        r->pages = jury_xrealloc(r->pages, b->cap_pages * sizeof *r->pages);
    }
    struct extract_page *pg = &r->pages[r->n_pages++];
    pg->len = b->cur.len;
    b->total += b->cur.len;
    pg->text = jstr_take(&b->cur);
    pg->title = b->cur_title;
    b->cur_title = NULL;
    return r->n_pages < b->lim->max_pages;
}

void ex_limit(struct ex_builder *b, const char *fmt, ...)
{
    b->res->truncated = true;
    if (b->limit[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->limit, sizeof b->limit, fmt, ap);
    va_end(ap);
}

void ex_note(struct ex_builder *b, const char *fmt, ...)
{
    struct jstr s = {0};
    va_list ap;
    va_start(ap, fmt);
    jstr_vaddf(&s, fmt, ap);
    va_end(ap);
    free(b->res->note);
    b->res->note = jstr_take(&s);
}

/* ----------------------------------------------------------- dispatch */

static const char *name_ext(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    return dot ? dot + 1 : "";
}

static bool ext_in(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(ext, *list) == 0)
            return true;
    return false;
}

static const char *const html_exts[] = {"html", "htm", "xhtml", NULL};
static const char *const md_exts[] = {"md", "markdown", NULL};

/* Kind of a zip by the name (OOXML files are zips; the name says which). */
static enum pack_kind ooxml_kind(const char *ext)
{
    if (strcasecmp(ext, "docx") == 0 || strcasecmp(ext, "docm") == 0)
        return PACK_KIND_DOCX;
    if (strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "xlsm") == 0)
        return PACK_KIND_XLSX;
    if (strcasecmp(ext, "pptx") == 0 || strcasecmp(ext, "pptm") == 0)
        return PACK_KIND_PPTX;
    return PACK_KIND_OTHER;
}

/* True when the bytes look like text: no NUL in the first 4 KiB unless the
 * file starts with a UTF-16 byte order mark. */
static bool looks_text(const unsigned char *d, size_t n)
{
    if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        return true;
    size_t m = n < 4096 ? n : 4096;
    return memchr(d, 0, m) == NULL;
}

static int run_text(struct ex_builder *b, const char *data, size_t len, const char *ext)
{
    struct extract_result *r = b->res;
    r->kind = PACK_KIND_TEXT;
    bool html = ext_in(ext, html_exts);
    r->type = html                          ? "html"
              : ext_in(ext, md_exts)        ? "markdown"
              : strcasecmp(ext, "csv") == 0 ? "csv"
                                            : "text";
    return ex_text(b, data, len, html);
}

static int dispatch(struct ex_builder *b, const char *data, size_t len, struct jury_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *ext = name_ext(b->name);
    struct extract_result *r = b->res;
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        r->kind = PACK_KIND_PDF;
        r->type = "pdf";
        return ex_pdf(b, data, len, err);
    }
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0 && ooxml_kind(ext) != PACK_KIND_OTHER) {
        r->kind = ooxml_kind(ext);
        return ex_ooxml(b, data, len, r->kind, err);
    }
    if (ex_media(b, u, len))
        return 0;
    if (strcasecmp(ext, "pdf") == 0)
        return jury_error_set(err, JURY_ERR_FORMAT, b->name, "not a PDF file (no %%PDF- header)");
    if (ooxml_kind(ext) != PACK_KIND_OTHER)
        return jury_error_set(err, JURY_ERR_FORMAT, b->name,
                              "not an Office Open XML file (no zip header)");
    if (looks_text(u, len))
        return run_text(b, data, len, ext);
    r->kind = PACK_KIND_OTHER;
    r->type = "unknown";
    ex_note(b, "binary file of %zu bytes, no text extracted (format not recognised)", r->size);
    return 0;
}

/* extract_buffer for `len` bytes that may be only the head of a file of
 * `total` bytes (media: the header says everything). */
static int ex_run(const char *name, const void *data, size_t len, uint64_t total,
                  const struct extract_limits *lim, struct extract_result **out,
                  struct jury_error *err)
{
    struct extract_limits def;
    if (!lim) {
        extract_limits_default(&def);
        lim = &def;
    }
    *out = NULL;
    if (len > lim->max_input)
        return jury_error_set(err, JURY_ERR_LIMIT, name,
                              "file of %zu bytes is over the extraction limit of %zu bytes", len,
                              lim->max_input);
    struct extract_result *r = jury_xcalloc(1, sizeof *r);
    r->size = (size_t)total;
    r->type = "unknown";
    struct ex_builder b = {.res = r, .lim = lim, .name = name ? name : "(memory)"};
    int rc = dispatch(&b, data ? data : "", len, err);
    jstr_free(&b.cur);
    free(b.cur_title);
    if (rc < 0) {
        if (err && b.limit[0]) { /* what failed may only be missing past the limit */
            size_t used = strlen(err->message);
            snprintf(err->message + used, sizeof err->message - used,
                     " (after the safety limit of %s)", b.limit);
        }
        extract_result_free(&r);
        return rc;
    }
    if (!r->note) {
        ex_note(&b, "%s, %zu page%s, %zu bytes", r->type, r->n_pages, r->n_pages == 1 ? "" : "s",
                r->size);
    }
    if (r->truncated) { /* the warning names the limit */
        char *note = r->note;
        r->note = NULL;
        ex_note(&b, "%s (text cut at the safety limit of %s)", note,
                b.limit[0] ? b.limit : "this reader");
        free(note);
    }
    *out = r;
    return 0;
}

int extract_buffer(const char *name, const void *data, size_t len, const struct extract_limits *lim,
                   struct extract_result **out, struct jury_error *err)
{
    return ex_run(name, data, len, len, lim, out, err);
}

/* Media files are known from their first bytes: reading a 2 GiB video
 * whole to learn that it is a video would break the memory budget. */
#define HEAD_BYTES 65536

struct head {
    struct jstr b;
};

static int head_sink(void *ctx, const void *data, size_t len)
{
    struct head *h = ctx;
    size_t room = HEAD_BYTES - h->b.len;
    jstr_addn(&h->b, data, len < room ? len : room);
    return h->b.len >= HEAD_BYTES ? 1 : 0; /* 1: enough, stop reading */
}

static bool head_is_enough(const struct pack_entry *e)
{
    return e->kind == PACK_KIND_IMAGE || e->kind == PACK_KIND_AUDIO || e->kind == PACK_KIND_VIDEO ||
           (e->kind == PACK_KIND_OTHER && e->size > (16u << 20));
}

static int entry_head(struct pack *p, size_t index, const struct extract_limits *lim,
                      struct extract_result **out, struct jury_error *err)
{
    const struct pack_entry *e = pack_entry(p, index);
    struct head h = {{0}};
    int rc = pack_stream_entry(p, index, head_sink, &h, err);
    if (rc >= 0)
        rc = ex_run(e->path, jstr_cstr(&h.b), h.b.len, e->size, lim, out, err);
    jstr_free(&h.b);
    return rc < 0 ? rc : 0;
}

int extract_entry(struct pack *p, size_t index, const struct extract_limits *lim,
                  struct extract_result **out, struct jury_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    const struct pack_entry *e = pack_entry(p, index);
    if (!e)
        return jury_error_set(err, JURY_ERR_NOTFOUND, pack_path(p), "no entry %zu", index);
    if (head_is_enough(e)) {
        int rc = entry_head(p, index, lim, out, err);
        /* The name lied (a PDF called .jpg): read it whole after all. */
        if (rc < 0 || (*out)->kind == PACK_KIND_IMAGE || (*out)->kind == PACK_KIND_AUDIO ||
            (*out)->kind == PACK_KIND_VIDEO || (*out)->kind == PACK_KIND_OTHER)
            return rc;
        extract_result_free(out);
    }
    int rc = pack_read_entry(p, index, &buf, &len, err);
    if (rc < 0)
        return rc;
    rc = extract_buffer(e->path, buf, len, lim, out, err);
    free(buf);
    return rc;
}

/* Append one page's text, ending with a newline. */
static void page_out(struct jstr *out, const char *text, size_t len)
{
    jstr_addn(out, text, len);
    if (len && text[len - 1] != '\n')
        jstr_addc(out, '\n');
}

/* Append pages [first, last] of a result ("\f\n" between pages). */
static void result_pages(const struct extract_result *r, long first, long last, struct jstr *out)
{
    for (long k = first; k <= last; k++) {
        if (k > first)
            jstr_add(out, "\f\n");
        page_out(out, r->pages[k - 1].text, r->pages[k - 1].len);
    }
}

/* From the search cache when this entry is indexed there. Returns 1 when the
 * cache could not answer (no cache, entry not indexed yet). */
static int cached_text(struct pack *p, size_t i, long page, struct jstr *out,
                       struct jury_error *err)
{
    struct pack_index *idx = NULL;
    struct index_entry ie;
    if (index_open_cached(&idx, pack_id(p), NULL) < 0)
        return 1;
    /* Files without text (media, hidden, links) are cheap to look at again
     * and may say more than the cache's note: let extraction answer. */
    int rc = index_entry(idx, i, &ie, NULL) < 0 || !ie.done || ie.pages == 0 ? 1 : 0;
    if (rc == 0 && ie.error)
        rc = jury_error_set(err, JURY_ERR_FORMAT, ie.path, "%s", ie.error);
    else if (rc == 0) {
        long first = page ? page : 1, last = page ? page : ie.pages;
        char *path = jury_xstrdup(ie.path);
        struct jstr pg = {0};
        for (long k = first; k <= last && rc == 0; k++) {
            if (k > first)
                jstr_add(out, "\f\n");
            jstr_clear(&pg);
            rc = index_text(idx, path, k, &pg, NULL, err);
            page_out(out, jstr_cstr(&pg), pg.len);
        }
        jstr_free(&pg);
        free(path);
    }
    index_close(&idx);
    return rc;
}

int extract_pack_text(struct pack *p, const char *path, long page, struct jstr *out,
                      struct jury_error *err)
{
    long i = pack_find(p, path);
    if (i < 0)
        return jury_error_set(err, JURY_ERR_NOTFOUND, path, "no such file in the pack");
    if (page < 0)
        return jury_error_set(err, JURY_ERR_INVALID, path, "page %ld", page);
    int rc = cached_text(p, (size_t)i, page, out, err);
    if (rc <= 0)
        return rc;
    struct extract_result *r = NULL;
    rc = extract_entry(p, (size_t)i, NULL, &r, err);
    if (rc < 0)
        return rc;
    if (r->truncated && err) /* a warning, not an error: the text so far is given */
        snprintf(err->message, sizeof err->message, "%s: %s", path, r->note);
    if (page > (long)r->n_pages)
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, path, "no page %ld (the file has %zu)", page,
                            r->n_pages);
    else if (r->n_pages == 0)
        jstr_addf(out, "[%s]\n", r->note);
    else
        result_pages(r, page ? page : 1, page ? page : (long)r->n_pages, out);
    extract_result_free(&r);
    return rc;
}
