/* cmd_sheet.c - `jury sheet verify`: check a signed score sheet. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>

static const struct cli_opt verify_opts[] = {
    {.name = "roster", .arg = "FILE.csv", .help = N_("the kit's roster: reviewers and their keys")},
    {.name = "kit-id", .arg = "ID", .help = N_("refuse a sheet made for another kit")},
    {0}};

static int sheet_verify(const struct cli_args *a)
{
    const char *file = a->pos[0], *roster_path = cli_opt(a, "roster"), *kit = cli_opt(a, "kit-id");
    if (!roster_path)
        return cli_usage("sheet verify", _("needs --roster FILE.csv"));
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

const struct cli_cmd cmd_sheet_table[] = {
    {.name = "sheet", .summary = N_("verify a signed score sheet")},
    {.name = "sheet verify",
     .args = "FILE.jury",
     .min_args = 1,
     .max_args = 1,
     .opts = verify_opts,
     .summary = N_("check a sheet's signature and content"),
     .text = N_("Exit 0 when the signature matches the roster's key for the sheet's reviewer\n"
                "and the content (audit chain included) is intact; 1 with the reason\n"
                "otherwise; 2 when the roster cannot be read.\n"),
     .run = sheet_verify},
    {0}};
