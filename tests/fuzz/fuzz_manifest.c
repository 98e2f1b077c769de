/* fuzz_manifest.c - manifest.json parsing. */
#include "packs/pack.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct jury_error err = {0};
    struct pack_manifest *m = NULL;
    struct jstr notes = {0};
    if (pack_manifest_parse((const char *)data, size, &m, &notes, &err) == JURY_OK) {
        char *js = pack_manifest_to_json(m);
        free(js);
        pack_manifest_free(&m);
    }
    jstr_free(&notes);
    return 0;
}
