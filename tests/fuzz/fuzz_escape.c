/* fuzz_escape.c - the escapers and the CSV writer (core/escape.c): whatever
 * the input, no escaper's output carries a character that can drive a
 * terminal (ESC, C0/C1, DEL, bidi controls, invalid UTF-8), HTML and Markdown
 * output carry no '<', and a CSV cell written by esc_csv parses back as
 * exactly one cell that no spreadsheet reads as a formula. */
#include "core/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void no_controls(const struct jstr *b, bool lines)
{
    for (size_t i = 0; i < b->len;) {
        uint32_t cp;
        int k = utf8_decode(b->s + i, b->len - i, &cp);
        if (k < 0 || (esc_unsafe_cp(cp) && !(lines && (cp == '\n' || cp == '\t'))))
            abort();
        i += (size_t)k;
    }
}

static void check_csv(const char *s, bool numeric)
{
    struct jstr b = {0};
    esc_csv(&b, s, numeric, true);
    struct csv *c = NULL;
    struct jury_error err = {0};
    if (csv_parse(b.s, b.len, "fuzz.csv", &c, NULL, &err) != JURY_OK || c->nrows != 1 ||
        c->ncols[0] != 1)
        abort();
    const char *cell = csv_get(c, 0, 0);
    bool number = numeric && esc_csv_is_number(cell);
    if (!number && cell[0] && strchr("=+-@\t\r", cell[0]))
        abort();
    csv_free(&c);
    jstr_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = jury_xstrndup((const char *)data, size); /* stops at a NUL, as C strings do */
    size_t n = strlen(s);
    struct jstr b = {0};
    esc_term(&b, s, n);
    no_controls(&b, false);
    jstr_clear(&b);
    esc_term_lines(&b, s, n);
    no_controls(&b, true);
    jstr_clear(&b);
    esc_html(&b, s, n);
    no_controls(&b, false);
    if (strchr(jstr_cstr(&b), '<') || strchr(jstr_cstr(&b), '\''))
        abort();
    jstr_clear(&b);
    esc_markdown(&b, s);
    no_controls(&b, false);
    if (strchr(jstr_cstr(&b), '<'))
        abort();
    jstr_clear(&b);
    esc_markup(&b, s);
    no_controls(&b, false);
    if (strchr(jstr_cstr(&b), '|'))
        abort();
    jstr_clear(&b);
    esc_json(&b, s, n);
    no_controls(&b, false);
    jstr_free(&b);
    char *x = esc_xlsx_dup(s);
    struct jstr xb = {.s = x, .len = strlen(x)};
    no_controls(&xb, false);
    free(x);
    check_csv(s, false);
    check_csv(s, true);
    free(s);
    return 0;
}
