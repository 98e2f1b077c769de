/* cmd_sheet.c - `jury sheet verify`: check a signed score sheet. */
#include "cli/cli.h"

#include "db/sheet/sheet.h"

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
    struct roster *roster = NULL;
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    if (roster_load(roster_path, &roster, &err) < 0)
        return cli_fail(&err);
    int rc = sheet_read_verified(file, roster, kit, &sh, &err);
    roster_free(&roster);
    if (rc < 0) {
        char buf[2048];
        printf("REJECTED %s\n", cli_esc(jury_error_text(&err, buf, sizeof buf)));
        return EXIT_CHECK;
    }
    size_t scores = 0;
    for (size_t i = 0; i < sh->n_packs; i++)
        scores += sh->packs[i].n_scores;
    printf("OK %s: reviewer %s, kit %s, %zu packs, %zu scores, audit %llu rows, head %.16s\n",
           cli_esc(file), cli_esc(sh->reviewer_id), cli_esc(sh->kit_id), sh->n_packs, scores,
           (unsigned long long)sh->audit_rows, cli_esc(sh->audit_head));
    sheet_free(&sh);
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
