/* cmd_pack.c - `jury pack inspect|text|verify|build`. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const struct cli_opt pass_opt[] = {
    {.name = "passphrase",
     .arg = "P",
     .help = N_("for encrypted zips (else $JURY_PASSPHRASE, else asked on a terminal)")},
    {0}};
static const struct cli_opt inspect_opts[] = {{.name = "json", .help = N_("the listing as JSON")},
                                              {0}};
static const struct cli_opt text_opts[] = {
    {.name = "page", .arg = "N", .help = N_("only page N (from 1) of a paged document")}, {0}};
static const struct cli_opt build_opts[] = {
    {.name = "task",
     .arg = "ID",
     .help = N_("the task (rule set) the pack applies for (required)")},
    {.name = "output", .letter = 'o', .arg = "OUT.zip", .help = N_("the pack to write (required)")},
    {.name = "facts", .arg = "FILE.csv|.json", .help = N_("facts for the manifest")},
    {.name = "applicant", .arg = "NAME", .help = N_("the applicant's name")},
    {.name = "title", .arg = "T", .help = N_("the programme's title")},
    {.name = "region", .arg = "R", .help = N_("the applicant's region")},
    {0}};

/* Options shared by the subcommands; positional arguments in pos[]. */
struct pack_args {
    const char *const *pos;
    bool json;
    long page;
    const char *passphrase, *task, *facts, *applicant, *title, *region, *out;
};

/* The command's arguments; false after saying a value is wrong. */
static bool pack_args_of(const struct cli_args *ca, struct pack_args *a)
{
    memset(a, 0, sizeof *a);
    a->pos = ca->pos;
    a->json = cli_has_if(ca, "json");
    a->passphrase = cli_opt_if(ca, "passphrase");
    a->task = cli_opt_if(ca, "task");
    a->facts = cli_opt_if(ca, "facts");
    a->applicant = cli_opt_if(ca, "applicant");
    a->title = cli_opt_if(ca, "title");
    a->region = cli_opt_if(ca, "region");
    a->out = cli_opt_if(ca, "output");
    const char *page = cli_opt_if(ca, "page");
    char *end = NULL;
    a->page = page ? strtol(page, &end, 10) : 0;
    if (page && (end == page || *end || a->page < 1))
        return cli_usage(ca->cmd->name, _("--page needs a page number from 1")), false;
    return true;
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
    fprintf(tty, _("Passphrase for %s: "), cli_esc(path));
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
            fprintf(stderr, _("jury: warning: %s\n"), cli_esc(err.message));
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
        fprintf(stderr, _("jury: %s: no entry could be read\n"), cli_esc(in.path));
        fputs(jstr_cstr(&bad), stderr); /* escaped when built */
        print_warnings(p, stderr);
        rc = EXIT_USAGE;
    } else if (nw || ok < readable) {
        printf(_("%s: %zu warnings (%zu of %zu entries read)\n"), cli_esc(in.path), nw, ok, n);
        fputs(jstr_cstr(&bad), stdout); /* escaped when built */
        print_warnings(p, stdout);
        rc = EXIT_CHECK;
    } else {
        printf(_("%s: ok, %zu entries, sha256 %s\n"), cli_esc(in.path), n, in.sha256);
    }
    jstr_free(&bad);
    app_pack_file_close(&p);
    return rc;
}

static int pack_build_cmd(const struct pack_args *a)
{
    if (!a->task || !a->out)
        return cli_usage("pack build", _("needs --task ID and -o OUT.zip"));
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
    printf(_("wrote %s (%zu files and manifest.json)\n"), cli_esc(a->out), n);
    return EXIT_OK;
}

/* Run one pack action with the command's arguments. */
static int pack_run(const struct cli_args *ca, int (*action)(const struct pack_args *))
{
    struct pack_args a;
    return pack_args_of(ca, &a) ? action(&a) : EXIT_USAGE;
}

static int run_inspect(const struct cli_args *ca)
{
    return pack_run(ca, pack_inspect);
}

static int run_text(const struct cli_args *ca)
{
    return pack_run(ca, pack_text);
}

static int run_verify(const struct cli_args *ca)
{
    return pack_run(ca, pack_verify);
}

static int run_build(const struct cli_args *ca)
{
    return pack_run(ca, pack_build_cmd);
}

static const struct cli_opt search_opts[] = {
    {.name = "json", .help = N_("the hits as JSON")},
    {.name = "limit", .arg = "N", .help = N_("at most N hits (0: all)")},
    {0}};

const struct cli_cmd cmd_pack_table[] = {
    {.name = "pack",
     .summary = N_("inspect, verify, read and build application packs"),
     .text = N_("PACK is a zip, 7z, tar, tar.gz or tar.xz file.\n")},
    {.name = "pack inspect",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .opts = inspect_opts,
     .more = pass_opt,
     .more_title = N_("Encrypted packs:"),
     .summary = N_("the pack's format, manifest, entries and warnings"),
     .run = run_inspect},
    {.name = "pack text",
     .args = "PACK PATH",
     .min_args = 2,
     .max_args = 2,
     .opts = text_opts,
     .more = pass_opt,
     .more_title = N_("Encrypted packs:"),
     .summary = N_("the text of one entry (PDF, Word, spreadsheet, text)"),
     .run = run_text},
    {.name = "pack search",
     .args = "PACK QUERY",
     .min_args = 2,
     .max_args = 2,
     .opts = search_opts,
     .more = pass_opt,
     .more_title = N_("Encrypted packs:"),
     .summary = N_("find words in every entry of the pack (indexed on first use)"),
     .run = cmd_pack_search},
    {.name = "pack verify",
     .args = "PACK",
     .min_args = 1,
     .max_args = 1,
     .more = pass_opt,
     .more_title = N_("Encrypted packs:"),
     .summary = N_("read every entry: exit 0 clean, 1 with warnings (listed), 2 unusable"),
     .run = run_verify},
    {.name = "pack build",
     .args = "SRC",
     .min_args = 1,
     .max_args = 1,
     .opts = build_opts,
     .more = pass_opt,
     .more_title = N_("Encrypted packs:"),
     .summary = N_("turn a folder or an applicant's archive into a pack zip"),
     .text = N_("The zip holds manifest.json and the files under UTF-8 names, sorted, with\n"
                "fixed timestamps.\n"),
     .run = run_build},
    {0}};
