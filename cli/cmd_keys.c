/* cmd_keys.c - `jury keygen`: a reviewer's Ed25519 key pair. */
#include "cli/cli.h"

#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_keygen_summary[] = "make a reviewer key pair and print its roster line";
const char cmd_keygen_usage[] =
    "usage: jury keygen --name NAME --panel PANEL [--id ID] [--affiliation ORG]\n"
    "Makes an Ed25519 key pair in <data>/keys/ (ID.key, mode 0600, never\n"
    "overwritten; ID.pub) and prints the line for the kit's roster.csv:\n"
    "  reviewer_id,name,panel,affiliation,public_key   (public key in base64)\n"
    "ID defaults to a name made from the public key (r-xxxxxxxx).\n";

static const char *take(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    return argv[*i][n] == '\0' && *i + 1 < argc ? argv[++*i] : NULL;
}

int cmd_keygen(int argc, char **argv)
{
    const char *name = NULL, *panel = NULL, *id = NULL, *aff = "";
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = take(argc, argv, &i, "--name")))
            name = v;
        else if ((v = take(argc, argv, &i, "--panel")))
            panel = v;
        else if ((v = take(argc, argv, &i, "--id")))
            id = v;
        else if ((v = take(argc, argv, &i, "--affiliation")))
            aff = v;
        else
            return cli_usage("keygen", "unexpected argument '%s'", argv[i]);
    }
    if (!name || !panel || !name[0])
        return cli_usage("keygen", "--name and --panel are required");
    char auto_id[32];
    if (!id) { /* a fresh random id; the key itself is random anyway */
        unsigned char r[4];
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(r, 1, sizeof r, f) != sizeof r) {
            if (f)
                fclose(f);
            fputs("jury keygen: cannot read /dev/urandom\n", stderr);
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
