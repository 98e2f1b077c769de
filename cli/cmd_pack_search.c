/* cmd_pack_search.c - `jury pack search PACK QUERY`, dispatched
 * from cmd_pack.c. The first search of a pack builds its cache (text of
 * every entry, FTS5 index) in the user data folder; later ones use it. */
#include "cli/cli.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct search_args {
    const char *pack, *query, *passphrase;
    bool json;
    size_t limit;
};

static bool search_args_of(const struct cli_args *ca, struct search_args *a)
{
    memset(a, 0, sizeof *a);
    a->pack = ca->pos[0];
    a->query = ca->pos[1];
    a->passphrase = cli_opt(ca, "passphrase");
    a->json = cli_has(ca, "json");
    const char *limit = cli_opt(ca, "limit");
    char *end = NULL;
    long n = limit ? strtol(limit, &end, 10) : 0;
    if (limit && (end == limit || *end || n < 0))
        return cli_usage("pack search", _("--limit needs a number of hits (0: all)")), false;
    a->limit = (size_t)n;
    return true;
}

static void print_hits(const struct index_hit *h, size_t n, bool json)
{
    if (!json) {
        for (size_t i = 0; i < n; i++)
            printf("%s:%ld: %s\n", cli_esc(h[i].path), h[i].page, cli_esc(h[i].snippet));
        return;
    }
    fputc('[', stdout);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n {\"path\":" : "{\"path\":", stdout);
        cli_put_json_str(stdout, h[i].path);
        printf(",\"page\":%ld,\"snippet\":", h[i].page);
        cli_put_json_str(stdout, h[i].snippet);
        fputc('}', stdout);
    }
    fputs("]\n", stdout);
}

/* Index what is not indexed yet, telling a terminal user why it takes a
 * moment; unreadable files are reported once. */
static int search_index(struct pack_index *idx, struct jury_error *err)
{
    struct index_progress prog;
    int rc = index_progress(idx, &prog, err);
    bool tty = isatty(2);
    while (rc == 0 && !prog.complete) {
        rc = index_step(idx, 200, &prog, err);
        if (rc == 0 && tty)
            fprintf(stderr, "\r%s %zu/%zu", _("jury: indexing files"), prog.done, prog.entries);
    }
    if (tty && rc == 0)
        fputc('\n', stderr);
    if (rc == 0 && prog.failed)
        fprintf(stderr, _("jury: %zu file(s) of the pack have no readable text\n"), prog.failed);
    return rc;
}

int cmd_pack_search(const struct cli_args *ca)
{
    struct search_args a;
    if (!search_args_of(ca, &a))
        return EXIT_USAGE;
    int rc;
    struct pack_options opt;
    pack_options_default(&opt);
    opt.passphrase = a.passphrase;
    struct pack *p = NULL;
    struct pack_index *idx = NULL;
    struct index_hit *hits = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    jury_tz_init();
    if (pack_open(&p, a.pack, &opt, &err) < 0 || index_open(&idx, p, &err) < 0 ||
        search_index(idx, &err) < 0 || index_search(idx, a.query, a.limit, &hits, &n, &err) < 0)
        rc = cli_fail(&err);
    else {
        print_hits(hits, n, a.json);
        rc = n ? EXIT_OK : EXIT_CHECK;
    }
    index_hits_free(&hits, n);
    index_close(&idx);
    pack_close(&p);
    return rc;
}
