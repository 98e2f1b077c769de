/* rules_tools.c - rule sets as an organiser works on them (`jury rules`):
 * a rule set named by id or file, checked, shown, evaluated on a pack file,
 * tested against its expectations file. */
#include "app/app.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ID or path -> a rule file path (caller frees), NULL with err. */
static char *rule_path(const char *arg, const char *kit, struct jury_error *err)
{
    size_t n = strlen(arg);
    if (strchr(arg, '/') || (n > 4 && strcmp(arg + n - 4, ".lua") == 0)) {
        if (jury_is_file(arg))
            return jury_xstrdup(arg);
        int fd = -1; /* a FIFO or a device: the refusal says what it is */
        if (access(arg, F_OK) != 0 || jury_is_dir(arg) ||
            (fd = jury_open_regular(arg, 0, false, NULL, err)) >= 0)
            jury_error_set(err, JURY_ERR_NOTFOUND, arg, "no such rule file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    return rules_find(arg, kit, err);
}

int app_rules_open(const char *arg, const char *kit_dir, struct ruleset **rs, char **path,
                   struct jury_error *err)
{
    *rs = NULL;
    *path = rule_path(arg, kit_dir, err);
    if (!*path)
        return err->status ? err->status : JURY_ERR_NOTFOUND;
    int rc = rules_load(rs, *path, NULL, err);
    if (rc < 0) {
        free(*path);
        *path = NULL;
    }
    return rc;
}

void app_rules_close(struct ruleset **rs)
{
    ruleset_free(rs);
}

void app_rules_info(const struct ruleset *rs, struct ruleset_info *out)
{
    ruleset_info(rs, out);
}

struct checklist *app_rules_checklist(const struct ruleset *rs, const char *variant)
{
    return ruleset_checklist(rs, variant);
}

int app_rules_check_file(const char *path, char **problems, struct jury_error *err)
{
    return rules_check_file(path, NULL, problems, err);
}

int app_rules_eval_file(const struct ruleset *rs, const char *pack_path, struct rules_result **out,
                        char **other_task, struct jury_error *err)
{
    struct pack *p = NULL;
    struct rules_pack_view *view = NULL;
    *out = NULL;
    *other_task = NULL;
    int rc = pack_open(&p, pack_path, NULL, err);
    if (rc == 0)
        rc = app_rules_view(p, &view, err);
    struct ruleset_info info;
    ruleset_info(rs, &info);
    if (rc == 0 && view->task && *view->task && strcmp(view->task, info.id) != 0)
        *other_task = jury_xstrdup(view->task);
    if (rc == 0)
        rc = rules_eval(rs, view, out, err);
    app_rules_view_free(&view);
    pack_close(&p);
    return rc;
}

void app_rules_result_free(struct rules_result **r)
{
    rules_result_free(r);
}

const char *app_rules_result_name(int result)
{
    return rules_result_name((enum rules_result_kind)result);
}

int app_rules_expect_load(const char *path, struct rules_expect **out, size_t *n,
                          struct jury_error *err)
{
    return rules_expect_load(path, NULL, out, n, err);
}

void app_rules_expect_free(struct rules_expect **e, size_t n)
{
    rules_expect_free(e, n);
}
