/* eval_lua.c - the sandboxed half of an evaluation: rebuild the rule set in a
 * fresh state, give each check the pack view p, and send one frame per
 * check. Frames: 'I' index + "file:line" (a check starts), 'C' index +
 * result + detail (it ended), 'E' message (the rule set did not load), 'L'
 * the log. */
#include "scripting/rules_int.h"

#include <stdlib.h>

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DETAIL_MAX 65536

/* ------------------------------------------------------------ the view */

/* p.text(path): the text via the channel, bounded; nil when unavailable.
 * Upvalues: the job (light userdata). [-1, +1, e] */
static int view_text(lua_State *L)
{
    struct eval_job *j = lua_touserdata(L, lua_upvalueindex(1));
    const char *path = luaL_checkstring(L, 1);
    char *text = NULL;
    size_t len = 0;
    int rc = chan_text(j->chan, path, &text, &len);
    if (rc == -2)
        j->text_spent = true; /* the check fails even if it catches the error */
    if (rc == -2)
        return luaL_error(
            L, "p.text: the evaluation's text budget of %d MiB is spent",
            (int)((j->rs->opt.text_budget ? j->rs->opt.text_budget : SBX_DEFAULT_TEXT_BYTES) >>
                  20));
    if (rc != 0) {
        lua_pushnil(L);
        return 1;
    }
    size_t limit = j->pack->text_limit ? j->pack->text_limit : ((size_t)1 << 20);
    if (len > limit)
        len = limit;
    lua_pushlstring(L, text, len); /* may raise: copy first, free after */
    free(text);
    return 1;
}

static void set_str(lua_State *L, const char *key, const char *v)
{
    if (!v)
        return;
    lua_pushstring(L, v);
    lua_setfield(L, -2, key);
}

static void push_facts(lua_State *L, const struct rules_pack_view *pk)
{
    lua_createtable(L, 0, (int)pk->n_facts);
    for (size_t i = 0; i < pk->n_facts; i++) {
        const struct rules_fact *f = &pk->facts[i];
        if (f->kind == RULES_NUMBER)
            lua_pushnumber(L, f->number);
        else if (f->kind == RULES_BOOL)
            lua_pushboolean(L, f->boolean);
        else
            lua_pushstring(L, f->str ? f->str : "");
        lua_setfield(L, -2, f->name);
    }
}

static void push_files(lua_State *L, const struct rules_pack_view *pk)
{
    lua_createtable(L, (int)pk->n_files, 0);
    for (size_t i = 0; i < pk->n_files; i++) {
        const struct rules_file *f = &pk->files[i];
        lua_createtable(L, 0, 4);
        set_str(L, "path", f->path);
        set_str(L, "kind", f->kind ? f->kind : "other");
        set_str(L, "ext", f->ext ? f->ext : "");
        lua_pushnumber(L, f->size);
        lua_setfield(L, -2, "size");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* Protected: builds p from the job (arg 1). [-1, +1, m] */
static int push_view(lua_State *L)
{
    struct eval_job *j = lua_touserdata(L, 1);
    const struct rules_pack_view *pk = j->pack;
    lua_newtable(L);
    set_str(L, "applicant", pk->applicant);
    set_str(L, "task", pk->task);
    set_str(L, "title", pk->title);
    set_str(L, "region", pk->region);
    set_str(L, "variant", j->variant);
    push_facts(L, pk);
    lua_setfield(L, -2, "facts");
    push_files(L, pk);
    lua_setfield(L, -2, "files");
    lua_pushlightuserdata(L, j);
    lua_pushcclosure(L, view_text, 1);
    lua_setfield(L, -2, "text");
    return 1;
}

/* ------------------------------------------------------------ one check */

static void send_check(struct eval_job *j, size_t index, enum rules_result_kind res,
                       const char *detail, size_t dlen)
{
    struct jstr f = {0};
    wire_u32(&f, (uint32_t)index);
    wire_u8(&f, res);
    wire_str(&f, detail ? detail : "", detail ? dlen : 0);
    chan_send(j->chan, 'C', f.s, f.len);
    jstr_free(&f);
}

static void send_checkf(struct eval_job *j, size_t index, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void send_checkf(struct eval_job *j, size_t index, const char *fmt, ...)
{
    char buf[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    send_check(j, index, RULES_ERROR, buf, strlen(buf));
}

static int parse_result(const char *s, bool cross)
{
    static const char *const names[] = {"pass", "fail", "nodata", "confirm"};
    for (int i = 0; !cross && s && i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* Validate what a check returned (at -2, -1) and send it. */
static void check_returned(struct eval_job *j, size_t index, const char *where)
{
    lua_State *L = j->s->L;
    const char *rs = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    int res = parse_result(rs, false);
    if (res < 0) {
        send_checkf(j, index,
                    "%s: the check returned %s%s%s, expected \"pass\", \"fail\", \"nodata\" or "
                    "\"confirm\"",
                    where, rs ? "\"" : "a ", rs ? rs : luaL_typename(L, -2), rs ? "\"" : " value");
        return;
    }
    size_t dlen = 0;
    const char *detail = "";
    int dt = lua_type(L, -1);
    if (dt == LUA_TNUMBER && !isfinite(lua_tonumber(L, -1))) {
        send_checkf(j, index, "%s: the detail is not a finite number", where);
        return;
    }
    if (dt == LUA_TSTRING || dt == LUA_TNUMBER)
        detail = lua_tolstring(L, -1, &dlen);
    else if (dt != LUA_TNIL) {
        send_checkf(j, index, "%s: the detail is a %s, expected a string", where,
                    luaL_typename(L, -1));
        return;
    }
    if (dlen > DETAIL_MAX) {
        send_checkf(j, index, "%s: the detail of %zu bytes is too long (at most %d)", where, dlen,
                    DETAIL_MAX);
        return;
    }
    send_check(j, index, (enum rules_result_kind)res, detail, dlen);
}

/* A cross-pack key: a string, a finite number, or nil. */
static void key_returned(struct eval_job *j, size_t index, const char *where)
{
    lua_State *L = j->s->L;
    int t = lua_type(L, -2);
    size_t len = 0;
    if (t == LUA_TNIL) {
        send_check(j, index, RULES_NODATA, NULL, 0);
        return;
    }
    if (t == LUA_TNUMBER && !isfinite(lua_tonumber(L, -2))) {
        send_checkf(j, index, "%s: the key is not a finite number", where);
        return;
    }
    if (t != LUA_TSTRING && t != LUA_TNUMBER) {
        send_checkf(j, index, "%s: the key is a %s, expected a string", where,
                    luaL_typename(L, -2));
        return;
    }
    const char *k = lua_tolstring(L, -2, &len);
    if (len > 4096) {
        send_checkf(j, index, "%s: the key is too long", where);
        return;
    }
    send_check(j, index, RULES_PASS, k, len);
}

/* Push RULESET[section][k].check (or .key), raw. [-0, +1, -] */
static int push_check_fn(lua_State *L, int ruleset, const char *section, size_t k, const char *fn)
{
    int top = lua_gettop(L);
    lua_pushstring(L, section);
    if (lua_rawget(L, ruleset) != LUA_TTABLE ||
        lua_rawgeti(L, -1, (lua_Integer)k + 1) != LUA_TTABLE) {
        lua_settop(L, top);
        lua_pushnil(L);
        return LUA_TNIL;
    }
    lua_pushstring(L, fn);
    int t = lua_rawget(L, -2); /* top, section, entry, fn */
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
    return t;
}

static void run_check(struct eval_job *j, int ruleset, int view, size_t index)
{
    lua_State *L = j->s->L;
    const char *section = NULL;
    size_t k = 0;
    bool cross = eval_locate(j->rs, index, &section, &k);
    if (push_check_fn(L, ruleset, section, k, cross ? "key" : "check") != LUA_TFUNCTION) {
        lua_pop(L, 1);
        {
            send_checkf(j, index, "%s: %s[%zu] has no function any more", j->name, section, k + 1);
            return;
        }
    }
    lua_Debug ar;
    lua_pushvalue(L, -1);
    lua_getinfo(L, ">S", &ar);
    char where[300];
    snprintf(where, sizeof where, "%s:%d", ar.short_src, ar.linedefined);
    struct jstr f = {0};
    wire_u32(&f, (uint32_t)index);
    wire_cstr(&f, where);
    wire_f64(&f, (double)j->s->insn_total); /* so a restart goes on from here */
    chan_send(j->chan, 'I', f.s, f.len);
    jstr_free(&f);
    lua_pushvalue(L, view);
    sbx_budget(j->s);
    j->text_spent = false;
    struct jury_error err;
    if (sbx_pcall(j->s, 1, 2, &err) < 0) {
        send_checkf(j, index, "%s: %s", err.where[0] ? err.where : where, err.message);
        return;
    }
    if (j->text_spent) {
        size_t budget = j->rs->opt.text_budget ? j->rs->opt.text_budget : SBX_DEFAULT_TEXT_BYTES;
        send_checkf(j, index, "%s: p.text budget of %zu MiB per evaluation spent", where,
                    budget >> 20);
        lua_pop(L, 2);
        return;
    }
    if (cross)
        key_returned(j, index, where);
    else
        check_returned(j, index, where);
    lua_pop(L, 2);
}

/* ------------------------------------------------------------ the job */

static void send_fail(struct eval_job *j, const struct jury_error *err)
{
    char buf[1600];
    jury_error_text(err, buf, sizeof buf);
    chan_send(j->chan, 'E', buf, strlen(buf));
}

void eval_job_run(struct sbx_chan *c, void *arg)
{
    struct eval_job *j = arg;
    struct rs_sources src = rs_sources_of(j->rs);
    struct sbx s;
    struct jury_error err;
    jury_error_clear(&err);
    j->chan = c;
    j->s = &s;
    j->name = src.name;
    if (sbx_open(&s, &j->rs->opt, &err) < 0) {
        send_fail(j, &err);
        return;
    }
    /* the evaluation's budgets go on across restarts; the child stops a
     * little before the parent's deadline, so its error names the line */
    s.insn_total = j->insn_spent;
    s.deadline_ms = j->deadline_ms ? j->deadline_ms - 150 : 0;
    s.budget_ms = sbx_eval_ms(&j->rs->opt);
    lua_State *L = s.L;
    if (rs_run_sources(&s, &src, &err) == 0) {
        lua_pushglobaltable(L);
        lua_pushliteral(L, "RULESET");
        lua_rawget(L, -2);
        lua_remove(L, -2);
        int ruleset = lua_gettop(L);
        lua_pushcfunction(L, push_view);
        lua_pushlightuserdata(L, j);
        if (lua_type(L, ruleset) != LUA_TTABLE)
            jury_error_set(&err, JURY_ERR_FORMAT, src.name, "RULESET is not set");
        else if (sbx_pcall(&s, 1, 1, &err) == 0)
            for (size_t i = j->start; i < eval_count(j->rs); i++)
                if (eval_has_check(j->rs, i))
                    run_check(j, ruleset, ruleset + 1, i);
    }
    if (err.status)
        send_fail(j, &err);
    if (s.log.len)
        chan_send(c, 'L', s.log.s, s.log.len);
    sbx_close(&s);
}
