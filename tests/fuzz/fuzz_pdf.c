/* fuzz_pdf.c - the PDF extractor (MuPDF behind a capped allocator). MuPDF
 * itself is not instrumented, so coverage feedback comes from our side of
 * the boundary; the point is that no PDF crashes, leaks or runs away with
 * memory. The memory cap is lowered well under libFuzzer's RSS limit. */
#include "packs/pack.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct extract_limits lim;
    extract_limits_default(&lim);
    lim.max_memory = 256u << 20;
    lim.max_pages = 50;
    lim.max_text = 1u << 20;
    struct jury_error err = {0};
    struct extract_result *r = NULL;
    if (extract_buffer("fuzz.pdf", data, size, &lim, &r, &err) == JURY_OK)
        extract_result_free(&r);
    return 0;
}
