/* fuzz_ooxml.c - the Office Open XML extractor (docx, xlsx, pptx). The first
 * input byte picks the file name, so one corpus drives all three walkers;
 * the rest is the file. Limits are lowered so a bomb part or a huge sheet
 * ends in milliseconds. */
#include "packs/pack.h"

#include <stdint.h>

static const char *const names[] = {"fuzz.docx", "fuzz.xlsx", "fuzz.pptx"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct extract_limits lim;
    extract_limits_default(&lim);
    lim.max_part = 4u << 20;
    lim.max_text = 1u << 20;
    lim.max_cells = 20000;
    lim.max_pages = 200;
    struct jury_error err = {0};
    struct extract_result *r = NULL;
    const char *name = names[data[0] % 3];
    if (extract_buffer(name, data + 1, size - 1, &lim, &r, &err) == JURY_OK)
        extract_result_free(&r);
    return 0;
}
