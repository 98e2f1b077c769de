/* sheet_int.h - private to db/sheet: the canonical JSON writer and strict
 * reader, and the replay check of a sheet's own audit log. */
#ifndef JURY_SHEET_INT_H
#define JURY_SHEET_INT_H

#include "db/sheet/sheet.h"

/* sheet_json.c: the canonical JSON of sheets, byte for byte what jansson
 * wrote with JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10) (the
 * first sheets), so old and new sheets share one strict reader. */
/* s (n bytes) is UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), as jansson required of every string. */
bool sj_utf8_ok(const char *s, size_t n);
/* Append s (n bytes) as a JSON string; false (nothing appended) when s is
 * not UTF-8. Escapes exactly ", \, \b \f \n \r \t and \u00XX below 0x20. */
bool sj_string(struct jstr *b, const char *s, size_t n);
/* A real as jansson prints it: %.10g, ".0" added when it would read as an
 * integer, exponent without '+' or leading zeros. false when not finite. */
bool sj_real(struct jstr *b, double v);

/* A strict reader of that JSON: positions into one buffer, the first error
 * names the byte offset; nothing is allocated but the strings returned. */
struct sj {
    const char *base, *p, *end;
    const char *path; /* for errors */
    struct jury_error *err;
    int status; /* 0 or the first error */
};
/* Expect the exact bytes lit. */
bool sj_lit(struct sj *c, const char *lit);
/* A string or (nullable) null; *out owned by the caller (NULL for null). */
bool sj_str(struct sj *c, bool nullable, char **out);
/* A canonical non-negative integer <= max. */
bool sj_uint(struct sj *c, uint64_t max, uint64_t *out);
/* A canonical real (exactly as sj_real prints it). */
bool sj_num(struct sj *c, double *out);
/* Peek: the next byte is ch (not consumed). */
bool sj_peek(const struct sj *c, char ch);
/* Fail with "sheet content: what at byte N". */
bool sj_fail(struct sj *c, const char *what);

/* sheet_replay.c: every value of a sheet is the last word its own audit log
 * gave it, and every value the log leaves standing is in the sheet
 * (JURY_ERR_CORRUPT "inconsistent audit log: ..." naming the first). */
int sheet_replay_check(const char *path, const struct sheet *sh, struct jury_error *err);

#endif
