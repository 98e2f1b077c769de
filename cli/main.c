/* main.c - `jury`: the command tables, dispatch, the overview and `jury help`. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "tui/tui.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_help(const struct cli_args *a);

static const struct cli_opt help_opts[] = {
    {.name = "list",
     .help = N_("for scripts and completion: the commands, a group's actions or a\n"
                "command's options (NAME TAB VALUE), one a line")},
    {0}};
static const struct cli_cmd help_table[] = {{.name = "help",
                                             .args = "[COMMAND [ACTION]]",
                                             .max_args = 2,
                                             .opts = help_opts,
                                             .summary = N_("show help for a command"),
                                             .run = cmd_help},
                                            {0}};

/* Every table; cli_commands sorts their commands by name for the overview. */
static const struct cli_cmd *const tables[] = {
    cmd_calibrate_table, help_table,      cmd_keygen_table, cmd_kit_table,
    cmd_merge_table,     cmd_open_table,  cmd_pack_table,   cmd_rank_table,
    cmd_rules_table,     cmd_score_table, cmd_sheet_table,  cmd_version_table};

/* Order of the first words ("score" of "score set"). */
static int group_cmp(const struct cli_cmd *a, const struct cli_cmd *b)
{
    size_t na = strcspn(a->name, " "), nb = strcspn(b->name, " ");
    int c = strncmp(a->name, b->name, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

const struct cli_cmd *const *cli_commands(void)
{
    static const struct cli_cmd *all[128];
    if (all[0])
        return all;
    size_t n = 0;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const struct cli_cmd *c = tables[t]; c->name && n + 1 < 128; c++)
            all[n++] = c;
    /* by group name, a group's commands in their table's order (stable) */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && group_cmp(all[k - 1], all[k]) > 0; k--) {
            const struct cli_cmd *t = all[k];
            all[k] = all[k - 1];
            all[k - 1] = t;
        }
    return all;
}

const struct cli_cmd *cli_find(const char *name)
{
    for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
        if (strcmp((*c)->name, name) == 0)
            return *c;
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

static void print_overview(FILE *out)
{
    fputs(_("usage: jury [--version] [--help] [--raw] [COMMAND [ARGS...]]\n\n"
            "With no command, jury opens the review workbench on the kit in the current\n"
            "folder, else on the bundled sample kit.\n\n"
            "Text from packs, rule files, sheets and rosters is printed with control\n"
            "characters, escape sequences and bidi overrides shown escaped (\\x1b, \\u202e);\n"
            "--raw (anywhere on the command line) prints those bytes as they are.\n"),
          out);
    fprintf(out, "\n%s\n", _("Subcommands:"));
    for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
        if (!strchr((*c)->name, ' '))
            fprintf(out, "  %-10s %s\n", (*c)->name, _((*c)->summary));
    fputs(_("\nRun 'jury help COMMAND' or 'jury COMMAND --help' for details.\n"), out);
}

/* The options of c for `jury help --list`: NAME TAB VALUE. */
static void list_options(const struct cli_cmd *c)
{
    const struct cli_opt *lists[] = {c->opts, c->more};
    for (int l = 0; l < 2; l++)
        for (const struct cli_opt *o = lists[l]; o && o->name; o++) {
            printf("--%s\t%s\n", o->name, o->arg ? o->arg : "");
            if (o->letter)
                printf("-%c\t%s\n", o->letter, o->arg ? o->arg : "");
        }
    printf("--help\t\n-h\t\n");
}

/* `jury help --list [COMMAND [ACTION]]`: words for scripts and completion:
 * the commands, a group's actions, or a command's options. */
static int help_list(const struct cli_args *a)
{
    struct jstr name = {0};
    for (int i = 0; i < a->n_pos; i++)
        jstr_addf(&name, "%s%s", i ? " " : "", a->pos[i]);
    const struct cli_cmd *c = a->n_pos ? cli_find(name.s) : NULL;
    if (c && c->run)
        list_options(c);
    bool words = c ? !c->run : a->n_pos == 0; /* a group's actions, or the commands */
    for (const struct cli_cmd *const *x = cli_commands(); words && *x; x++)
        if (c ? !strncmp((*x)->name, name.s, name.len) && (*x)->name[name.len] == ' '
              : !strchr((*x)->name, ' '))
            printf("%s\n", (*x)->name + (c ? name.len + 1 : 0));
    jstr_free(&name);
    return c || a->n_pos == 0 ? EXIT_OK : EXIT_USAGE;
}

static int cmd_help(const struct cli_args *a)
{
    if (cli_has(a, "list"))
        return help_list(a);
    if (a->n_pos == 0) {
        print_overview(stdout);
        return EXIT_OK;
    }
    struct jstr name = {0};
    jstr_addf(&name, "%s%s%s", a->pos[0], a->n_pos > 1 ? " " : "", a->n_pos > 1 ? a->pos[1] : "");
    const struct cli_cmd *c = cli_find(name.s);
    if (!c)
        fprintf(stderr, _("jury help: unknown command '%s'\n"), cli_esc(name.s));
    else
        cli_help(stdout, c);
    jstr_free(&name);
    return c ? EXIT_OK : EXIT_USAGE;
}

/* Parse argv against c and run it. */
static int run(const struct cli_cmd *c, int argc, char **argv)
{
    struct cli_args a;
    int rc;
    if (cli_parse(c, argc, argv, &a, &rc))
        rc = c->run(&a);
    cli_args_free(&a);
    return rc;
}

/* The action of group g named by argv[k]; NULL when it names none. */
static const struct cli_cmd *action_at(const struct cli_cmd *g, char **argv, int k)
{
    struct jstr name = {0};
    jstr_addf(&name, "%s %s", g->name, argv[k]);
    const struct cli_cmd *c = strchr(argv[k], ' ') ? NULL : cli_find(name.s);
    jstr_free(&name);
    return c;
}

/* A group ("score"): argv[1] names the action, or, when options come first
 * (jury score --kit K set ...), the first argument that names one; it is
 * moved to argv[1]. */
static int run_group(const struct cli_cmd *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(g->name, _("missing action"));
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cli_group_help(stdout, g->name);
        return EXIT_OK;
    }
    int k = 1;
    while (argv[1][0] == '-' && k < argc && !action_at(g, argv, k))
        k++;
    if (k == argc)
        return cli_usage(g->name, _("missing action"));
    const struct cli_cmd *c = action_at(g, argv, k);
    if (!c)
        return cli_usage(g->name, _("unknown action '%s'"), argv[k]);
    char *word = argv[k];
    memmove(argv + 2, argv + 1, (size_t)(k - 1) * sizeof *argv);
    argv[1] = word;
    return run(c, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain("jury", jury_locale_dir());
    bind_textdomain_codeset("jury", "UTF-8");
    textdomain("jury");
    jury_tz_init();
    argc = cli_strip_raw(argc, argv);
    const char *name = argc < 2 ? "" : argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return run(cli_find("version"), argc - 1, argv + 1);
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_overview(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || name[0] == '-') /* the workbench; argv[0] is the program */
        return run(cli_find("open"), argc, argv);
    const struct cli_cmd *c = strchr(name, ' ') ? NULL : cli_find(name);
    if (!c) {
        fprintf(stderr, _("jury: unknown subcommand '%s'\n"), cli_esc(name));
        print_overview(stderr);
        return EXIT_USAGE;
    }
    return c->run ? run(c, argc - 1, argv + 1) : run_group(c, argc - 1, argv + 1);
}
