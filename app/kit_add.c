/* kit_add.c - `jury kit add`: applicants' submissions become packs of a kit,
 * with facts from the organiser's 基础数据表 (CSV or XLSX, one row per
 * applicant), and a report of what each pack's rule set still lacks. */
#define _GNU_SOURCE
#include "app/app.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Column names organisers use for the row key, the applicant and the task. */
static const char *const submission_cols[] = {"submission", "提交文件", "文件", NULL};
static const char *const applicant_cols[] = {"applicant", "申报单位", "单位名称", NULL};
static const char *const task_cols[] = {"task", "任务", NULL};

static int find_col(const struct csv *c, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        int k = csv_column(c, names[i]);
        if (k >= 0)
            return k;
    }
    return -1;
}

/* An XLSX table: the first sheet's tab-separated rows, through the text
 * extraction every pack file goes through. */
static int facts_xlsx(const char *path, struct csv **out, struct jury_error *err)
{
    char *data = NULL;
    size_t len = 0;
    struct extract_result *x = NULL;
    int rc = jury_read_file(path, 64u << 20, &data, &len, err);
    if (rc == JURY_OK)
        rc = extract_buffer(path, data, len, NULL, &x, err);
    if (rc == JURY_OK && x->n_pages == 0)
        rc = jury_error_set(err, JURY_ERR_FORMAT, path, "the workbook has no sheet");
    if (rc == JURY_OK) {
        /* Tab-separated rows -> CSV, each field quoted as needed. */
        struct jstr b = {0};
        char *rows = jury_xstrdup(x->pages[0].text), *save = NULL;
        for (char *line = strtok_r(rows, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            for (char *f = line;;) {
                char *tab = strchr(f, '\t');
                if (tab)
                    *tab = '\0';
                csv_add_field(&b, f, !tab);
                if (!tab)
                    break;
                f = tab + 1;
            }
        }
        free(rows);
        rc = csv_parse(jstr_cstr(&b), b.len, path, out, NULL, err);
        jstr_free(&b);
    }
    extract_result_free(&x);
    free(data);
    return rc;
}

int app_facts_table_load(const char *path, struct csv **out, struct jury_error *err)
{
    size_t n = strlen(path);
    if (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0)
        return facts_xlsx(path, out, err);
    return csv_read_file(path, out, NULL, err);
}

/* The file or folder name without its archive extension. */
static char *submission_stem(const char *sub)
{
    const char *b = strrchr(sub, '/');
    char *s = jury_xstrdup(b && b[1] ? b + 1 : sub);
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    static const char *const ext[] = {".tar.gz", ".tar.xz", ".zip", ".7z", ".tgz", ".tar", NULL};
    for (size_t i = 0; ext[i]; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strcasecmp(s + n - e, ext[i]) == 0) {
            s[n - e] = '\0';
            break;
        }
    }
    return s;
}

/* The table row for a submission: its "submission" cell names the file or
 * its stem, or (without that column) the applicant cell equals the stem. */
long app_facts_row(const struct csv *c, const char *submission)
{
    char *stem = submission_stem(submission);
    int sc = find_col(c, submission_cols), ac = find_col(c, applicant_cols);
    long row = -1;
    for (size_t r = 1; r < c->nrows && row < 0; r++) {
        if (csv_get(c, r, 0)[0] == '#')
            continue; /* the template's label row, a comment */
        if (sc >= 0) {
            char *cell = submission_stem(csv_get(c, r, (size_t)sc));
            if (!strcmp(cell, stem))
                row = (long)r;
            free(cell);
        } else if (ac >= 0 && !strcmp(csv_get(c, r, (size_t)ac), stem)) {
            row = (long)r;
        }
    }
    free(stem);
    return row;
}

bool app_facts_key_column(const char *name)
{
    const char *const *lists[] = {submission_cols, applicant_cols, task_cols};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; lists[l][i]; i++)
            if (!strcmp(lists[l][i], name))
                return true;
    return false;
}

static bool is_key_col(const struct csv *c, size_t col)
{
    const char *const *lists[] = {submission_cols, applicant_cols, task_cols};
    for (size_t l = 0; l < 3; l++)
        if (find_col(c, lists[l]) == (int)col)
            return true;
    return false;
}

/* The row's facts as a "name,value" CSV that pack_build reads. */
static int write_facts(const struct csv *c, long row, const char *path, struct jury_error *err)
{
    struct jstr b = {0};
    jstr_add(&b, "name,value\r\n");
    for (size_t i = 0; row > 0 && i < c->ncols[0]; i++) {
        const char *v = csv_get(c, (size_t)row, i);
        if (is_key_col(c, i) || !*v || !*c->rows[0][i])
            continue;
        csv_add_field(&b, c->rows[0][i], false);
        csv_add_field(&b, v, true);
    }
    int rc = jury_write_file_atomic(path, b.s, b.len, 0600, err);
    jstr_free(&b);
    return rc;
}

static char *cell(const struct csv *c, long row, const char *const *names)
{
    int k = c && row > 0 ? find_col(c, names) : -1;
    const char *v = k >= 0 ? csv_get(c, (size_t)row, (size_t)k) : "";
    return *v ? jury_xstrdup(v) : NULL;
}

static char *default_task(const char *kit_dir, struct jury_error *err)
{
    struct kit *k = NULL;
    char *t = NULL;
    if (kit_open(&k, kit_dir, err) == JURY_OK && k->n_tasks == 1)
        t = jury_xstrdup(k->tasks[0]);
    else if (k)
        jury_error_set(err, JURY_ERR_INVALID, kit_dir,
                       "the kit has %zu tasks: give --task or a task column", k->n_tasks);
    kit_close(&k);
    return t;
}

int app_kit_add(const char *kit_dir, const char *submission, const struct csv *facts,
                const char *task, struct app_kit_added *out, struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    long row = facts ? app_facts_row(facts, submission) : -1;
    char *stem = submission_stem(submission);
    out->applicant = cell(facts, row, applicant_cols);
    if (!out->applicant)
        out->applicant = jury_xstrdup(stem);
    out->task = cell(facts, row, task_cols);
    if (!out->task)
        out->task = task ? jury_xstrdup(task) : default_task(kit_dir, err);
    struct jstr name = {0}, tmp = {0};
    jstr_addf(&name, "%s.zip", stem);
    out->pack = jstr_take(&name);
    out->fact_row = row;
    char *dest = kit_pack_path(&(struct kit){.dir = kit_dir}, out->pack);
    char tdir[] = "/tmp/jury-kit-add-XXXXXX";
    int rc = out->task ? JURY_OK : JURY_ERR_INVALID;
    if (rc == JURY_OK && jury_is_file(dest))
        rc = jury_error_set(err, JURY_ERR_DENIED, dest, "already in the kit");
    if (rc == JURY_OK && !mkdtemp(tdir))
        rc = jury_error_set(err, JURY_ERR_IO, "/tmp", "cannot make a temporary folder");
    jstr_addf(&tmp, "%s/facts.csv", tdir);
    if (rc == JURY_OK && facts)
        rc = write_facts(facts, row, tmp.s, err);
    struct pack_build b = {.src = submission,
                           .out = dest,
                           .task = out->task,
                           .applicant = out->applicant,
                           .facts_file = facts ? tmp.s : NULL};
    if (rc == JURY_OK)
        rc = pack_build_zip(&b, &out->n_files, err);
    struct jstr missing = {0}, warn = {0};
    if (rc == JURY_OK &&
        app_missing_facts_row(kit_dir, dest, out->task, row, &missing, err) != JURY_OK)
        jstr_addf(&missing, "(rules not evaluated: %s)\n", err->message);
    if (rc == JURY_OK && facts)
        app_facts_unknown_columns(facts, kit_dir, out->task, &warn, err);
    out->missing = jstr_take(&missing);
    out->warnings = jstr_take(&warn);
    unlink(tmp.s);
    rmdir(tdir);
    jstr_free(&tmp);
    free(dest);
    free(stem);
    return rc;
}

void app_kit_added_clear(struct app_kit_added *a)
{
    free(a->pack);
    free(a->applicant);
    free(a->task);
    free(a->missing);
    free(a->warnings);
    memset(a, 0, sizeof *a);
}
