/* cmd_open.c - `jury open [KIT|PACK]` and a bare `jury`: the workbench. */
#include "cli/cli.h"
#include "tui/tui.h"

#include <stdio.h>

static const struct cli_opt open_opts[] = {
    {.name = "reviewer",
     .arg = "ID",
     .help = N_("the reviewer whose key and store to use (a kit with several)")},
    {.name = "make-key", .help = N_("create a reviewer key when none exists, without asking")},
    {0}};

/* argv[0] is "open", or the program name when routed from a bare `jury`. */
static int cmd_open(const struct cli_args *a)
{
    struct tui_options opt = {0};
    opt.reviewer = cli_opt(a, "reviewer");
    opt.make_key = cli_has(a, "make-key");
    opt.target = a->n_pos ? a->pos[0] : NULL;
    struct jury_error err = {0};
    if (tui_run(&opt, &err) != 0)
        return cli_fail(&err);
    return EXIT_OK;
}

const struct cli_cmd cmd_open_table[] = {
    {.name = "open",
     .args = "[KIT|PACK]",
     .max_args = 1,
     .opts = open_opts,
     .summary = N_("open the review workbench on a kit or a pack"),
     .text = N_("Without KIT or PACK: the kit in the current folder (a kit.json there), else\n"
                "the bundled sample kit. `jury [KIT|PACK]` is the same as `jury open`.\n"
                "Needs a UTF-8 locale and a real terminal (TERM set, not dumb).\n"),
     .run = cmd_open},
    {0}};
