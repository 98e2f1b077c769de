/* cmd_keys.c - `jury keygen`: a reviewer's Ed25519 key pair. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>

static const struct cli_opt keygen_opts[] = {
    {.name = "name", .arg = "NAME", .help = N_("the reviewer's name (required)")},
    {.name = "panel",
     .arg = "PANEL",
     .help = N_("the panel (专业组) the reviewer sits on (required)")},
    {.name = "id",
     .arg = "ID",
     .help = N_("the reviewer id (default: r- and 8 random hex digits)")},
    {.name = "affiliation", .arg = "ORG", .help = N_("the reviewer's organisation")},
    {0}};

static int cmd_keygen(const struct cli_args *a)
{
    const char *name = cli_opt(a, "name"), *panel = cli_opt(a, "panel"), *id = cli_opt(a, "id");
    const char *aff = cli_has(a, "affiliation") ? cli_opt(a, "affiliation") : "";
    if (!name || !panel || !name[0])
        return cli_usage("keygen", _("--name and --panel are required"));
    char auto_id[32];
    if (!id) { /* a fresh random id; the key itself is random anyway */
        unsigned char r[4];
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(r, 1, sizeof r, f) != sizeof r) {
            if (f)
                fclose(f);
            fputs(_("jury keygen: cannot read /dev/urandom\n"), stderr);
            return EXIT_USAGE;
        }
        fclose(f);
        snprintf(auto_id, sizeof auto_id, "r-%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
        id = auto_id;
    }
    char *line = NULL;
    struct jury_error err = {0};
    if (app_key_make(id, name, panel, aff, &line, &err) < 0)
        return cli_fail(&err);
    printf("%s\n", cli_esc(line));
    free(line);
    return EXIT_OK;
}

const struct cli_cmd cmd_keygen_table[] = {
    {.name = "keygen",
     .opts = keygen_opts,
     .summary = N_("make a reviewer key pair and print its roster line"),
     .text = N_("Makes an Ed25519 key pair in <data>/keys/ (ID.key, mode 0600, never\n"
                "overwritten; ID.pub) and prints the line for the kit's roster.csv:\n"
                "  reviewer_id,name,panel,affiliation,public_key   (public key in base64)\n"),
     .run = cmd_keygen},
    {0}};
