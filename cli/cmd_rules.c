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

static const struct cli_opt kit_opt[] = {
    {.name = "kit",
     .arg = "DIR",
     .help = N_("look in this kit's rules/ first (default: this folder if it has kit.json)")},
    {0}};
static const struct cli_opt show_opts[] = {
    {.name = "variant", .arg = "V", .help = N_("show the checklist of this variant")},
    {.name = "json", .help = N_("the whole rule set as JSON")},
    {0}};
static const struct cli_opt eval_opts[] = {{.name = "json", .help = N_("the results as JSON")},
                                           {0}};
static const struct cli_opt facts_opts[] = {
    {.name = "csv",
     .arg = "FILE.csv",
     .maybe = ".csv",
     .help = N_("CSV into FILE.csv (without FILE: on stdout, the default)")},
    {.name = "xlsx",
     .arg = "FILE.xlsx",
     .maybe = ".xlsx",
     .help = N_("an XLSX workbook (default file: ID-facts.xlsx)")},
    {0}};

struct rules_args {
    const char *kit;
    const char *variant;
    const char *xlsx, *csv; /* rules facts: --xlsx [FILE] ("" = ID-facts.xlsx), --csv [FILE] */
    bool json;
    const char *const *pos;
    int n_pos;
};

/* The command's arguments; the kit is this folder when it has kit.json. */
static void rules_args_of(const struct cli_args *ca, struct rules_args *a)
{
    memset(a, 0, sizeof *a);
    a->pos = ca->pos;
    a->n_pos = ca->n_pos;
    a->kit = cli_opt_if(ca, "kit");
    a->variant = cli_opt_if(ca, "variant");
    a->json = cli_has_if(ca, "json");
    for (int i = 0; i < ca->n_hits; i++) { /* the last of --csv and --xlsx wins */
        const struct cli_hit *h = &ca->hits[i];
        if (strcmp(h->opt->name, "xlsx") == 0)
            a->xlsx = h->value ? h->value : "", a->csv = NULL;
        else if (strcmp(h->opt->name, "csv") == 0)
            a->csv = h->value, a->xlsx = NULL;
    }
    if (!a->kit && jury_is_file("kit.json"))
        a->kit = ".";
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

/* Is path's file name id.lua? Rule sets are found by id as <dir>/<id>.lua. */
static bool stem_is(const char *path, const char *id)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(id);
    return strncmp(b, id, n) == 0 && strcmp(b + n, ".lua") == 0;
}

static int rules_cmd_list(const struct rules_args *a)
{
    struct app_rules_entry *sets = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    if (app_rules_list(a->kit, true, &sets, &n, &err) < 0)
        return cli_fail(&err);
    int rc = EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const struct app_rules_entry *e = &sets[i];
        if (e->status < 0) {
            cli_fail(&e->err);
            rc = EXIT_CHECK;
            continue;
        }
        printf("%s\t%s\t%s\t%s\n", cli_esc(e->id), cli_esc(e->name), cli_esc(e->version),
               cli_esc(e->info_path));
        if (!stem_is(e->info_path, e->id)) {
            fprintf(stderr,
                    _("jury rules: %s: the id \"%s\" differs from the file name: "
                      "rules show/eval %s will not find it\n"),
                    cli_esc(e->info_path), cli_esc(e->id), cli_esc(e->id));
            rc = EXIT_CHECK;
        }
    }
    app_rules_list_free(&sets, n);
    return rc;
}

static int rules_cmd_check(const struct rules_args *a)
{
    char *problems = NULL;
    struct jury_error err = {0};
    int rc = app_rules_check_file(a->pos[0], &problems, &err);
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

static void show_default(const char *note);

static void show_indicator_text(const struct cl_indicator *in, const char *note, bool optional)
{
    printf("%*s%s  ", (in->depth - 1) * 2, "", cli_esc(in->id));
    out_text(in->text);
    if (!in->scored)
        printf("  (%g)", in->max);
    else if (in->mode == CL_POINTS)
        printf("  [%g points, step %g]%s", in->max, in->step, in->key ? " key" : "");
    else {
        printf("  [%g points, levels", in->max);
        for (size_t l = 0; l < in->n_levels; l++)
            printf(" %s=%g", cli_esc(in->levels[l].name), in->levels[l].fraction);
        printf("]%s", in->key ? " key" : "");
    }
    if (optional)
        fputs(" optional", stdout);
    show_default(note);
    putchar('\n');
}

/* "  [default: note]" after an entry the document does not fix. */
static void show_default(const char *note)
{
    if (note) {
        fputs("  [default: ", stdout);
        out_text(note);
        putchar(']');
    }
}

static void show_facts_of(const struct rules_item *it)
{
    if (!it->n_facts)
        return;
    fputs("  {", stdout);
    for (size_t f = 0; f < it->n_facts; f++)
        printf("%s%s", f ? ", " : "", cli_esc(it->facts[f]));
    putchar('}');
}

static void show_items(const struct ruleset *rs, enum rules_section sec)
{
    const struct rules_item *v;
    size_t n = app_rules_items(rs, (int)sec, &v);
    for (size_t i = 0; i < n; i++) {
        fputs("  ", stdout);
        out_text(v[i].id);
        if (sec == RULES_SEC_CONDITIONS)
            printf(" [%s%s%s]", v[i].confirm ? "confirm" : "auto",
                   strcmp(v[i].severity, "required") ? ", " : "",
                   cli_esc(strcmp(v[i].severity, "required") ? v[i].severity : ""));
        if (sec == RULES_SEC_AUTOCHECKS && v[i].indicator)
            printf(" [%s]", cli_esc(v[i].indicator));
        if (sec == RULES_SEC_DEDUCTIONS)
            printf(" [0..%g]", v[i].max);
        putchar(' ');
        out_text(v[i].text);
        show_facts_of(&v[i]);
        show_default(v[i].default_note);
        putchar('\n');
    }
}

/* Every value marked as the organiser's default, in one list: what the
 * organiser must decide before the review. fn(kind, id, note, ctx). */
static void each_default(const struct ruleset *rs, const struct checklist *cl,
                         void (*fn)(const char *, const char *, const char *, void *), void *ctx)
{
    struct ruleset_info info;
    app_rules_info(rs, &info);
    if (info.default_note)
        fn("ruleset", info.id, info.default_note, ctx);
    const struct rules_fact_decl *f;
    size_t nf = app_rules_facts(rs, &f);
    for (size_t i = 0; i < nf; i++)
        if (f[i].default_note)
            fn("fact", f[i].name, f[i].default_note, ctx);
    for (size_t i = 0; i < cl->n_indicators; i++) {
        const char *note = NULL;
        bool optional = false;
        app_rules_indicator_marks(rs, cl->indicators[i].id, &note, &optional);
        if (note)
            fn("indicator", cl->indicators[i].id, note, ctx);
    }
    static const char *const kinds[] = {"condition", "autocheck", "veto", "deduction"};
    for (int sec = 0; sec < 4; sec++) {
        const struct rules_item *v;
        size_t n = app_rules_items(rs, sec, &v);
        for (size_t i = 0; i < n; i++)
            if (v[i].default_note)
                fn(kinds[sec], v[i].id, v[i].default_note, ctx);
    }
}

static void default_text(const char *kind, const char *id, const char *note, void *ctx)
{
    (void)ctx;
    printf("  %-9s ", cli_esc(kind));
    out_text(id);
    fputs("  ", stdout);
    out_text(note);
    putchar('\n');
}

static void default_json(const char *kind, const char *id, const char *note, void *ctx)
{
    FILE *f = stdout;
    int *n = ctx;
    fprintf(f, "%s{", (*n)++ ? "," : "");
    json_kv(f, "kind", kind, true);
    json_kv(f, "id", id, true);
    json_kv(f, "note", note, false);
    fputc('}', f);
}

/* Facts with the checks that read them. */
static void show_facts(const struct ruleset *rs)
{
    const struct rules_fact_decl *f;
    size_t n = app_rules_facts(rs, &f);
    printf(_("\nfacts (%zu; jury rules facts ID writes the table to fill):\n"), n);
    for (size_t i = 0; i < n; i++) {
        printf("  %-28s %-7s ", cli_esc(f[i].name), cli_esc(f[i].type));
        out_text(f[i].unit);
        putchar(' ');
        out_text(f[i].label);
        fputs("  <-", stdout);
        bool any = false;
        for (int sec = 0; sec < 4; sec++) {
            const struct rules_item *v;
            size_t m = app_rules_items(rs, sec, &v);
            for (size_t k = 0; k < m; k++)
                for (size_t j = 0; j < v[k].n_facts; j++)
                    if (!strcmp(v[k].facts[j], f[i].name)) {
                        putchar(' ');
                        out_text(v[k].id);
                        any = true;
                    }
        }
        if (!any)
            fputs(_(" (informative)"), stdout);
        show_default(f[i].default_note);
        putchar('\n');
    }
}

static void show_text(const struct ruleset *rs, const struct ruleset_info *info,
                      const struct checklist *cl)
{
    printf("%s  %s  %s\n", cli_esc(info->id), cli_esc(info->name), cli_esc(info->version));
    printf(_("source: %s\nfile: %s\ntotal: %g\n"), cli_esc(info->source), cli_esc(info->path),
           cl->total);
    if (info->variant_fact) {
        printf(_("variant fact: %s ("), cli_esc(info->variant_fact));
        for (size_t i = 0; i < info->n_variants; i++)
            printf("%s%s", i ? ", " : "", cli_esc(info->variants[i]));
        printf(")%s%s\n", cl->variant ? _("; shown for ") : "",
               cli_esc(cl->variant ? cl->variant : ""));
    }
    if (info->year)
        printf(_("review year: %d\n"), info->year);
    if (info->default_note) {
        fputs(_("default:"), stdout);
        show_default(info->default_note);
        putchar('\n');
    }
    show_facts(rs);
    printf("\n%s\n", _("indicators:"));
    for (size_t i = 0; i < cl->n_indicators; i++) {
        const char *note = NULL;
        bool optional = false;
        app_rules_indicator_marks(rs, cl->indicators[i].id, &note, &optional);
        show_indicator_text(&cl->indicators[i], note, optional);
    }
    printf("\n%s\n", _("eligibility:"));
    show_items(rs, RULES_SEC_CONDITIONS);
    printf("\n%s\n", _("auto-checks:"));
    show_items(rs, RULES_SEC_AUTOCHECKS);
    printf(_("\nvetoes (policy %s):\n"), cli_esc(info->veto_policy));
    show_items(rs, RULES_SEC_VETOES);
    printf("\n%s\n", _("deductions:"));
    show_items(rs, RULES_SEC_DEDUCTIONS);
    printf("\n%s\n", _("organiser's defaults (values the source document does not state):"));
    each_default(rs, cl, default_text, NULL);
}

static void json_indicator(FILE *f, const struct cl_indicator *in, const struct checklist *cl,
                           const char *note, bool optional)
{
    fputc('{', f);
    json_kv(f, "id", in->id, true);
    json_kv(f, "default", note, true);
    fprintf(f, "\"optional\":%s,", optional ? "true" : "false");
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

static void json_strs(FILE *f, const char *key, const char *const *v, size_t n)
{
    fprintf(f, "\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        json_str(f, v[i]);
    }
    fputc(']', f);
}

static void json_items(FILE *f, const struct ruleset *rs, enum rules_section sec, const char *key)
{
    const struct rules_item *v;
    size_t n = app_rules_items(rs, (int)sec, &v);
    fprintf(f, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "id", v[i].id, true);
        json_kv(f, "text", v[i].text, true);
        if (sec == RULES_SEC_CONDITIONS) {
            json_kv(f, "kind", v[i].confirm ? "confirm" : "auto", true);
            json_kv(f, "severity", v[i].severity, true);
        }
        if (sec == RULES_SEC_AUTOCHECKS)
            json_kv(f, "indicator", v[i].indicator, true);
        if (sec == RULES_SEC_DEDUCTIONS)
            fprintf(f, "\"max\":%g,", v[i].max);
        fprintf(f, "\"has_check\":%s,", v[i].has_check ? "true" : "false");
        json_kv(f, "default", v[i].default_note, true);
        json_strs(f, "facts", v[i].facts, v[i].n_facts);
        fputc('}', f);
    }
    fputc(']', f);
}

static void json_facts(FILE *f, const struct ruleset *rs)
{
    const struct rules_fact_decl *d;
    size_t n = app_rules_facts(rs, &d);
    fputs(",\"facts\":[", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{", i ? "," : "");
        json_kv(f, "name", d[i].name, true);
        json_kv(f, "type", d[i].type, true);
        json_kv(f, "unit", d[i].unit, true);
        json_kv(f, "label", d[i].label, true);
        json_kv(f, "note", d[i].note, true);
        json_kv(f, "default", d[i].default_note, true);
        json_strs(f, "values", d[i].values, d[i].n_values);
        fputc('}', f);
    }
    fputc(']', f);
}

static void show_json(const struct ruleset *rs, const struct ruleset_info *info,
                      const struct checklist *cl)
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
    json_kv(f, "default", info->default_note, true);
    if (info->year)
        fprintf(f, "\"year\":%d,", info->year);
    else
        fputs("\"year\":null,", f);
    fprintf(f, "\"total\":%g,\"indicators\":[", cl->total);
    for (size_t i = 0; i < cl->n_indicators; i++) {
        if (i)
            fputc(',', f);
        const char *note = NULL;
        bool optional = false;
        app_rules_indicator_marks(rs, cl->indicators[i].id, &note, &optional);
        json_indicator(f, &cl->indicators[i], cl, note, optional);
    }
    fputc(']', f);
    json_facts(f, rs);
    json_items(f, rs, RULES_SEC_CONDITIONS, "conditions");
    json_items(f, rs, RULES_SEC_AUTOCHECKS, "autochecks");
    json_items(f, rs, RULES_SEC_VETOES, "vetoes");
    json_items(f, rs, RULES_SEC_DEDUCTIONS, "deductions");
    int n = 0;
    fputs(",\"defaults\":[", f);
    each_default(rs, cl, default_json, &n);
    fputc(']', f);
    fputs("}\n", f);
}

static int rules_cmd_show(const struct rules_args *a)
{
    struct jury_error err = {0};
    char *path = NULL;
    struct ruleset *rs = NULL;
    if (app_rules_open(a->pos[0], a->kit, &rs, &path, &err) < 0)
        return cli_fail(&err);
    struct ruleset_info info;
    app_rules_info(rs, &info);
    struct checklist *cl = app_rules_checklist(rs, a->variant);
    if (a->json)
        show_json(rs, &info, cl);
    else
        show_text(rs, &info, cl);
    checklist_free(&cl);
    app_rules_close(&rs);
    free(path);
    return EXIT_OK;
}

/* ------------------------------------------------------------ eval */

static const char *eligible_name(enum rules_tristate e, bool json)
{
    if (e == RULES_YES)
        return json ? "true" : _("yes");
    if (e == RULES_NO)
        return json ? "false" : _("no");
    return json ? "null" : _("unknown (a reviewer must confirm)");
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
        json_kv(f, "result", app_rules_result_name(v[i].result), true);
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
    json_checks(f, "deductions", r->deductions, r->n_deductions);
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
        printf("  %-6s %-8s ", cli_esc(v[i].id), app_rules_result_name(v[i].result));
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
    printf(_("rule set: %s %s %s\npack: %s\n"), cli_esc(info->id), cli_esc(info->name),
           cli_esc(info->version), cli_esc(pack));
    if (r->variant)
        printf(_("variant: %s\n"), cli_esc(r->variant));
    printf(_("eligible: %s\n"), eligible_name(r->eligible, false));
    text_checks(_("conditions"), r->conditions, r->n_conditions);
    text_checks(_("autochecks"), r->autochecks, r->n_autochecks);
    text_checks(_("vetoes"), r->vetoes, r->n_vetoes);
    text_checks(_("deductions (fail = applies; the panel sets the points)"), r->deductions,
                r->n_deductions);
    if (r->n_evidence)
        puts(_("evidence:"));
    for (size_t i = 0; i < r->n_evidence; i++) {
        printf("  %-6s ", cli_esc(r->evidence[i].indicator));
        out_text(r->evidence[i].path);
        putchar('\n');
    }
    for (size_t i = 0; i < r->n_crosskeys; i++)
        printf("crosscheck %s key: %s\n", cli_esc(r->crosskeys[i].id),
               cli_esc(r->crosskeys[i].key ? r->crosskeys[i].key : "(none)"));
    if (r->log[0]) {
        puts(_("log:"));
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
    for (size_t i = 0; i < r->n_deductions; i++)
        if (r->deductions[i].result == RULES_ERROR)
            return true;
    return false;
}

/* Evaluate rs on the pack at pack_path; warn (stderr) when the pack's
 * manifest names another task. */
static int eval_pack(const struct ruleset *rs, const char *pack_path, struct rules_result **out,
                     struct jury_error *err)
{
    char *task = NULL;
    int rc = app_rules_eval_file(rs, pack_path, out, &task, err);
    if (task) {
        struct ruleset_info info;
        app_rules_info(rs, &info);
        fprintf(stderr,
                _("jury rules: warning: %s belongs to task %s, not %s: results may not apply\n"),
                cli_esc(pack_path), cli_esc(task), cli_esc(info.id));
        free(task);
    }
    return rc;
}

static int rules_cmd_eval(const struct rules_args *a)
{
    struct jury_error err = {0};
    char *path = NULL;
    struct ruleset *rs = NULL;
    struct rules_result *r = NULL;
    if (app_rules_open(a->pos[0], a->kit, &rs, &path, &err) < 0 ||
        eval_pack(rs, a->pos[1], &r, &err) < 0) {
        app_rules_result_free(&r);
        app_rules_close(&rs);
        free(path);
        return cli_fail(&err);
    }
    struct ruleset_info info;
    app_rules_info(rs, &info);
    if (a->json)
        eval_json(&info, a->pos[1], r);
    else
        eval_text(&info, a->pos[1], r);
    int rc = any_error(r) ? EXIT_CHECK : EXIT_OK;
    app_rules_result_free(&r);
    app_rules_close(&rs);
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
                   app_rules_result_name(e[i].result), app_rules_result_name(c->result));
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

/* The set of ids expected to fire (vetoes triggered, deductions applying:
 * result fail) against what did; an id the rule set lacks is an error. */
static int expect_fired(const char *where, const char *what, bool given, char *const *want,
                        size_t n_want, const struct rules_check *v, size_t n)
{
    int bad = 0;
    for (size_t i = 0; given && i < n_want; i++)
        if (!find_check(v, n, want[i])) {
            printf("FAIL %s: no %s %s in the rule set\n", where, what, cli_esc(want[i]));
            bad++;
        }
    for (size_t i = 0; given && i < n; i++) {
        bool fired = v[i].result == RULES_FAIL;
        if (fired != in_strs(want, n_want, v[i].id)) {
            printf("FAIL %s: %s %s %s", where, what, cli_esc(v[i].id),
                   fired ? "fired but not expected" : "expected to fire but did not");
            if (v[i].detail[0]) {
                fputs(" (", stdout);
                out_text(v[i].detail);
                putchar(')');
            }
            putchar('\n');
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
    bad += expect_fired(where, "veto", e->vetoes_given, e->vetoes, e->n_vetoes, r->vetoes,
                        r->n_vetoes);
    bad += expect_fired(where, "deduction", e->deductions_given, e->deductions, e->n_deductions,
                        r->deductions, r->n_deductions);
    if (!bad)
        printf("ok   %s\n", where);
    app_rules_result_free(&r);
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
    struct jury_error err = {0};
    char *path = NULL;
    struct ruleset *rs = NULL;
    if (app_rules_open(a->pos[0], a->kit, &rs, &path, &err) < 0)
        return cli_fail(&err);
    char *tests = tests_path(path);
    struct rules_expect *ex = NULL;
    size_t n = 0;
    int rc = app_rules_expect_load(tests, &ex, &n, &err);
    int failed = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        failed += run_expect(rs, &ex[i], tests, a->kit);
    if (rc == 0)
        printf(_("%zu of %zu expectations passed (%s)\n"), n - (size_t)failed, n, cli_esc(tests));
    app_rules_expect_free(&ex, n);
    app_rules_close(&rs);
    free(tests);
    free(path);
    if (rc < 0)
        return cli_fail(&err);
    return failed || n == 0 ? EXIT_CHECK : EXIT_OK;
}

static int rules_cmd_facts(const struct rules_args *a)
{
    struct jury_error err = {0};
    char *csv = NULL;
    struct jstr name = {0};
    if (a->xlsx && !*a->xlsx)
        jstr_addf(&name, "%s-facts.xlsx", a->pos[0]);
    const char *xlsx = name.len ? name.s : a->xlsx;
    int rc = app_facts_template(a->kit, (const char **)a->pos, (size_t)a->n_pos, xlsx, &csv, &err);
    if (rc == JURY_OK && csv && a->csv)
        rc = jury_write_file_atomic(a->csv, csv, strlen(csv), 0644, &err);
    if (rc == JURY_OK && csv && !a->csv)
        cli_put_lines(stdout, csv, strlen(csv));
    else if (rc == JURY_OK)
        printf(_("%s: the facts table to fill\n"), cli_esc(xlsx ? xlsx : a->csv));
    free(csv);
    jstr_free(&name);
    return rc == JURY_OK ? EXIT_OK : cli_fail(&err);
}

/* Run one rules action with the command's arguments. */
static int rules_run(const struct cli_args *ca, int (*action)(const struct rules_args *))
{
    struct rules_args a;
    rules_args_of(ca, &a);
    return action(&a);
}

static int run_list(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_list);
}

static int run_check(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_check);
}

static int run_show(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_show);
}

static int run_eval(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_eval);
}

static int run_test(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_test);
}

static int run_facts(const struct cli_args *ca)
{
    return rules_run(ca, rules_cmd_facts);
}

const struct cli_cmd cmd_rules_table[] = {
    {.name = "rules",
     .summary = N_("list, check, show, evaluate and test rule sets"),
     .text = N_("Rule sets are found by id in the kit's rules/ first (--kit DIR, else this\n"
                "folder when it has kit.json), then among the bundled ones.\n")},
    {.name = "rules list",
     .opts = kit_opt,
     .summary = N_("one line per rule set: ID, name, version, rule file (tab-separated)"),
     .run = run_list},
    {.name = "rules check",
     .args = "FILE",
     .min_args = 1,
     .max_args = 1,
     .summary = N_("load FILE in the sandbox; every problem as file:line: message"),
     .text = N_("Exit 1 when there is a problem.\n"),
     .run = run_check},
    {.name = "rules show",
     .args = "ID|FILE",
     .min_args = 1,
     .max_args = 1,
     .opts = show_opts,
     .more = kit_opt,
     .more_title = N_("Where rule sets are found:"),
     .summary = N_("the indicator tree, eligibility, vetoes, deductions, auto-checks"),
     .text = N_("Ids, texts, points and modes of every indicator, the facts each check\n"
                "reads, and the organiser's defaults (values the document does not state).\n"),
     .run = run_show},
    {.name = "rules eval",
     .args = "ID|FILE PACK",
     .min_args = 2,
     .max_args = 2,
     .opts = eval_opts,
     .more = kit_opt,
     .more_title = N_("Where rule sets are found:"),
     .summary = N_("the rule set's results on one pack"),
     .text = N_("Eligibility, auto-checks with the numbers used, vetoes to confirm, evidence\n"
                "links. Exit 1 when a rule failed with an error.\n"),
     .run = run_eval},
    {.name = "rules test",
     .args = "ID|FILE",
     .min_args = 1,
     .max_args = 1,
     .opts = kit_opt,
     .summary = N_("run the expectations in rules/tests/ID.lua on the sample packs"),
     .text = N_("The sample packs are taken from the kit's packs/ first, then from\n"
                "packs/samples/packs/. Exit 1 on a mismatch.\n"),
     .run = run_test},
    {.name = "rules facts",
     .args = "ID...",
     .min_args = 1,
     .max_args = -1,
     .opts = facts_opts,
     .more = kit_opt,
     .more_title = N_("Where rule sets are found:"),
     .summary = N_("the facts table an organiser fills for `jury kit add --facts`"),
     .text = N_("Columns submission, applicant, task, then every fact the rule sets\n"
                "declare, and a '#' row saying what to type.\n"),
     .run = run_facts},
    {0}};
