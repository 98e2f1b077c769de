/* outputs.c - the merge/rank outputs land together.
 *
 * report.pdf (the document the panel signs) must never describe another
 * ranking than ranking.csv beside it. Renaming five files one by one cannot
 * promise that when the process is killed between two renames, so the set
 * is one folder: every file is written into OUT/.run-<id>.tmp, the folder is
 * renamed to OUT/.run-<id> once complete, and one rename of the symbolic link
 * OUT/.current makes it the current set. OUT/ranking.csv and the others are
 * links to .current/<file>, so they all switch in that one step. A killed run
 * leaves a .run-*.tmp folder that a later run removes once it is an hour old. */
#define _GNU_SOURCE
#include "app/app.h"
#include "db/merge/merge.h"
#include "report/report.h"
#include "packs/pack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const output_names[] = {"ranking.csv", "ranking.xlsx", "report.md",
                                           "report.html", "report.pdf"};
#define N_OUTPUTS (sizeof output_names / sizeof *output_names)

void app_run_id_new(char id[33])
{
    jury_random_hex(id, 16);
}

static int io_fail(struct jury_error *err, const char *path, const char *what)
{
    return jury_error_set(err, JURY_ERR_IO, path, "%s: %s", what, strerror(errno));
}

/* Make link (a path) point at target by renaming a fresh link over it. */
static int link_swap(const char *out, const char *name, const char *target, const char *run_id,
                     struct jury_error *err)
{
    struct jstr tmp = {0};
    jstr_addf(&tmp, "%s/.%s.%s.lnk", out, name, run_id);
    char *path = jury_path_join(out, name);
    int rc = 0;
    unlink(jstr_cstr(&tmp));
    if (symlink(target, jstr_cstr(&tmp)) != 0)
        rc = io_fail(err, jstr_cstr(&tmp), "cannot make a link");
    else if (rename(jstr_cstr(&tmp), path) != 0)
        rc = io_fail(err, path, "cannot replace");
    free(path);
    jstr_free(&tmp);
    return rc;
}

/* OUT/<file> -> .current/<file>, made once per folder. */
static int ensure_file_links(const char *out, const char *run_id, struct jury_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < N_OUTPUTS; i++) {
        char *path = jury_path_join(out, output_names[i]), target[64], have[64];
        snprintf(target, sizeof target, ".current/%s", output_names[i]);
        ssize_t n = readlink(path, have, sizeof have - 1);
        if (n < 0 || (size_t)n != strlen(target) || memcmp(have, target, (size_t)n) != 0)
            rc = link_swap(out, output_names[i], target, run_id, err);
        free(path);
    }
    return rc;
}

static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = jury_path_join(dir, e->d_name);
        unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Every .run-* folder but the current one: earlier sets once a minute old,
 * staging folders of killed runs once an hour old (a younger folder may be
 * another merge's, still writing or about to be switched to). */
static void remove_old_runs(const char *out, const char *keep)
{
    DIR *d = opendir(out);
    struct dirent *e;
    time_t now = time(NULL);
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, ".run-", 5) != 0 || strcmp(e->d_name, keep) == 0)
            continue;
        char *p = jury_path_join(out, e->d_name);
        struct stat st;
        bool staging = n > 4 && strcmp(e->d_name + n - 4, ".tmp") == 0;
        if (stat(p, &st) == 0 && now - st.st_mtime > (staging ? 3600 : 60))
            remove_flat_dir(p);
        free(p);
    }
    if (d)
        closedir(d);
}

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int write_set(const struct merge_ranking *r, const char *dir, size_t *font_whole,
                     struct jury_error *err)
{
    struct pdf_report_info info = {0};
    int rc = report_write_all(r, dir, &info, err);
    *font_whole = info.font_whole ? info.bytes : 0;
    return rc;
}

int app_outputs_write(const struct merge_ranking *r, const char *out, const char *run_id,
                      size_t *font_whole_bytes, struct jury_error *err)
{
    *font_whole_bytes = 0;
    struct jstr name = {0}, stage = {0};
    jstr_addf(&name, ".run-%s", run_id);
    jstr_addf(&stage, "%s/%s.tmp", out, jstr_cstr(&name));
    char *final = jury_path_join(out, jstr_cstr(&name));
    int rc = jury_mkdirs(jstr_cstr(&stage), 0755, err);
    if (rc == 0)
        rc = write_set(r, jstr_cstr(&stage), font_whole_bytes, err);
    if (rc == 0 && (sync_dir(jstr_cstr(&stage)) != 0 || rename(jstr_cstr(&stage), final) != 0))
        rc = io_fail(err, final, "cannot complete the output set");
    if (rc == 0)
        rc = ensure_file_links(out, run_id, err);
    if (rc == 0)
        rc = link_swap(out, ".current", jstr_cstr(&name), run_id, err);
    if (rc == 0) {
        sync_dir(out);
        remove_old_runs(out, jstr_cstr(&name));
    } else {
        remove_flat_dir(jstr_cstr(&stage));
    }
    free(final);
    jstr_free(&name);
    jstr_free(&stage);
    return rc;
}
