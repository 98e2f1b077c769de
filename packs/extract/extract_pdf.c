/* extract_pdf.c - PDF text per page through MuPDF, in-process, from memory.
 *
 * One fz_context per document with a capped allocator (a hostile PDF cannot
 * take more than limits->max_memory) and a store of an eighth of that;
 * MuPDF's warnings are kept (the last one explains an empty page), never
 * printed. Every MuPDF call that can throw runs inside fz_try. */
#include "packs/extract/extract_int.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdlib.h>
#include <string.h>

/* Allocator accounting: each block carries its size in a 16-byte header so
 * that realloc and free can keep the total exact. */
struct pdf_mem {
    size_t used, cap;
    bool hit; /* an allocation was refused */
};

#define MEM_HDR 16

static void *mem_malloc(void *user, size_t n)
{
    struct pdf_mem *m = user;
    if (n > m->cap - m->used || n > SIZE_MAX - MEM_HDR) {
        m->hit = true;
        return NULL;
    }
    unsigned char *p = malloc(n + MEM_HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    m->used += n;
    return p + MEM_HDR;
}

static void mem_free(void *user, void *ptr)
{
    struct pdf_mem *m = user;
    if (!ptr)
        return;
    unsigned char *p = (unsigned char *)ptr - MEM_HDR;
    size_t n;
    memcpy(&n, p, sizeof n);
    m->used -= n;
    free(p);
}

static void *mem_realloc(void *user, void *ptr, size_t n)
{
    struct pdf_mem *m = user;
    if (!ptr)
        return mem_malloc(user, n);
    if (n == 0) {
        mem_free(user, ptr);
        return NULL;
    }
    unsigned char *p = (unsigned char *)ptr - MEM_HDR;
    size_t old;
    memcpy(&old, p, sizeof old);
    if (n > old && (n - old > m->cap - m->used || n > SIZE_MAX - MEM_HDR)) {
        m->hit = true;
        return NULL;
    }
    unsigned char *q = realloc(p, n + MEM_HDR);
    if (!q)
        return NULL;
    memcpy(q, &n, sizeof n);
    m->used = m->used - old + n;
    return q + MEM_HDR;
}

struct pdf_run {
    struct ex_builder *b;
    char warning[256]; /* MuPDF's last warning */
};

static void pdf_warn(void *user, const char *message)
{
    struct pdf_run *run = user;
    snprintf(run->warning, sizeof run->warning, "%s", message);
}

/* Append one structured-text page: lines in MuPDF's reading order, a blank
 * line between blocks. */
static void stext_append(struct ex_builder *b, fz_stext_page *sp)
{
    char u[4];
    for (fz_stext_block *blk = sp->first_block; blk; blk = blk->next) {
        if (blk->type != FZ_STEXT_BLOCK_TEXT)
            continue;
        for (fz_stext_line *ln = blk->u.t.first_line; ln; ln = ln->next) {
            for (fz_stext_char *ch = ln->first_char; ch; ch = ch->next) {
                int k = ch->c > 0 ? utf8_encode((uint32_t)ch->c, u) : 0;
                ex_add(b, k ? u : "\xEF\xBF\xBD", k ? (size_t)k : 3);
            }
            ex_add(b, "\n", 1);
        }
        if (blk->next)
            ex_add(b, "\n", 1);
    }
}

/* Decompressed bytes of a page's content streams, counted up to cap (a
 * flate bomb is measured, not rendered). May throw. */
static size_t content_bytes(fz_context *ctx, fz_page *page, size_t cap)
{
    pdf_page *pp = pdf_page_from_fz_page(ctx, page);
    if (!pp)
        return 0;
    fz_stream *s = pdf_open_contents_stream(ctx, pp->doc, pdf_page_contents(ctx, pp));
    unsigned char buf[16384];
    volatile size_t n = 0; /* kept across fz_try's longjmp */
    size_t k;
    fz_try(ctx)
    {
        while (n <= cap && (k = fz_read(ctx, s, buf, sizeof buf)) > 0)
            n += k;
    }
    fz_always(ctx)
    {
        fz_drop_stream(ctx, s);
    }
    fz_catch(ctx)
    {
        fz_rethrow(ctx);
    }
    return n;
}

/* Text of page i into the builder. A page that fails keeps its number (an
 * empty page) and its reason goes into *bad. */
static void read_page(fz_context *ctx, fz_document *doc, int i, struct ex_builder *b,
                      struct jstr *bad)
{
    fz_page *page = NULL;
    fz_stext_page *sp = NULL;
    fz_stext_options opts;
    memset(&opts, 0, sizeof opts);
    fz_var(page);
    fz_var(sp);
    fz_try(ctx)
    {
        page = fz_load_page(ctx, doc, i);
        if (content_bytes(ctx, page, b->lim->max_part) > b->lim->max_part) {
            ex_limit(b, "%zu MiB of decompressed content per page (max_part)",
                     b->lim->max_part >> 20);
            fz_throw(ctx, FZ_ERROR_GENERIC, "content streams over %zu MiB", b->lim->max_part >> 20);
        }
        sp = fz_new_stext_page_from_page(ctx, page, &opts);
        stext_append(b, sp);
    }
    fz_always(ctx)
    {
        fz_drop_stext_page(ctx, sp);
        fz_drop_page(ctx, page);
    }
    fz_catch(ctx)
    {
        if (bad->len < 512)
            jstr_addf(bad, "%spage %d: %s", bad->len ? "; " : "", i + 1, fz_caught_message(ctx));
    }
}

static int pdf_pages(fz_context *ctx, fz_document *doc, struct ex_builder *b,
                     struct jury_error *err)
{
    volatile int n = 0;
    fz_try(ctx)
    {
        n = fz_count_pages(ctx, doc);
    }
    fz_catch(ctx)
    {
        return jury_error_set(err, JURY_ERR_FORMAT, b->name, "cannot count PDF pages: %s",
                              fz_caught_message(ctx));
    }
    /* a page needs its own dictionary: more pages than the file has room
     * for are the same pages listed again and again */
    if ((size_t)n > b->res->size / 16 + 1) {
        ex_limit(b, "one page per 16 bytes of file (%d pages listed in %zu bytes)", n,
                 b->res->size);
        n = (int)(b->res->size / 16 + 1);
    }
    struct jstr bad = {0};
    for (int i = 0; i < n; i++) {
        read_page(ctx, doc, i, b, &bad);
        if (!ex_page_end(b)) {
            if (i + 1 < n)
                ex_limit(b, "%zu pages (max_pages)", b->lim->max_pages);
            break;
        }
    }
    if (bad.len)
        ex_note(b, "pdf, %zu pages, %zu bytes; unreadable: %s", b->res->n_pages, b->res->size,
                bad.s);
    jstr_free(&bad);
    return 0;
}

static int pdf_open_run(fz_context *ctx, struct ex_builder *b, const char *data, size_t len,
                        struct pdf_run *run, struct jury_error *err)
{
    fz_stream *stm = NULL;
    fz_document *doc = NULL;
    volatile int rc = 0;
    fz_var(stm);
    fz_var(doc);
    fz_try(ctx)
    {
        stm = fz_open_memory(ctx, (const unsigned char *)data, len);
        doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
    }
    fz_catch(ctx)
    {
        rc = jury_error_set(err, JURY_ERR_FORMAT, b->name, "not a readable PDF: %s",
                            fz_caught_message(ctx));
    }
    if (rc == 0 && fz_needs_password(ctx, doc))
        rc = jury_error_set(err, JURY_ERR_DENIED, b->name,
                            "the PDF is encrypted with a password; its text cannot be read");
    if (rc == 0)
        rc = pdf_pages(ctx, doc, b, err);
    fz_drop_document(ctx, doc);
    fz_drop_stream(ctx, stm);
    return rc;
}

int ex_pdf(struct ex_builder *b, const char *data, size_t len, struct jury_error *err)
{
    struct pdf_mem mem = {.cap = b->lim->max_memory};
    fz_alloc_context alloc = {&mem, mem_malloc, mem_realloc, mem_free};
    struct pdf_run run = {.b = b};
    b->res->encoding = "utf-8";
    fz_context *ctx = fz_new_context(&alloc, NULL, b->lim->max_memory / 8);
    if (!ctx)
        return jury_error_set(err, JURY_ERR_LIMIT, b->name, "cannot start the PDF reader");
    fz_set_warning_callback(ctx, pdf_warn, &run);
    fz_set_error_callback(ctx, pdf_warn, &run);
    volatile int rc = 0;
    fz_try(ctx)
    {
        fz_register_document_handlers(ctx);
    }
    fz_catch(ctx)
    {
        rc = jury_error_set(err, JURY_ERR_INTERNAL, b->name, "PDF reader: %s",
                            fz_caught_message(ctx));
    }
    if (rc == 0)
        rc = pdf_open_run(ctx, b, data, len, &run, err);
    if (mem.hit && rc == 0 && b->res->n_pages == 0)
        rc = jury_error_set(err, JURY_ERR_LIMIT, b->name,
                            "the PDF needs more than %zu bytes of memory", mem.cap);
    fz_drop_context(ctx);
    return rc;
}
