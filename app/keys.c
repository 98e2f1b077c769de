/* keys.c - the reviewer's key pair on this machine (<data>/keys): whether
 * one exists, and making one with its line for the kit's roster. */
#include "app/app.h"
#include "db/sheet/sheet.h"
#include "packs/pack.h"

int app_key_count(size_t *n, struct jury_error *err)
{
    char **ids = NULL;
    *n = 0;
    int rc = keys_list(&ids, n, err);
    keys_list_free(&ids, *n);
    return rc;
}

int app_key_make(const char *id, const char *name, const char *panel, const char *affiliation,
                 char **roster_line, struct jury_error *err)
{
    return keys_generate(id, name, panel, affiliation ? affiliation : "", roster_line, err);
}
