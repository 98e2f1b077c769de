/* fuzz_pack.c - open a pack from memory, list it, read every entry, open
 * nested packs once, and render the inspect JSON. Limits are lowered so a
 * bomb is found in milliseconds, not seconds. */
#include "packs/pack.h"

#include <stdint.h>
#include <stdlib.h>

static void read_all(struct pack *p, int depth)
{
    for (size_t i = 0; i < pack_entry_count(p); i++) {
        struct jury_error err = {0};
        char *buf = NULL;
        size_t len = 0;
        if (pack_read_entry(p, i, &buf, &len, &err) == JURY_OK)
            free(buf);
        if (depth == 0 && pack_entry(p, i)->kind == PACK_KIND_ARCHIVE) {
            struct pack *n = NULL;
            if (pack_open_nested(&n, p, i, &err) == JURY_OK)
                read_all(n, 1);
            pack_close(&n);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pack_options opt;
    pack_options_default(&opt);
    opt.max_entries = 2000;
    opt.max_entry_size = 8u << 20;
    opt.max_total_size = 32u << 20;
    opt.passphrase = "fuzz";
    struct jury_error err = {0};
    struct pack *p = NULL;
    if (pack_open_memory(&p, "fuzz.zip", data, size, &opt, &err) != JURY_OK)
        return 0;
    read_all(p, 0);
    char *js = pack_to_json(p);
    free(js);
    pack_close(&p);
    return 0;
}
