/* fuzz_csv.c - CSV as organisers' spreadsheets write it (roster, facts). */
#include "core/core.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct jury_error err = {0};
    struct csv *c = NULL;
    const char *enc;
    if (csv_parse((const char *)data, size, "fuzz.csv", &c, &enc, &err) == JURY_OK) {
        for (size_t r = 0; r < c->nrows; r++)
            for (size_t i = 0; i < c->ncols[r]; i++)
                (void)csv_get(c, r, i);
        csv_free(&c);
    }
    return 0;
}
