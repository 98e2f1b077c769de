/* extract_int.h - private to packs/extract: the page builder shared by the
 * format readers (text, html, pdf, ooxml, media). */
#ifndef JURY_EXTRACT_INT_H
#define JURY_EXTRACT_INT_H

#include "packs/pack.h"

/* A result under construction: pages are appended to `cur` and closed with
 * ex_page_end. Every append goes through the text budget, so a hostile file
 * can never grow the result past limits->max_text or limits->max_pages. */
struct ex_builder {
    struct extract_result *res;
    const struct extract_limits *lim;
    const char *name; /* for error messages */
    struct jstr cur;  /* text of the page being built */
    char *cur_title;  /* sheet name, or NULL */
    size_t total;     /* text bytes in closed pages */
    size_t cap_pages;
    bool full;       /* a limit was hit: further text is dropped */
    char limit[200]; /* the first limit that cut the result, named */
};

/* Append n bytes of UTF-8 to the current page (cut at the text budget on a
 * character boundary; sets res->truncated). */
void ex_add(struct ex_builder *b, const char *s, size_t n);
void ex_adds(struct ex_builder *b, const char *s);
/* Close the current page (an empty page is kept: page numbers must match the
 * document). Returns false once max_pages is reached. */
bool ex_page_end(struct ex_builder *b);
/* Give the current page a title (copied), e.g. the sheet name. */
void ex_page_title(struct ex_builder *b, const char *title);
/* A limit cut the result: sets res->truncated and names the limit (the
 * first one hit) for the note and the caller's warning. */
void ex_limit(struct ex_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set res->note (formatted, replaces any earlier note). */
void ex_note(struct ex_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format readers: fill the builder from the bytes. Return 0, or a negative
 * status with err naming b->name (and the page or part). */
int ex_text(struct ex_builder *b, const char *data, size_t len, bool html);
int ex_pdf(struct ex_builder *b, const char *data, size_t len, struct jury_error *err);
int ex_ooxml(struct ex_builder *b, const char *data, size_t len, enum pack_kind kind,
             struct jury_error *err);
/* Media: type, size and image dimensions from the header bytes. Returns true
 * when the bytes were recognised (res->type, note, width/height set). */
bool ex_media(struct ex_builder *b, const unsigned char *data, size_t len);

/* Remove HTML tags and decode entities from UTF-8 text into b's pages. */
void ex_html_strip(struct ex_builder *b, const char *s, size_t n);

#endif
