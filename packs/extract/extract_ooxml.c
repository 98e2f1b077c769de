/* extract_ooxml.c - docx, xlsx and pptx: the XML parts are read from the zip
 * with libarchive (in memory, zip only, each part bounded) and walked with
 * libxml2's streaming reader (no network, no entity substitution, no DTD
 * loading, default size limits). docx: paragraphs, a page per explicit page
 * break; xlsx: a page per sheet in workbook order, tab-separated rows with
 * shared strings resolved; pptx: a page per slide in slide-number order. */
#include "packs/extract/extract_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct part {
    char *name;
    char *data;
    size_t len;
};

struct parts {
    struct part *v;
    size_t n;
};

static void parts_free(struct parts *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->v[i].name);
        free(ps->v[i].data);
    }
    free(ps->v);
}

static const struct part *parts_find(const struct parts *ps, const char *name)
{
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->v[i].name, name) == 0)
            return &ps->v[i];
    return NULL;
}

/* The zip members we read; the rest (media, styles, themes) is skipped. */
static bool part_wanted(const char *n, enum pack_kind kind)
{
    size_t l = strlen(n);
    bool xml = l > 4 && strcmp(n + l - 4, ".xml") == 0;
    if (kind == PACK_KIND_DOCX)
        return strcmp(n, "word/document.xml") == 0;
    if (kind == PACK_KIND_XLSX)
        return strcmp(n, "xl/sharedStrings.xml") == 0 || strcmp(n, "xl/workbook.xml") == 0 ||
               strcmp(n, "xl/styles.xml") == 0 || strcmp(n, "xl/_rels/workbook.xml.rels") == 0 ||
               (xml && strncmp(n, "xl/worksheets/", 14) == 0 && !strchr(n + 14, '/'));
    return xml && strncmp(n, "ppt/slides/slide", 16) == 0 && !strchr(n + 11, '/');
}

/* Inflate the current member, counting bytes ourselves (declared sizes may
 * lie), at most max bytes. */
static int part_read(struct archive *a, const char *where, size_t max, struct part *p,
                     struct jury_error *err)
{
    struct jstr buf = {0};
    char chunk[65536];
    for (;;) {
        la_ssize_t got = archive_read_data(a, chunk, sizeof chunk);
        if (got == 0)
            break;
        if (got < 0) {
            jstr_free(&buf);
            return jury_error_set(err, JURY_ERR_FORMAT, where, "cannot inflate %s: %s", p->name,
                                  archive_error_string(a));
        }
        if ((size_t)got > max - buf.len) {
            jstr_free(&buf);
            return jury_error_set(err, JURY_ERR_LIMIT, where,
                                  "part %s inflates to more than %zu bytes", p->name, max);
        }
        jstr_addn(&buf, chunk, (size_t)got);
    }
    p->len = buf.len;
    p->data = jstr_take(&buf);
    return 0;
}

static int parts_load(const char *data, size_t len, enum pack_kind kind,
                      const struct extract_limits *lim, const char *where, struct parts *ps,
                      struct jury_error *err)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    int rc = 0;
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        rc = jury_error_set(err, JURY_ERR_FORMAT, where, "not a readable zip: %s",
                            archive_error_string(a));
        goto out;
    }
    struct archive_entry *e;
    size_t seen = 0;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *n = archive_entry_pathname(e);
        if (++seen > 100000) {
            rc = jury_error_set(err, JURY_ERR_LIMIT, where, "more than 100000 zip members");
            goto out;
        }
        if (!n || !part_wanted(n, kind) || parts_find(ps, n))
            continue;
        ps->v = jury_xrealloc(ps->v, (ps->n + 1) * sizeof *ps->v);
        struct part *p = &ps->v[ps->n++];
        *p = (struct part){.name = jury_xstrdup(n)};
        if ((rc = part_read(a, where, lim->max_part, p, err)) < 0)
            goto out;
    }
    if (r != ARCHIVE_EOF)
        rc =
            jury_error_set(err, JURY_ERR_FORMAT, where, "damaged zip: %s", archive_error_string(a));
out:
    archive_read_free(a);
    return rc;
}

/* ---------------------------------------------------------- XML walking */

/* Callbacks of a streaming walk; `name` is the element's local name. */
struct walk {
    void (*start)(struct walk *w, xmlTextReaderPtr r, const char *name);
    void (*end)(struct walk *w, const char *name);
    void (*text)(struct walk *w, const char *s);
    struct ex_builder *b;
    bool stop; /* set by a callback: a limit was hit */
};

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev,
                      xmlTextReaderLocatorPtr loc)
{
    struct jstr *e = arg;
    if (sev == XML_PARSER_SEVERITY_ERROR && e->len == 0)
        jstr_addf(e, "line %d: %s", xmlTextReaderLocatorLineNumber(loc), msg);
}

/* The value of the attribute with local name `local` (caller frees), or NULL. */
static char *attr_local(xmlTextReaderPtr r, const char *local)
{
    char *v = NULL;
    while (!v && xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *ln = (const char *)xmlTextReaderConstLocalName(r);
        if (ln && strcmp(ln, local) == 0)
            v = jury_xstrdup((const char *)xmlTextReaderConstValue(r));
    }
    xmlTextReaderMoveToElement(r);
    return v;
}

static int walk_part(struct walk *w, const struct part *p, const char *where,
                     struct jury_error *err)
{
    struct jstr perr = {0};
    xmlTextReaderPtr r =
        xmlReaderForMemory(p->data, (int)p->len, p->name, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r)
        return jury_error_set(err, JURY_ERR_FORMAT, where, "%s: cannot parse XML", p->name);
    xmlTextReaderSetErrorHandler(r, xml_error, &perr);
    int ret;
    while (!w->stop && (ret = xmlTextReaderRead(r)) == 1) {
        int t = xmlTextReaderNodeType(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (t == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(r);
            w->start(w, r, name);
            if (empty)
                w->end(w, name);
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            w->end(w, name);
        } else if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
                   t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            w->text(w, (const char *)xmlTextReaderConstValue(r));
        }
    }
    xmlFreeTextReader(r);
    int rc = 0;
    if (!w->stop && ret < 0)
        rc = jury_error_set(err, JURY_ERR_FORMAT, where, "%s: broken XML: %s", p->name,
                            perr.len ? perr.s : "parse error");
    jstr_free(&perr);
    return rc;
}

/* ---------------------------------------------------------------- docx */

struct docx_walk {
    struct walk w;
    int in_t;     /* inside w:t */
    size_t paras; /* counted against max_cells: empty paragraphs cost too */
};

static void docx_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    struct docx_walk *d = (struct docx_walk *)w;
    if (strcmp(n, "t") == 0) {
        d->in_t++;
    } else if (strcmp(n, "tab") == 0) {
        ex_add(w->b, "\t", 1);
    } else if (strcmp(n, "br") == 0 || strcmp(n, "cr") == 0) {
        char *type = attr_local(r, "type");
        if (!type || strcmp(type, "page") != 0)
            ex_add(w->b, "\n", 1);
        else if (!ex_page_end(w->b))
            w->stop = true;
        free(type);
    }
}

static void docx_end(struct walk *w, const char *n)
{
    struct docx_walk *d = (struct docx_walk *)w;
    if (strcmp(n, "t") == 0 && d->in_t > 0)
        d->in_t--;
    else if (strcmp(n, "p") == 0 && ++d->paras > w->b->lim->max_cells) {
        ex_limit(w->b, "%zu paragraphs (max_cells)", w->b->lim->max_cells);
        w->stop = true;
    } else if (strcmp(n, "p") == 0) {
        ex_add(w->b, "\n", 1);
    }
}

static void docx_text(struct walk *w, const char *s)
{
    if (((struct docx_walk *)w)->in_t)
        ex_adds(w->b, s);
}

static int docx_run(struct ex_builder *b, const struct parts *ps, struct jury_error *err)
{
    const struct part *doc = parts_find(ps, "word/document.xml");
    if (!doc)
        return jury_error_set(err, JURY_ERR_FORMAT, b->name, "no word/document.xml: not a docx");
    struct docx_walk d = {{docx_start, docx_end, docx_text, b, false}, 0, 0};
    int rc = walk_part(&d.w, doc, b->name, err);
    if (rc == 0 && !d.w.stop)
        ex_page_end(b);
    return rc;
}

/* ---------------------------------------------------------------- pptx */

static int slide_number(const char *name)
{
    return atoi(name + strlen("ppt/slides/slide"));
}

static int slide_cmp(const void *a, const void *b)
{
    const struct part *const *x = a, *const *y = b;
    return slide_number((*x)->name) - slide_number((*y)->name);
}

static void pptx_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    if (strcmp(n, "t") == 0)
        ((struct docx_walk *)w)->in_t++;
    else if (strcmp(n, "br") == 0)
        ex_add(w->b, "\n", 1);
}

static int pptx_run(struct ex_builder *b, const struct parts *ps, struct jury_error *err)
{
    const struct part **slides = jury_xcalloc(ps->n + 1, sizeof *slides);
    size_t n = 0;
    for (size_t i = 0; i < ps->n; i++)
        slides[n++] = &ps->v[i];
    qsort(slides, n, sizeof *slides, slide_cmp);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct docx_walk d = {{pptx_start, docx_end, docx_text, b, false}, 0, 0};
        rc = walk_part(&d.w, slides[i], b->name, err);
        if (rc == 0 && !ex_page_end(b)) {
            if (i + 1 < n)
                ex_limit(b, "%zu pages (max_pages)", b->lim->max_pages);
            break;
        }
    }
    free(slides);
    if (rc == 0 && n == 0)
        ex_note(b, "pptx without slides, %zu bytes", b->res->size);
    return rc;
}

/* ---------------------------------------------------------------- xlsx */

struct strs {
    char **v;
    size_t n, cap;
};

static void strs_push(struct strs *s, char *v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = jury_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = v;
}

static void strs_free(struct strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* Shared strings: the text of each <si>, phonetic runs (<rPh>) left out. */
struct sst_walk {
    struct walk w;
    struct strs *out;
    struct jstr cur;
    int in_t, in_rph;
    size_t bytes, max;
    size_t max_strings; /* <si> elements, empty ones too (max_cells) */
};

static void sst_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    struct sst_walk *s = (struct sst_walk *)w;
    s->in_t += strcmp(n, "t") == 0;
    s->in_rph += strcmp(n, "rPh") == 0;
}

static void sst_end(struct walk *w, const char *n)
{
    struct sst_walk *s = (struct sst_walk *)w;
    if (strcmp(n, "t") == 0 && s->in_t)
        s->in_t--;
    else if (strcmp(n, "rPh") == 0 && s->in_rph)
        s->in_rph--;
    else if (strcmp(n, "si") == 0 && s->out->n >= s->max_strings) {
        ex_limit(w->b, "%zu shared strings (max_cells)", s->max_strings);
        w->stop = true;
    } else if (strcmp(n, "si") == 0) {
        strs_push(s->out, jstr_take(&s->cur));
    }
}

static void sst_text(struct walk *w, const char *t)
{
    struct sst_walk *s = (struct sst_walk *)w;
    if (!s->in_t || s->in_rph)
        return;
    size_t l = strlen(t);
    s->bytes += l;
    if (s->bytes > s->max) { /* a shared-strings bomb: stop, keep what we have */
        w->stop = true;
        ex_limit(w->b, "%zu bytes of shared strings (max_text)", s->max);
        return;
    }
    jstr_addn(&s->cur, t, l);
}

/* Workbook order: <sheet name r:id> in workbook.xml, resolved through the
 * relationships file to worksheet parts. */
struct wb_walk {
    struct walk w;
    struct strs names, ids, rel_ids, rel_targets;
};

static void wb_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    struct wb_walk *k = (struct wb_walk *)w;
    if (strcmp(n, "sheet") == 0) {
        char *name = attr_local(r, "name"), *id = attr_local(r, "id");
        strs_push(&k->names, name ? name : jury_xstrdup(""));
        strs_push(&k->ids, id ? id : jury_xstrdup(""));
    } else if (strcmp(n, "Relationship") == 0) {
        char *id = attr_local(r, "Id"), *target = attr_local(r, "Target");
        strs_push(&k->rel_ids, id ? id : jury_xstrdup(""));
        strs_push(&k->rel_targets, target ? target : jury_xstrdup(""));
    }
}

static void nop_end(struct walk *w, const char *n)
{
}

static void nop_text(struct walk *w, const char *s)
{
}

/* Part name of relationship target t ("worksheets/sheet1.xml" or
 * "/xl/worksheets/sheet1.xml"). Caller frees. */
static char *xl_target(const char *t)
{
    if (t[0] == '/')
        return jury_xstrdup(t + 1);
    struct jstr s = {0};
    jstr_addf(&s, "xl/%s", t);
    return jstr_take(&s);
}

/* ---------------------------------------------------------------- styles */

/* How a cell style shows a number (xl/styles.xml): a percentage cell holds
 * 0.38 and shows "38%", a date cell holds 46112 and shows 2026-03-31. The
 * text keeps what the person typed and saw. */
enum cell_fmt { FMT_PLAIN, FMT_PERCENT, FMT_DATE };

#define MAX_STYLES 65536

struct styles_walk {
    struct walk w;
    long custom_id[256]; /* numFmt ids with their kinds */
    unsigned char custom_kind[256];
    size_t n_custom;
    unsigned char *xf; /* cellXfs index -> enum cell_fmt */
    size_t n_xf;
    int in_xfs;
};

/* A format code's kind: '%' outside quotes is a percentage; y, d or m
 * (without h or s: a time) outside quotes and [colours] is a date. */
static enum cell_fmt code_kind(const char *code)
{
    bool pct = false, date = false, time = false, quoted = false;
    int bracket = 0;
    for (const char *c = code; *c; c++) {
        if (*c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*c == '\\' && c[1])
            c++;
        else if (*c == '[')
            bracket++;
        else if (*c == ']' && bracket)
            bracket--;
        else if (bracket)
            continue;
        else if (*c == '%')
            pct = true;
        else if (strchr("yYdD", *c) || ((*c == 'm' || *c == 'M') && !time))
            date = true;
        else if (strchr("hHsS", *c))
            time = true;
    }
    return pct ? FMT_PERCENT : date ? FMT_DATE : FMT_PLAIN;
}

static enum cell_fmt builtin_kind(long id)
{
    if (id == 9 || id == 10)
        return FMT_PERCENT;
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return FMT_DATE; /* 27-36, 50-58: the East Asian date formats (年月日) */
    return FMT_PLAIN;
}

static void styles_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    struct styles_walk *s = (struct styles_walk *)w;
    if (strcmp(n, "cellXfs") == 0) {
        s->in_xfs = 1;
        return;
    }
    char *id = attr_local(r, "numFmtId");
    long fid = id ? strtol(id, NULL, 10) : 0;
    free(id);
    if (strcmp(n, "numFmt") == 0 && s->n_custom < 256) {
        char *code = attr_local(r, "formatCode");
        s->custom_id[s->n_custom] = fid;
        s->custom_kind[s->n_custom++] = (unsigned char)code_kind(code ? code : "");
        free(code);
    } else if (strcmp(n, "xf") == 0 && s->in_xfs && s->n_xf < MAX_STYLES) {
        enum cell_fmt k = builtin_kind(fid);
        for (size_t i = 0; i < s->n_custom; i++)
            if (s->custom_id[i] == fid)
                k = (enum cell_fmt)s->custom_kind[i];
        s->xf = jury_xrealloc(s->xf, s->n_xf + 1);
        s->xf[s->n_xf++] = (unsigned char)k;
    }
}

static void styles_end(struct walk *w, const char *n)
{
    if (strcmp(n, "cellXfs") == 0)
        ((struct styles_walk *)w)->in_xfs = 0;
}

/* A 1900-system serial day as "YYYY-MM-DD" (days from 1970 by Howard
 * Hinnant's civil_from_days). */
static void serial_date(double v, char *out, size_t size)
{
    long z = (long)floor(v) - 25569 + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(out, size, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
}

/* The shown text of a numeric cell v under style kind k (NULL: as stored). */
static const char *shown_number(const char *v, enum cell_fmt k, char *buf, size_t size)
{
    char *end;
    double d = strtod(v, &end);
    if (!*v || *end || !isfinite(d))
        return NULL;
    if (k == FMT_PERCENT) {
        snprintf(buf, size, "%.12g%%", d * 100);
        return buf;
    }
    if (k == FMT_DATE && d >= 61 && d < 2958466) {
        serial_date(d, buf, size);
        return buf;
    }
    return NULL;
}

/* ---------------------------------------------------------------- xlsx */

/* One sheet: rows become lines, cells tab-separated at their column. */
struct sheet_walk {
    struct walk w;
    const struct strs *sst;
    const struct styles_walk *styles;
    long style; /* s attribute of the current cell */
    size_t *cells, max_cells;
    long col, last_col; /* column of the current cell, of the last one written */
    long next;          /* column of a following cell without a reference */
    char *type;         /* t attribute of the current cell */
    struct jstr val;
    int in_v, in_t;
};

/* Column index from a cell reference "AB12" (0-based), or -1. */
static long ref_col(const char *ref)
{
    long c = 0;
    int k = 0;
    for (; ref[k] >= 'A' && ref[k] <= 'Z' && k < 4; k++)
        c = c * 26 + (ref[k] - 'A' + 1);
    return k ? c - 1 : -1;
}

static void sheet_start(struct walk *w, xmlTextReaderPtr r, const char *n)
{
    struct sheet_walk *s = (struct sheet_walk *)w;
    if (strcmp(n, "row") == 0) {
        s->last_col = -1;
        s->next = 0;
    } else if (strcmp(n, "c") == 0) {
        char *ref = attr_local(r, "r");
        s->col = ref ? ref_col(ref) : s->next;
        if (s->col < s->next)
            s->col = s->next;
        s->next = s->col + 1;
        free(ref);
        free(s->type);
        s->type = attr_local(r, "t");
        char *st = attr_local(r, "s");
        s->style = st ? strtol(st, NULL, 10) : 0;
        free(st);
        jstr_clear(&s->val);
    } else if (strcmp(n, "v") == 0) {
        s->in_v++;
    } else if (strcmp(n, "t") == 0) {
        s->in_t++;
    }
}

/* The shown value of the finished cell: shared strings resolved, booleans
 * spelled, tabs and newlines inside a cell flattened to spaces. */
static void cell_emit(struct sheet_walk *s)
{
    char num[64];
    const char *v = jstr_cstr(&s->val);
    if (s->type && strcmp(s->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        v = (*v && !*end && i < s->sst->n) ? s->sst->v[i] : "";
    } else if (s->type && strcmp(s->type, "b") == 0) {
        v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    } else if ((!s->type || strcmp(s->type, "n") == 0) && s->style > 0 &&
               (size_t)s->style < s->styles->n_xf) {
        const char *shown =
            shown_number(v, (enum cell_fmt)s->styles->xf[s->style], num, sizeof num);
        v = shown ? shown : v;
    }
    if (!*v)
        return;
    if (++*s->cells > s->max_cells) {
        s->w.stop = true;
        ex_limit(s->w.b, "%zu cells per workbook (max_cells)", s->max_cells);
        return;
    }
    /* Empty cells before this one keep their columns: one tab each. */
    long gap = s->col - s->last_col;
    long tabs = s->last_col < 0 ? gap - 1 : gap;
    for (long i = 0; i < tabs && i < 16384; i++)
        ex_add(s->w.b, "\t", 1);
    for (const char *p = v; *p; p++)
        ex_add(s->w.b, (*p == '\t' || *p == '\n' || *p == '\r') ? " " : p, 1);
    s->last_col = s->col;
}

static void sheet_end(struct walk *w, const char *n)
{
    struct sheet_walk *s = (struct sheet_walk *)w;
    if (strcmp(n, "v") == 0 && s->in_v)
        s->in_v--;
    else if (strcmp(n, "t") == 0 && s->in_t)
        s->in_t--;
    else if (strcmp(n, "c") == 0)
        cell_emit(s);
    else if (strcmp(n, "row") == 0 && s->last_col >= 0)
        ex_add(w->b, "\n", 1);
}

static void sheet_text(struct walk *w, const char *t)
{
    struct sheet_walk *s = (struct sheet_walk *)w;
    if ((s->in_v || s->in_t) && s->val.len < 32768)
        jstr_add(&s->val, t);
}

static int xlsx_sheet(struct ex_builder *b, const struct part *p, const char *title,
                      const struct strs *sst, const struct styles_walk *styles, size_t *cells,
                      struct jury_error *err)
{
    struct sheet_walk s = {.w = {sheet_start, sheet_end, sheet_text, b, false},
                           .sst = sst,
                           .styles = styles,
                           .cells = cells,
                           .max_cells = b->lim->max_cells,
                           .last_col = -1};
    ex_page_title(b, title);
    int rc = walk_part(&s.w, p, b->name, err);
    free(s.type);
    jstr_free(&s.val);
    return rc;
}

/* Worksheet parts in workbook order (names[i] their titles); falls back to
 * the parts' own order when the workbook cannot be resolved. */
static void xlsx_order(const struct parts *ps, struct wb_walk *k, const struct part **order,
                       const char **titles, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < k->ids.n; i++)
        for (size_t j = 0; j < k->rel_ids.n; j++) {
            if (strcmp(k->ids.v[i], k->rel_ids.v[j]) != 0)
                continue;
            char *pn = xl_target(k->rel_targets.v[j]);
            const struct part *p = parts_find(ps, pn);
            free(pn);
            if (p && *n < ps->n) {
                titles[*n] = k->names.v[i];
                order[(*n)++] = p;
            }
            break;
        }
    if (*n)
        return;
    for (size_t i = 0; i < ps->n; i++)
        if (strncmp(ps->v[i].name, "xl/worksheets/", 14) == 0) {
            titles[*n] = NULL;
            order[(*n)++] = &ps->v[i];
        }
}

static int xlsx_run(struct ex_builder *b, const struct parts *ps, struct jury_error *err)
{
    struct strs sst = {0};
    struct wb_walk k = {.w = {wb_start, nop_end, nop_text, b, false}};
    const struct part *p;
    int rc = 0;
    if ((p = parts_find(ps, "xl/sharedStrings.xml"))) {
        struct sst_walk s = {.w = {sst_start, sst_end, sst_text, b, false},
                             .out = &sst,
                             .max = b->lim->max_text,
                             .max_strings = b->lim->max_cells};
        rc = walk_part(&s.w, p, b->name, err);
        jstr_free(&s.cur);
    }
    struct styles_walk sw = {.w = {styles_start, styles_end, nop_text, b, false}};
    struct jury_error serr = {0};
    if (rc == 0 && (p = parts_find(ps, "xl/styles.xml")) && walk_part(&sw.w, p, b->name, &serr) < 0)
        sw.n_xf = 0; /* broken styles: show the stored values */
    if (rc == 0 && (p = parts_find(ps, "xl/workbook.xml")))
        rc = walk_part(&k.w, p, b->name, err);
    if (rc == 0 && (p = parts_find(ps, "xl/_rels/workbook.xml.rels")))
        rc = walk_part(&k.w, p, b->name, err);
    const struct part **order = jury_xcalloc(ps->n + 1, sizeof *order);
    const char **titles = jury_xcalloc(ps->n + 1, sizeof *titles);
    size_t n = 0, cells = 0;
    if (rc == 0)
        xlsx_order(ps, &k, order, titles, &n);
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = xlsx_sheet(b, order[i], titles[i], &sst, &sw, &cells, err);
        if (rc == 0 && !ex_page_end(b)) {
            if (i + 1 < n)
                ex_limit(b, "%zu pages (max_pages)", b->lim->max_pages);
            break;
        }
    }
    free(order);
    free(titles);
    free(sw.xf);
    strs_free(&sst);
    strs_free(&k.names);
    strs_free(&k.ids);
    strs_free(&k.rel_ids);
    strs_free(&k.rel_targets);
    if (rc == 0 && n == 0)
        return jury_error_set(err, JURY_ERR_FORMAT, b->name, "no worksheets: not an xlsx");
    return rc;
}

int ex_ooxml(struct ex_builder *b, const char *data, size_t len, enum pack_kind kind,
             struct jury_error *err)
{
    struct parts ps = {0};
    b->res->encoding = "utf-8";
    b->res->type = kind == PACK_KIND_DOCX ? "docx" : kind == PACK_KIND_XLSX ? "xlsx" : "pptx";
    int rc = parts_load(data, len, kind, b->lim, b->name, &ps, err);
    if (rc == 0) {
        if (kind == PACK_KIND_DOCX)
            rc = docx_run(b, &ps, err);
        else if (kind == PACK_KIND_XLSX)
            rc = xlsx_run(b, &ps, err);
        else
            rc = pptx_run(b, &ps, err);
    }
    parts_free(&ps);
    return rc;
}
