/* kit_add.c - `jury kit add`: applicants' submissions become packs of a kit,
 * with facts from the organiser's 基础数据表 (CSV or XLSX, one row per
 * applicant), and a report of what each pack's rule set still lacks. */
#define _GNU_SOURCE
#include "app/app.h"
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

static void add_nodata(struct jstr *out, const struct rules_check *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].result == RULES_NODATA)
            jstr_addf(out, "%s: %s (%s)\n", c[i].id, c[i].text, c[i].detail);
}

/* Packs open at once while their task's rule set evaluates them: enough to
 * spread the sandbox's fork over many packs, few enough to keep memory flat
 * for a kit of thousands. */
#define FACTS_BATCH 64

/* Open the packs of jobs[idx[0..n)] and evaluate rs on those that opened,
 * in one sandboxed child. */
static void facts_chunk(const struct ruleset *rs, struct app_facts_job *jobs, const size_t *idx,
                        size_t n)
{
    struct pack *packs[FACTS_BATCH] = {0};
    struct rules_pack_view *views[FACTS_BATCH] = {0};
    const struct rules_pack_view *ok[FACTS_BATCH];
    struct rules_result *res[FACTS_BATCH] = {0};
    size_t at[FACTS_BATCH], m = 0;
    for (size_t i = 0; i < n; i++) {
        struct app_facts_job *j = &jobs[idx[i]];
        j->status = pack_open(&packs[i], j->pack_path, NULL, &j->err);
        if (j->status == JURY_OK)
            j->status = app_rules_view(packs[i], &views[i], &j->err);
        if (j->status == JURY_OK) {
            ok[m] = views[i];
            at[m++] = idx[i];
        }
    }
    struct jury_error err = {0};
    int rc = m ? rules_eval_many(rs, ok, m, res, &err) : JURY_OK;
    for (size_t i = 0; i < m; i++) {
        struct app_facts_job *j = &jobs[at[i]];
        if (rc != JURY_OK) {
            j->status = rc;
            j->err = err;
            continue;
        }
        add_nodata(&j->missing, res[i]->conditions, res[i]->n_conditions);
        add_nodata(&j->missing, res[i]->autochecks, res[i]->n_autochecks);
        rules_result_free(&res[i]);
    }
    for (size_t i = 0; i < n; i++) {
        app_rules_view_free(&views[i]);
        pack_close(&packs[i]);
    }
}

/* One task's packs: its rule set found and loaded once. */
static void facts_task(const char *kit_dir, struct app_facts_job *jobs, const size_t *idx, size_t n)
{
    struct jury_error err = {0};
    struct ruleset *rs = NULL;
    char *rules = rules_find(jobs[idx[0]].task, kit_dir, &err);
    int rc = rules ? JURY_OK : JURY_ERR_NOTFOUND;
    if (rc == JURY_OK)
        rc = rules_load(&rs, rules, NULL, &err);
    for (size_t i = 0; rc != JURY_OK && i < n; i++) {
        jobs[idx[i]].status = rc;
        jobs[idx[i]].err = err;
    }
    for (size_t i = 0; rc == JURY_OK && i < n; i += FACTS_BATCH)
        facts_chunk(rs, jobs, idx + i, n - i < FACTS_BATCH ? n - i : FACTS_BATCH);
    ruleset_free(&rs);
    free(rules);
}

static int cmp_job_task(const void *a, const void *b, void *ctx)
{
    const struct app_facts_job *jobs = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(jobs[x].task, jobs[y].task);
    return c ? c : (x > y) - (x < y);
}

void app_missing_facts_many(const char *kit_dir, struct app_facts_job *jobs, size_t n)
{
    size_t *idx = jury_xcalloc(n + 1, sizeof *idx);
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
        jobs[i].status = JURY_OK;
        jury_error_clear(&jobs[i].err);
    }
    qsort_r(idx, n, sizeof *idx, cmp_job_task, jobs);
    for (size_t i = 0, end; i < n; i = end) {
        for (end = i + 1; end < n && strcmp(jobs[idx[end]].task, jobs[idx[i]].task) == 0; end++)
            ;
        facts_task(kit_dir, jobs, idx + i, end - i);
    }
    free(idx);
}

int app_missing_facts(const char *kit_dir, const char *pack_path, const char *task,
                      struct jstr *out, struct jury_error *err)
{
    struct app_facts_job j = {.pack_path = pack_path, .task = task};
    app_missing_facts_many(kit_dir, &j, 1);
    jstr_addn(out, j.missing.s ? j.missing.s : "", j.missing.len);
    jstr_free(&j.missing);
    if (j.status != JURY_OK && err)
        *err = j.err;
    return j.status;
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

/* Build the pack of one submission (no rule set evaluated yet). */
static int kit_add_build(const char *kit_dir, const char *submission, const struct csv *facts,
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
    unlink(tmp.s);
    rmdir(tdir);
    jstr_free(&tmp);
    free(dest);
    free(stem);
    return rc;
}

void app_kit_add_many(const char *kit_dir, const char *const *submissions, size_t n,
                      const struct csv *facts, const char *task, struct app_kit_added *out,
                      int *status, struct jury_error *errs)
{
    struct app_facts_job *jobs = jury_xcalloc(n + 1, sizeof *jobs);
    char **paths = jury_xcalloc(n + 1, sizeof *paths);
    size_t *at = jury_xcalloc(n + 1, sizeof *at), m = 0;
    for (size_t i = 0; i < n; i++) {
        jury_error_clear(&errs[i]);
        status[i] = kit_add_build(kit_dir, submissions[i], facts, task, &out[i], &errs[i]);
        if (status[i] != JURY_OK)
            continue;
        paths[m] = kit_pack_path(&(struct kit){.dir = kit_dir}, out[i].pack);
        jobs[m] = (struct app_facts_job){.pack_path = paths[m], .task = out[i].task};
        at[m++] = i;
    }
    app_missing_facts_many(kit_dir, jobs, m);
    for (size_t k = 0; k < m; k++) {
        struct app_kit_added *a = &out[at[k]];
        if (jobs[k].status != JURY_OK) { /* the pack is in; say why it was not checked */
            jstr_addf(&jobs[k].missing, "(rules not evaluated: %s)\n", jobs[k].err.message);
            errs[at[k]] = jobs[k].err;
        }
        a->missing = jstr_take(&jobs[k].missing);
        free(paths[k]);
    }
    for (size_t i = 0; i < n; i++)
        if (!out[i].missing)
            out[i].missing = jury_xstrdup("");
    free(at);
    free(paths);
    free(jobs);
}

int app_kit_add(const char *kit_dir, const char *submission, const struct csv *facts,
                const char *task, struct app_kit_added *out, struct jury_error *err)
{
    int rc = 0;
    struct jury_error e = {0};
    app_kit_add_many(kit_dir, &submission, 1, facts, task, out, &rc, &e);
    if (err)
        *err = e;
    return rc;
}

void app_kit_added_clear(struct app_kit_added *a)
{
    free(a->pack);
    free(a->applicant);
    free(a->task);
    free(a->missing);
    memset(a, 0, sizeof *a);
}
