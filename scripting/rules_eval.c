/* rules_eval.c - evaluate a rule set on one pack: run the checks in the
 * sandbox (eval_lua.c) through isolate.c, restart after a check that had to
 * be killed, and assemble plain C results. */
#include "scripting/rules_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rules_result_name(enum rules_result_kind r)
{
    static const char *const names[] = {"pass", "fail", "nodata", "confirm", "error"};
    return (unsigned)r <= RULES_ERROR ? names[r] : "error";
}

/* ------------------------------------------------------------ numbering */

size_t eval_count(const struct ruleset *rs)
{
    return rs->n_conds + rs->n_autos + rs->n_vetoes + rs->n_deds + rs->n_cross;
}

bool eval_locate(const struct ruleset *rs, size_t index, const char **section, size_t *k)
{
    static const char *const names[] = {"conditions", "autochecks", "vetoes", "deductions",
                                        "crosschecks"};
    size_t sizes[] = {rs->n_conds, rs->n_autos, rs->n_vetoes, rs->n_deds, rs->n_cross};
    for (int s = 0; s < 5; s++) {
        if (index < sizes[s]) {
            *section = names[s];
            *k = index;
            return s == 4;
        }
        index -= sizes[s];
    }
    *section = names[0];
    *k = 0;
    return false;
}

static const struct rs_item *item_at(const struct ruleset *rs, size_t index)
{
    const char *section;
    size_t k;
    eval_locate(rs, index, &section, &k);
    if (section[0] == 'c' && section[1] == 'o')
        return &rs->conds[k];
    if (section[0] == 'a')
        return &rs->autos[k];
    if (section[0] == 'v')
        return &rs->vetoes[k];
    if (section[0] == 'd')
        return &rs->deds[k];
    return &rs->cross[k];
}

bool eval_has_check(const struct ruleset *rs, size_t index)
{
    return item_at(rs, index)->has_check;
}

/* ------------------------------------------------------------ results */

struct eval_state {
    const struct ruleset *rs;
    struct rules_result *res;
    struct rules_check **flat; /* index -> check (NULL for crosschecks) */
    long running;              /* index of the check started last */
    char running_where[300];
    char *failed;             /* 'E': the rule set did not load */
    unsigned long insn_spent; /* by the children so far ('I' frames) */
    long text_over;           /* the check that spent the text budget, or -1 */
    char text_over_where[300];
};

/* ------------------------------------------------------------ p.text cache */

/* Each file's text is extracted once per evaluation; what the rules may
 * receive in total is bounded by the byte budget. */
struct text_cache {
    const struct rules_pack_view *pack;
    char **paths, **texts;
    size_t *lens, n;
    size_t served, budget, limit;
};

static long cache_find(const struct text_cache *c, const char *path)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->paths[i], path) == 0)
            return (long)i;
    return -1;
}

static long cache_fill(struct text_cache *c, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (!c->pack->text || c->pack->text(c->pack->text_ctx, path, &text, &len) != 0) {
        free(text);
        text = NULL, len = 0; /* remembered as unavailable: nil, not asked again */
    }
    if (text && len > c->limit)
        len = c->limit;
    c->paths = jury_xrealloc(c->paths, (c->n + 1) * sizeof *c->paths);
    c->texts = jury_xrealloc(c->texts, (c->n + 1) * sizeof *c->texts);
    c->lens = jury_xrealloc(c->lens, (c->n + 1) * sizeof *c->lens);
    c->paths[c->n] = jury_xstrdup(path);
    c->texts[c->n] = text;
    c->lens[c->n] = len;
    return (long)c->n++;
}

static int cached_text(void *ctx, const char *path, char **out, size_t *len)
{
    struct text_cache *c = ctx;
    long i = cache_find(c, path);
    if (i < 0)
        i = cache_fill(c, path);
    if (!c->texts[i])
        return -1;
    if (c->lens[i] > c->budget - c->served)
        return -2; /* the check that asked is failed by the job (eval_lua.c) */
    c->served += c->lens[i];
    *out = jury_xmalloc(c->lens[i] + 1);
    memcpy(*out, c->texts[i], c->lens[i]);
    (*out)[c->lens[i]] = '\0';
    *len = c->lens[i];
    return 0;
}

static void cache_free(struct text_cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->paths[i]), free(c->texts[i]);
    free(c->paths);
    free(c->texts);
    free(c->lens);
}

static void check_set(struct rules_check *c, enum rules_result_kind r, const char *detail)
{
    free(c->detail);
    c->result = r;
    c->detail = jury_xstrdup(detail ? detail : "");
}

static void init_checks(struct rules_check *v, const struct rs_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i].id = items[i].id;
        v[i].text = items[i].text;
        v[i].indicator = items[i].indicator;
        v[i].result = items[i].has_check ? RULES_ERROR : RULES_CONFIRM;
        v[i].detail = jury_xstrdup(items[i].has_check ? "not evaluated" : "");
    }
}

static struct rules_result *result_new(const struct ruleset *rs, struct rules_check ***flat)
{
    struct rules_result *r = jury_xcalloc(1, sizeof *r);
    r->conditions = jury_xcalloc(rs->n_conds + 1, sizeof *r->conditions);
    r->autochecks = jury_xcalloc(rs->n_autos + 1, sizeof *r->autochecks);
    r->vetoes = jury_xcalloc(rs->n_vetoes + 1, sizeof *r->vetoes);
    r->deductions = jury_xcalloc(rs->n_deds + 1, sizeof *r->deductions);
    r->n_deductions = rs->n_deds;
    init_checks(r->deductions, rs->deds, rs->n_deds);
    r->crosskeys = jury_xcalloc(rs->n_cross + 1, sizeof *r->crosskeys);
    r->n_conditions = rs->n_conds;
    r->n_autochecks = rs->n_autos;
    r->n_vetoes = rs->n_vetoes;
    r->n_crosskeys = rs->n_cross;
    init_checks(r->conditions, rs->conds, rs->n_conds);
    init_checks(r->autochecks, rs->autos, rs->n_autos);
    init_checks(r->vetoes, rs->vetoes, rs->n_vetoes);
    for (size_t i = 0; i < rs->n_cross; i++)
        r->crosskeys[i].id = rs->cross[i].id;
    *flat = jury_xcalloc(eval_count(rs) + 1, sizeof **flat);
    size_t k = 0;
    for (size_t i = 0; i < rs->n_conds; i++)
        (*flat)[k++] = &r->conditions[i];
    for (size_t i = 0; i < rs->n_autos; i++)
        (*flat)[k++] = &r->autochecks[i];
    for (size_t i = 0; i < rs->n_vetoes; i++)
        (*flat)[k++] = &r->vetoes[i];
    for (size_t i = 0; i < rs->n_deds; i++)
        (*flat)[k++] = &r->deductions[i];
    return r;
}

static void frame_check(struct eval_state *st, struct wire_reader *r)
{
    uint32_t index = wire_get_u32(r);
    unsigned res = wire_get_u8(r);
    char *detail = wire_get_str(r);
    if (r->bad || index >= eval_count(st->rs) || res > RULES_ERROR) {
        free(detail);
        return;
    }
    st->running = -1;
    if (!st->flat[index]) {
        struct rules_crosskey *k =
            &st->res->crosskeys[index - (eval_count(st->rs) - st->rs->n_cross)];
        free(k->key);
        k->key = res == RULES_PASS ? detail : NULL;
        if (res != RULES_PASS)
            free(detail);
        return;
    }
    if (detail && !utf8_valid(detail, strlen(detail))) {
        /* keep the result; show the broken bytes as \xNN escapes */
        char *safe = utf8_sanitize(detail, strlen(detail));
        check_set(st->flat[index], (enum rules_result_kind)res, safe);
        free(safe);
    } else {
        check_set(st->flat[index], (enum rules_result_kind)res, detail);
    }
    free(detail);
}

static int eval_frame(void *ctx, char tag, const unsigned char *data, size_t len)
{
    struct eval_state *st = ctx;
    struct wire_reader r = {.p = data, .len = len};
    if (tag == 'C') {
        frame_check(st, &r);
    } else if (tag == 'I') {
        st->running = (long)wire_get_u32(&r);
        char *where = wire_get_str(&r);
        double spent = wire_get_f64(&r);
        if (!r.bad && spent > (double)st->insn_spent && spent < 1e15)
            st->insn_spent = (unsigned long)spent;
        snprintf(st->running_where, sizeof st->running_where, "%s", where ? where : "");
        free(where);
    } else if (tag == 'E') {
        free(st->failed);
        st->failed = jury_xstrndup((const char *)data, len);
    } else if (tag == 'L') {
        free(st->res->log);
        st->res->log = jury_xstrndup((const char *)data, len);
    }
    return 0;
}

/* ------------------------------------------------------------ assembly */

static bool path_has(const char *path, const char *pat)
{
    size_t n = strlen(pat), m = strlen(path);
    for (size_t i = 0; n <= m && i + n <= m; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)path[i + k]) == tolower((unsigned char)pat[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

static void match_evidence(const struct ruleset *rs, const struct rules_pack_view *pk,
                           struct rules_result *r)
{
    for (size_t e = 0; e < rs->n_evid; e++)
        for (size_t f = 0; f < pk->n_files; f++) {
            bool hit = false;
            for (size_t p = 0; !hit && p < rs->evid[e].n_patterns; p++)
                hit = *rs->evid[e].patterns[p] &&
                      path_has(pk->files[f].path, rs->evid[e].patterns[p]);
            if (!hit)
                continue;
            r->evidence = jury_xrealloc(r->evidence, (r->n_evidence + 1) * sizeof *r->evidence);
            r->evidence[r->n_evidence].indicator = rs->evid[e].indicator;
            r->evidence[r->n_evidence].path = jury_xstrdup(pk->files[f].path);
            r->n_evidence++;
        }
}

/* Conditions of severity "warn" (原则上) and "info" (鼓励) are reported but
 * never decide eligibility. */
static enum rules_tristate eligibility(const struct ruleset *rs, const struct rules_result *r)
{
    enum rules_tristate e = RULES_YES;
    for (size_t i = 0; i < r->n_conditions; i++) {
        const char *sev = i < rs->n_conds ? rs->conds[i].severity : NULL;
        if (sev && strcmp(sev, "required") != 0)
            continue;
        if (r->conditions[i].result == RULES_FAIL)
            return RULES_NO;
        if (r->conditions[i].result != RULES_PASS)
            e = RULES_UNKNOWN;
    }
    return e;
}

static char *variant_of(const struct ruleset *rs, const struct rules_pack_view *pk)
{
    for (size_t i = 0; rs->variant_fact && i < pk->n_facts; i++)
        if (strcmp(pk->facts[i].name, rs->variant_fact) == 0 && pk->facts[i].kind == RULES_STRING &&
            pk->facts[i].str) {
            const char *v = ruleset_variant(rs, pk->facts[i].str);
            return jury_xstrdup(v ? v : pk->facts[i].str);
        }
    return NULL;
}

/* Mark the check that was running (or everything left) after a kill. */
static size_t after_kill(struct eval_state *st, size_t start, const struct jury_error *jerr)
{
    char buf[1400];
    size_t n = eval_count(st->rs);
    if (st->running < 0) {
        snprintf(buf, sizeof buf, "%s: %s", sbx_display_name(st->rs->path), jerr->message);
        for (size_t i = start; i < n; i++)
            if (st->flat[i] && st->flat[i]->result == RULES_ERROR)
                check_set(st->flat[i], RULES_ERROR, buf);
        return n;
    }
    snprintf(buf, sizeof buf, "%s: %s", st->running_where, jerr->message);
    if (st->flat[st->running])
        check_set(st->flat[st->running], RULES_ERROR, buf);
    return (size_t)st->running + 1;
}

/* A spent evaluation budget: the running check (named by its line and id)
 * and every check not reached become errors that name the budget. */
static void budget_spent(struct eval_state *st, size_t start, const char *what)
{
    char buf[1400];
    size_t n = eval_count(st->rs);
    for (size_t i = start; i < n; i++) {
        struct rules_check *c = st->flat[i];
        if (!c)
            continue;
        if ((long)i == st->running)
            snprintf(buf, sizeof buf, "%s: check %s stopped: %s", st->running_where, c->id, what);
        else if (c->result == RULES_ERROR && strcmp(c->detail, "not evaluated") == 0)
            snprintf(buf, sizeof buf, "%s: check %s not evaluated: %s",
                     sbx_display_name(st->rs->path), c->id, what);
        else
            continue;
        check_set(c, RULES_ERROR, buf);
    }
}

/* Run the checks from `start` in children until all ran or the evaluation's
 * time budget (fixed here, never extended) is spent. */
static void run_children(struct eval_state *st, const struct rules_pack_view *pack,
                         struct iso_handler *h)
{
    const struct ruleset *rs = st->rs;
    int eval_ms = sbx_eval_ms(&rs->opt);
    h->deadline_ms = sbx_now_ms() + eval_ms;
    size_t n = eval_count(rs);
    for (size_t start = 0; start < n;) {
        struct eval_job job = {.rs = rs,
                               .pack = pack,
                               .variant = st->res->variant,
                               .start = start,
                               .insn_spent = st->insn_spent,
                               .deadline_ms = h->deadline_ms};
        struct jury_error jerr;
        jury_error_clear(&jerr);
        st->running = -1;
        if (iso_run(&rs->opt, eval_job_run, &job, h, &jerr) == 0)
            break;
        if (sbx_now_ms() >= h->deadline_ms) {
            char what[200];
            snprintf(what, sizeof what, "the evaluation's time budget of %d ms was spent", eval_ms);
            budget_spent(st, start, what);
            break;
        }
        start = after_kill(st, start, &jerr);
    }
}

/* One pack's results completed: a killed child's error on every check it
 * left failing, evidence links, eligibility. */
static void eval_finish(const struct ruleset *rs, const struct rules_pack_view *pack,
                        struct eval_state *st)
{
    if (st->failed) {
        for (size_t i = 0; i < eval_count(rs); i++)
            if (st->flat[i] && st->flat[i]->result == RULES_ERROR)
                check_set(st->flat[i], RULES_ERROR, st->failed);
        free(st->failed);
    }
    free(st->flat);
    match_evidence(rs, pack, st->res);
    st->res->eligible = eligibility(rs, st->res);
    if (!st->res->log)
        st->res->log = jury_xstrdup("");
}

int rules_eval(const struct ruleset *rs, const struct rules_pack_view *pack,
               struct rules_result **out, struct jury_error *err)
{
    struct eval_state st = {.rs = rs};
    st.res = result_new(rs, &st.flat);
    st.res->variant = variant_of(rs, pack);
    struct text_cache cache = {.pack = pack,
                               .budget = rs->opt.text_budget ? rs->opt.text_budget
                                                             : SBX_DEFAULT_TEXT_BYTES,
                               .limit = pack->text_limit ? pack->text_limit : ((size_t)1 << 20)};
    struct iso_handler h = {
        .ctx = &st, .frame = eval_frame, .text = cached_text, .text_ctx = &cache};
    run_children(&st, pack, &h);
    cache_free(&cache);
    eval_finish(rs, pack, &st);
    *out = st.res;
    (void)err;
    return 0;
}

static void free_checks(struct rules_check *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].detail);
    free(v);
}

void rules_result_free(struct rules_result **p)
{
    if (!p || !*p)
        return;
    struct rules_result *r = *p;
    free_checks(r->conditions, r->n_conditions);
    free_checks(r->autochecks, r->n_autochecks);
    free_checks(r->vetoes, r->n_vetoes);
    free_checks(r->deductions, r->n_deductions);
    for (size_t i = 0; i < r->n_crosskeys; i++)
        free(r->crosskeys[i].key);
    free(r->crosskeys);
    for (size_t i = 0; i < r->n_evidence; i++)
        free(r->evidence[i].path);
    free(r->evidence);
    free(r->variant);
    free(r->log);
    free(r);
    *p = NULL;
}

/* ------------------------------------------------------------ many packs */

/* rules_eval_many: one sandboxed child evaluates the rule set on pack after
 * pack. Each pack still gets a fresh Lua state rebuilt from the sources the
 * parent loaded once (no global set by one pack's checks is seen by the
 * next), but no fork, no reload from disk and no model validation per pack.
 * Frame 'P' + index says which pack the frames that follow are about; the
 * parent routes p.text to that pack's view. */

struct batch {
    const struct ruleset *rs;
    const struct rules_pack_view *const *views;
    size_t n;
    struct eval_state *st; /* one per pack */
    size_t cur;            /* the pack the child is at */
    size_t first, start;   /* where the child starts: pack, check */
    bool precise;          /* pack `first` unbatched: a kill names its check exactly */
};

static int batch_frame(void *ctx, char tag, const unsigned char *data, size_t len)
{
    struct batch *b = ctx;
    if (tag != 'P')
        return eval_frame(&b->st[b->cur], tag, data, len);
    struct wire_reader r = {.p = data, .len = len};
    uint32_t i = wire_get_u32(&r);
    if (r.bad || i >= b->n || i < b->first)
        return -1; /* not a pack this child was given */
    b->cur = i;
    b->st[i].running = -1;
    return 0;
}

static int batch_text(void *ctx, const char *path, char **out, size_t *len)
{
    struct batch *b = ctx;
    const struct rules_pack_view *v = b->views[b->cur];
    return v->text ? v->text(v->text_ctx, path, out, len) : -1;
}

/* Frames are batched (a wake-up of the parent per frame costs more than a
 * small check), but each pack's start is written at once, so after a kill
 * the parent knows the pack and reruns it unbatched to blame one check. */
static void batch_job_run(struct sbx_chan *c, void *arg)
{
    struct batch *b = arg;
    struct jstr out = {0};
    for (size_t p = b->first; p < b->n; p++) {
        b->cur = p; /* in process, p.text is served while the job runs */
        struct jstr f = {0};
        wire_u32(&f, (uint32_t)p);
        chan_send(c, 'P', f.s, f.len);
        chan_batch(c, b->precise && p == b->first ? NULL : &out);
        jstr_free(&f);
        struct eval_job job = {.rs = b->rs,
                               .pack = b->views[p],
                               .variant = b->st[p].res->variant,
                               .start = p == b->first ? b->start : 0};
        eval_job_run(c, &job);
        chan_batch(c, NULL); /* the next pack's start goes out at once */
    }
    jstr_free(&out);
}

int rules_eval_many(const struct ruleset *rs, const struct rules_pack_view *const *packs, size_t n,
                    struct rules_result **out, struct jury_error *err)
{
    struct batch b = {.rs = rs, .views = packs, .n = n};
    b.st = jury_xcalloc(n + 1, sizeof *b.st);
    for (size_t p = 0; p < n; p++) {
        b.st[p].rs = rs;
        b.st[p].running = -1;
        b.st[p].res = result_new(rs, &b.st[p].flat);
        b.st[p].res->variant = variant_of(rs, packs[p]);
    }
    struct iso_handler h = {.ctx = &b, .frame = batch_frame, .text = batch_text, .text_ctx = &b};
    size_t checks = eval_count(rs);
    /* one fixed budget for the batch, each pack's share of it: p.text
     * requests never extend it */
    int eval_ms = sbx_eval_ms(&rs->opt);
    h.deadline_ms = sbx_now_ms() + (long long)eval_ms * (long long)(n ? n : 1);
    while (b.first < n) {
        struct jury_error jerr;
        jury_error_clear(&jerr);
        b.cur = b.first;
        b.st[b.cur].running = -1;
        if (iso_run(&rs->opt, batch_job_run, &b, &h, &jerr) == 0)
            break;
        if (sbx_now_ms() >= h.deadline_ms) {
            char what[200];
            snprintf(what, sizeof what, "the batch's time budget of %d ms per pack was spent",
                     eval_ms);
            for (size_t p = b.cur; p < n; p++)
                budget_spent(&b.st[p], p == b.first ? b.start : 0, what);
            break;
        }
        size_t from = b.cur == b.first ? b.start : 0;
        if (!b.precise || b.cur != b.first) {
            /* batched frames may be lost: run this pack again unbatched */
            b.first = b.cur;
            b.start = from;
            b.precise = true;
            continue;
        }
        /* killed: the check that was running fails, the rest go on */
        size_t next = after_kill(&b.st[b.cur], from, &jerr);
        b.first = next < checks ? b.cur : b.cur + 1;
        b.start = next < checks ? next : 0;
        b.precise = false;
    }
    for (size_t p = 0; p < n; p++) {
        eval_finish(rs, packs[p], &b.st[p]);
        out[p] = b.st[p].res;
    }
    free(b.st);
    (void)err;
    return 0;
}
