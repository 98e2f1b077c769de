/* index_tok.c - the FTS5 tokenizer "jury_ngram": exact substring search for
 * Chinese terms of any length (and for Latin text) on SQLite 3.40.
 *
 * A document is split into runs of word characters (letters, digits,
 * ideographs; spaces, controls and punctuation end a run). Each character
 * is a unigram token at its own position, and the bigram it forms with the
 * next character of its run is a colocated token at the same position. A
 * query run c0..ck-1 becomes the phrase bigram(c0c1) bigram(c1c2) ...
 * unigram(ck-1): a phrase match then means the characters are adjacent in
 * the document, so a query that is one run matches exactly; a query with
 * separators gives a superset that index.c filters by substring. ASCII
 * letters are folded to lower case (search is ASCII case-insensitive).
 * A line break between two characters beyond ASCII joins them (cjk_wrap). */
#include "packs/index_int.h"

#include <stdlib.h>
#include <string.h>

bool index_tok_is_word(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp <= 0xBF) /* Latin-1 controls, NBSP, punctuation */
        return false;
    if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation, spaces */
        return false;
    if (cp >= 0x2E00 && cp <= 0x2E7F) /* supplemental punctuation */
        return false;
    if (cp >= 0x3000 && cp <= 0x303F) /* CJK symbols and punctuation: 、。「」 */
        return false;
    if (cp >= 0xFE30 && cp <= 0xFE4F) /* CJK compatibility forms */
        return false;
    if (cp >= 0xFF00 && cp <= 0xFF65) /* full-width punctuation, not letters/digits */
        return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
               (cp >= 0xFF41 && cp <= 0xFF5A);
    return cp != 0xFEFF;
}

/* One character of the text: its bytes (ASCII folded) and offsets. */
struct tok_char {
    char b[4];
    int n;
    int start, end;
};

typedef int (*tok_emit)(void *ctx, int tflags, const char *tok, int n, int start, int end);

static int emit_one(tok_emit emit, void *ctx, int tflags, const struct tok_char *c)
{
    return emit(ctx, tflags, c->b, c->n, c->start, c->end);
}

static int emit_two(tok_emit emit, void *ctx, int tflags, const struct tok_char *a,
                    const struct tok_char *c)
{
    char t[8];
    memcpy(t, a->b, (size_t)a->n);
    memcpy(t + a->n, c->b, (size_t)c->n);
    return emit(ctx, tflags, t, a->n + c->n, a->start, c->end);
}

/* Read the character at text[i]; returns its byte length (>= 1) and sets
 * *word when it is indexed. */
static int tok_next(const char *text, int n, int i, struct tok_char *c, bool *word)
{
    uint32_t cp;
    int k = utf8_decode(text + i, (size_t)(n - i), &cp);
    if (k < 0) {
        *word = false;
        return 1;
    }
    *word = index_tok_is_word(cp);
    memcpy(c->b, text + i, (size_t)k);
    if (k == 1 && c->b[0] >= 'A' && c->b[0] <= 'Z')
        c->b[0] = (char)(c->b[0] | 0x20);
    c->n = k;
    c->start = i;
    c->end = i + k;
    return k;
}

/* A line break inside a paragraph at text[i] (spaces, one '\n', spaces)
 * followed by a character beyond ASCII: the offset of that character, else
 * i. Text wrapped by hand cuts CJK words ("近三" / "年无投诉"); after a CJK
 * character such a break does not end the run. Latin words stay apart. */
static int cjk_wrap(const char *text, int n, int i)
{
    int j = i, breaks = 0;
    for (; j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'); j++)
        breaks += text[j] == '\n';
    return breaks == 1 && j < n && (unsigned char)text[j] >= 0x80 ? j : i;
}

/* The tokenizer proper, for documents (query=false) and queries. */
static int tok_run(void *ctx, bool query, const char *text, int n, tok_emit emit)
{
    struct tok_char prev = {0}, c;
    bool in_run = false;
    int rc = SQLITE_OK;
    for (int i = 0; i < n && rc == SQLITE_OK;) {
        bool word;
        if (in_run && prev.n > 1)
            i = cjk_wrap(text, n, i);
        i += tok_next(text, n, i, &c, &word);
        if (!word) {
            if (in_run && query)
                rc = emit_one(emit, ctx, 0, &prev);
            in_run = false;
            continue;
        }
        if (in_run)
            rc = emit_two(emit, ctx, query ? 0 : FTS5_TOKEN_COLOCATED, &prev, &c);
        if (rc == SQLITE_OK && !query)
            rc = emit_one(emit, ctx, 0, &c);
        prev = c;
        in_run = true;
    }
    if (rc == SQLITE_OK && in_run && query)
        rc = emit_one(emit, ctx, 0, &prev);
    return rc;
}

/* ------------------------------------------------------- FTS5 plumbing */

struct ngram_tok {
    int unused;
};

static int ngram_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    *out = (Fts5Tokenizer *)jury_xcalloc(1, sizeof(struct ngram_tok));
    return SQLITE_OK;
}

static void ngram_delete(Fts5Tokenizer *t)
{
    free(t);
}

static int ngram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                          tok_emit emit)
{
    bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    return tok_run(ctx, query, text, n, emit);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int index_tok_register(sqlite3 *db, struct jury_error *err)
{
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2)
        return jury_error_set(err, JURY_ERR_INTERNAL, "sqlite", "SQLite was built without FTS5");
    fts5_tokenizer tok = {ngram_create, ngram_delete, ngram_tokenize};
    if (api->xCreateTokenizer(api, "jury_ngram", NULL, &tok, NULL) != SQLITE_OK)
        return jury_error_set(err, JURY_ERR_INTERNAL, "sqlite", "cannot register tokenizer: %s",
                              sqlite3_errmsg(db));
    return 0;
}

/* ------------------------------------------------------ query analysis */

struct count_ctx {
    size_t n;
};

static int count_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    ((struct count_ctx *)ctx)->n++;
    return SQLITE_OK;
}

size_t index_tok_query_info(const char *q, size_t n, bool *exact)
{
    struct count_ctx c = {0};
    int len = n > (size_t)1 << 30 ? 1 << 30 : (int)n;
    tok_run(&c, true, q, len, count_emit);
    /* Exact when every character is a word character: one run. */
    *exact = c.n > 0;
    for (int i = 0; i < len && *exact;) {
        struct tok_char ch;
        bool word;
        i += tok_next(q, len, i, &ch, &word);
        *exact = word;
    }
    return c.n;
}
