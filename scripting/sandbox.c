/* sandbox.c - a lua_State that can run an organiser's rule file safely.
 *
 * Allow-listed globals only, text chunks only, a capped allocator, a count
 * hook that keeps firing on every instruction once the budget is spent (so
 * loops inside pcall or coroutine.resume die too), setmetatable refusing
 * __gc (finalizers run with hooks off), capped subject/pattern sizes for the
 * pattern functions, and a message handler that never runs __tostring.
 * What hooks cannot stop (C functions) is left to isolate.c's watchdog. */
#include "scripting/rules_int.h"

#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOOK_STEP 1000

/* ------------------------------------------------------------ allocator */

static void *sbx_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct sbx *s = ud;
    size_t old = ptr ? osize : 0; /* ptr == NULL: osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        s->mem_used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > s->mem_limit - s->mem_used)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        s->mem_used = s->mem_used - old + nsize;
    return p;
}

/* ------------------------------------------------------------ hook */

static struct sbx *sbx_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

int sbx_check_ms(const struct rules_options *opt)
{
    if (opt && opt->timeout_ms > 0)
        return opt->timeout_ms;
    /* an instrumented or very slow run (valgrind, an emulator) may allow more:
     * the watchdog is wall clock */
    const char *env = getenv("JURY_RULES_TIMEOUT_MS");
    char *end = NULL;
    long v = env ? strtol(env, &end, 10) : 0;
    if (env && end != env && !*end && v >= 100 && v <= 600000)
        return (int)v;
    return SBX_DEFAULT_TIMEOUT_MS;
}

int sbx_eval_ms(const struct rules_options *opt)
{
    if (opt && opt->eval_ms > 0)
        return opt->eval_ms;
    /* never less than one check may take, when a caller allows checks more */
    int check = sbx_check_ms(opt);
    return check + 1000 > SBX_DEFAULT_EVAL_MS ? check + 1000 : SBX_DEFAULT_EVAL_MS;
}

long long sbx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Which budget is spent, as the error names it; NULL while none is. */
static const char *spent(struct sbx *s, char *buf, size_t size)
{
    if (s->insn_used >= s->insn_limit)
        snprintf(buf, size, "instruction limit of %lu exceeded (an endless loop?)", s->insn_limit);
    else if (s->insn_total_limit && s->insn_total >= s->insn_total_limit)
        snprintf(buf, size, "instruction limit of %lu for the whole evaluation exceeded",
                 s->insn_total_limit);
    else if (s->deadline_ms && sbx_now_ms() >= s->deadline_ms)
        snprintf(buf, size, "time budget of %d ms for the whole evaluation exceeded", s->budget_ms);
    else
        return NULL;
    return buf;
}

static void sbx_hook(lua_State *L, lua_Debug *ar)
{
    struct sbx *s = sbx_of(L);
    (void)ar;
    if (!s->insn_killed) {
        s->insn_used += HOOK_STEP;
        s->insn_total += HOOK_STEP;
        if (!spent(s, s->why, sizeof s->why))
            return;
        s->insn_killed = true;
    }
    /* From now on every instruction raises, in this thread and in any
     * coroutine that inherits the hook. */
    lua_sethook(L, sbx_hook, LUA_MASKCOUNT, 1);
    lua_Debug d;
    if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
        lua_pushfstring(L, "%s:%d: ", d.short_src, d.currentline);
    else
        lua_pushliteral(L, "");
    lua_pushstring(L, s->why);
    lua_concat(L, 2);
    lua_error(L);
}

void sbx_budget(struct sbx *s)
{
    s->insn_used = 0;
    /* a spent evaluation budget stays spent: the next check dies at once */
    s->insn_killed = spent(s, s->why, sizeof s->why) != NULL;
    lua_sethook(s->L, sbx_hook, LUA_MASKCOUNT, s->insn_killed ? 1 : HOOK_STEP);
}

/* ------------------------------------------------------------ guarded base */

/* setmetatable(t, mt): refuses __gc (finalizers run without hooks) and the
 * global table. [-2, +1, e] */
static int sbx_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    lua_pushglobaltable(L);
    bool is_g = lua_rawequal(L, 1, -1);
    lua_pop(L, 1);
    if (is_g)
        return luaL_error(L, "the global table's metatable cannot be changed");
    lua_pushliteral(L, "__gc");
    if (t == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
        return luaL_error(L, "__gc metamethods are not allowed in rule files");
    lua_settop(L, 2);
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_setmetatable(L, 1);
    return 1;
}

/* xpcall(f, h, ...): pcall, then h(err) as an ordinary call. An error raised
 * by the count hook calls the real xpcall's handler while hooks are off, so
 * a looping handler could never be stopped. [-n, +r, -] */
static int sbx_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++)
        lua_pushvalue(L, i);
    if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_replace(L, n);
        return lua_gettop(L) - n + 1;
    }
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_pcall(L, 1, 1, 0); /* the handler's value, or its own error */
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

/* log(...): strings and numbers into a bounded buffer. [-n, +0, -] */
static int sbx_log(lua_State *L)
{
    struct sbx *s = sbx_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n && s->log.len < SBX_MAX_LOG; i++) {
        size_t len = 0;
        const char *p = NULL;
        if (lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TNUMBER)
            p = lua_tolstring(L, i, &len);
        else
            p = luaL_typename(L, i), len = strlen(p);
        if (len > SBX_MAX_LOG - s->log.len)
            len = SBX_MAX_LOG - s->log.len;
        jstr_addn(&s->log, p, len);
        jstr_addc(&s->log, i < n ? '\t' : '\n');
    }
    return 0;
}

/* ------------------------------------------------------------ patterns */

/* Calls the original string function (upvalue 1) after checking sizes.
 * [-n, +r, e] */
static int sbx_pattern_call(lua_State *L)
{
    size_t sl = 0, pl = 0;
    luaL_checklstring(L, 1, &sl);
    luaL_checklstring(L, 2, &pl);
    if (sl > SBX_MAX_SUBJECT)
        return luaL_error(L, "subject of %d bytes is too long for a pattern function", (int)sl);
    if (pl > SBX_MAX_PATTERN)
        return luaL_error(L, "pattern of %d bytes is too long (at most %d)", (int)pl,
                          SBX_MAX_PATTERN);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* ------------------------------------------------------------ environment */

static const char *const base_allowed[] = {
    "assert", "error",    "ipairs",   "next",         "pairs",    "pcall",
    "select", "tonumber", "tostring", "type",         "xpcall",   "rawequal",
    "rawlen", "rawget",   "rawset",   "getmetatable", "_VERSION", NULL};
static const char *const libs_copied[] = {"string", "table", "math", "utf8", "coroutine", NULL};
static const char *const pattern_fns[] = {"find", "match", "gmatch", "gsub", NULL};
static const char *const forbidden[] = {
    "io",    "os",         "debug",   "package",  "require",
    "load",  "loadstring", "dofile",  "loadfile", "collectgarbage",
    "print", "module",     "setfenv", "getfenv",  NULL};

/* A shallow copy of the table at idx. [-0, +1, m] */
static void copy_table(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/* The string library copy: no dump, wrapped pattern functions; also made
 * the strings' __index so ("").dump is nil. [-0, +1, m] */
static void push_string_lib(lua_State *L, int orig)
{
    copy_table(L, orig);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    for (int i = 0; pattern_fns[i]; i++) {
        lua_getfield(L, orig, pattern_fns[i]);
        lua_pushcclosure(L, sbx_pattern_call, 1);
        lua_setfield(L, -2, pattern_fns[i]);
    }
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1); /* the shared string metatable */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    /* getmetatable("") gives this string, never the table: a rule cannot
     * add __add, __concat or replace __index for every string */
    lua_pushliteral(L, "the string metatable is protected");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
}

/* Builds the new globals from the opened libraries (in the old globals).
 * Runs as a protected C function. [-0, +0, m] */
static int build_env(lua_State *L)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int old = lua_gettop(L);
    lua_newtable(L);
    int env = old + 1;
    for (int i = 0; base_allowed[i]; i++) {
        lua_getfield(L, old, base_allowed[i]);
        lua_setfield(L, env, base_allowed[i]);
    }
    for (int i = 0; libs_copied[i]; i++) {
        lua_getfield(L, old, libs_copied[i]);
        if (strcmp(libs_copied[i], "string") == 0)
            push_string_lib(L, lua_gettop(L));
        else
            copy_table(L, -1);
        lua_setfield(L, env, libs_copied[i]);
        lua_pop(L, 1);
    }
    lua_pushcfunction(L, sbx_setmetatable);
    lua_setfield(L, env, "setmetatable");
    lua_pushcfunction(L, sbx_xpcall);
    lua_setfield(L, env, "xpcall");
    lua_pushcfunction(L, sbx_log);
    lua_setfield(L, env, "log");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    /* package.loaded keeps the full libraries; drop it from the registry. */
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushvalue(L, env);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    return 0;
}

/* Self-test: every forbidden name is nil, and ("").dump is nil. */
static int self_test(lua_State *L, struct jury_error *err)
{
    for (int i = 0; forbidden[i]; i++) {
        int t = lua_getglobal(L, forbidden[i]);
        lua_pop(L, 1);
        if (t != LUA_TNIL)
            return jury_error_set(err, JURY_ERR_INTERNAL, NULL,
                                  "sandbox self-test: global '%s' is reachable", forbidden[i]);
    }
    lua_pushliteral(L, "");
    luaL_getmetafield(L, -1, "__index");
    int t = lua_getfield(L, -1, "dump");
    lua_pop(L, 3);
    if (t != LUA_TNIL)
        return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "sandbox self-test: (\"\").dump");
    return 0;
}

int sbx_open(struct sbx *s, const struct rules_options *opt, struct jury_error *err)
{
    memset(s, 0, sizeof *s);
    s->mem_limit = opt && opt->mem_limit ? opt->mem_limit : SBX_DEFAULT_MEM;
    s->insn_limit = opt && opt->insn_limit ? opt->insn_limit : SBX_DEFAULT_INSN;
    s->insn_total_limit = opt && opt->eval_insn ? opt->eval_insn : SBX_DEFAULT_EVAL_INSN;
    s->L = lua_newstate(sbx_alloc, s);
    if (!s->L)
        return jury_error_set(err, JURY_ERR_NOMEM, NULL, "cannot create a Lua state");
    lua_pushcfunction(s->L, build_env);
    if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
        lua_close(s->L);
        s->L = NULL;
        return jury_error_set(err, JURY_ERR_NOMEM, NULL, "cannot set up the sandbox");
    }
    int rc = self_test(s->L, err);
    if (rc < 0)
        sbx_close(s);
    return rc;
}

void sbx_close(struct sbx *s)
{
    if (s->L)
        lua_close(s->L);
    s->L = NULL;
    jstr_free(&s->log);
}

/* ------------------------------------------------------------ errors */

/* True when msg starts with "something:digits:". */
static bool has_position(const char *msg)
{
    const char *c = strchr(msg, ':');
    if (!c || c == msg || c - msg > 200)
        return false;
    const char *d = c + 1;
    while (*d >= '0' && *d <= '9')
        d++;
    return d > c + 1 && *d == ':';
}

/* Message handler: a string with its position; any other value is named by
 * its type only (never __tostring). [-1, +1, m] */
static int sbx_msgh(lua_State *L)
{
    const char *msg = NULL;
    if (lua_type(L, 1) == LUA_TSTRING)
        msg = lua_tostring(L, 1);
    else if (lua_type(L, 1) == LUA_TNUMBER)
        msg = lua_pushfstring(L, "%s", lua_tostring(L, 1));
    else
        msg = lua_pushfstring(L, "error object is a %s value", luaL_typename(L, 1));
    if (has_position(msg))
        return 1;
    lua_Debug d;
    for (int level = 1; lua_getstack(L, level, &d); level++) {
        if (lua_getinfo(L, "Sl", &d) && d.currentline > 0) {
            lua_pushfstring(L, "%s:%d: %s", d.short_src, d.currentline, msg);
            return 1;
        }
    }
    return 1;
}

void sbx_error_split(struct jury_error *err, int status, const char *msg)
{
    if (!err)
        return;
    if (has_position(msg)) {
        const char *c = strchr(msg, ':');
        c = strchr(c + 1, ':');
        jury_error_set(err, status, NULL, "%s", c[1] == ' ' ? c + 2 : c + 1);
        snprintf(err->where, sizeof err->where, "%.*s", (int)(c - msg), msg);
        return;
    }
    jury_error_set(err, status, NULL, "%s", msg);
}

int sbx_pcall(struct sbx *s, int nargs, int nres, struct jury_error *err)
{
    lua_State *L = s->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, sbx_msgh);
    lua_insert(L, base);
    int rc = lua_pcall(L, nargs, nres, base);
    lua_remove(L, base);
    if (rc == LUA_OK)
        return 0;
    if (rc == LUA_ERRMEM) {
        lua_pop(L, 1);
        return jury_error_set(err, JURY_ERR_LIMIT, NULL, "memory limit of %zu MiB exceeded",
                              s->mem_limit >> 20);
    }
    const char *msg =
        lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error in error handling";
    sbx_error_split(err, s->insn_killed ? JURY_ERR_LIMIT : JURY_ERR_FORMAT, msg);
    lua_pop(L, 1);
    return err ? err->status : JURY_ERR_FORMAT;
}

/* ------------------------------------------------------------ chunks */

const char *sbx_display_name(const char *path)
{
    if (strlen(path) <= 50)
        return path;
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int line_at(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

int sbx_check_encoding(const char *text, size_t len, const char *name, struct jury_error *err)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        jury_error_set(err, JURY_ERR_FORMAT, NULL,
                       "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 "
                       "without BOM");
        if (err)
            snprintf(err->where, sizeof err->where, "%s:1", name);
        return JURY_ERR_FORMAT;
    }
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(text + i, len - i, &cp);
        if (n < 0)
            break;
        i += (size_t)n;
    }
    if (i == len)
        return 0;
    bool lossy = true;
    char *conv = gbk_to_utf8(text, len, &lossy, NULL);
    free(conv);
    jury_error_set(err, JURY_ERR_FORMAT, NULL, "the file is not valid UTF-8%s; save it as UTF-8",
                   lossy ? "" : " (it looks like GBK/GB18030)");
    if (err)
        snprintf(err->where, sizeof err->where, "%s:%d", name, line_at(text, i));
    return JURY_ERR_FORMAT;
}

int sbx_run(struct sbx *s, const char *text, size_t len, const char *name, struct jury_error *err)
{
    if (len > 0 && text[0] == LUA_SIGNATURE[0])
        return jury_error_set(err, JURY_ERR_DENIED, name, "binary rule files are not allowed");
    int rc = sbx_check_encoding(text, len, name, err);
    if (rc < 0)
        return rc;
    char chunk[300];
    snprintf(chunk, sizeof chunk, "=%s", name);
    int st = luaL_loadbufferx(s->L, text, len, chunk, "t");
    if (st != LUA_OK) {
        const char *msg = lua_tostring(s->L, -1);
        if (st == LUA_ERRSYNTAX && msg && strstr(msg, "binary chunk"))
            jury_error_set(err, JURY_ERR_DENIED, name, "binary rule files are not allowed");
        else if (st == LUA_ERRMEM)
            jury_error_set(err, JURY_ERR_LIMIT, name, "memory limit exceeded");
        else
            sbx_error_split(err, JURY_ERR_FORMAT, msg ? msg : "cannot load");
        lua_pop(s->L, 1);
        return err ? err->status : JURY_ERR_FORMAT;
    }
    sbx_budget(s);
    return sbx_pcall(s, 0, 0, err);
}
