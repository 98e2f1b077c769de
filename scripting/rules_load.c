/* rules_load.c - load a rule file (in the sandbox, through isolate.c), keep
 * its plain C model, and build checklists from it. */
#include "scripting/rules_int.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULE_FILE_MAX ((size_t)4 << 20)

/* ------------------------------------------------------------ sources */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lib_add(struct ruleset *rs, const char *dir, const char *name, char *text, size_t len)
{
    rs->lib_names = jury_xrealloc(rs->lib_names, (rs->n_lib + 1) * sizeof *rs->lib_names);
    rs->lib_texts = jury_xrealloc(rs->lib_texts, (rs->n_lib + 1) * sizeof *rs->lib_texts);
    rs->lib_lens = jury_xrealloc(rs->lib_lens, (rs->n_lib + 1) * sizeof *rs->lib_lens);
    char *full = jury_path_join(dir, name);
    rs->lib_names[rs->n_lib] = jury_xstrdup(sbx_display_name(full));
    free(full);
    rs->lib_texts[rs->n_lib] = text;
    rs->lib_lens[rs->n_lib] = len;
    rs->n_lib++;
}

int rs_read_lib(struct ruleset *rs, const char *dir, struct jury_error *err)
{
    if (!dir || !*dir || !jury_is_dir(dir))
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return jury_error_set(err, JURY_ERR_IO, dir, "cannot open the rules library");
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".lua") == 0 && e->d_name[0] != '.') {
            names = jury_xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = jury_xstrdup(e->d_name);
        }
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = jury_path_join(dir, names[i]), *text = NULL;
        size_t len = 0;
        if (rc == 0 && (rc = jury_read_file(path, RULE_FILE_MAX, &text, &len, err)) == 0)
            lib_add(rs, dir, names[i], text, len);
        free(path);
        free(names[i]);
    }
    free(names);
    return rc;
}

int rs_run_sources(struct sbx *s, const struct rs_sources *src, struct jury_error *err)
{
    for (size_t i = 0; i < src->n_lib; i++) {
        int rc = sbx_run(s, src->lib_texts[i], src->lib_lens[i], src->lib_names[i], err);
        if (rc < 0)
            return rc;
    }
    return sbx_run(s, src->text, src->text_len, src->name, err);
}

struct rs_sources rs_sources_of(const struct ruleset *rs)
{
    struct rs_sources src = {
        .path = rs->path,
        .name = sbx_display_name(rs->path),
        .text = rs->text,
        .text_len = rs->text_len,
        .lib_names = rs->lib_names,
        .lib_texts = rs->lib_texts,
        .lib_lens = rs->lib_lens,
        .n_lib = rs->n_lib,
    };
    return src;
}

/* ------------------------------------------------------------ the job */

struct load_job {
    const struct ruleset *rs;
};

static void send_error(struct sbx_chan *c, const struct jury_error *err)
{
    struct jstr f = {0};
    wire_u32(&f, 1);
    wire_cstr(&f, err->where);
    wire_cstr(&f, err->message);
    wire_u32(&f, (uint32_t)-err->status);
    chan_send(c, 'P', f.s, f.len);
    jstr_free(&f);
}

static void load_job(struct sbx_chan *c, void *arg)
{
    struct load_job *j = arg;
    struct rs_sources src = rs_sources_of(j->rs);
    struct sbx s;
    struct jury_error err;
    jury_error_clear(&err);
    if (sbx_open(&s, &j->rs->opt, &err) < 0) {
        send_error(c, &err);
        return;
    }
    if (rs_run_sources(&s, &src, &err) < 0)
        send_error(c, &err);
    else
        rs_extract(c, &s, &src);
    sbx_close(&s);
}

struct load_state {
    struct ruleset *rs;
    struct jstr problems; /* "where: message\n" each */
    struct jury_error first;
    int n_problems;
    bool have_model;
};

static void add_problem(struct load_state *st, int status, const char *where, const char *msg)
{
    if (st->n_problems++ == 0) {
        jury_error_set(&st->first, status < 0 ? status : JURY_ERR_FORMAT, NULL, "%s", msg);
        snprintf(st->first.where, sizeof st->first.where, "%s", where);
    }
    if (where && *where)
        jstr_addf(&st->problems, "%s: %s\n", where, msg);
    else
        jstr_addf(&st->problems, "%s\n", msg);
}

static int load_frame(void *ctx, char tag, const unsigned char *data, size_t len)
{
    struct load_state *st = ctx;
    struct wire_reader r = {.p = data, .len = len};
    if (tag == 'M') {
        st->have_model = rs_parse_model(st->rs, data, len) == 0;
        return 0;
    }
    if (tag != 'P')
        return 0;
    uint32_t n = wire_get_u32(&r);
    for (uint32_t i = 0; i < n && !r.bad; i++) {
        char *where = wire_get_str(&r), *msg = wire_get_str(&r);
        int status = -(int)wire_get_u32(&r);
        add_problem(st, status, where ? where : "", msg ? msg : "?");
        free(where);
        free(msg);
    }
    return 0;
}

/* ------------------------------------------------------------ totals */

static double variant_sum(const struct ruleset *rs, const char *variant)
{
    double sum = 0;
    for (size_t i = 0; i < rs->n_inds; i++) {
        const struct rs_ind *d = &rs->inds[i];
        bool in = d->n_variants == 0 || !variant;
        for (size_t v = 0; !in && v < d->n_variants; v++)
            in = strcmp(d->variants[v], variant) == 0;
        if (in && d->base.scored)
            sum += d->base.max;
    }
    return sum;
}

static void check_total(struct load_state *st)
{
    const struct ruleset *rs = st->rs;
    char where[400], msg[600];
    snprintf(where, sizeof where, "%s:1", sbx_display_name(rs->path));
    size_t n = rs->n_variants ? rs->n_variants : 1;
    for (size_t v = 0; v < n; v++) {
        const char *name = rs->n_variants ? rs->variants[v] : NULL;
        double sum = variant_sum(rs, name);
        if (fabs(sum - rs->total) > 1e-6) {
            snprintf(msg, sizeof msg, "total is %g but the scored indicators%s%s sum to %g",
                     rs->total, name ? " of variant " : "", name ? name : "", sum);
            add_problem(st, JURY_ERR_FORMAT, where, msg);
        }
    }
}

/* The id must be the file's stem: kits and `rules show ID` find a rule set
 * by its id as <dir>/<id>.lua. */
static void check_stem(struct load_state *st)
{
    const char *base = strrchr(st->rs->path, '/');
    base = base ? base + 1 : st->rs->path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".lua") == 0)
        n -= 4;
    if (strlen(st->rs->id) == n && strncmp(base, st->rs->id, n) == 0)
        return;
    char where[400], msg[600];
    int line = 0;
    char needle[300];
    snprintf(needle, sizeof needle, "\"%s\"", st->rs->id);
    const char *hit = strstr(st->rs->text, needle);
    snprintf(needle, sizeof needle, "'%s'", st->rs->id);
    if (!hit)
        hit = strstr(st->rs->text, needle);
    if (hit) {
        line = 1;
        for (const char *c = st->rs->text; c < hit; c++)
            line += *c == '\n';
    }
    snprintf(where, sizeof where, "%s:%d", sbx_display_name(st->rs->path), line ? line : 1);
    snprintf(msg, sizeof msg,
             "the id \"%s\" differs from the file name %.*s.lua: rules are found as <id>.lua, so "
             "rename the file or change the id",
             st->rs->id, (int)n, base);
    add_problem(st, JURY_ERR_FORMAT, where, msg);
}

/* ------------------------------------------------------------ public */

static int ruleset_read(struct ruleset **out, const char *path, const struct rules_options *opt,
                        struct jury_error *err)
{
    struct ruleset *rs = jury_xcalloc(1, sizeof *rs);
    if (opt)
        rs->opt = *opt;
    rs->path = jury_xstrdup(path);
    rs->lib_dir = opt && opt->lib_dir ? jury_xstrdup(opt->lib_dir)
                                      : jury_path_join(jury_share_dir(), "rules/lib");
    rs->opt.lib_dir = rs->lib_dir;
    char hex[SHA256_HEX_LEN + 1];
    int rc = jury_read_file(path, RULE_FILE_MAX, &rs->text, &rs->text_len, err);
    if (rc == 0)
        rc = rs_read_lib(rs, rs->lib_dir, err);
    if (rc == 0) {
        jury_sha256_hex(rs->text, rs->text_len, hex);
        rs->sha256 = jury_xstrdup(hex);
    }
    if (rc < 0)
        ruleset_free(&rs);
    *out = rs;
    return rc;
}

/* Load and collect problems into st. Returns < 0 only when it could not run. */
static int load_run(struct load_state *st, struct jury_error *err)
{
    struct load_job job = {.rs = st->rs};
    struct iso_handler h = {.ctx = st, .frame = load_frame};
    struct jury_error jerr;
    jury_error_clear(&jerr);
    int rc = iso_run(&st->rs->opt, load_job, &job, &h, &jerr);
    if (rc < 0) {
        char where[400];
        snprintf(where, sizeof where, "%s", sbx_display_name(st->rs->path));
        add_problem(st, rc, where, jerr.message);
    }
    if (st->have_model && st->n_problems == 0)
        check_total(st);
    if (!st->have_model && st->n_problems == 0)
        add_problem(st, JURY_ERR_INTERNAL, sbx_display_name(st->rs->path),
                    "no model came back from the sandbox");
    (void)err;
    return 0;
}

int rules_load(struct ruleset **out, const char *path, const struct rules_options *opt,
               struct jury_error *err)
{
    *out = NULL;
    struct ruleset *rs = NULL;
    int rc = ruleset_read(&rs, path, opt, err);
    if (rc < 0)
        return rc;
    struct load_state st = {.rs = rs};
    load_run(&st, err);
    jstr_free(&st.problems);
    if (st.n_problems) {
        if (err)
            *err = st.first;
        ruleset_free(&rs);
        return st.first.status ? st.first.status : JURY_ERR_FORMAT;
    }
    *out = rs;
    return 0;
}

int rules_check_file(const char *path, const struct rules_options *opt, char **problems,
                     struct jury_error *err)
{
    *problems = NULL;
    struct ruleset *rs = NULL;
    int rc = ruleset_read(&rs, path, opt, err);
    if (rc < 0)
        return rc;
    struct load_state st = {.rs = rs};
    load_run(&st, err);
    if (st.n_problems == 0)
        check_stem(&st);
    *problems = jstr_take(&st.problems);
    ruleset_free(&rs);
    return st.n_problems ? JURY_ERR_FORMAT : 0;
}

void ruleset_free(struct ruleset **p)
{
    if (!p || !*p)
        return;
    struct ruleset *rs = *p;
    rs_free_model(rs);
    free(rs->path);
    free(rs->sha256);
    free(rs->text);
    free(rs->lib_dir);
    for (size_t i = 0; i < rs->n_lib; i++) {
        free(rs->lib_names[i]);
        free(rs->lib_texts[i]);
    }
    free(rs->lib_names);
    free(rs->lib_texts);
    free(rs->lib_lens);
    free(rs);
    *p = NULL;
}

void ruleset_info(const struct ruleset *rs, struct ruleset_info *info)
{
    memset(info, 0, sizeof *info);
    info->id = rs->id;
    info->name = rs->name;
    info->version = rs->version;
    info->source = rs->source;
    info->path = rs->path;
    info->sha256 = rs->sha256;
    info->variant_fact = rs->variant_fact;
    info->veto_policy = rs->veto_policy;
    info->total = rs->total;
    info->n_variants = rs->n_variants;
    info->variants = (const char *const *)rs->variants;
    info->n_evidence = rs->n_evid;
    info->n_crosschecks = rs->n_cross;
    info->year = (int)rs->year;
    info->default_note = rs->default_note;
}

size_t ruleset_facts(const struct ruleset *rs, const struct rules_fact_decl **facts)
{
    *facts = rs->facts;
    return rs->n_facts;
}

const struct rules_fact_decl *ruleset_fact(const struct ruleset *rs, const char *name)
{
    for (size_t i = 0; name && i < rs->n_facts; i++)
        if (strcmp(rs->facts[i].name, name) == 0)
            return &rs->facts[i];
    return NULL;
}

size_t ruleset_items(const struct ruleset *rs, enum rules_section s,
                     const struct rules_item **items)
{
    static const size_t none = 0;
    const size_t *n = s == RULES_SEC_CONDITIONS   ? &rs->n_conds
                      : s == RULES_SEC_AUTOCHECKS ? &rs->n_autos
                      : s == RULES_SEC_VETOES     ? &rs->n_vetoes
                      : s == RULES_SEC_DEDUCTIONS ? &rs->n_deds
                                                  : &none;
    *items = (unsigned)s < 4 ? rs->pub[s] : NULL;
    return *items ? *n : 0;
}

bool ruleset_indicator_marks(const struct ruleset *rs, const char *id, const char **default_note,
                             bool *optional)
{
    for (size_t i = 0; id && i < rs->n_inds; i++)
        if (strcmp(rs->inds[i].base.id, id) == 0) {
            *default_note = rs->inds[i].default_note;
            *optional = rs->inds[i].optional;
            return true;
        }
    *default_note = NULL;
    *optional = false;
    return false;
}
