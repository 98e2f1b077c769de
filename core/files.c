/* files.c - the user data folder, whole-file reads, atomic writes. */
#define _GNU_SOURCE
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef JURY_DATADIR
#define JURY_DATADIR "/usr/local/share"
#endif
#ifndef JURY_DATADIR_FROM_BIN
#define JURY_DATADIR_FROM_BIN "../share"
#endif

char *jury_path_join(const char *a, const char *b)
{
    struct jstr s = {0};
    jstr_add(&s, a);
    if (s.len && s.s[s.len - 1] != '/')
        jstr_addc(&s, '/');
    jstr_add(&s, b);
    return jstr_take(&s);
}

bool jury_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool jury_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int jury_mkdirs(const char *path, int mode, struct jury_error *err)
{
    char *p = jury_xstrdup(path);
    int rc = JURY_OK;
    for (char *q = p + 1;; q++) {
        bool end = *q == '\0';
        if (*q != '/' && !end)
            continue;
        *q = '\0';
        if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
            rc = jury_error_set(err, JURY_ERR_IO, p, "cannot create folder: %s", strerror(errno));
            break;
        }
        if (end)
            break;
        *q = '/';
    }
    if (rc == JURY_OK && !jury_is_dir(path))
        rc = jury_error_set(err, JURY_ERR_IO, path, "not a folder");
    free(p);
    return rc;
}

char *jury_data_dir(bool create, struct jury_error *err)
{
    const char *home = getenv("JURY_HOME");
    char *dir;
    if (home && *home) {
        dir = jury_xstrdup(home);
    } else if ((home = getenv("XDG_DATA_HOME")) && *home) {
        dir = jury_path_join(home, "jury");
    } else if ((home = getenv("HOME")) && *home) {
        dir = jury_path_join(home, ".local/share/jury");
    } else {
        jury_error_set(err, JURY_ERR_NOTFOUND, NULL,
                       "no user data folder: set JURY_HOME, XDG_DATA_HOME or HOME");
        return NULL;
    }
    if (create && jury_mkdirs(dir, 0700, err) != JURY_OK) {
        free(dir);
        return NULL;
    }
    return dir;
}

static const char *file_kind(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISLNK(m))
        return "a symbolic link";
    return "not a regular file";
}

static int refuse_kind(const char *path, mode_t m, struct jury_error *err)
{
    return jury_error_set(err, JURY_ERR_IO, path, "is %s, not a regular file: refused",
                          file_kind(m));
}

int jury_open_regular(const char *path, uint64_t max, bool nofollow, uint64_t *size,
                      struct jury_error *err)
{
    struct stat st;
    /* look before opening: a device is never opened (opening has effects) */
    if ((nofollow ? lstat(path, &st) : stat(path, &st)) != 0)
        return jury_error_set(err, JURY_ERR_IO, path, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return refuse_kind(path, st.st_mode, err);
    /* O_NONBLOCK: a FIFO swapped in since cannot block the open */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return jury_error_set(err, JURY_ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return refuse_kind(path, st.st_mode, err);
    }
    if (max && (uint64_t)st.st_size > max) {
        close(fd);
        return jury_error_set(err, JURY_ERR_LIMIT, path,
                              "file of %lld bytes is larger than the limit of %llu bytes",
                              (long long)st.st_size, (unsigned long long)max);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (size)
        *size = (uint64_t)st.st_size;
    return fd;
}

int jury_read_file(const char *path, size_t max, char **out, size_t *len, struct jury_error *err)
{
    *out = NULL;
    int fd = jury_open_regular(path, max, false, NULL, err);
    if (fd < 0)
        return fd;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return jury_error_set(err, JURY_ERR_IO, path, "cannot open: %s", strerror(errno));
    }
    struct jstr b = {0};
    char buf[65536];
    size_t n;
    int rc = JURY_OK;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (b.len + n > max) {
            rc = jury_error_set(err, JURY_ERR_LIMIT, path, "file larger than %zu bytes", max);
            break;
        }
        jstr_addn(&b, buf, n);
    }
    if (rc == JURY_OK && ferror(f))
        rc = jury_error_set(err, JURY_ERR_IO, path, "read failed");
    fclose(f);
    if (rc != JURY_OK) {
        jstr_free(&b);
        return rc;
    }
    if (len)
        *len = b.len;
    *out = jstr_take(&b);
    return JURY_OK;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int jury_write_file_atomic(const char *path, const void *data, size_t len, int mode,
                           struct jury_error *err)
{
    struct jstr tmp = {0};
    jstr_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
    int rc = JURY_OK;
    if (fd < 0) {
        rc = jury_error_set(err, JURY_ERR_IO, path, "cannot create: %s", strerror(errno));
        goto out;
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        rc = jury_error_set(err, JURY_ERR_IO, path, "write failed: %s", strerror(errno));
        close(fd);
        unlink(tmp.s);
        goto out;
    }
    close(fd);
    if (rename(tmp.s, path) != 0) {
        rc = jury_error_set(err, JURY_ERR_IO, path, "cannot rename: %s", strerror(errno));
        unlink(tmp.s);
    }
out:
    jstr_free(&tmp);
    return rc;
}

/* DATADIR as seen from the running executable (BINDIR/../share, or
 * build/cli/../share in a build tree, which mirrors the installed layout);
 * the configured DATADIR when /proc is not there or it has no jury data. */
static const char *data_dir(void)
{
    static char dir[4096];
    if (dir[0])
        return dir;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char probe[4096];
            snprintf(probe, sizeof probe, "%.3800s/%.200s/jury/rules", exe, JURY_DATADIR_FROM_BIN);
            if (jury_is_dir(probe)) {
                snprintf(dir, sizeof dir, "%.3800s/%.200s", exe, JURY_DATADIR_FROM_BIN);
                return dir;
            }
        }
    }
    snprintf(dir, sizeof dir, "%.4000s", JURY_DATADIR);
    return dir;
}

const char *jury_share_dir(void)
{
    const char *s = getenv("JURY_SHARE");
    if (s && *s)
        return s;
    static char share[4096];
    if (!share[0])
        snprintf(share, sizeof share, "%.4000s/jury", data_dir());
    return share;
}

const char *jury_locale_dir(void)
{
    static char locale[4096];
    if (!locale[0])
        snprintf(locale, sizeof locale, "%.4000s/locale", data_dir());
    return locale;
}

void jury_tz_init(void)
{
    if (!getenv("TZ"))
        setenv("TZ", ":/etc/localtime", 0);
    tzset();
}
