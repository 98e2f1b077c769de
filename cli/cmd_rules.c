/* cmd_rules.c - `jury rules list|check|show|eval|test`: rule sets for
 * organisers. Rule sets are found in the kit's rules/ first (--kit DIR, else
 * the current folder when it has kit.json), then the bundled rules/. */
#include "app/app.h"
#include "cli/cli.h"
#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_rules_summary[] = "list, check, show, evaluate and test rule sets";
const char cmd_rules_usage[] =
    "usage: jury rules list [--kit DIR]\n"
    "       jury rules check FILE\n"
    "       jury rules show ID|FILE [--variant V] [--json] [--kit DIR]\n"
    "       jury rules eval ID|FILE PACK [--json] [--kit DIR]\n"
    "       jury rules test ID|FILE [--kit DIR]\n"
    "\n"
    "list   one line per rule set: ID, name, version, rule file (tab-separated)\n"
    "check  load FILE in the sandbox; print every problem as file:line: message\n"
    "       (exit 1 when there is one)\n"
    "show   the indicator tree with ids, texts, points and modes; eligibility,\n"
    "       vetoes, deductions, auto-checks\n"
    "eval   the rule set's results on one pack: eligibility, auto-checks with the\n"
    "       numbers used, vetoes to confirm, evidence links (exit 1 when a rule\n"
    "       failed with an error)\n"
    "test   run the expectations in rules/tests/ID.lua on the sample packs\n"
    "       (packs/samples/packs/, the kit's packs/ first); exit 1 on a mismatch\n";

struct rules_args {
    const char *kit;
    const char *variant;
    bool json;
    const char *pos[3];
    int n_pos;
};

static int parse_args(int argc, char **argv, struct rules_args *a, const char *verb)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--kit") == 0 && i + 1 < argc)
            a->kit = argv[++i];
        else if (strcmp(argv[i], "--variant") == 0 && i + 1 < argc)
            a->variant = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("rules", "%s: unknown option '%s'", verb, argv[i]);
        else if (a->n_pos < 3)
            a->pos[a->n_pos++] = argv[i];
        else
            return cli_usage("rules", "%s: too many arguments", verb);
    }
    if (!a->kit && jury_is_file("kit.json"))
        a->kit = ".";
    return 0;
}

/* ID or path -> a rule file path (caller frees). */
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

/* ------------------------------------------------------------ JSON out */

static void json_str(FILE *f, const char *s)
{
    cli_put_json_str(f, s);
}

static void json_kv(FILE *f, const char *key, const char *val, bool comma)
{
    json_str(f, key);
    fputc(':', f);
    json_str(f, val);
    if (comma)
        fputc(',', f);
}

/* Terminal-safe text. */
static void out_text(const char *s)
{
    cli_put(stdout, s);
}

/* Terminal-safe text, line by line. */
static void out_lines(const char *s)
{
    for (const char *nl; *s; s = nl + 1) {
        nl = strchr(s, '\n');
        if (!nl)
            nl = s + strlen(s) - 1;
        char *line = jury_xstrndup(s, (size_t)(nl - s) + (*nl != '\n'));
        out_text(line);
        putchar('\n');
        free(line);
    }
}

/* ------------------------------------------------------------ list, check */

static int rules_cmd_list(const struct rules_args *a)
{
    char **paths = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    if (rules_list(a->kit, &paths, &n, &err) < 0)
        return cli_fail(&err);
    int rc = EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        struct ruleset *rs = NULL;
        if (rules_load(&rs, paths[i], NULL, &err) < 0) {
            cli_fail(&err);
            rc = EXIT_CHECK;
            continue;
        }
        struct ruleset_info info;
        ruleset_info(rs, &info);
        printf("%s\t%s\t%s\t%s\n", cli_esc(info.id), cli_esc(info.name), cli_esc(info.version),
               cli_esc(info.path));
        ruleset_free(&rs);
    }
    rules_list_free(&paths, n);
    return rc;
}

static int rules_cmd_check(const struct rules_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("rules", "check: expected one FILE");
    char *problems = NULL;
    struct jury_error err = {0};
    int rc = rules_check_file(a->pos[0], NULL, &problems, &err);
    if (rc < 0 && rc != JURY_ERR_FORMAT) {
        free(problems);
        return cli_fail(&err);
    }
    if (rc == 0)
        printf("%s: ok\n", cli_esc(a->pos[0]));
    else
        out_lines(problems);
    free(problems);
    return rc == 0 ? EXIT_OK : EXIT_CHECK;
}

/* ------------------------------------------------------------ show */

static const char *cond_kind(enum cl_cond_kind k)
{
    return k == CL_COND_CONFIRM ? "confirm" : "auto";
}

static void show_indicator_text(const struct cl_indicator *in)
{
    printf("%*s%s  ", (in->depth - 1) * 2, "", cli_esc(in->id));
    out_text(in->text);
    if (!in->scored)
        printf("  (%g)\n", in->max);
    else if (in->mode == CL_POINTS)
        printf("  [%g points, step %g]%s\n", in->max, in->step, in->key ? " key" : "");
    else {
        printf("  [%g points, levels", in->max);
        for (size_t l = 0; l < in->n_levels; l++)
            printf(" %s=%g", cli_esc(in->levels[l].name), in->levels[l].fraction);
        printf("]%s\n", in->key ? " key" : "");
    }
}

static void show_text(const struct ruleset_info *info, const struct checklist *cl)
{
    printf("%s  %s  %s\nsource: %s\nfile: %s\ntotal: %g\n", cli_esc(info->id), cli_esc(info->name),
           cli_esc(info->version), cli_esc(info->source), cli_esc(info->path), cl->total);
    if (info->variant_fact) {
        printf("variant fact: %s (", cli_esc(info->variant_fact));
        for (size_t i = 0; i < info->n_variants; i++)
            printf("%s%s", i ? ", " : "", cli_esc(info->variants[i]));
        printf(")%s%s\n", cl->variant ? "; shown for " : "",
               cli_esc(cl->variant ? cl->variant : ""));
    }
    puts("\nindicators:");
    for (size_t i = 0; i < cl->n_indicators; i++)
        show_indicator_text(&cl->indicators[i]);
    puts("\neligibility:");
    for (size_t i = 0; i < cl->n_conditions; i++) {
        printf("  %s [%s] ", cli_esc(cl->conditions[i].id), cond_kind(cl->conditions[i].kind));
        out_text(cl->conditions[i].text);
        putchar('\n');
    }
    printf("\nvetoes (policy %s):\n", cli_esc(info->veto_policy));
    for (size_t i = 0; i < cl->n_vetoes; i++) {
        printf("  %s ", cli_esc(cl->vetoes[i].id));
        out_text(cl->vetoes[i].text);
        putchar('\n');
    }
    puts("\ndeductions:");
    for (size_t i = 0; i < cl->n_deductions; i++) {
        printf("  %s [0..%g] ", cli_esc(cl->deductions[i].id), cl->deductions[i].max);
        out_text(cl->deductions[i].text);
        putchar('\n');
    }
}

static void json_indicator(FILE *f, const struct cl_indicator *in, const struct checklist *cl)
{
    fputc('{', f);
    json_kv(f, "id", in->id, true);
    json_kv(f, "text", in->text, true);
    fprintf(f, "\"depth\":%d,\"parent\":", in->depth);
    json_str(f, in->parent >= 0 ? cl->indicators[in->parent].id : NULL);
    fprintf(f, ",\"scored\":%s,\"max\":%g,\"key\":%s,", in->scored ? "true" : "false", in->max,
            in->key ? "true" : "false");
    json_kv(f, "guidance", in->guidance, true);
    json_kv(f, "mode", in->mode == CL_LEVELS ? "levels" : "points", false);
    fprintf(f, ",\"step\":%g,\"levels\":[", in->step);
    for (size_t l = 0; l < in->n_levels; l++) {
        fprintf(f, "%s{", l ? "," : "");
        json_kv(f, "name", in->levels[l].name, true);
        fprintf(f, "\"fraction\":%g,", in->levels[l].fraction);
        json_kv(f, "guidance", in->levels[l].guidance, false);
        fputc('}', f);
    }
    fputs("]}", f);
}

static void show_json(const struct ruleset_info *info, const struct checklist *cl)
{
    FILE *f = stdout;
    fputc('{', f);
    json_kv(f, "id", info->id, true);
    json_kv(f, "name", info->name, true);
    json_kv(f, "version", info->version, true);
    json_kv(f, "source", info->source, true);
    json_kv(f, "file", info->path, true);
    json_kv(f, "sha256", info->sha256, true);
    json_kv(f, "variant_fact", info->variant_fact, true);
    json_kv(f, "variant", cl->variant, true);
    json_kv(f, "veto_policy", info->veto_policy, true);
    fprintf(f, "\"total\":%g,\"indicators\":[", cl->total);
    for (size_t i = 0; i < cl->n_indicators; i++) {
        if (i)
            fputc(',', f);
        json_indicator(f, &cl->indicators[i], cl);
    }
    fputs("],\"conditions\":[", f);
    for (size_t i = 0; i < cl->n_conditions; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", cl->conditions[i].id, true);
        json_kv(f, "text", cl->conditions[i].text, true);
        json_kv(f, "kind", cond_kind(cl->conditions[i].kind), false);
        fputc('}', f);
    }
    fputs("],\"vetoes\":[", f);
    for (size_t i = 0; i < cl->n_vetoes; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", cl->vetoes[i].id, true);
        json_kv(f, "text", cl->vetoes[i].text, false);
        fputc('}', f);
    }
    fputs("],\"deductions\":[", f);
    for (size_t i = 0; i < cl->n_deductions; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", cl->deductions[i].id, true);
        json_kv(f, "text", cl->deductions[i].text, true);
        fprintf(f, "\"max\":%g}", cl->deductions[i].max);
    }
    fputs("]}\n", f);
}

static int rules_cmd_show(const struct rules_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("rules", "show: expected one ID or FILE");
    struct jury_error err = {0};
    char *path = rule_path(a->pos[0], a->kit, &err);
    struct ruleset *rs = NULL;
    if (!path || rules_load(&rs, path, NULL, &err) < 0) {
        free(path);
        return cli_fail(&err);
    }
    struct ruleset_info info;
    ruleset_info(rs, &info);
    struct checklist *cl = ruleset_checklist(rs, a->variant);
    if (a->json)
        show_json(&info, cl);
    else
        show_text(&info, cl);
    checklist_free(&cl);
    ruleset_free(&rs);
    free(path);
    return EXIT_OK;
}

/* ------------------------------------------------------------ eval */

static const char *eligible_name(enum rules_tristate e, bool json)
{
    if (e == RULES_YES)
        return json ? "true" : "yes";
    if (e == RULES_NO)
        return json ? "false" : "no";
    return json ? "null" : "unknown (a reviewer must confirm)";
}

static void json_checks(FILE *f, const char *key, const struct rules_check *v, size_t n)
{
    fprintf(f, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", v[i].id, true);
        json_kv(f, "text", v[i].text, true);
        if (v[i].indicator)
            json_kv(f, "indicator", v[i].indicator, true);
        json_kv(f, "result", rules_result_name(v[i].result), true);
        json_kv(f, "detail", v[i].detail, false);
        fputc('}', f);
    }
    fputc(']', f);
}

static void eval_json(const struct ruleset_info *info, const char *pack,
                      const struct rules_result *r)
{
    FILE *f = stdout;
    fputc('{', f);
    json_kv(f, "ruleset", info->id, true);
    json_kv(f, "pack", pack, true);
    json_kv(f, "variant", r->variant, false);
    fprintf(f, ",\"eligible\":%s", eligible_name(r->eligible, true));
    json_checks(f, "conditions", r->conditions, r->n_conditions);
    json_checks(f, "autochecks", r->autochecks, r->n_autochecks);
    json_checks(f, "vetoes", r->vetoes, r->n_vetoes);
    fputs(",\"evidence\":[", f);
    for (size_t i = 0; i < r->n_evidence; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "indicator", r->evidence[i].indicator, true);
        json_kv(f, "path", r->evidence[i].path, false);
        fputc('}', f);
    }
    fputs("],\"crosschecks\":[", f);
    for (size_t i = 0; i < r->n_crosskeys; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", r->crosskeys[i].id, true);
        json_kv(f, "key", r->crosskeys[i].key, false);
        fputc('}', f);
    }
    fputs("],", f);
    json_kv(f, "log", r->log, false);
    fputs("}\n", f);
}

static void text_checks(const char *title, const struct rules_check *v, size_t n)
{
    if (n)
        printf("%s:\n", title);
    for (size_t i = 0; i < n; i++) {
        printf("  %-6s %-8s ", cli_esc(v[i].id), rules_result_name(v[i].result));
        if (v[i].indicator)
            printf("[%s] ", cli_esc(v[i].indicator));
        out_text(v[i].text);
        if (v[i].detail[0]) {
            fputs("\n         -> ", stdout);
            out_text(v[i].detail);
        }
        putchar('\n');
    }
}

static void eval_text(const struct ruleset_info *info, const char *pack,
                      const struct rules_result *r)
{
    printf("rule set: %s %s %s\npack: %s\n", cli_esc(info->id), cli_esc(info->name),
           cli_esc(info->version), cli_esc(pack));
    if (r->variant)
        printf("variant: %s\n", cli_esc(r->variant));
    printf("eligible: %s\n", eligible_name(r->eligible, false));
    text_checks("conditions", r->conditions, r->n_conditions);
    text_checks("autochecks", r->autochecks, r->n_autochecks);
    text_checks("vetoes", r->vetoes, r->n_vetoes);
    if (r->n_evidence)
        puts("evidence:");
    for (size_t i = 0; i < r->n_evidence; i++) {
        printf("  %-6s ", cli_esc(r->evidence[i].indicator));
        out_text(r->evidence[i].path);
        putchar('\n');
    }
    for (size_t i = 0; i < r->n_crosskeys; i++)
        printf("crosscheck %s key: %s\n", cli_esc(r->crosskeys[i].id),
               cli_esc(r->crosskeys[i].key ? r->crosskeys[i].key : "(none)"));
    if (r->log[0]) {
        puts("log:");
        out_lines(r->log);
    }
}

static bool any_error(const struct rules_result *r)
{
    for (size_t i = 0; i < r->n_conditions; i++)
        if (r->conditions[i].result == RULES_ERROR)
            return true;
    for (size_t i = 0; i < r->n_autochecks; i++)
        if (r->autochecks[i].result == RULES_ERROR)
            return true;
    for (size_t i = 0; i < r->n_vetoes; i++)
        if (r->vetoes[i].result == RULES_ERROR)
            return true;
    return false;
}

/* Open pack_path and evaluate rs on it. */
static int eval_pack(const struct ruleset *rs, const char *pack_path, struct rules_result **out,
                     struct jury_error *err)
{
    struct pack *p = NULL;
    struct rules_pack_view *view = NULL;
    int rc = pack_open(&p, pack_path, NULL, err);
    if (rc == 0)
        rc = app_rules_view(p, &view, err);
    if (rc == 0)
        rc = rules_eval(rs, view, out, err);
    app_rules_view_free(&view);
    pack_close(&p);
    return rc;
}

static int rules_cmd_eval(const struct rules_args *a)
{
    if (a->n_pos != 2)
        return cli_usage("rules", "eval: expected ID|FILE and PACK");
    struct jury_error err = {0};
    char *path = rule_path(a->pos[0], a->kit, &err);
    struct ruleset *rs = NULL;
    struct rules_result *r = NULL;
    if (!path || rules_load(&rs, path, NULL, &err) < 0 || eval_pack(rs, a->pos[1], &r, &err) < 0) {
        ruleset_free(&rs);
        free(path);
        return cli_fail(&err);
    }
    struct ruleset_info info;
    ruleset_info(rs, &info);
    if (a->json)
        eval_json(&info, a->pos[1], r);
    else
        eval_text(&info, a->pos[1], r);
    int rc = any_error(r) ? EXIT_CHECK : EXIT_OK;
    rules_result_free(&r);
    ruleset_free(&rs);
    free(path);
    return rc;
}

/* ------------------------------------------------------------ test */

/* The sample pack's path: the kit's packs/ first, then the bundled samples. */
static char *sample_path(const char *kit, const char *name)
{
    if (kit) {
        char *dir = jury_path_join(kit, "packs");
        char *p = jury_path_join(dir, name);
        free(dir);
        if (jury_is_file(p))
            return p;
        free(p);
    }
    char *dir = jury_path_join(jury_share_dir(), "packs/samples/packs");
    char *p = jury_path_join(dir, name);
    free(dir);
    return p;
}

static const struct rules_check *find_check(const struct rules_check *v, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].id, id) == 0)
            return &v[i];
    return NULL;
}

static int expect_items(const char *where, const char *what, const struct rules_expect_item *e,
                        size_t ne, const struct rules_check *v, size_t nv)
{
    int bad = 0;
    for (size_t i = 0; i < ne; i++) {
        const struct rules_check *c = find_check(v, nv, e[i].id);
        if (!c) {
            printf("FAIL %s: no %s %s in the rule set\n", where, what, cli_esc(e[i].id));
            bad++;
        } else if (c->result != e[i].result) {
            printf("FAIL %s: %s %s: expected %s, got %s", where, what, cli_esc(e[i].id),
                   rules_result_name(e[i].result), rules_result_name(c->result));
            if (c->detail[0]) {
                fputs(" (", stdout);
                out_text(c->detail);
                putchar(')');
            }
            putchar('\n');
            bad++;
        }
    }
    return bad;
}

static bool in_strs(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static int expect_vetoes(const char *where, const struct rules_expect *e,
                         const struct rules_result *r)
{
    int bad = 0;
    for (size_t i = 0; e->vetoes_given && i < r->n_vetoes; i++) {
        bool fired = r->vetoes[i].result == RULES_FAIL;
        if (fired != in_strs(e->vetoes, e->n_vetoes, r->vetoes[i].id)) {
            printf("FAIL %s: veto %s %s\n", where, cli_esc(r->vetoes[i].id),
                   fired ? "triggered but not expected" : "expected to trigger but did not");
            bad++;
        }
    }
    return bad;
}

static int run_expect(const struct ruleset *rs, const struct rules_expect *e, const char *tests,
                      const char *kit)
{
    char where[600];
    snprintf(where, sizeof where, "%s:%d: %s", cli_esc(tests), e->line, cli_esc(e->pack));
    char *pack = sample_path(kit, e->pack);
    struct rules_result *r = NULL;
    struct jury_error err = {0};
    int rc = eval_pack(rs, pack, &r, &err);
    free(pack);
    if (rc < 0) {
        char buf[2048];
        printf("FAIL %s: %s\n", where, cli_esc(jury_error_text(&err, buf, sizeof buf)));
        return 1;
    }
    int bad = 0;
    if (e->eligible != -2 && e->eligible != (int)r->eligible) {
        printf("FAIL %s: eligible: expected %s, got %s\n", where,
               eligible_name((enum rules_tristate)e->eligible, true),
               eligible_name(r->eligible, true));
        bad++;
    }
    bad += expect_items(where, "condition", e->conditions, e->n_conditions, r->conditions,
                        r->n_conditions);
    bad += expect_items(where, "autocheck", e->autochecks, e->n_autochecks, r->autochecks,
                        r->n_autochecks);
    bad += expect_vetoes(where, e, r);
    if (!bad)
        printf("ok   %s\n", where);
    rules_result_free(&r);
    return bad ? 1 : 0;
}

/* rules/tests/ID.lua beside the rule file's folder. */
static char *tests_path(const char *rule_file)
{
    char *dir = jury_xstrdup(rule_file);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : rule_file;
    char *t = jury_xstrdup(base);
    if (slash)
        *slash = 0;
    struct jstr p = {0};
    jstr_addf(&p, "%s/tests/%s", slash ? dir : ".", t);
    free(dir);
    free(t);
    return jstr_take(&p);
}

static int rules_cmd_test(const struct rules_args *a)
{
    if (a->n_pos != 1)
        return cli_usage("rules", "test: expected one ID or FILE");
    struct jury_error err = {0};
    char *path = rule_path(a->pos[0], a->kit, &err);
    struct ruleset *rs = NULL;
    if (!path || rules_load(&rs, path, NULL, &err) < 0) {
        free(path);
        return cli_fail(&err);
    }
    char *tests = tests_path(path);
    struct rules_expect *ex = NULL;
    size_t n = 0;
    int rc = rules_expect_load(tests, NULL, &ex, &n, &err);
    int failed = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        failed += run_expect(rs, &ex[i], tests, a->kit);
    if (rc == 0)
        printf("%zu of %zu expectations passed (%s)\n", n - (size_t)failed, n, cli_esc(tests));
    rules_expect_free(&ex, n);
    ruleset_free(&rs);
    free(tests);
    free(path);
    if (rc < 0)
        return cli_fail(&err);
    return failed || n == 0 ? EXIT_CHECK : EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("rules", "expected list, check, show, eval or test");
    struct rules_args a;
    const char *verb = argv[1];
    int rc = parse_args(argc, argv, &a, verb);
    if (rc)
        return rc;
    if (strcmp(verb, "list") == 0)
        return rules_cmd_list(&a);
    if (strcmp(verb, "check") == 0)
        return rules_cmd_check(&a);
    if (strcmp(verb, "show") == 0)
        return rules_cmd_show(&a);
    if (strcmp(verb, "eval") == 0)
        return rules_cmd_eval(&a);
    if (strcmp(verb, "test") == 0)
        return rules_cmd_test(&a);
    return cli_usage("rules", "unknown verb '%s'", verb);
}
