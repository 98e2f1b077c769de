/* cmd_version.c - `jury version`. */
#include "cli/cli.h"

#include <stdio.h>

static int cmd_version(const struct cli_args *a)
{
    (void)a;
    printf("jury %s\n", JURY_VERSION);
    return EXIT_OK;
}

const struct cli_cmd cmd_version_table[] = {
    {.name = "version",
     .summary = N_("print the version (also: jury --version)"),
     .run = cmd_version},
    {0}};
