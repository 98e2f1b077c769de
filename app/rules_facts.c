/* rules_facts.c - the facts a task's rule set declares, for organisers: the
 * template table to fill, the columns a pack still lacks, and the columns a
 * table has that no rule set reads. */
#define _GNU_SOURCE
#include "app/app.h"
#include "report/report.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key columns every facts table starts with (app_facts_row reads them). */
static const char *const key_cols[] = {"submission", "applicant", "task"};
static const char *const key_labels[] = {"#说明：提交的文件或文件夹名（每行一个申报）",
                                         "申报单位名称", "任务（规则集 ID）"};

/* "主持单位数（家，数值）": what to type in a fact's column. */
static char *fact_hint(const struct rules_fact_decl *f)
{
    struct jstr b = {0};
    jstr_add(&b, f->label);
    if (!strcmp(f->type, "percent"))
        jstr_add(&b, "（百分比，如 75% 或 0.75）");
    else if (!strcmp(f->type, "number"))
        jstr_addf(&b, "（数值%s%s）", *f->unit ? "，单位 " : "", f->unit);
    else if (!strcmp(f->type, "bool"))
        jstr_add(&b, "（是/否）");
    else if (!strcmp(f->type, "date"))
        jstr_add(&b, "（日期 YYYY-MM-DD）");
    else if (f->n_values) {
        jstr_add(&b, "（");
        for (size_t i = 0; i < f->n_values; i++)
            jstr_addf(&b, "%s%s", i ? "/" : "", f->values[i]);
        jstr_add(&b, "）");
    }
    return jstr_take(&b);
}

static int load_task(const char *kit_dir, const char *task, struct ruleset **rs,
                     struct jury_error *err)
{
    char *path = rules_find(task, kit_dir, err);
    int rc = path ? rules_load(rs, path, NULL, err) : JURY_ERR_NOTFOUND;
    free(path);
    return rc;
}

struct grid {
    char **cells; /* 2 rows x cols */
    size_t cols;
};

static void grid_add(struct grid *g, const char *name, char *hint)
{
    for (size_t c = 0; c < g->cols; c++)
        if (!strcmp(g->cells[2 * c], name)) {
            free(hint);
            return;
        }
    g->cells = jury_xrealloc(g->cells, 2 * (g->cols + 1) * sizeof *g->cells);
    g->cells[2 * g->cols] = jury_xstrdup(name);
    g->cells[2 * g->cols + 1] = hint;
    g->cols++;
}

static int grid_build(struct grid *g, const char *kit_dir, const char *const *tasks, size_t n,
                      struct jury_error *err)
{
    for (size_t i = 0; i < 3; i++)
        grid_add(g, key_cols[i], jury_xstrdup(key_labels[i]));
    for (size_t t = 0; t < n; t++) {
        struct ruleset *rs = NULL;
        int rc = load_task(kit_dir, tasks[t], &rs, err);
        if (rc < 0)
            return rc;
        const struct rules_fact_decl *f;
        size_t nf = ruleset_facts(rs, &f);
        for (size_t i = 0; i < nf; i++)
            grid_add(g, f[i].name, fact_hint(&f[i]));
        ruleset_free(&rs);
    }
    return JURY_OK;
}

int app_facts_template(const char *kit_dir, const char *const *tasks, size_t n_tasks,
                       const char *xlsx_path, char **csv_text, struct jury_error *err)
{
    struct grid g = {0};
    int rc = grid_build(&g, kit_dir, tasks, n_tasks, err);
    if (rc == JURY_OK && xlsx_path) {
        /* cells are column-major here; the writer wants rows */
        const char **rows = jury_xcalloc(2 * g.cols + 1, sizeof *rows);
        for (size_t c = 0; c < g.cols; c++) {
            rows[c] = g.cells[2 * c];
            rows[g.cols + c] = g.cells[2 * c + 1];
        }
        rc = table_write_xlsx(xlsx_path, "facts", rows, 2, g.cols, 2, err);
        free(rows);
    } else if (rc == JURY_OK) {
        struct jstr b = {0};
        for (size_t r = 0; r < 2; r++)
            for (size_t c = 0; c < g.cols; c++)
                csv_add_field(&b, g.cells[2 * c + r], c + 1 == g.cols);
        *csv_text = jstr_take(&b);
    }
    for (size_t i = 0; i < 2 * g.cols; i++)
        free(g.cells[i]);
    free(g.cells);
    return rc;
}

/* ------------------------------------------------------------ kit add */

static bool view_has(const struct rules_pack_view *v, const char *name)
{
    for (size_t i = 0; i < v->n_facts; i++)
        if (!strcmp(v->facts[i].name, name))
            return v->facts[i].kind != RULES_STRING || (v->facts[i].str && *v->facts[i].str);
    return false;
}

/* "E2, A1" (the checks reading fact `name`), or NULL when none does. */
static char *readers(const struct ruleset *rs, const char *name)
{
    struct jstr b = {0};
    for (int s = 0; s < 4; s++) {
        const struct rules_item *v;
        size_t n = ruleset_items(rs, (enum rules_section)s, &v);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < v[i].n_facts; k++)
                if (!strcmp(v[i].facts[k], name))
                    jstr_addf(&b, "%s%s", b.len ? ", " : "", v[i].id);
    }
    return b.len ? jstr_take(&b) : NULL;
}

/* Declared facts the pack lacks, by column name; informative ones (read by
 * no check) are left out. */
static void missing_columns(const struct ruleset *rs, const struct rules_pack_view *v,
                            struct jstr *out)
{
    const struct rules_fact_decl *f;
    size_t n = ruleset_facts(rs, &f);
    for (size_t i = 0; i < n; i++) {
        char *who = view_has(v, f[i].name) ? NULL : readers(rs, f[i].name);
        if (who)
            jstr_addf(out, "%s: %s (%s%s%s; read by %s)\n", f[i].name, f[i].label, f[i].type,
                      *f[i].unit ? ", " : "", f[i].unit, who);
        free(who);
    }
}

/* Checks without data although their facts are there: a value that cannot
 * be read, or files the rule looks for. */
static void nodata_checks(const struct ruleset *rs, const struct rules_pack_view *v,
                          enum rules_section sec, const struct rules_check *c, size_t n, long row,
                          struct jstr *out)
{
    const struct rules_item *items;
    size_t ni = ruleset_items(rs, sec, &items);
    for (size_t i = 0; i < n && i < ni; i++) {
        bool lacking = false;
        for (size_t k = 0; k < items[i].n_facts; k++)
            lacking = lacking || !view_has(v, items[i].facts[k]);
        if (c[i].result != RULES_NODATA || lacking)
            continue;
        if (row >= 0)
            jstr_addf(out, "row %ld: ", row + 1);
        jstr_addf(out, "%s: %s (%s)\n", c[i].id, c[i].text, c[i].detail);
    }
}

/* What app_kit_added.missing lists for one evaluated pack. */
static void missing_lines(const struct ruleset *rs, const struct rules_pack_view *v,
                          const struct rules_result *res, long row, struct jstr *out)
{
    missing_columns(rs, v, out);
    nodata_checks(rs, v, RULES_SEC_CONDITIONS, res->conditions, res->n_conditions, row, out);
    nodata_checks(rs, v, RULES_SEC_AUTOCHECKS, res->autochecks, res->n_autochecks, row, out);
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
        missing_lines(rs, ok[i], res[i], -1, &j->missing);
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
    int rc = load_task(kit_dir, jobs[idx[0]].task, &rs, &err);
    for (size_t i = 0; rc != JURY_OK && i < n; i++) {
        jobs[idx[i]].status = rc;
        jobs[idx[i]].err = err;
    }
    for (size_t i = 0; rc == JURY_OK && i < n; i += FACTS_BATCH)
        facts_chunk(rs, jobs, idx + i, n - i < FACTS_BATCH ? n - i : FACTS_BATCH);
    ruleset_free(&rs);
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

int app_missing_facts_row(const char *kit_dir, const char *pack_path, const char *task, long row,
                          struct jstr *out, struct jury_error *err)
{
    struct pack *p = NULL;
    struct ruleset *rs = NULL;
    struct rules_pack_view *v = NULL;
    struct rules_result *res = NULL;
    int rc = load_task(kit_dir, task, &rs, err);
    if (rc == JURY_OK)
        rc = pack_open(&p, pack_path, NULL, err);
    if (rc == JURY_OK)
        rc = app_rules_view(p, &v, err);
    if (rc == JURY_OK)
        rc = rules_eval(rs, v, &res, err);
    if (rc == JURY_OK)
        missing_lines(rs, v, res, row, out);
    rules_result_free(&res);
    app_rules_view_free(&v);
    ruleset_free(&rs);
    pack_close(&p);
    return rc;
}

int app_facts_unknown_columns(const struct csv *c, const char *kit_dir, const char *task,
                              struct jstr *out, struct jury_error *err)
{
    struct ruleset *rs = NULL;
    int rc = load_task(kit_dir, task, &rs, err);
    for (size_t i = 0; rc == JURY_OK && c->nrows && i < c->ncols[0]; i++) {
        const char *col = c->rows[0][i];
        if (!*col || app_facts_key_column(col) || ruleset_fact(rs, col))
            continue;
        jstr_addf(out, "column '%s' is not a fact of %s (see jury rules show %s)\n", col, task,
                  task);
    }
    ruleset_free(&rs);
    return rc;
}

size_t app_rules_facts(const struct ruleset *rs, const struct rules_fact_decl **facts)
{
    return ruleset_facts(rs, facts);
}

size_t app_rules_items(const struct ruleset *rs, int section, const struct rules_item **items)
{
    return ruleset_items(rs, (enum rules_section)section, items);
}

bool app_rules_indicator_marks(const struct ruleset *rs, const char *id, const char **note,
                               bool *optional)
{
    return ruleset_indicator_marks(rs, id, note, optional);
}
