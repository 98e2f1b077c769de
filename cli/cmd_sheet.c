/* cmd_sheet.c - `jury sheet verify`: check a signed score sheet. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>
#include <string.h>

const char cmd_sheet_summary[] = "verify a signed score sheet";
const char cmd_sheet_usage[] =
    "usage: jury sheet verify FILE.jury --roster roster.csv [--kit-id ID]\n"
    "Exit 0 when the signature matches the roster's key for the sheet's reviewer\n"
    "and the content (audit chain included) is intact; 1 with the reason\n"
    "otherwise; 2 when the roster cannot be read.\n";

int cmd_sheet(int argc, char **argv)
{
    const char *file = NULL, *roster_path = NULL, *kit = NULL;
    if (argc < 2 || strcmp(argv[1], "verify") != 0)
        return cli_usage("sheet", "unknown or missing action");
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--roster") == 0 && i + 1 < argc)
            roster_path = argv[++i];
        else if (strcmp(argv[i], "--kit-id") == 0 && i + 1 < argc)
            kit = argv[++i];
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else
            return cli_usage("sheet", "unexpected argument '%s'", argv[i]);
    }
    if (!file || !roster_path)
        return cli_usage("sheet", "needs FILE and --roster");
    struct app_sheet_check c;
    struct jury_error err = {0};
    if (app_sheet_verify(file, roster_path, kit, &c, &err) < 0)
        return cli_fail(&err);
    if (!c.ok) {
        char buf[2048];
        printf("REJECTED %s\n", cli_esc(jury_error_text(&c.why, buf, sizeof buf)));
        return EXIT_CHECK;
    }
    printf("OK %s: reviewer %s, kit %s, %zu packs, %zu scores, audit %llu rows, head %.16s\n",
           cli_esc(file), cli_esc(c.reviewer), cli_esc(c.kit), c.n_packs, c.n_scores,
           (unsigned long long)c.audit_rows, cli_esc(c.audit_head));
    app_sheet_check_clear(&c);
    return EXIT_OK;
}
