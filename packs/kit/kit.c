/* kit.c - review kit folders: skeleton, reading kit.json, roster,
 * assignments and conflicts. */
#define _GNU_SOURCE
#include "packs/kit/kit.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The merge's aggregation defaults, written into a new kit.json; no tie-break:
 * equal scores share a rank until the organiser names one. */
static const char kit_json_template[] = "{\n"
                                        "  \"format\": \"jury-kit/1\",\n"
                                        "  \"id\": \"%s\",\n"
                                        "  \"name\": \"%s\",\n"
                                        "  \"tasks\": [%s],\n"
                                        "  \"aggregation\": {\n"
                                        "    \"method\": \"trimmed_mean\",\n"
                                        "    \"trim\": 1,\n"
                                        "    \"min_reviewers_for_trim\": 5,\n"
                                        "    \"disagreement_total\": 20,\n"
                                        "    \"tie_breaks\": [],\n"
                                        "    \"bootstrap\": 1000,\n"
                                        "    \"seed\": 1\n"
                                        "  },\n"
                                        "  \"veto_policy\": \"majority\"\n"
                                        "}\n";

static const char kit_readme[] =
    "This folder is a jury review kit.\n\n"
    "  kit.json         id, name, tasks, aggregation settings for the merge\n"
    "  rules/           rule sets used by this kit (override the bundled ones)\n"
    "  packs/           the application packs (*.zip, *.7z, *.tar.*)\n"
    "  roster.csv       reviewer_id,name,panel,affiliation,public_key\n"
    "  assignments.csv  reviewer_id,pack (made by 'jury kit assign')\n"
    "  conflicts.csv    reviewer_id,target,reason (a pack file or an applicant)\n"
    "  seal.json        the organiser's signed list of files ('jury kit seal')\n\n"
    "Reviewers open it with 'jury open THIS-FOLDER'. Check it with 'jury kit verify'.\n";

static int write_text(const char *dir, const char *name, const char *text, struct jury_error *err)
{
    char *p = jury_path_join(dir, name);
    int rc = jury_write_file_atomic(p, text, strlen(text), 0644, err);
    free(p);
    return rc;
}

/* JSON string body (without quotes) for a name typed on the command line. */
static char *json_escape(const char *s)
{
    json_t *j = json_string(s);
    char *d = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    if (!d)
        return jury_xstrdup("");
    size_t n = strlen(d);
    char *out = jury_xstrndup(d + 1, n >= 2 ? n - 2 : 0);
    free(d);
    return out;
}

/* The folder's name lower-cased and a random suffix: two kits made in
 * folders of the same name get different ids, so never one reviewer store. */
static char *kit_id_from_name(const char *dir)
{
    const char *base = strrchr(dir, '/');
    base = base && base[1] ? base + 1 : dir;
    struct jstr s = {0};
    for (const char *p = base; *p; p++)
        jstr_addc(&s, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p);
    char rnd[9];
    jury_random_hex(rnd, 4);
    jstr_addf(&s, "-%s", rnd);
    return jstr_take(&s);
}

/* Ids name store files and travel in every sheet: the one id check, and no
 * path separators. */
static int kit_id_check(const char *id, struct jury_error *err)
{
    char buf[96];
    const char *why = text_id_problem(id, buf, sizeof buf);
    if (!why &&
        (strchr(id, '/') || strchr(id, '\\') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0))
        why = "it holds a path separator";
    if (why)
        return jury_error_set(err, JURY_ERR_INVALID, "--id", "kit id '%s' refused: %s", id, why);
    return 0;
}

int kit_init_id(const char *dir, const char *id, const char *name, const char *const *tasks,
                size_t n_tasks, struct jury_error *err)
{
    if (id && kit_id_check(id, err) < 0)
        return err->status;
    char *kj = jury_path_join(dir, "kit.json");
    bool exists = jury_is_file(kj);
    free(kj);
    if (exists)
        return jury_error_set(err, JURY_ERR_DENIED, dir, "already holds a kit.json");
    int rc = jury_mkdirs(dir, 0755, err);
    static const char *const subdirs[] = {"rules", "packs"};
    for (size_t i = 0; rc == JURY_OK && i < 2; i++) {
        char *p = jury_path_join(dir, subdirs[i]);
        rc = jury_mkdirs(p, 0755, err);
        free(p);
    }
    if (rc != JURY_OK)
        return rc;
    struct jstr t = {0}, js = {0};
    for (size_t i = 0; i < n_tasks; i++) {
        char *e = json_escape(tasks[i]);
        jstr_addf(&t, "%s\"%s\"", i ? ", " : "", e);
        free(e);
    }
    char *kid = id ? jury_xstrdup(id) : kit_id_from_name(dir), *eid = json_escape(kid),
         *ename = json_escape(name);
    jstr_addf(&js, kit_json_template, eid, ename, jstr_cstr(&t));
    rc = write_text(dir, "kit.json", js.s, err);
    if (rc == JURY_OK)
        rc =
            write_text(dir, "roster.csv", "reviewer_id,name,panel,affiliation,public_key\r\n", err);
    if (rc == JURY_OK)
        rc = write_text(dir, "assignments.csv", "reviewer_id,pack\r\n", err);
    if (rc == JURY_OK)
        rc = write_text(dir, "conflicts.csv", "reviewer_id,target,reason\r\n", err);
    if (rc == JURY_OK)
        rc = write_text(dir, "README.txt", kit_readme, err);
    free(kid);
    free(eid);
    free(ename);
    jstr_free(&t);
    jstr_free(&js);
    return rc;
}

/* The kit and every string it hands out live in one allocation owner. */
struct kit_owned {
    struct kit pub;
    char **strs;
    size_t n_strs;
};

static const char *own(struct kit_owned *k, const char *s)
{
    if ((k->n_strs & (k->n_strs - 1)) == 0)
        k->strs = jury_xrealloc(k->strs, sizeof(char *) * (k->n_strs ? k->n_strs * 2 : 16));
    k->strs[k->n_strs] = jury_xstrdup(s ? s : "");
    return k->strs[k->n_strs++];
}

static bool is_pack_name(const char *n)
{
    if (n[0] == '.')
        return false;
    static const char *const ext[] = {".zip", ".7z", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz"};
    size_t len = strlen(n);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (len > e && strcasecmp(n + len - e, ext[i]) == 0)
            return true;
    }
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int list_packs(struct kit_owned *k, struct jury_error *err)
{
    char *dir = jury_path_join(k->pub.dir, "packs");
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return JURY_OK; /* a kit without packs is still a kit */
    }
    struct dirent *e;
    size_t n = 0;
    const char **names = NULL;
    while ((e = readdir(d))) {
        if (!is_pack_name(e->d_name))
            continue;
        names = jury_xrealloc(names, sizeof(char *) * (n + 1));
        names[n++] = own(k, e->d_name);
    }
    closedir(d);
    free(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    k->pub.packs = names;
    k->pub.n_packs = n;
    (void)err;
    return JURY_OK;
}

static int read_kit_json(struct kit_owned *k, struct jury_error *err)
{
    struct jury_error why = {0};
    char *path = jury_path_join(k->pub.dir, "kit.json");
    char *text = NULL;
    size_t len;
    int rc = jury_read_file(path, 1u << 20, &text, &len, err);
    json_error_t je;
    json_t *root = rc == JURY_OK ? json_loadb(text, len, 0, &je) : NULL;
    if (rc == JURY_OK && !json_is_object(root)) {
        rc =
            jury_error_set(err, JURY_ERR_FORMAT, path, "line %d, column %d: %s", root ? 1 : je.line,
                           root ? 1 : je.column, root ? "kit.json must be a JSON object" : je.text);
    }
    if (rc == JURY_OK) {
        k->pub.json = own(k, text);
        k->pub.id = own(k, json_string_value(json_object_get(root, "id")));
        k->pub.name = own(k, json_string_value(json_object_get(root, "name")));
        json_t *tasks = json_object_get(root, "tasks");
        size_t n = json_is_array(tasks) ? json_array_size(tasks) : 0;
        k->pub.tasks = jury_xcalloc(n ? n : 1, sizeof(char *));
        for (size_t i = 0; i < n; i++)
            if (json_is_string(json_array_get(tasks, i)))
                k->pub.tasks[k->pub.n_tasks++] =
                    own(k, json_string_value(json_array_get(tasks, i)));
        if (!k->pub.id[0])
            rc = jury_error_set(err, JURY_ERR_FORMAT, path, "kit.json has no \"id\"");
        else if (kit_id_check(k->pub.id, &why) < 0) /* it names store files */
            rc = jury_error_set(err, JURY_ERR_FORMAT, path, "kit.json's %s", why.message);
    }
    json_decref(root);
    free(text);
    free(path);
    return rc;
}

/* Read an optional CSV of the kit; a missing file is an empty table. */
static int read_kit_csv(struct kit_owned *k, const char *name, struct csv **out,
                        struct jury_error *err)
{
    char *path = jury_path_join(k->pub.dir, name);
    *out = NULL;
    int rc = jury_is_file(path) ? csv_read_file(path, out, NULL, err) : JURY_OK;
    free(path);
    return rc;
}

static const char *col(struct kit_owned *k, const struct csv *c, size_t row, const char *name)
{
    int i = csv_column(c, name);
    return own(k, i < 0 ? "" : csv_get(c, row, (size_t)i));
}

static int read_roster(struct kit_owned *k, struct jury_error *err)
{
    struct csv *c;
    int rc = read_kit_csv(k, "roster.csv", &c, err);
    if (rc != JURY_OK || !c)
        return rc;
    k->pub.reviewers = jury_xcalloc(c->nrows ? c->nrows : 1, sizeof(struct kit_reviewer));
    for (size_t r = 1; r < c->nrows; r++) {
        struct kit_reviewer *v = &k->pub.reviewers[k->pub.n_reviewers];
        v->id = col(k, c, r, "reviewer_id");
        if (!v->id[0])
            continue; /* blank line */
        v->name = col(k, c, r, "name");
        v->panel = col(k, c, r, "panel");
        v->affiliation = col(k, c, r, "affiliation");
        v->public_key = col(k, c, r, "public_key");
        k->pub.n_reviewers++;
    }
    csv_free(&c);
    return JURY_OK;
}

static int read_pairs(struct kit_owned *k, struct jury_error *err)
{
    struct csv *c;
    int rc = read_kit_csv(k, "assignments.csv", &c, err);
    if (rc == JURY_OK && c) {
        k->pub.assignments = jury_xcalloc(c->nrows ? c->nrows : 1, sizeof(struct kit_assignment));
        for (size_t r = 1; r < c->nrows; r++) {
            struct kit_assignment *a = &k->pub.assignments[k->pub.n_assignments];
            a->reviewer_id = col(k, c, r, "reviewer_id");
            a->pack = col(k, c, r, "pack");
            k->pub.n_assignments += a->reviewer_id[0] && a->pack[0];
        }
        csv_free(&c);
    }
    if (rc == JURY_OK)
        rc = read_kit_csv(k, "conflicts.csv", &c, err);
    if (rc == JURY_OK && c) {
        k->pub.conflicts = jury_xcalloc(c->nrows ? c->nrows : 1, sizeof(struct kit_conflict));
        for (size_t r = 1; r < c->nrows; r++) {
            struct kit_conflict *x = &k->pub.conflicts[k->pub.n_conflicts];
            x->reviewer_id = col(k, c, r, "reviewer_id");
            x->target = col(k, c, r, "target");
            x->reason = col(k, c, r, "reason");
            k->pub.n_conflicts += x->reviewer_id[0] && x->target[0];
        }
        csv_free(&c);
    }
    return rc;
}

int kit_open(struct kit **out, const char *dir, struct jury_error *err)
{
    *out = NULL;
    if (!jury_is_dir(dir))
        return jury_error_set(err, JURY_ERR_NOTFOUND, dir, "not a folder");
    struct kit_owned *k = jury_xcalloc(1, sizeof *k);
    k->pub.dir = own(k, dir);
    int rc = read_kit_json(k, err);
    if (rc == JURY_OK)
        rc = list_packs(k, err);
    if (rc == JURY_OK)
        rc = read_roster(k, err);
    if (rc == JURY_OK)
        rc = read_pairs(k, err);
    struct kit *pub = &k->pub;
    if (rc != JURY_OK) {
        kit_close(&pub);
        return rc;
    }
    *out = pub;
    return JURY_OK;
}

void kit_close(struct kit **p)
{
    if (!p || !*p)
        return;
    struct kit_owned *k = (struct kit_owned *)*p;
    for (size_t i = 0; i < k->n_strs; i++)
        free(k->strs[i]);
    free(k->strs);
    free(k->pub.tasks);
    free(k->pub.packs);
    free(k->pub.reviewers);
    free(k->pub.assignments);
    free(k->pub.conflicts);
    free(k);
    *p = NULL;
}

char *kit_pack_path(const struct kit *k, const char *pack)
{
    struct jstr s = {0};
    jstr_addf(&s, "%s/packs/%s", k->dir, pack);
    return jstr_take(&s);
}

const struct kit_reviewer *kit_reviewer(const struct kit *k, const char *id)
{
    for (size_t i = 0; i < k->n_reviewers; i++)
        if (strcmp(k->reviewers[i].id, id) == 0)
            return &k->reviewers[i];
    return NULL;
}

const char **kit_reviewer_packs(const struct kit *k, const char *reviewer_id, size_t *n)
{
    const char **out = jury_xcalloc(k->n_assignments + 1, sizeof(char *));
    size_t m = 0;
    for (size_t i = 0; i < k->n_assignments; i++)
        if (strcmp(k->assignments[i].reviewer_id, reviewer_id) == 0)
            out[m++] = k->assignments[i].pack;
    *n = m;
    return out;
}
