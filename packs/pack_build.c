/* pack_build.c - `jury pack build`: a folder or an applicant's archive into
 * a pack zip with manifest.json, UTF-8 names (flag set), sorted entries and
 * fixed timestamps, written to a temporary file and renamed into place. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXED_MTIME 1577836800 /* 2020-01-01: the same bytes from the same input */

struct bfile {
    char *rel;  /* path inside the pack (UTF-8) */
    char *full; /* folder source: the file on disk */
    long idx;   /* archive source: the entry */
};

struct blist {
    struct bfile *v;
    size_t n, cap;
};

static void blist_add(struct blist *l, char *rel, char *full, long idx)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = jury_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (struct bfile){rel, full, idx};
}

static void blist_free(struct blist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].rel);
        free(l->v[i].full);
    }
    free(l->v);
}

static int bfile_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bfile *)a)->rel, ((const struct bfile *)b)->rel);
}

/* Regular files under dir, hidden junk and links left out. */
static int walk_dir(struct blist *l, const char *dir, const char *rel, struct jury_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return jury_error_set(err, JURY_ERR_IO, dir, "cannot read folder: %s", strerror(errno));
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *full = jury_path_join(dir, de->d_name);
        char *r = *rel ? jury_path_join(rel, de->d_name) : jury_xstrdup(de->d_name);
        struct stat st;
        if (names_hidden(r) || lstat(full, &st) != 0 || S_ISLNK(st.st_mode)) {
            free(full), free(r);
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(l, full, r, err);
            free(full), free(r);
        } else if (S_ISREG(st.st_mode)) {
            blist_add(l, r, full, -1);
        } else {
            free(full), free(r);
        }
    }
    closedir(d);
    return rc;
}

static json_t *typed_value(const char *s)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
        return json_boolean(s[0] == 't');
    char *end;
    double d = strtod(s, &end);
    if (*s && *end == '\0' && end != s) {
        long long i = strtoll(s, &end, 10);
        return *end == '\0' ? json_integer(i) : json_real(d);
    }
    return json_string(s);
}

static int facts_csv(json_t *facts, const char *path, struct jury_error *err)
{
    struct csv *c = NULL;
    const char *enc;
    int rc = csv_read_file(path, &c, &enc, err);
    if (rc)
        return rc;
    for (size_t r = 0; r < c->nrows; r++) {
        const char *k = csv_get(c, r, 0), *v = csv_get(c, r, 1);
        if (r == 0 && strcmp(v, "value") == 0)
            continue; /* a header row */
        if (*k)
            json_object_set_new(facts, k, typed_value(v));
    }
    csv_free(&c);
    return 0;
}

static int facts_load(json_t *facts, const char *path, struct jury_error *err)
{
    size_t n = strlen(path);
    if (n > 4 && strcasecmp(path + n - 4, ".csv") == 0)
        return facts_csv(facts, path, err);
    json_error_t je;
    json_t *o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!o || !json_is_object(o)) {
        char where[600];
        snprintf(where, sizeof where, "%s:%d:%d", path, je.line, je.column);
        json_decref(o);
        return jury_error_set(err, JURY_ERR_FORMAT, where, "%s",
                              o ? "facts must be a JSON object" : je.text);
    }
    json_object_update(facts, o);
    json_decref(o);
    return 0;
}

static void set_str(json_t *m, const char *key, const char *v)
{
    if (v)
        json_object_set_new(m, key, json_string(v));
}

/* The manifest: the source's own (when it has a valid one), updated with
 * what the organiser gave on the command line. */
static int make_manifest(const struct pack_build *b, json_t *base, char **out,
                         struct jury_error *err)
{
    json_t *m = base ? base : json_object();
    json_object_set_new(m, "format", json_string("jury-pack/1"));
    set_str(m, "task", b->task);
    set_str(m, "applicant", b->applicant);
    set_str(m, "title", b->title);
    set_str(m, "region", b->region);
    json_t *facts = json_object_get(m, "facts");
    if (!json_is_object(facts)) {
        facts = json_object();
        json_object_set_new(m, "facts", facts);
    }
    int rc = b->facts_file ? facts_load(facts, b->facts_file, err) : 0;
    char *s = rc ? NULL : json_dumps(m, JSON_INDENT(2));
    json_decref(m);
    if (!rc) {
        *out = jury_xstrdup(s);
        free(s);
    }
    return rc;
}

static int write_entry(struct archive *w, const char *rel, const void *data, size_t len,
                       struct jury_error *err)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname_utf8(e, rel);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, FIXED_MTIME, 0);
    archive_entry_set_size(e, (la_int64_t)len);
    int rc = 0;
    if (archive_write_header(w, e) != ARCHIVE_OK ||
        (len && archive_write_data(w, data, len) != (la_ssize_t)len))
        rc = jury_error_set(err, JURY_ERR_IO, rel, "cannot write: %s", archive_error_string(w));
    archive_entry_free(e);
    return rc;
}

static int write_file(struct archive *w, struct pack *src, const struct bfile *f,
                      struct jury_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = src ? pack_read_entry(src, (size_t)f->idx, &buf, &len, err)
                 : jury_read_file(f->full, SIZE_MAX, &buf, &len, err);
    if (rc == 0)
        rc = write_entry(w, f->rel, buf, len, err);
    free(buf);
    return rc;
}

static int write_zip(int fd, const struct blist *l, struct pack *src, const char *manifest,
                     struct jury_error *err)
{
    struct archive *w = archive_write_new();
    archive_write_set_format_zip(w);
    /* Names in UTF-8 with general-purpose bit 11 set. */
    archive_write_set_options(w, "zip:hdrcharset=UTF-8");
    if (archive_write_open_fd(w, fd) != ARCHIVE_OK) {
        int rc = jury_error_set(err, JURY_ERR_IO, NULL, "%s", archive_error_string(w));
        archive_write_free(w);
        return rc;
    }
    int rc = write_entry(w, "manifest.json", manifest, strlen(manifest), err);
    for (size_t i = 0; rc == 0 && i < l->n; i++)
        rc = write_file(w, src, &l->v[i], err);
    if (archive_write_close(w) != ARCHIVE_OK && rc == 0)
        rc = jury_error_set(err, JURY_ERR_IO, NULL, "%s", archive_error_string(w));
    archive_write_free(w);
    return rc;
}

static int collect_archive(struct pack *src, struct blist *l, json_t **base)
{
    for (size_t i = 0; i < src->n; i++) {
        const struct pack_entry *e = &src->entries[i];
        if (e->hidden || e->is_link || (e->warn & PACK_W_DUPLICATE) || (long)i == src->manifest_idx)
            continue;
        blist_add(l, jury_xstrdup(e->path), NULL, (long)i);
    }
    if (src->manifest) {
        char *s = pack_manifest_to_json(src->manifest);
        *base = json_loads(s, 0, NULL);
        free(s);
    }
    return 0;
}

static void collect_dir_manifest(const char *src, struct blist *l, json_t **base)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i].rel, "manifest.json") != 0)
            continue;
        json_t *o = json_load_file(l->v[i].full, 0, NULL);
        *base = json_is_object(o) ? o : NULL;
        if (!*base)
            json_decref(o);
        free(l->v[i].rel), free(l->v[i].full);
        l->v[i] = l->v[--l->n];
        return;
    }
}

static int write_atomic(const struct pack_build *b, const struct blist *l, struct pack *src,
                        const char *manifest, struct jury_error *err)
{
    size_t n = strlen(b->out);
    char *tmp = jury_xmalloc(n + 16);
    snprintf(tmp, n + 16, "%s.tmpXXXXXX", b->out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int rc = jury_error_set(err, JURY_ERR_IO, b->out, "cannot create: %s", strerror(errno));
        free(tmp);
        return rc;
    }
    fchmod(fd, 0644);
    int rc = write_zip(fd, l, src, manifest, err);
    if (rc == 0 && fsync(fd) != 0)
        rc = jury_error_set(err, JURY_ERR_IO, b->out, "fsync: %s", strerror(errno));
    close(fd);
    if (rc == 0 && rename(tmp, b->out) != 0)
        rc = jury_error_set(err, JURY_ERR_IO, b->out, "rename: %s", strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}

int pack_build_zip(const struct pack_build *b, size_t *n_files, struct jury_error *err)
{
    if (!b->task || !*b->task)
        return jury_error_set(err, JURY_ERR_INVALID, b->src, "a task id is required");
    struct blist l = {0};
    struct pack *src = NULL;
    json_t *base = NULL;
    char *manifest = NULL;
    int rc;
    if (jury_is_dir(b->src)) {
        rc = walk_dir(&l, b->src, "", err);
        collect_dir_manifest(b->src, &l, &base);
    } else {
        rc = pack_open(&src, b->src, b->opt, err);
        if (rc == 0)
            rc = collect_archive(src, &l, &base);
    }
    if (rc == 0)
        rc = make_manifest(b, base, &manifest, err);
    else
        json_decref(base);
    if (rc == 0) {
        qsort(l.v, l.n, sizeof *l.v, bfile_cmp);
        /* libarchive converts names through the thread's locale. */
        locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        locale_t old = loc ? uselocale(loc) : (locale_t)0;
        rc = write_atomic(b, &l, src, manifest, err);
        if (loc) {
            uselocale(old);
            freelocale(loc);
        }
    }
    if (rc == 0 && n_files)
        *n_files = l.n;
    free(manifest);
    pack_close(&src);
    blist_free(&l);
    return rc;
}
