/* index_int.h - private to packs/: the search tokenizer shared by index.c
 * and index_tok.c. */
#ifndef JURY_INDEX_INT_H
#define JURY_INDEX_INT_H

#include "packs/pack.h"

#include <sqlite3.h>

/* Register the FTS5 tokenizer "jury_ngram" on db. */
int index_tok_register(sqlite3 *db, struct jury_error *err);

/* How a query tokenizes: the number of tokens it gives, and whether the
 * phrase match alone is exact (one run of word characters, nothing else):
 * then no substring check on the page text is needed. */
size_t index_tok_query_info(const char *q, size_t n, bool *exact);

/* True for characters that are indexed (letters, digits, ideographs);
 * false for spaces, controls and punctuation, which end a run. */
bool index_tok_is_word(uint32_t cp);

#endif
