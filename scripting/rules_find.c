/* rules_find.c - where rule sets live: the kit's rules/ first, then the
 * bundled rules/ of jury_share_dir(). */
#include "scripting/rules_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool plain_id(const char *id)
{
    if (!id || !*id || id[0] == '.')
        return false;
    return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
           strlen(id);
}

static char *rules_dir(const char *base)
{
    return jury_path_join(base, "rules");
}

char *rules_find(const char *id, const char *kit_dir, struct jury_error *err)
{
    if (!plain_id(id)) {
        jury_error_set(err, JURY_ERR_INVALID, NULL, "'%s' is not a rule set id", id ? id : "");
        return NULL;
    }
    const char *bases[] = {kit_dir, jury_share_dir()};
    char name[300];
    snprintf(name, sizeof name, "%s.lua", id);
    for (int i = 0; i < 2; i++) {
        if (!bases[i])
            continue;
        char *dir = rules_dir(bases[i]);
        char *path = jury_path_join(dir, name);
        free(dir);
        if (jury_is_file(path))
            return path;
        free(path);
    }
    jury_error_set(err, JURY_ERR_NOTFOUND, NULL, "no rule set '%s'", id);
    return NULL;
}

static int cmp_base(const void *a, const void *b)
{
    const char *x = strrchr(*(char *const *)a, '/'), *y = strrchr(*(char *const *)b, '/');
    return strcmp(x ? x + 1 : *(char *const *)a, y ? y + 1 : *(char *const *)b);
}

static bool have_base(char **paths, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        const char *b = strrchr(paths[i], '/');
        if (strcmp(b ? b + 1 : paths[i], name) == 0)
            return true;
    }
    return false;
}

static void scan_dir(const char *base, char ***paths, size_t *n)
{
    char *dir = rules_dir(base);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".lua") != 0 || e->d_name[0] == '.')
            continue;
        if (have_base(*paths, *n, e->d_name))
            continue;
        char *path = jury_path_join(dir, e->d_name);
        if (!jury_is_file(path)) {
            free(path);
            continue;
        }
        *paths = jury_xrealloc(*paths, (*n + 1) * sizeof **paths);
        (*paths)[(*n)++] = path;
    }
    if (d)
        closedir(d);
    free(dir);
}

int rules_list(const char *kit_dir, char ***paths, size_t *n, struct jury_error *err)
{
    *paths = NULL;
    *n = 0;
    if (kit_dir)
        scan_dir(kit_dir, paths, n);
    scan_dir(jury_share_dir(), paths, n);
    if (*n == 0) {
        /* An installation without its data must say so, not list nothing. */
        char *dir = rules_dir(jury_share_dir());
        int rc = jury_error_set(err, JURY_ERR_NOTFOUND, dir,
                                "no rule sets found (reinstall jury, or set JURY_SHARE)");
        free(dir);
        return rc;
    }
    qsort(*paths, *n, sizeof **paths, cmp_base);
    return 0;
}

void rules_list_free(char ***paths, size_t n)
{
    if (!paths || !*paths)
        return;
    for (size_t i = 0; i < n; i++)
        free((*paths)[i]);
    free(*paths);
    *paths = NULL;
}
