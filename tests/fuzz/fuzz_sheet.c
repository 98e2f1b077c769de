/* fuzz_sheet.c - score sheet verification and parsing: every input must be
 * refused or verified, never crash. The roster holds one real key so the
 * signature path is reached. */
#include "db/sheet/sheet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct roster *roster;

static void load_roster(void)
{
    char path[] = "/tmp/jury-fuzz-roster-XXXXXX";
    int fd = mkstemp(path);
    static const char text[] = "reviewer_id,name,panel,affiliation,public_key\n"
                               "r1,Reviewer,A,,11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n";
    if (fd < 0 || write(fd, text, sizeof text - 1) < 0)
        abort();
    close(fd);
    struct jury_error err = {0};
    if (roster_load(path, &roster, &err) != JURY_OK)
        abort();
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!roster)
        load_roster();
    char path[] = "/tmp/jury-fuzz-sheet-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    ssize_t w = write(fd, data, size);
    close(fd);
    if (w == (ssize_t)size) {
        struct jury_error err = {0};
        struct sheet *sh = NULL;
        if (sheet_read_verified(path, roster, NULL, &sh, &err) == JURY_OK)
            sheet_free(&sh);
    }
    unlink(path);
    return 0;
}
