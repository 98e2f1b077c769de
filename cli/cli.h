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

struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
    const char *summary;
    const char *usage; /* full help text for `jury help NAME` */
};

/* Print "jury: where: message" to stderr and return EXIT_USAGE. */
int cli_fail(const struct jury_error *err);
/* Print "jury NAME: message" and the command's usage to stderr; return 2. */
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
/* Look up a subcommand by name (NULL when unknown). */
const struct cli_command *cli_find(const char *name);

/* Subcommand groups, one file each (cmd_NAME.c). */
#define CLI_DECLARE(n)                                                                             \
    int cmd_##n(int argc, char **argv);                                                            \
    extern const char cmd_##n##_summary[];                                                         \
    extern const char cmd_##n##_usage[]

CLI_DECLARE(conflict);
CLI_DECLARE(confirm);
CLI_DECLARE(deduct);
CLI_DECLARE(export);
CLI_DECLARE(keygen);
CLI_DECLARE(kit);
CLI_DECLARE(open);
CLI_DECLARE(pack);
/* `jury pack search`, called by cmd_pack (cmd_pack_search.c). */
int cmd_pack_search(int argc, char **argv);
CLI_DECLARE(rules);
CLI_DECLARE(score);
CLI_DECLARE(sheet);
CLI_DECLARE(version);
CLI_DECLARE(merge);
CLI_DECLARE(rank);
CLI_DECLARE(calibrate);

/* Ranking options shared by `jury merge` and `jury rank` (cmd_rank.c). */
struct rank_settings;
struct merge;
struct merge_ranking;
#define CLI_RANK_OPTIONS_HELP                                                                      \
    "\nRank options (override kit.json's \"aggregation\"):\n"                                      \
    "  --method M        mean, trimmed, median, zscore, panel, zscore+median, ...,\n"              \
    "                    percentile (per panel, NIH-style), borda, schulze,\n"                     \
    "                    point_trimmed (trim each observation point, then sum)\n"                  \
    "  --sensitivity N   list packs moving more than N places between methods (2)\n"               \
    "  --trim N          reviewers dropped at each end by the trimmed mean (1)\n"                  \
    "  --trim-per P      total (net totals) or point (each observation point)\n"                   \
    "  --min-trim N      fewest reviewers for trimming (5)\n"                                      \
    "  --veto P          majority, any or chair (majority; a tie goes to the chair)\n"             \
    "  --disagreement X  spread of reviewer totals that calls for 复议 (20)\n"                   \
    "  --tie-break ID    break ties by the mean on this indicator (repeatable;\n"                  \
    "                    \"spread\": the smaller spread); none by default: ties share\n"           \
    "  --bootstrap N     compute the 90% rank interval from N resamples (not by default)\n"        \
    "  --seed N          seed of the bootstrap\n"
/* Apply argv[*i] (and its value, advancing *i) when it is a rank option:
 * 1 consumed, 0 not a rank option, < 0 bad value (-exit code, message shown). */
int cli_rank_option(const char *cmd, struct rank_settings *s, int argc, char **argv, int *i);
/* Rank m with s as the official ranking (merge_rank_adopt), write the
 * outputs into out, print the ranking; exit code. */
int cli_rank_finish(struct merge *m, const struct rank_settings *s, const char *out);

#endif
