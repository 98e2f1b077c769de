/* pack_build.c - `jury pack build`: a folder or an archive into a pack zip. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

int pack_build_zip(const struct pack_build *b, size_t *n_files, struct jury_error *err)
{
    return jury_error_set(err, JURY_ERR_INTERNAL, b->src, "not yet");
}
