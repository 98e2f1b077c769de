/* out.c - the terminal way out for untrusted text in cli/.
 *
 * Names, comments, messages and text that came from packs, rule files,
 * sheets or rosters are printed through cli_esc or cli_put, which hand them
 * to core's terminal escaper: escape sequences, controls and bidi overrides
 * become visible (\x1b, \u202e) instead of driving the terminal. `--raw`
 * (anywhere on the command line) lets the bytes through for tools that need
 * them. tests/cli/escape_lint.sh fails when a printf bypasses these. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_raw;

/* Enough for every %s of one printf: a slot is reused 32 calls later. */
#define RING 32

const char *cli_esc(const char *s)
{
    static struct jstr ring[RING];
    static unsigned next;
    if (!s)
        return "";
    if (cli_raw)
        return s;
    struct jstr *b = &ring[next++ % RING];
    jstr_clear(b);
    esc_term(b, s, strlen(s));
    return jstr_cstr(b);
}

const char *cli_escn(const char *s, size_t n)
{
    char *t = jury_xstrndup(s ? s : "", s ? n : 0);
    static char *last[RING];
    static unsigned next;
    const char *out = cli_esc(t);
    unsigned k = next++ % RING;
    free(last[k]);
    last[k] = t; /* out may be t itself under --raw */
    return out;
}

void cli_put(FILE *f, const char *s)
{
    fputs(cli_esc(s), f);
}

void cli_put_lines(FILE *f, const char *s, size_t n)
{
    if (cli_raw) {
        fwrite(s, 1, n, f);
        return;
    }
    struct jstr b = {0};
    esc_term_lines(&b, s, n);
    fwrite(b.s ? b.s : "", 1, b.len, f);
    jstr_free(&b);
}

void cli_put_json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    struct jstr b = {0};
    jstr_addc(&b, '"');
    esc_json(&b, s, strlen(s));
    jstr_addc(&b, '"');
    fputs(b.s, f);
    jstr_free(&b);
}

void cli_put_json(FILE *f, const char *doc)
{
    struct jstr b = {0};
    esc_json_doc(&b, doc ? doc : "null", doc ? strlen(doc) : 4);
    fputs(jstr_cstr(&b), f);
    jstr_free(&b);
}

int cli_strip_raw(int argc, char **argv)
{
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--raw") == 0)
            cli_raw = true;
        else
            argv[n++] = argv[i];
    }
    argv[n] = NULL;
    return n;
}
