/* cmd_version.c - `jury version`. */
#include "cli/cli.h"

#include <stdio.h>

const char cmd_version_summary[] = "print the version";
const char cmd_version_usage[] = "usage: jury version\n       jury --version\n";

int cmd_version(int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("version", "unexpected argument '%s'", argv[1]);
    printf("jury %s\n", JURY_VERSION);
    return EXIT_OK;
}
