/* cli.h - private to cli/: the subcommand table and shared helpers.
 *
 * Exit codes everywhere: 0 success, 1 the thing checked is not fine (a failed
 * verification), 2 the command could not run (bad usage, unreadable input).
 * Results go to stdout, errors to stderr. cli/ never runs SQL, never touches
 * a lua_State and never calls libarchive: it goes through module headers. */
#ifndef JURY_CLI_H
#define JURY_CLI_H

#include "core/core.h"

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_CHECK = 1, EXIT_USAGE = 2 };

/* Messages for people go through gettext (domain "jury", po/zh_CN.po);
 * N_ marks a string in a table, translated where it is printed. */
#include <libintl.h>
#define _(s)  gettext(s)
#define N_(s) s

/* One option of a command, as the command's table declares it. */
struct cli_opt {
    const char *name;  /* "kit" for --kit */
    char letter;       /* 'o' for -o; 0 when there is no short form */
    const char *arg;   /* what the value is ("DIR"); NULL for a flag */
    const char *help;  /* one line, N_() */
    const char *maybe; /* value optional: the next argument is taken only when
                          it ends with this (".xlsx"); NULL: arg is required */
    bool repeat;       /* may be given more than once, every value kept */
};

struct cli_args;

/* A command: "merge", or an action of a group, "score set". A group's own
 * entry ("score", run NULL) carries its summary for the overview. Options:
 * opts, then the shared list more (titled more_title) when there is one;
 * both end with an entry whose name is NULL. */
struct cli_cmd {
    const char *name;
    const char *args;       /* positional arguments for the usage line: "PACK..." */
    int min_args, max_args; /* max -1: no limit */
    const struct cli_opt *opts, *more;
    const char *more_title; /* N_() */
    const char *summary;    /* one line, N_() */
    const char *text;       /* the help's further paragraphs, N_(); may be NULL */
    int (*run)(const struct cli_args *a);
};

/* What cli_parse found: positional arguments and every option given, in
 * command-line order (values point into argv). */
struct cli_hit {
    const struct cli_opt *opt;
    const char *value; /* NULL for a flag, or an optional value not given */
};
struct cli_args {
    const struct cli_cmd *cmd;
    const char **pos;
    int n_pos;
    struct cli_hit *hits;
    int n_hits;
};

/* Parse argv[1..] (argv[0] is the command's last word) against c: true
 * when c->run should run; else *exit_code is 0 (--help was printed) or 2
 * (the error, naming the option and the command, is on stderr). */
bool cli_parse(const struct cli_cmd *c, int argc, char **argv, struct cli_args *a, int *exit_code);
void cli_args_free(struct cli_args *a);
/* The last value given for --name (NULL when absent); whether it was given;
 * the values of a repeatable option one by one (*i starts at 0). Asking for
 * an option the command does not declare is a bug: it aborts. */
const char *cli_opt(const struct cli_args *a, const char *name);
bool cli_has(const struct cli_args *a, const char *name);
const char *cli_opt_next(const struct cli_args *a, const char *name, int *i);
/* As cli_opt and cli_has, for code shared by commands of which only some
 * have --name: NULL and false for the others. */
const char *cli_opt_if(const struct cli_args *a, const char *name);
bool cli_has_if(const struct cli_args *a, const char *name);
/* Help of one command or of a group (every command whose name starts
 * with group and a space). */
void cli_help(FILE *f, const struct cli_cmd *c);
void cli_group_help(FILE *f, const char *group);
/* Every command of the table in order (NULL-terminated). */
const struct cli_cmd *const *cli_commands(void);

/* Print "jury: where: message" to stderr and return EXIT_USAGE. */
/* Print "jury: where: message" to stderr and return EXIT_USAGE. */
int cli_fail(const struct jury_error *err);
/* Print "jury NAME: message" and the command's usage line to stderr;
 * return 2. NAME is a command ("score set") or a group ("score"). */
int cli_usage(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Untrusted text for the terminal (cli/out.c): controls, ESC, bidi shown
 * escaped unless --raw was given. cli_esc returns a buffer that stays valid
 * for the next 31 calls (enough for one printf's arguments); NULL gives "". */
extern bool cli_raw;
const char *cli_esc(const char *s);
const char *cli_escn(const char *s, size_t n);
void cli_put(FILE *f, const char *s);
/* Multi-line text (pack text): '\n' and '\t' pass, the rest as cli_esc. */
void cli_put_lines(FILE *f, const char *s, size_t n);
/* JSON out: a string literal (quoted; NULL gives null), or a whole
 * serialised document; lossless escapes, so --raw does not apply. */
void cli_put_json_str(FILE *f, const char *s);
void cli_put_json(FILE *f, const char *doc);
/* Remove every "--raw" from argv (setting cli_raw); returns the new argc. */
int cli_strip_raw(int argc, char **argv);
/* Look up a command by its full name, "score set" (NULL when unknown). */
const struct cli_cmd *cli_find(const char *name);

/* The commands, one table per file (cmd_NAME.c), each ending with an
 * entry whose name is NULL; cli/main.c lists the tables. */
extern const struct cli_cmd cmd_calibrate_table[], cmd_keygen_table[], cmd_kit_table[],
    cmd_merge_table[], cmd_open_table[], cmd_pack_table[], cmd_rank_table[], cmd_rules_table[],
    cmd_score_table[], cmd_sheet_table[], cmd_version_table[];
/* `jury pack search`, in cmd_pack_search.c. */
int cmd_pack_search(const struct cli_args *a);

/* Ranking options shared by `jury merge` and `jury rank` (cmd_rank.c). */
struct rank_settings;
struct merge;
struct merge_ranking;
/* The ranking options both take (title: cli_rank_title). */
extern const struct cli_opt cli_rank_opts[];
extern const char cli_rank_title[];
/* Apply the ranking options of a, in command-line order, to s: 0, or the
 * exit code after saying which value was refused. */
int cli_rank_apply(const struct cli_args *a, struct rank_settings *s);
/* Rank m with s as the official ranking (merge_rank_adopt), write the
 * outputs into out, print the ranking; exit code. */
int cli_rank_finish(struct merge *m, const struct rank_settings *s, const char *out);

#endif
