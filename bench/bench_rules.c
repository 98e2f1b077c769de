/* bench_rules.c - the rule engine's speed (not a test): load time per rule
 * set, evaluation time on a sample pack's facts, per-pack cost over 1,000
 * packs, and the ratio against plain lua5.4 running the same rule files on
 * the same facts (bench/rules_driver.lua). Run through bench/rules.sh.
 *
 * usage: bench_rules SHARE_DIR [N_PACKS] */
#define _GNU_SOURCE
#include "app/app.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return v[n / 2];
}

/* Median load time (us) over 11 runs. */
static double time_load(const char *path, bool in_process)
{
    double v[11];
    struct rules_options o = {.in_process = in_process};
    for (int i = 0; i < 11; i++) {
        struct ruleset *rs = NULL;
        double t0 = now_us();
        if (rules_load(&rs, path, &o, NULL) < 0)
            return -1;
        v[i] = now_us() - t0;
        ruleset_free(&rs);
    }
    return median(v, 11);
}

/* Mean eval time (us) over n evaluations. */
static double time_eval(const struct ruleset *rs, const struct rules_pack_view *view, int n)
{
    double t0 = now_us();
    for (int i = 0; i < n; i++) {
        struct rules_result *r = NULL;
        if (rules_eval(rs, view, &r, NULL) < 0)
            return -1;
        rules_result_free(&r);
    }
    return (now_us() - t0) / n;
}

static void lua_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++)
        fprintf(f, (*s == '"' || *s == '\\') ? "\\%c" : (*s == '\n' ? "\\n" : "%c"), *s);
    fputc('"', f);
}

/* The view as a Lua table literal for the driver. */
static void write_facts(const char *path, const struct rules_pack_view *v)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fputs("return { facts = {\n", f);
    for (size_t i = 0; i < v->n_facts; i++) {
        fputs("  [", f);
        lua_str(f, v->facts[i].name);
        fputs("] = ", f);
        if (v->facts[i].kind == RULES_NUMBER)
            fprintf(f, "%.17g,\n", v->facts[i].number);
        else if (v->facts[i].kind == RULES_BOOL)
            fprintf(f, "%s,\n", v->facts[i].boolean ? "true" : "false");
        else
            lua_str(f, v->facts[i].str), fputs(",\n", f);
    }
    fputs("}, files = {\n", f);
    for (size_t i = 0; i < v->n_files; i++) {
        fputs("  { path = ", f);
        lua_str(f, v->files[i].path);
        fputs(", kind = ", f);
        lua_str(f, v->files[i].kind);
        fputs(", ext = ", f);
        lua_str(f, v->files[i].ext);
        fprintf(f, ", size = %.0f },\n", v->files[i].size);
    }
    fputs("}, applicant = ", f);
    lua_str(f, v->applicant);
    fputs(" }\n", f);
    fclose(f);
}

static double lua_baseline(const char *share, const char *rule, const char *facts, int n)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "lua5.4 '%s/bench/rules_driver.lua' '%s/rules/lib' '%s' '%s' %d",
             share, share, rule, facts, n);
    FILE *p = popen(cmd, "r");
    double us = -1;
    if (p) {
        if (fscanf(p, "%lf", &us) != 1)
            us = -1;
        pclose(p);
    }
    return us;
}

/* The first sample pack named in rules/tests/ID.lua. */
static char *sample_pack(const char *share, const char *rule)
{
    const char *b = strrchr(rule, '/');
    char tests[1024];
    snprintf(tests, sizeof tests, "%s/rules/tests/%s", share, b ? b + 1 : rule);
    struct rules_expect *ex = NULL;
    size_t n = 0;
    char *path = NULL;
    if (rules_expect_load(tests, NULL, &ex, &n, NULL) == 0 && n > 0) {
        char p[1200];
        snprintf(p, sizeof p, "%s/packs/samples/packs/%s", share, ex[0].pack);
        path = strdup(p);
    }
    rules_expect_free(&ex, n);
    return path;
}

static void bench_one(const char *share, const char *rule, int n_packs)
{
    struct ruleset *rs = NULL, *rs_in = NULL;
    struct rules_options in = {.in_process = true};
    char *pack_path = sample_pack(share, rule);
    struct pack *pk = NULL;
    struct rules_pack_view *view = NULL;
    if (rules_load(&rs, rule, NULL, NULL) < 0 || rules_load(&rs_in, rule, &in, NULL) < 0 ||
        !pack_path || pack_open(&pk, pack_path, NULL, NULL) < 0 ||
        app_rules_view(pk, &view, NULL) < 0) {
        printf("%-18s (skipped: no rule set or sample pack)\n", rule);
        goto out;
    }
    view->text = NULL; /* same facts and files for both sides; no extraction */
    struct ruleset_info info;
    ruleset_info(rs, &info);
    double load_f = time_load(rule, false), load_i = time_load(rule, true);
    double eval_f = time_eval(rs, view, 20), eval_i = time_eval(rs_in, view, 20);
    double per_f = time_eval(rs, view, n_packs), per_i = time_eval(rs_in, view, n_packs);
    char facts[] = "/tmp/jury-bench-facts-XXXXXX";
    int fd = mkstemp(facts);
    if (fd >= 0)
        close(fd);
    write_facts(facts, view);
    double lua = lua_baseline(share, rule, facts, n_packs);
    unlink(facts);
    printf("%-18s load %7.0f us (in-process %6.0f)  eval %7.0f us (in-process %6.0f)  "
           "per pack over %d: %7.0f us (in-process %6.0f)  lua5.4 %6.0f us  ratio %.2fx "
           "(in-process %.2fx)\n",
           info.id, load_f, load_i, eval_f, eval_i, n_packs, per_f, per_i, lua, per_f / lua,
           per_i / lua);
out:
    app_rules_view_free(&view);
    pack_close(&pk);
    free(pack_path);
    ruleset_free(&rs);
    ruleset_free(&rs_in);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_rules SHARE_DIR [N_PACKS]\n");
        return 2;
    }
    setenv("JURY_SHARE", argv[1], 1);
    int n = argc > 2 ? atoi(argv[2]) : 1000;
    char **paths = NULL;
    size_t np = 0;
    rules_list(NULL, &paths, &np, NULL);
    printf("rule engine: fork+sandbox per load/eval (in-process: hooks and caps only); "
           "lua5.4: plain, no sandbox\n");
    for (size_t i = 0; i < np; i++)
        bench_one(argv[1], paths[i], n);
    rules_list_free(&paths, np);
    return 0;
}
