/* args.c - the one argument parser of `jury`: every command declares its
 * options in a table (struct cli_cmd, struct cli_opt) and this file parses
 * the command line against it and writes the command's --help from it.
 *
 * Conventions for every command: options and positional arguments in any
 * order; --name VALUE, --name=VALUE, -x VALUE, -xVALUE; "--" ends the
 * options; "-" alone is a positional argument; -h and --help print the help.
 * An unknown option, a missing value or a wrong number of arguments is an
 * error naming the option and the command (exit 2). */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The option --name (len bytes of it) or -letter of c; NULL when unknown. */
static const struct cli_opt *find_opt(const struct cli_cmd *c, const char *name, size_t len,
                                      char letter)
{
    const struct cli_opt *lists[] = {c->opts, c->more};
    for (int l = 0; l < 2; l++)
        for (const struct cli_opt *o = lists[l]; o && o->name; o++)
            if (letter ? o->letter == letter
                       : strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                return o;
    return NULL;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

/* The option at argv[*i]: its entry and value (advancing *i past a value
 * taken from the next argument); false after saying what is wrong. */
static bool take_opt(const struct cli_cmd *c, int argc, char **argv, int *i, struct cli_hit *h)
{
    const char *a = argv[*i], *inline_value = NULL;
    bool is_long = a[1] == '-';
    size_t len = is_long ? strcspn(a + 2, "=") : 1;
    h->opt = is_long ? find_opt(c, a + 2, len, 0) : find_opt(c, NULL, 0, a[1]);
    if (is_long && a[2 + len] == '=')
        inline_value = a + 3 + len;
    else if (!is_long && a[2])
        inline_value = a + 2;
    char shown[64];
    snprintf(shown, sizeof shown, "%.*s", (int)(is_long ? len + 2 : 2), a);
    if (!h->opt)
        return cli_usage(c->name, _("unknown option '%s'"), shown), false;
    h->value = inline_value;
    if (!h->opt->arg && inline_value)
        return cli_usage(c->name, _("option '%s' takes no value"), shown), false;
    if (!h->opt->arg || inline_value)
        return true;
    if (h->opt->maybe) { /* the next argument only when it looks like the value */
        if (*i + 1 < argc && ends_with(argv[*i + 1], h->opt->maybe))
            h->value = argv[++*i];
        return true;
    }
    if (*i + 1 >= argc)
        return cli_usage(c->name, _("option '%s' needs a value (%s)"), shown, h->opt->arg), false;
    h->value = argv[++*i];
    return true;
}

static bool is_help(const char *a)
{
    return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* The positional arguments are as many as the command takes. */
static bool check_count(const struct cli_cmd *c, const struct cli_args *a)
{
    if (a->n_pos < c->min_args)
        return cli_usage(c->name, _("missing arguments: %s"), c->args ? c->args : ""), false;
    if (c->max_args >= 0 && a->n_pos > c->max_args)
        return cli_usage(c->name, _("unexpected argument '%s'"), a->pos[c->max_args]), false;
    return true;
}

bool cli_parse(const struct cli_cmd *c, int argc, char **argv, struct cli_args *a, int *exit_code)
{
    memset(a, 0, sizeof *a);
    a->cmd = c;
    a->pos = jury_xcalloc((size_t)argc + 1, sizeof *a->pos);
    a->hits = jury_xcalloc((size_t)argc + 1, sizeof *a->hits);
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!options || s[0] != '-' || s[1] == '\0') {
            a->pos[a->n_pos++] = s;
        } else if (strcmp(s, "--") == 0) {
            options = false;
        } else if (is_help(s)) {
            cli_help(stdout, c);
            *exit_code = EXIT_OK;
            return false;
        } else if (!take_opt(c, argc, argv, &i, &a->hits[a->n_hits++])) {
            *exit_code = EXIT_USAGE;
            return false;
        }
    }
    *exit_code = check_count(c, a) ? EXIT_OK : EXIT_USAGE;
    return *exit_code == EXIT_OK;
}

void cli_args_free(struct cli_args *a)
{
    free(a->pos);
    free(a->hits);
    memset(a, 0, sizeof *a);
}

/* The declared option named name; a name the command does not declare is a
 * mistake in the calling code, caught by any test that runs it. */
static const struct cli_opt *declared(const struct cli_args *a, const char *name)
{
    const struct cli_opt *o = find_opt(a->cmd, name, strlen(name), 0);
    if (!o) {
        fprintf(stderr, "jury: %s does not declare --%s\n", a->cmd->name, name);
        abort();
    }
    return o;
}

const char *cli_opt_next(const struct cli_args *a, const char *name, int *i)
{
    const struct cli_opt *o = declared(a, name);
    for (; *i < a->n_hits; ++*i)
        if (a->hits[*i].opt == o)
            return a->hits[(*i)++].value;
    return NULL;
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
    const struct cli_opt *o = declared(a, name);
    for (int i = a->n_hits - 1; i >= 0; i--)
        if (a->hits[i].opt == o)
            return a->hits[i].value;
    return NULL;
}

bool cli_has(const struct cli_args *a, const char *name)
{
    const struct cli_opt *o = declared(a, name);
    for (int i = 0; i < a->n_hits; i++)
        if (a->hits[i].opt == o)
            return true;
    return false;
}

const char *cli_opt_if(const struct cli_args *a, const char *name)
{
    return find_opt(a->cmd, name, strlen(name), 0) ? cli_opt(a, name) : NULL;
}

bool cli_has_if(const struct cli_args *a, const char *name)
{
    return find_opt(a->cmd, name, strlen(name), 0) && cli_has(a, name);
}

/* ------------------------------------------------------------ help */

/* "  -o, --out FILE" or "      --json": the left column of an option. */
static void opt_label(const struct cli_opt *o, char *buf, size_t size)
{
    char letter[8] = "    ";
    if (o->letter)
        snprintf(letter, sizeof letter, "-%c, ", o->letter);
    snprintf(buf, size, "  %s--%s%s%s%s%s", letter, o->name, o->arg ? " " : "", o->maybe ? "[" : "",
             o->arg ? o->arg : "", o->maybe ? "]" : "");
}

/* The help text of o, its lines after the first indented to the column. */
static void opt_line(FILE *f, const char *label, const char *help, bool repeat)
{
    enum { COL = 24 };
    fputs(label, f);
    int pad = COL - (int)strlen(label);
    if (pad < 2) {
        fputc('\n', f);
        pad = COL;
    }
    for (const char *h = help; *h;) {
        size_t n = strcspn(h, "\n");
        fprintf(f, "%*s%.*s\n", pad, "", (int)n, h);
        h += n + (h[n] == '\n');
        pad = COL;
    }
    if (repeat)
        fprintf(f, "%*s%s\n", COL, "", _("(may be given more than once)"));
}

static void opt_list(FILE *f, const struct cli_opt *list)
{
    char label[128];
    for (const struct cli_opt *o = list; o && o->name; o++) {
        opt_label(o, label, sizeof label);
        opt_line(f, label, _(o->help), o->repeat);
    }
}

static void usage_line(FILE *f, const char *lead, const struct cli_cmd *c)
{
    bool any = (c->opts && c->opts->name) || (c->more && c->more->name);
    fprintf(f, "%sjury %s%s%s%s\n", lead, c->name, c->args ? " " : "", c->args ? c->args : "",
            any ? _(" [OPTIONS]") : "");
}

/* Is c a command of the group ("score set" of "score")? */
static bool in_group(const struct cli_cmd *c, const char *group)
{
    size_t n = strlen(group);
    return strncmp(c->name, group, n) == 0 && c->name[n] == ' ';
}

/* The usage line of the command name, or of every command of the group. */
static void usage_lines(FILE *f, const char *name)
{
    const char *usage = _("usage: ");
    int indent = utf8_width(usage, strlen(usage));
    bool first = true;
    for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
        if ((*c)->run && (strcmp((*c)->name, name) == 0 || in_group(*c, name))) {
            fprintf(f, "%*s", first ? 0 : indent, "");
            usage_line(f, first ? usage : "", *c);
            first = false;
        }
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
    if (!cli_find(name))
        return EXIT_USAGE;
    usage_lines(stderr, name);
    fprintf(stderr, _("Run 'jury %s --help' for more.\n"), cli_esc(name));
    return EXIT_USAGE;
}

void cli_help(FILE *f, const struct cli_cmd *c)
{
    if (!c->run) {
        cli_group_help(f, c->name);
        return;
    }
    usage_line(f, _("usage: "), c);
    fprintf(f, "%s\n", _(c->summary));
    if (c->text)
        fprintf(f, "\n%s", _(c->text));
    fprintf(f, "\n%s\n", _("Options:"));
    opt_list(f, c->opts);
    opt_line(f, "  -h, --help", _("show this help"), false);
    if (c->more && c->more->name) {
        fprintf(f, "\n%s\n", _(c->more_title));
        opt_list(f, c->more);
    }
}

void cli_group_help(FILE *f, const char *group)
{
    const struct cli_cmd *head = cli_find(group);
    usage_lines(f, group);
    if (head)
        fprintf(f, "%s\n", _(head->summary));
    if (head && head->text)
        fprintf(f, "\n%s", _(head->text));
    fprintf(f, "\n%s\n", _("Actions:"));
    size_t n = strlen(group);
    for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
        if (in_group(*c, group))
            fprintf(f, "  %-8s %s\n", (*c)->name + n + 1, _((*c)->summary));
    fprintf(f, _("\nRun 'jury %s ACTION --help' for the options of an action.\n"), group);
}
