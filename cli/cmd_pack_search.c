/* cmd_pack_search.c - `jury pack search PACK QUERY`, dispatched
 * from cmd_pack.c. The first search of a pack builds its cache (text of
 * every entry, FTS5 index) in the user data folder; later ones use it. */
#include "cli/cli.h"
#include "app/app.h"

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

static void print_hits(const struct app_hit *h, size_t n, bool json)
{
    if (!json) {
        for (size_t i = 0; i < n; i++)
            printf("%s:%d: %s\n", cli_esc(h[i].path), h[i].page, cli_esc(h[i].snippet));
        return;
    }
    fputc('[', stdout);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n {\"path\":" : "{\"path\":", stdout);
        cli_put_json_str(stdout, h[i].path);
        printf(",\"page\":%d,\"snippet\":", h[i].page);
        cli_put_json_str(stdout, h[i].snippet);
        fputc('}', stdout);
    }
    fputs("]\n", stdout);
}

/* Index what is not indexed yet, telling a terminal user why it takes a
 * moment; unreadable files are reported once. */
static void search_progress(size_t done, size_t entries, size_t failed, bool finished, void *ctx)
{
    bool tty = *(const bool *)ctx;
    if (!finished && tty)
        fprintf(stderr, "\r%s %zu/%zu", _("jury: indexing files"), done, entries);
    if (finished && tty)
        fputc('\n', stderr);
    if (finished && failed)
        fprintf(stderr, _("jury: %zu file(s) of the pack have no readable text\n"), failed);
}

int cmd_pack_search(const struct cli_args *ca)
{
    struct search_args a;
    if (!search_args_of(ca, &a))
        return EXIT_USAGE;
    int rc;
    struct app_pack_file *p = NULL;
    const struct app_hit *hits = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    bool tty = isatty(2);
    jury_tz_init();
    if (app_pack_file_open(&p, a.pack, a.passphrase, &err) < 0 ||
        app_pack_file_search(p, a.query, a.limit, search_progress, &tty, &hits, &n, &err) < 0)
        rc = cli_fail(&err);
    else {
        print_hits(hits, n, a.json);
        rc = n ? EXIT_OK : EXIT_CHECK;
    }
    app_pack_file_close(&p);
    return rc;
}
