/* expect.c - rules/tests/ID.lua: expectations run in the sandbox; each
 * `expect{...}` call becomes a frame 'X', parsed into plain C. */
#include "scripting/rules_int.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int result_code(const char *s)
{
    static const char *const names[] = {"pass", "fail", "nodata", "confirm", "error"};
    for (int i = 0; s && i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* A map id -> result string, written as count + (id, code). [-0, +0, e] */
static void put_map(lua_State *L, int t, const char *key, struct jstr *w)
{
    lua_pushstring(L, key);
    int ty = lua_rawget(L, t);
    struct jstr tmp = {0};
    uint32_t n = 0;
    if (ty != LUA_TNIL && ty != LUA_TTABLE)
        luaL_error(L, "expect: '%s' must be a table", key);
    for (lua_pushnil(L); ty == LUA_TTABLE && lua_next(L, -2); lua_pop(L, 1)) {
        int code = lua_type(L, -1) == LUA_TSTRING ? result_code(lua_tostring(L, -1)) : -1;
        if (lua_type(L, -2) != LUA_TSTRING || code < 0) {
            jstr_free(&tmp);
            luaL_error(L, "expect: %s entries must be ID = \"pass|fail|nodata|confirm|error\"",
                       key);
        }
        wire_cstr(&tmp, lua_tostring(L, -2));
        wire_u8(&tmp, (unsigned)code);
        n++;
    }
    lua_pop(L, 1);
    wire_u32(w, n);
    jstr_addn(w, tmp.s ? tmp.s : "", tmp.len);
    jstr_free(&tmp);
}

static int eligible_code(lua_State *L, int t)
{
    lua_pushliteral(L, "eligible");
    int ty = lua_rawget(L, t);
    int e = ty == LUA_TBOOLEAN ? lua_toboolean(L, -1)
            : ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "unknown") == 0 ? RULES_UNKNOWN
            : ty == LUA_TNIL                                                   ? -2
                                                                               : -3;
    lua_pop(L, 1);
    if (e == -3)
        luaL_error(L, "expect: eligible must be true, false or \"unknown\"");
    return e;
}

/* A list of ids (vetoes, deductions expected to apply): u8 given, count,
 * strings. [-0, +0, e] */
static void put_list(lua_State *L, int t, const char *key, struct jstr *w)
{
    lua_pushstring(L, key);
    int ty = lua_rawget(L, t);
    if (ty != LUA_TNIL && ty != LUA_TTABLE)
        luaL_error(L, "expect: '%s' must be a list of ids", key);
    lua_Unsigned n = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
    for (lua_pushnil(L); ty == LUA_TTABLE && lua_next(L, -2); lua_pop(L, 1))
        if (!lua_isinteger(L, -2) || lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "expect: '%s' must be a list of ids such as { \"V1\" }", key);
    wire_u8(w, ty == LUA_TTABLE);
    wire_u32(w, (uint32_t)n);
    for (lua_Unsigned i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i);
        wire_cstr(w, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A misspelt key (`autocheck =`, `veto =`) would check nothing: refuse it. */
static void known_keys(lua_State *L, int t)
{
    static const char *const keys[] = {"pack",   "eligible",   "conditions", "autochecks",
                                       "vetoes", "deductions", "note",       NULL};
    for (lua_pushnil(L); lua_next(L, t); lua_pop(L, 1)) {
        bool ok = false;
        for (int i = 0; !ok && keys[i]; i++)
            ok = lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), keys[i]) == 0;
        if (!ok)
            luaL_error(L,
                       "expect: unknown key '%s' (known: pack, eligible, conditions, autochecks, "
                       "vetoes, deductions, note)",
                       lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
    }
}

/* expect{...}: upvalue 1 the channel. [-1, +0, e] */
static int sbx_expect(lua_State *L)
{
    struct sbx_chan *c = lua_touserdata(L, lua_upvalueindex(1));
    luaL_checktype(L, 1, LUA_TTABLE);
    known_keys(L, 1);
    lua_Debug d;
    int line = lua_getstack(L, 1, &d) && lua_getinfo(L, "l", &d) ? d.currentline : 0;
    lua_pushliteral(L, "pack");
    if (lua_rawget(L, 1) != LUA_TSTRING)
        return luaL_error(L, "expect: 'pack' (a sample pack file name) is missing");
    struct jstr w = {0};
    wire_u32(&w, (uint32_t)line);
    wire_cstr(&w, lua_tostring(L, -1));
    lua_pop(L, 1);
    wire_u32(&w, (uint32_t)eligible_code(L, 1));
    put_map(L, 1, "conditions", &w);
    put_map(L, 1, "autochecks", &w);
    put_list(L, 1, "vetoes", &w);
    put_list(L, 1, "deductions", &w);
    chan_send(c, 'X', w.s, w.len);
    jstr_free(&w);
    return 0;
}

struct expect_job {
    const char *path, *text;
    size_t len;
    const struct rules_options *opt;
};

static void expect_job_run(struct sbx_chan *c, void *arg)
{
    struct expect_job *j = arg;
    struct sbx s;
    struct jury_error err;
    jury_error_clear(&err);
    if (sbx_open(&s, j->opt, &err) == 0) {
        lua_pushlightuserdata(s.L, c);
        lua_pushcclosure(s.L, sbx_expect, 1);
        lua_setglobal(s.L, "expect");
        sbx_run(&s, j->text, j->len, sbx_display_name(j->path), &err);
        sbx_close(&s);
    }
    if (err.status) {
        char buf[1600];
        jury_error_text(&err, buf, sizeof buf);
        chan_send(c, 'E', buf, strlen(buf));
    }
}

struct expect_state {
    struct rules_expect *v;
    size_t n;
    char *failed;
};

static struct rules_expect_item *get_map(struct wire_reader *r, size_t *n)
{
    uint32_t k = wire_get_u32(r);
    if (r->bad || k > r->len)
        return r->bad = true, *n = 0, NULL;
    struct rules_expect_item *v = jury_xcalloc(k + 1, sizeof *v);
    for (uint32_t i = 0; i < k; i++) {
        v[i].id = wire_get_str(r);
        v[i].result = (enum rules_result_kind)wire_get_u8(r);
    }
    *n = k;
    return v;
}

static char **get_list(struct wire_reader *r, size_t *n, bool *given)
{
    *given = wire_get_u8(r) != 0;
    uint32_t k = wire_get_u32(r);
    *n = 0;
    if (r->bad || k > r->len)
        return NULL;
    char **v = jury_xcalloc(k + 1, sizeof *v);
    for (uint32_t i = 0; i < k; i++)
        v[i] = wire_get_str(r);
    *n = k;
    return v;
}

static int expect_frame(void *ctx, char tag, const unsigned char *data, size_t len)
{
    struct expect_state *st = ctx;
    if (tag == 'E') {
        free(st->failed);
        st->failed = jury_xstrndup((const char *)data, len);
        return 0;
    }
    if (tag != 'X')
        return 0;
    struct wire_reader r = {.p = data, .len = len};
    st->v = jury_xrealloc(st->v, (st->n + 1) * sizeof *st->v);
    struct rules_expect *e = &st->v[st->n++];
    memset(e, 0, sizeof *e);
    e->line = (int)wire_get_u32(&r);
    e->pack = wire_get_str(&r);
    e->eligible = (int)wire_get_u32(&r);
    e->conditions = get_map(&r, &e->n_conditions);
    e->autochecks = get_map(&r, &e->n_autochecks);
    e->vetoes = get_list(&r, &e->n_vetoes, &e->vetoes_given);
    e->deductions = get_list(&r, &e->n_deductions, &e->deductions_given);
    return 0;
}

int rules_expect_load(const char *path, const struct rules_options *opt, struct rules_expect **out,
                      size_t *n, struct jury_error *err)
{
    *out = NULL;
    *n = 0;
    struct rules_options o = {0};
    if (opt)
        o = *opt;
    struct expect_job job = {.path = path, .opt = &o};
    char *text = NULL;
    int rc = jury_read_file(path, (size_t)4 << 20, &text, &job.len, err);
    if (rc < 0)
        return rc;
    job.text = text;
    struct expect_state st = {0};
    struct iso_handler h = {.ctx = &st, .frame = expect_frame};
    rc = iso_run(&o, expect_job_run, &job, &h, err);
    free(text);
    if (rc == 0 && st.failed) {
        sbx_error_split(err, JURY_ERR_FORMAT, st.failed);
        rc = JURY_ERR_FORMAT;
    }
    free(st.failed);
    if (rc < 0) {
        rules_expect_free(&st.v, st.n);
        return rc;
    }
    *out = st.v;
    *n = st.n;
    return 0;
}

static void free_map(struct rules_expect_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].id);
    free(v);
}

void rules_expect_free(struct rules_expect **p, size_t n)
{
    if (!p || !*p)
        return;
    for (size_t i = 0; i < n; i++) {
        struct rules_expect *e = &(*p)[i];
        free(e->pack);
        free_map(e->conditions, e->n_conditions);
        free_map(e->autochecks, e->n_autochecks);
        for (size_t k = 0; k < e->n_vetoes; k++)
            free(e->vetoes[k]);
        free(e->vetoes);
        for (size_t k = 0; k < e->n_deductions; k++)
            free(e->deductions[k]);
        free(e->deductions);
    }
    free(*p);
    *p = NULL;
}
