/* cmd_open.c - `jury open [KIT|PACK]` and a bare `jury`: the workbench. */
#include "cli/cli.h"
#include "tui/tui.h"

#include <stdio.h>
#include <string.h>

const char cmd_open_summary[] = "open the review workbench on a kit or a pack";
const char cmd_open_usage[] =
    "usage: jury [open] [KIT|PACK] [--reviewer ID] [--make-key]\n"
    "\n"
    "Opens the review workbench. Without KIT or PACK: the kit in the current\n"
    "folder (a kit.json there), else the bundled sample kit.\n"
    "  --reviewer ID  the reviewer whose key and store to use (a kit with several)\n"
    "  --make-key     create a reviewer key when none exists, without asking\n"
    "Needs a UTF-8 locale and a real terminal (TERM set, not dumb).\n";

int cmd_open(int argc, char **argv)
{
    struct tui_options opt = {0};
    /* argv[0] is "open", or the program name when routed from a bare `jury`. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--reviewer") == 0 && i + 1 < argc)
            opt.reviewer = argv[++i];
        else if (strncmp(a, "--reviewer=", 11) == 0)
            opt.reviewer = a + 11;
        else if (strcmp(a, "--make-key") == 0)
            opt.make_key = true;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cmd_open_usage, stdout);
            return EXIT_OK;
        } else if (a[0] == '-')
            return cli_usage("open", "unknown option '%s'", a);
        else if (!opt.target)
            opt.target = a;
        else
            return cli_usage("open", "unexpected argument '%s'", a);
    }
    struct jury_error err = {0};
    if (tui_run(&opt, &err) != 0)
        return cli_fail(&err);
    return EXIT_OK;
}
