/* pack_check.c - has the pack file changed on disk since pack_open?
 *
 * Entries are read from the file on demand, so a pack replaced while it is
 * open (a re-sent pack copied over the old one, a sync client) would mix two
 * versions: the listing of one and the bytes of the other, and a citation
 * would point at a file the reviewer never saw. Callers check before they
 * trust a read for scoring. */
#include "packs/pack_int.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int pack_check_unchanged(const struct pack *p, bool deep, struct jury_error *err)
{
    if (p->mem)
        return 0; /* an in-memory copy cannot change */
    struct stat st;
    if (stat(p->path, &st) != 0)
        return jury_error_set(err, JURY_ERR_IO, p->path,
                              "the pack file is no longer readable (%s): reopen the pack",
                              strerror(errno));
    int64_t mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    if ((uint64_t)st.st_size != p->file_size || mtime != p->file_mtime_ns)
        return jury_error_set(err, JURY_ERR_CORRUPT, p->path,
                              "the pack file changed on disk since it was opened (size %llu -> "
                              "%llu bytes or a new modification time): reopen the pack",
                              (unsigned long long)p->file_size, (unsigned long long)st.st_size);
    if (!deep || !p->id[0])
        return 0;
    char now[SHA256_HEX_LEN + 1];
    int rc = jury_sha256_file_hex(p->path, now, err);
    if (rc < 0)
        return rc;
    if (strcmp(now, p->id) != 0)
        return jury_error_set(err, JURY_ERR_CORRUPT, p->path,
                              "the pack file changed on disk since it was opened (SHA-256 %.12s "
                              "-> %.12s): reopen the pack",
                              p->id, now);
    return 0;
}
