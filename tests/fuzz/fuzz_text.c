/* fuzz_text.c - the text decoders and the text/markdown/csv/html and media
 * header extractors. The first byte picks the file name (and so the
 * extractor); the rest is the file. The core decoders behind them
 * (text_to_utf8, GB18030, UTF-16) are also called directly. */
#include "packs/pack.h"

#include <stdint.h>
#include <stdlib.h>

static const char *const names[] = {"a.txt", "a.md", "a.csv", "a.html", "a.bin", "a.png", "a.mp4"};
#define N_NAMES (sizeof names / sizeof names[0])

static void decoders(const char *s, size_t n)
{
    struct jury_error err = {0};
    const char *enc = NULL;
    bool lossy = false;
    free(text_to_utf8(s, n, &enc, &err));
    free(gbk_to_utf8(s, n, &lossy, &err));
    free(utf16_to_utf8(s, n, n % 2 == 0));
    free(utf8_sanitize(s, n));
    (void)utf8_width(s, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    decoders(body, n);
    struct extract_limits lim;
    extract_limits_default(&lim);
    lim.max_text = 1u << 20;
    lim.max_pages = 200;
    struct jury_error err = {0};
    struct extract_result *r = NULL;
    if (extract_buffer(names[data[0] % N_NAMES], body, n, &lim, &r, &err) == JURY_OK)
        extract_result_free(&r);
    return 0;
}
