/* cmd_pack.c - `jury pack inspect|text|verify|build`. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const char cmd_pack_summary[] = "inspect, verify, read and build application packs";
const char cmd_pack_usage[] =
    "usage: jury pack inspect PACK [--json] [--passphrase P]\n"
    "       jury pack text PACK PATH [--page N] [--passphrase P]\n"
    "       jury pack search PACK QUERY [--json] [--limit N] [--passphrase P]\n"
    "       jury pack verify PACK [--passphrase P]\n"
    "       jury pack build SRC --task ID [--facts FILE.csv|.json] [--applicant NAME]\n"
    "                       [--title T] [--region R] -o OUT.zip\n"
    "\n"
    "PACK is a zip, 7z, tar, tar.gz or tar.xz file. Encrypted zips take the\n"
    "passphrase from --passphrase, else $JURY_PASSPHRASE, else it is asked for\n"
    "when a terminal is attached. verify reads every entry: exit 0 clean, 1 with\n"
    "warnings (listed), 2 unusable. build turns a folder or an applicant's archive\n"
    "into a pack zip with manifest.json (UTF-8 names, sorted, fixed timestamps).\n";

/* Options shared by the subcommands; positional arguments in pos[]. */
struct pack_args {
    const char *pos[3];
    int n_pos;
    bool json;
    long page;
    const char *passphrase, *task, *facts, *applicant, *title, *region, *out;
};

static int take(int argc, char **argv, int *i, const char **val)
{
    if (*i + 1 >= argc)
        return cli_usage("pack", "%s needs a value", argv[*i]);
    *val = argv[++*i];
    return 0;
}

static int parse_args(int argc, char **argv, struct pack_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i], *page = NULL;
        int rc = 0;
        if (strcmp(s, "--json") == 0)
            a->json = true;
        else if (strcmp(s, "--passphrase") == 0)
            rc = take(argc, argv, &i, &a->passphrase);
        else if (strcmp(s, "--task") == 0)
            rc = take(argc, argv, &i, &a->task);
        else if (strcmp(s, "--facts") == 0)
            rc = take(argc, argv, &i, &a->facts);
        else if (strcmp(s, "--applicant") == 0)
            rc = take(argc, argv, &i, &a->applicant);
        else if (strcmp(s, "--title") == 0)
            rc = take(argc, argv, &i, &a->title);
        else if (strcmp(s, "--region") == 0)
            rc = take(argc, argv, &i, &a->region);
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0)
            rc = take(argc, argv, &i, &a->out);
        else if (strcmp(s, "--page") == 0) {
            rc = take(argc, argv, &i, &page);
            char *end;
            a->page = rc ? 0 : strtol(page, &end, 10);
            if (!rc && (*end || a->page < 1))
                rc = cli_usage("pack", "--page needs a page number from 1");
        } else if (s[0] == '-' && s[1])
            rc = cli_usage("pack", "unknown option '%s'", s);
        else if (a->n_pos < 3)
            a->pos[a->n_pos++] = s;
        else
            rc = cli_usage("pack", "unexpected argument '%s'", s);
        if (rc)
            return rc;
    }
    return 0;
}

/* Ask on the terminal with echo off; NULL when there is no terminal. */
static char *ask_passphrase(const char *path)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty || !isatty(fileno(tty))) {
        if (tty)
            fclose(tty);
        return NULL;
    }
    fprintf(tty, "Passphrase for %s: ", cli_esc(path));
    fflush(tty);
    struct termios old, quiet;
    bool restore = tcgetattr(fileno(tty), &old) == 0;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    char buf[512];
    char *r = fgets(buf, sizeof buf, tty);
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    if (!r)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *pass = jury_xstrdup(buf);
    memset(buf, 0, sizeof buf);
    return pass;
}

/* Open PACK; when entries are encrypted and no passphrase was given, ask. */
static int open_pack(const char *path, const char *passphrase, struct app_pack_file **p)
{
    struct jury_error err = {0};
    if (app_pack_file_open(p, path, passphrase, &err) != 0)
        return cli_fail(&err);
    if (!app_pack_file_needs_passphrase(*p))
        return 0;
    char *asked = ask_passphrase(path);
    if (!asked)
        return 0; /* listing works without it; reads will say what is missing */
    app_pack_file_close(p);
    int rc = app_pack_file_open(p, path, asked, &err);
    memset(asked, 0, strlen(asked));
    free(asked);
    return rc ? cli_fail(&err) : 0;
}

static void print_manifest(const struct app_pack_info *m)
{
    if (!m->manifest) {
        puts("manifest  none");
        return;
    }
    printf("manifest  task %s, applicant %s, %zu facts, %zu evidence links\n",
           cli_esc(m->task ? m->task : "?"), cli_esc(m->applicant ? m->applicant : "?"), m->n_facts,
           m->n_evidence);
    if (m->title)
        printf("title     %s\n", cli_esc(m->title));
    if (m->region)
        printf("region    %s\n", cli_esc(m->region));
}

static void print_warnings(const struct app_pack_file *p, FILE *out)
{
    struct app_pack_info in;
    app_pack_file_info(p, &in);
    for (size_t i = 0; i < in.n_warnings; i++) {
        struct app_pack_warning w;
        app_pack_file_warning(p, i, &w);
        fprintf(out, "  %-16s %s%s%s\n", w.code, cli_esc(w.path), *w.path ? ": " : "",
                cli_esc(w.message));
    }
}

static void print_inspect(const struct app_pack_file *p)
{
    struct app_pack_info in;
    app_pack_file_info(p, &in);
    printf("pack      %s\nsha256    %s\nformat    %s\nnames     %s\n", cli_esc(in.path), in.sha256,
           in.format, in.names);
    if (in.top_folder)
        printf("folder    %s/ (shown from inside)\n", cli_esc(in.top_folder));
    print_manifest(&in);
    printf("entries   %zu (%zu hidden)\n", in.n_entries, in.n_hidden);
    for (size_t i = 0; i < in.n_entries; i++) {
        struct app_pack_entry e;
        app_pack_file_entry(p, i, &e);
        printf("  %12llu  %-7s %s%s%s%s\n", (unsigned long long)e.size, e.kind, cli_esc(e.path),
               e.hidden ? "  [hidden]" : "", e.is_link ? "  -> " : "",
               cli_esc(e.is_link ? e.link_target : NULL));
    }
    printf("warnings  %zu\n", in.n_warnings);
    print_warnings(p, stdout);
}

static int pack_inspect(const struct pack_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("pack", "inspect needs one PACK");
    struct app_pack_file *p = NULL;
    int rc = open_pack(a->pos[0], a->passphrase, &p);
    if (rc)
        return rc;
    if (a->json) {
        char *s = app_pack_file_json(p);
        cli_put_json(stdout, s);
        putchar('\n');
        free(s);
    } else {
        print_inspect(p);
    }
    app_pack_file_close(&p);
    return EXIT_OK;
}

/* The search cache when the entry is indexed, else a fresh extraction from
 * the archive. */
static int pack_text(const struct pack_args *a)
{
    if (a->n_pos != 2)
        return cli_usage("pack", "text needs PACK and PATH");
    struct app_pack_file *p = NULL;
    int rc = open_pack(a->pos[0], a->passphrase, &p);
    if (rc)
        return rc;
    struct jury_error err = {0};
    struct jstr out = {0};
    if (app_pack_file_text(p, a->pos[1], a->page, &out, &err) != 0) {
        rc = cli_fail(&err);
    } else {
        cli_put_lines(stdout, jstr_cstr(&out), out.len);
        if (out.len && out.s[out.len - 1] != '\n')
            putchar('\n');
        if (err.message[0]) /* a limit cut the text: say which */
            fprintf(stderr, "jury: warning: %s\n", cli_esc(err.message));
    }
    jstr_free(&out);
    app_pack_file_close(&p);
    return rc;
}

/* Read every entry, so damage, bombs, bad CRCs, wrong passphrases and
 * limits show up: each entry that cannot be read is named, and the pack is
 * only ok when every entry was read. */
static int pack_verify(const struct pack_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("pack", "verify needs one PACK");
    struct app_pack_file *p = NULL;
    int rc = open_pack(a->pos[0], a->passphrase, &p);
    if (rc)
        return rc;
    struct app_pack_check c;
    struct app_pack_info in;
    app_pack_file_verify(p, &c);
    app_pack_file_info(p, &in);
    size_t n = in.n_entries, ok = c.ok, readable = c.readable, nw = in.n_warnings;
    struct jstr bad = {0}; /* one line per entry that could not be read */
    for (size_t i = 0; i < c.n_bad; i++)
        jstr_addf(&bad, "  %-16s %s: %s\n", "unreadable", cli_esc(c.bad[i].path),
                  cli_esc(c.bad[i].message));
    app_pack_check_clear(&c);
    if (readable > 0 && ok == 0) {
        fprintf(stderr, "jury: %s: no entry could be read\n", cli_esc(in.path));
        fputs(jstr_cstr(&bad), stderr); /* escaped when built */
        print_warnings(p, stderr);
        rc = EXIT_USAGE;
    } else if (nw || ok < readable) {
        printf("%s: %zu warnings (%zu of %zu entries read)\n", cli_esc(in.path), nw, ok, n);
        fputs(jstr_cstr(&bad), stdout); /* escaped when built */
        print_warnings(p, stdout);
        rc = EXIT_CHECK;
    } else {
        printf("%s: ok, %zu entries, sha256 %s\n", cli_esc(in.path), n, in.sha256);
    }
    jstr_free(&bad);
    app_pack_file_close(&p);
    return rc;
}

static int pack_build_cmd(const struct pack_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("pack", "build needs one SRC (a folder or an archive)");
    if (!a->task || !a->out)
        return cli_usage("pack", "build needs --task ID and -o OUT.zip");
    struct app_pack_build b = {.src = a->pos[0],
                               .out = a->out,
                               .task = a->task,
                               .applicant = a->applicant,
                               .title = a->title,
                               .region = a->region,
                               .facts_file = a->facts,
                               .passphrase = a->passphrase};
    size_t n = 0;
    struct jury_error err = {0};
    if (app_pack_build(&b, &n, &err) != 0)
        return cli_fail(&err);
    printf("wrote %s (%zu files and manifest.json)\n", cli_esc(a->out), n);
    return EXIT_OK;
}

int cmd_pack(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("pack", "missing subcommand");
    if (strcmp(argv[1], "search") == 0)
        return cmd_pack_search(argc, argv);
    struct pack_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    if (strcmp(argv[1], "inspect") == 0)
        return pack_inspect(&a);
    if (strcmp(argv[1], "text") == 0)
        return pack_text(&a);
    if (strcmp(argv[1], "verify") == 0)
        return pack_verify(&a);
    if (strcmp(argv[1], "build") == 0)
        return pack_build_cmd(&a);
    return cli_usage("pack", "unknown subcommand '%s'", argv[1]);
}
