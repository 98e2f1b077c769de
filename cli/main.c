/* main.c - `jury` subcommand dispatch. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "tui/tui.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_help(int argc, char **argv);
static const char help_usage[] = "usage: jury help [SUBCOMMAND]\n";

/* Keep sorted by name: `jury --help` lists them in this order. */
static const struct cli_command commands[] = {
    {"calibrate", cmd_calibrate, cmd_calibrate_summary, cmd_calibrate_usage},
    {"conflict", cmd_conflict, cmd_conflict_summary, cmd_conflict_usage},
    {"confirm", cmd_confirm, cmd_confirm_summary, cmd_confirm_usage},
    {"deduct", cmd_deduct, cmd_deduct_summary, cmd_deduct_usage},
    {"export", cmd_export, cmd_export_summary, cmd_export_usage},
    {"help", cmd_help, "show help for a subcommand", help_usage},
    {"keygen", cmd_keygen, cmd_keygen_summary, cmd_keygen_usage},
    {"kit", cmd_kit, cmd_kit_summary, cmd_kit_usage},
    {"merge", cmd_merge, cmd_merge_summary, cmd_merge_usage},
    {"open", cmd_open, cmd_open_summary, cmd_open_usage},
    {"pack", cmd_pack, cmd_pack_summary, cmd_pack_usage},
    {"rank", cmd_rank, cmd_rank_summary, cmd_rank_usage},
    {"rules", cmd_rules, cmd_rules_summary, cmd_rules_usage},
    {"score", cmd_score, cmd_score_summary, cmd_score_usage},
    {"sheet", cmd_sheet, cmd_sheet_summary, cmd_sheet_usage},
    {"version", cmd_version, cmd_version_summary, cmd_version_usage},
};

static const size_t n_commands = sizeof commands / sizeof commands[0];

const struct cli_command *cli_find(const char *name)
{
    for (size_t i = 0; i < n_commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int cli_fail(const struct jury_error *err)
{
    char buf[2048], msg[1100];
    if (err->where[0] && err->message[0]) /* the message in the reviewer's language */
        fprintf(stderr, "jury: %s: %s\n", cli_esc(err->where),
                cli_esc(tui_message(err->message, msg, sizeof msg)));
    else
        fprintf(stderr, "jury: %s\n", cli_esc(jury_error_text(err, buf, sizeof buf)));
    return EXIT_USAGE;
}

int cli_usage(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct jstr msg = {0}; /* the arguments may quote untrusted text */
    jstr_vaddf(&msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "jury %s: %s\n", cli_esc(name), cli_esc(jstr_cstr(&msg)));
    jstr_free(&msg);
    const struct cli_command *c = cli_find(name);
    if (c)
        fputs(c->usage, stderr);
    return EXIT_USAGE;
}

static void print_overview(FILE *out)
{
    fputs("usage: jury [--version] [--help] [--raw] [SUBCOMMAND [ARGS...]]\n\n"
          "With no subcommand, jury opens the review workbench on the kit in the current\n"
          "folder, else on the bundled sample kit.\n\n"
          "Text from packs, rule files, sheets and rosters is printed with control\n"
          "characters, escape sequences and bidi overrides shown escaped (\\x1b, \\u202e);\n"
          "--raw (anywhere on the command line) prints those bytes as they are.\n"
          "\nSubcommands:\n",
          out);
    for (size_t i = 0; i < n_commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'jury help SUBCOMMAND' for details.\n", out);
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stdout);
        return EXIT_OK;
    }
    const struct cli_command *c = cli_find(argv[1]);
    if (!c) {
        fprintf(stderr, "jury help: unknown subcommand '%s'\n", cli_esc(argv[1]));
        print_overview(stderr);
        return EXIT_USAGE;
    }
    fputs(c->usage, stdout);
    return EXIT_OK;
}

/* With no subcommand: the workbench, once tui/ provides it. */
static int run_default(int argc, char **argv)
{
    const struct cli_command *open = cli_find("open");
    if (open)
        return open->run(argc, argv);
    print_overview(stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    jury_tz_init();
    argc = cli_strip_raw(argc, argv);
    if (argc < 2)
        return run_default(argc, argv);
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return cmd_version(argc - 1, argv + 1);
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_overview(stdout);
        return EXIT_OK;
    }
    if (name[0] == '-' && !cli_find("open")) {
        fprintf(stderr, "jury: unknown option '%s'\n", cli_esc(name));
        print_overview(stderr);
        return EXIT_USAGE;
    }
    if (name[0] == '-')
        return run_default(argc, argv);
    const struct cli_command *c = cli_find(name);
    if (!c) {
        fprintf(stderr, "jury: unknown subcommand '%s'\n", cli_esc(name));
        print_overview(stderr);
        return EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
