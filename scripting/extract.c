/* extract.c - the Lua side of loading, run in the sandbox: read RULESET with
 * raw accesses only (no metamethod runs), check every required field, and
 * write the model and every problem as frames ('M', 'P').
 *
 * Lines: an entry's `_line` field when the DSL sets one, else the first line
 * of the rule file that holds the entry's id in quotes, else the line of the
 * section's name. */
#include "scripting/rules_int.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xctx {
    struct sbx *s;
    const struct rs_sources *src;
    struct jstr model;
    struct jstr problems;
    int n_problems;
    int seen;              /* stack index of a table: "kind:id" -> depth */
    int line;              /* of the entry being read; 0 = find lazily: */
    const char *line_id;   /* the entry's id (lives in RULESET), or NULL */
    const char *line_word; /* else a word to look for */
    char what[160];
};

/* ------------------------------------------------------------ problems */

static int find_line(const struct rs_sources *src, const char *needle)
{
    if (!needle || !*needle)
        return 0;
    size_t n = strlen(needle);
    int line = 1;
    for (size_t i = 0; i + n <= src->text_len; i++) {
        if (src->text[i] == '\n')
            line++;
        else if (memcmp(src->text + i, needle, n) == 0)
            return line;
    }
    return 0;
}

static int id_line(const struct rs_sources *src, const char *id)
{
    static const char *const forms[] = {"id = \"%s\"", "id = '%s'", "id=\"%s\"",
                                        "id='%s'",     "\"%s\"",    "'%s'"};
    char q[300];
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(q, sizeof q, forms[i], id);
        int l = find_line(src, q);
        if (l)
            return l;
    }
    return 0;
}

static void problem(struct xctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct xctx *x, const char *fmt, ...)
{
    char where[400], msg[1024];
    if (x->line <= 0 && x->line_id)
        x->line = id_line(x->src, x->line_id);
    if (x->line <= 0 && x->line_word)
        x->line = find_line(x->src, x->line_word);
    snprintf(where, sizeof where, "%s:%d", x->src->name, x->line > 0 ? x->line : 1);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wire_cstr(&x->problems, where);
    if (x->what[0]) {
        char full[1200];
        snprintf(full, sizeof full, "%s: %s", x->what, msg);
        wire_cstr(&x->problems, full);
    } else {
        wire_cstr(&x->problems, msg);
    }
    wire_u32(&x->problems, (uint32_t)-JURY_ERR_FORMAT);
    x->n_problems++;
}

/* Problems from now on are placed on the first line holding word. */
static void set_word(struct xctx *x, const char *word)
{
    x->line = 0;
    x->line_id = NULL;
    x->line_word = word;
}

/* ------------------------------------------------------------ fields */

/* t[key] raw onto the stack; returns its type. [-0, +1, -] */
static int get_raw(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

/* A string field (NULL when absent or wrong; a problem when required or
 * wrong). The string stays alive in t. [-0, +0, m] */
static const char *get_s(struct xctx *x, int t, const char *key, bool required)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, key);
    const char *s = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    if (ty == LUA_TNIL && required)
        problem(x, "'%s' is missing", key);
    else if (ty != LUA_TNIL && ty != LUA_TSTRING)
        problem(x, "'%s' must be a string, not a %s", key, lua_typename(L, ty));
    else if (s && !utf8_valid(s, strlen(s)))
        problem(x, "'%s' is not valid UTF-8", key), s = NULL;
    return s;
}

/* A finite number field; def when absent. [-0, +0, -] */
static double get_n(struct xctx *x, int t, const char *key, bool required, double def)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, key);
    double v = ty == LUA_TNUMBER ? lua_tonumber(L, -1) : def;
    lua_pop(L, 1);
    if (ty == LUA_TNIL && required)
        problem(x, "'%s' is missing", key);
    else if (ty != LUA_TNIL && ty != LUA_TNUMBER)
        problem(x, "'%s' must be a number, not a %s", key, lua_typename(L, ty));
    else if (!isfinite(v))
        problem(x, "'%s' must be a finite number", key), v = def;
    return v;
}

static bool get_fn(struct xctx *x, int t, const char *key, bool required)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, key);
    lua_pop(L, 1);
    if (ty == LUA_TNIL && required)
        problem(x, "'%s' (a function) is missing", key);
    else if (ty != LUA_TNIL && ty != LUA_TFUNCTION)
        problem(x, "'%s' must be a function, not a %s", key, lua_typename(L, ty));
    return ty == LUA_TFUNCTION;
}

/* An array of strings (absent = empty) written as u32 count + strings. */
static void put_strlist(struct xctx *x, int t, const char *key)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, key);
    struct jstr tmp = {0};
    uint32_t n = 0;
    if (ty == LUA_TTABLE) {
        lua_Unsigned len = lua_rawlen(L, -1);
        for (lua_Unsigned i = 1; i <= len; i++) {
            if (lua_rawgeti(L, -1, (lua_Integer)i) == LUA_TSTRING) {
                wire_cstr(&tmp, lua_tostring(L, -1));
                n++;
            } else {
                problem(x, "'%s'[%d] must be a string", key, (int)i);
            }
            lua_pop(L, 1);
        }
    } else if (ty != LUA_TNIL && ty != LUA_TBOOLEAN) {
        problem(x, "'%s' must be a list of strings", key);
    }
    lua_pop(L, 1);
    wire_u32(&x->model, n);
    jstr_addn(&x->model, tmp.s ? tmp.s : "", tmp.len);
    jstr_free(&tmp);
}

/* ------------------------------------------------------------ ids */

/* Start reading entry i of a section (table at -1): sets line and what. */
static const char *entry_begin(struct xctx *x, int t, const char *section, const char *kind, int i)
{
    lua_State *L = x->s->L;
    x->what[0] = 0;
    x->line = 0;
    x->line_id = x->line_word = NULL;
    if (get_raw(L, t, "_line") == LUA_TNUMBER)
        x->line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    int ty = get_raw(L, t, "id");
    const char *id = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    x->line_id = id;
    x->line_word = section;
    if (id)
        snprintf(x->what, sizeof x->what, "%s %s", kind, id);
    else
        snprintf(x->what, sizeof x->what, "%s #%d", kind, i);
    return id;
}

/* Record kind:id; a problem when seen before. Returns false on duplicate. */
static bool id_unique(struct xctx *x, const char *kind, const char *id, int depth)
{
    lua_State *L = x->s->L;
    lua_pushfstring(L, "%s:%s", kind, id);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, x->seen) != LUA_TNIL) {
        lua_pop(L, 2);
        problem(x, "duplicate id");
        return false;
    }
    lua_pop(L, 1);
    lua_pushinteger(L, depth);
    lua_rawset(L, x->seen);
    return true;
}

static int id_depth(struct xctx *x, const char *kind, const char *id)
{
    lua_State *L = x->s->L;
    lua_pushfstring(L, "%s:%s", kind, id);
    int d = lua_rawget(L, x->seen) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    return d;
}

/* ------------------------------------------------------------ sections */

/* Iterate RULESET[section] (at t): calls fn for each entry table (at -1).
 * Writes the count, then what fn writes. */
static void section(struct xctx *x, int t, const char *name, bool required,
                    void (*fn)(struct xctx *, int, int))
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, name);
    x->what[0] = 0;
    set_word(x, name);
    lua_Unsigned len = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
    if (ty == LUA_TNIL && required)
        problem(x, "RULESET.%s is missing", name);
    else if (ty != LUA_TNIL && ty != LUA_TTABLE)
        problem(x, "RULESET.%s must be a list", name);
    size_t count_at = x->model.len;
    wire_u32(&x->model, 0);
    uint32_t n = 0;
    for (lua_Unsigned i = 1; i <= len; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TTABLE) {
            x->what[0] = 0;
            problem(x, "RULESET.%s[%d] must be a table", name, (int)i);
        } else {
            fn(x, lua_gettop(L), (int)i);
            n++;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    for (int b = 0; b < 4; b++)
        x->model.s[count_at + (size_t)b] = (char)((n >> (8 * b)) & 0xff);
}

static void one_level(struct xctx *x, int t)
{
    const char *name = get_s(x, t, "name", true);
    double f = get_n(x, t, "fraction", true, 0);
    if (f < 0 || f > 1)
        problem(x, "level '%s': fraction %g is outside [0, 1]", name ? name : "?", f);
    wire_cstr(&x->model, name ? name : "?");
    wire_f64(&x->model, f);
    wire_cstr(&x->model, get_s(x, t, "guidance", false));
}

static void ind_levels(struct xctx *x, int t, bool levels)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, "levels");
    lua_Unsigned len = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
    if (levels && len == 0)
        problem(x, "mode 'levels' needs a non-empty 'levels' list");
    wire_u32(&x->model, (uint32_t)len);
    for (lua_Unsigned i = 1; i <= len; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i) == LUA_TTABLE) {
            one_level(x, lua_gettop(L));
        } else {
            problem(x, "levels[%d] must be a table", (int)i);
            wire_cstr(&x->model, "?");
            wire_f64(&x->model, 0);
            wire_cstr(&x->model, NULL);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static int ind_depth_parent(struct xctx *x, int t, const char **parent)
{
    double d = get_n(x, t, "depth", true, 1);
    int depth = (int)d;
    if (depth != d || depth < 1 || depth > 3)
        problem(x, "'depth' must be 1, 2 or 3"), depth = 1;
    *parent = get_s(x, t, "parent", false);
    if (depth > 1 && !*parent)
        problem(x, "'parent' is missing (depth %d)", depth);
    if (*parent) {
        int pd = id_depth(x, "ind", *parent);
        if (!pd)
            problem(x, "parent '%s' is not an earlier indicator", *parent);
        else if (pd != depth - 1)
            problem(x, "depth %d under parent '%s' of depth %d", depth, *parent, pd);
    }
    return depth;
}

static void one_indicator(struct xctx *x, int t, int i)
{
    lua_State *L = x->s->L;
    const char *id = entry_begin(x, t, "indicators", "indicator", i);
    if (!id)
        problem(x, "'id' must be a string");
    const char *parent = NULL;
    int depth = ind_depth_parent(x, t, &parent);
    if (id)
        id_unique(x, "ind", id, depth);
    const char *text = get_s(x, t, "text", true);
    int ty = get_raw(L, t, "scored");
    bool scored = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (ty != LUA_TNIL && ty != LUA_TBOOLEAN)
        problem(x, "'scored' must be true or false");
    double max = get_n(x, t, "max", scored, 0);
    if (scored && max <= 0)
        problem(x, "'max' must be above 0");
    const char *mode = get_s(x, t, "mode", scored);
    bool levels = mode && strcmp(mode, "levels") == 0;
    if (mode && !levels && strcmp(mode, "points") != 0)
        problem(x, "'mode' must be \"points\" or \"levels\", not \"%s\"", mode);
    double step = get_n(x, t, "step", false, 0);
    if (step < 0 || (scored && step > max))
        problem(x, "'step' %g is outside [0, max]", step);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
    wire_cstr(&x->model, get_s(x, t, "guidance", false));
    wire_cstr(&x->model, parent);
    wire_u8(&x->model, (unsigned)depth);
    wire_u8(&x->model, scored);
    wire_f64(&x->model, max);
    wire_u8(&x->model, levels ? CL_LEVELS : CL_POINTS);
    wire_f64(&x->model, step);
    ind_levels(x, t, levels);
    ty = get_raw(L, t, "key");
    wire_u8(&x->model, ty == LUA_TBOOLEAN && lua_toboolean(L, -1));
    lua_pop(L, 1);
    put_strlist(x, t, "key");
    put_strlist(x, t, "variants");
    wire_cstr(&x->model, get_s(x, t, "default", false));
    ty = get_raw(L, t, "optional");
    wire_u8(&x->model, lua_toboolean(L, -1));
    lua_pop(L, 1);
}

/* The facts a check reads must be declared; written as a string list. */
static void put_item_facts(struct xctx *x, int t)
{
    lua_State *L = x->s->L;
    if (get_raw(L, t, "facts") == LUA_TTABLE) {
        lua_Unsigned len = lua_rawlen(L, -1);
        for (lua_Unsigned i = 1; i <= len; i++) {
            if (lua_rawgeti(L, -1, (lua_Integer)i) == LUA_TSTRING &&
                !id_depth(x, "fact", lua_tostring(L, -1)))
                problem(x, "fact '%s' is not declared in facts{...}", lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    put_strlist(x, t, "facts");
}

/* What conditions, vetoes and auto-checks carry besides id and text: the
 * organiser's-default note and the facts read. */
static void item_extras(struct xctx *x, int t)
{
    wire_cstr(&x->model, get_s(x, t, "default", false));
    put_item_facts(x, t);
}

static void one_condition(struct xctx *x, int t, int i)
{
    const char *id = entry_begin(x, t, "conditions", "condition", i);
    if (!id)
        problem(x, "'id' must be a string");
    else
        id_unique(x, "cond", id, 1);
    const char *text = get_s(x, t, "text", true);
    const char *kind = get_s(x, t, "kind", true);
    bool confirm = kind && strcmp(kind, "confirm") == 0;
    if (kind && !confirm && strcmp(kind, "auto") != 0)
        problem(x, "'kind' must be \"auto\" or \"confirm\", not \"%s\"", kind);
    bool check = get_fn(x, t, "check", kind && !confirm);
    const char *sev = get_s(x, t, "severity", false);
    if (sev && strcmp(sev, "required") && strcmp(sev, "warn") && strcmp(sev, "info"))
        problem(x, "'severity' must be \"required\", \"warn\" or \"info\", not \"%s\"", sev);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
    wire_u8(&x->model, confirm ? CL_COND_CONFIRM : CL_COND_AUTO);
    wire_u8(&x->model, check);
    wire_cstr(&x->model, sev ? sev : "required");
    item_extras(x, t);
}

static void one_veto(struct xctx *x, int t, int i)
{
    const char *id = entry_begin(x, t, "vetoes", "veto", i);
    if (!id)
        problem(x, "'id' must be a string");
    else
        id_unique(x, "veto", id, 1);
    const char *text = get_s(x, t, "text", true);
    bool check = get_fn(x, t, "check", false);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
    wire_u8(&x->model, check);
    item_extras(x, t);
}

static void one_deduction(struct xctx *x, int t, int i)
{
    const char *id = entry_begin(x, t, "deductions", "deduction", i);
    if (!id)
        problem(x, "'id' must be a string");
    else
        id_unique(x, "ded", id, 1);
    const char *text = get_s(x, t, "text", true);
    double max = get_n(x, t, "max", true, 0);
    if (max <= 0)
        problem(x, "'max' must be above 0");
    bool check = get_fn(x, t, "check", false);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
    wire_f64(&x->model, max);
    wire_u8(&x->model, check);
    item_extras(x, t);
}

static void one_autocheck(struct xctx *x, int t, int i)
{
    const char *id = entry_begin(x, t, "autochecks", "autocheck", i);
    if (!id)
        problem(x, "'id' must be a string");
    else
        id_unique(x, "auto", id, 1);
    const char *text = get_s(x, t, "text", true);
    const char *ind = get_s(x, t, "indicator", false);
    if (ind && !id_depth(x, "ind", ind))
        problem(x, "indicator '%s' does not exist", ind);
    get_fn(x, t, "check", true);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
    wire_cstr(&x->model, ind);
    item_extras(x, t);
}

static void one_evidence(struct xctx *x, int t, int i)
{
    entry_begin(x, t, "evidence", "evidence", i);
    const char *ind = get_s(x, t, "indicator", true);
    if (ind) {
        snprintf(x->what, sizeof x->what, "evidence for %s", ind);
        if (!id_depth(x, "ind", ind))
            problem(x, "indicator '%s' does not exist", ind);
    }
    wire_cstr(&x->model, ind ? ind : "?");
    put_strlist(x, t, "patterns");
}

static void one_crosscheck(struct xctx *x, int t, int i)
{
    const char *id = entry_begin(x, t, "crosschecks", "crosscheck", i);
    if (!id)
        problem(x, "'id' must be a string");
    else
        id_unique(x, "cross", id, 1);
    const char *text = get_s(x, t, "text", true);
    get_fn(x, t, "key", true);
    wire_cstr(&x->model, id ? id : "?");
    wire_cstr(&x->model, text ? text : "");
}

/* ------------------------------------------------------------ facts */

static const char *const fact_types[] = {"number", "percent", "bool", "date", "text", NULL};

/* The line of `name = ` at or after line `from` (the facts{ call), 0 when
 * not found: facts are listed in the order the organiser wrote them. */
static int fact_line(const struct rs_sources *src, const char *name, int from)
{
    size_t n = strlen(name);
    int line = 1;
    for (size_t i = 0; i + n <= src->text_len; i++) {
        if (src->text[i] == '\n') {
            line++;
            continue;
        }
        if (line < from || memcmp(src->text + i, name, n) != 0)
            continue;
        char before = i ? src->text[i - 1] : ' ';
        size_t k = i + n;
        while (k < src->text_len && src->text[k] == ' ')
            k++;
        if ((before == ' ' || before == '{' || before == ',' || before == '\t') &&
            k < src->text_len && src->text[k] == '=')
            return line;
    }
    return 0;
}

struct fact_entry {
    int line;
    struct jstr wire;
};

static int cmp_fact(const void *a, const void *b)
{
    const struct fact_entry *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static void one_fact(struct xctx *x, int t, int i, struct fact_entry *e)
{
    lua_State *L = x->s->L;
    entry_begin(x, t, "facts", "fact", i);
    const char *name = get_s(x, t, "name", true);
    if (name) {
        snprintf(x->what, sizeof x->what, "fact %s", name);
        e->line = fact_line(x->src, name, x->line);
        if (e->line)
            x->line = e->line;
        if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
            strlen(name))
            problem(x, "a fact name is letters, digits and '_'");
        lua_pushfstring(L, "fact:%s", name);
        if (lua_rawget(L, x->seen) != LUA_TNIL)
            problem(x, "declared twice");
        lua_pop(L, 1);
        lua_pushfstring(L, "fact:%s", name);
        lua_pushinteger(L, 1);
        lua_rawset(L, x->seen);
    }
    const char *type = get_s(x, t, "type", true);
    bool known = false;
    for (int k = 0; type && fact_types[k]; k++)
        known = known || strcmp(type, fact_types[k]) == 0;
    if (type && !known)
        problem(x, "type must be number, percent, bool, date or text, not \"%s\"", type);
    const char *label = get_s(x, t, "label", true);
    struct jstr keep = x->model;
    x->model = e->wire;
    wire_cstr(&x->model, name ? name : "?");
    wire_cstr(&x->model, type ? type : "text");
    wire_cstr(&x->model, get_s(x, t, "unit", false));
    wire_cstr(&x->model, label ? label : "");
    wire_cstr(&x->model, get_s(x, t, "note", false));
    wire_cstr(&x->model, get_s(x, t, "default", false));
    put_strlist(x, t, "values");
    e->wire = x->model;
    x->model = keep;
}

/* RULESET.facts (optional for a hand-written RULESET), in source order. */
static void facts_section(struct xctx *x, int t)
{
    lua_State *L = x->s->L;
    int ty = get_raw(L, t, "facts");
    x->what[0] = 0;
    set_word(x, "facts");
    lua_Unsigned len = ty == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
    if (ty != LUA_TNIL && ty != LUA_TTABLE)
        problem(x, "RULESET.facts must be a list");
    struct fact_entry *v = jury_xcalloc(len ? len : 1, sizeof *v);
    uint32_t n = 0;
    for (lua_Unsigned i = 1; i <= len; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TTABLE)
            problem(x, "RULESET.facts[%d] must be a table", (int)i);
        else
            one_fact(x, lua_gettop(L), (int)i, &v[n++]);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    qsort(v, n, sizeof *v, cmp_fact);
    wire_u32(&x->model, n);
    for (uint32_t i = 0; i < n; i++) {
        jstr_addn(&x->model, v[i].wire.s ? v[i].wire.s : "", v[i].wire.len);
        jstr_free(&v[i].wire);
    }
    free(v);
}

/* ------------------------------------------------------------ RULESET */

static const char *const known_keys[] = {"id",         "name",         "version",     "source",
                                         "total",      "variant_fact", "veto_policy", "conditions",
                                         "indicators", "vetoes",       "deductions",  "autochecks",
                                         "evidence",   "crosschecks",  "_line",       "facts",
                                         "year",       "default",      NULL};

static void unknown_keys(struct xctx *x, int t)
{
    lua_State *L = x->s->L;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        bool ok = lua_type(L, -1) != LUA_TSTRING;
        for (int i = 0; !ok && known_keys[i]; i++)
            ok = strcmp(lua_tostring(L, -1), known_keys[i]) == 0;
        if (!ok) {
            set_word(x, lua_tostring(L, -1));
            problem(x, "RULESET has an unknown field '%s'", lua_tostring(L, -1));
        }
    }
}

static void header(struct xctx *x, int t)
{
    static const char *const req[] = {"id", "name", "version", "source", NULL};
    for (int i = 0; req[i]; i++) {
        set_word(x, req[i]);
        const char *v = get_s(x, t, req[i], true);
        if (i == 0 && v &&
            (!*v || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789_-.") != strlen(v)))
            problem(x, "'id' must be letters, digits, '_', '-' or '.'");
        wire_cstr(&x->model, v);
    }
    set_word(x, "variant_fact");
    wire_cstr(&x->model, get_s(x, t, "variant_fact", false));
    set_word(x, "veto_policy");
    const char *vp = get_s(x, t, "veto_policy", false);
    if (vp && strcmp(vp, "majority") && strcmp(vp, "any") && strcmp(vp, "chair"))
        problem(x, "'veto_policy' must be majority, any or chair, not \"%s\"", vp);
    wire_cstr(&x->model, vp ? vp : "majority");
    set_word(x, "total");
    double total = get_n(x, t, "total", true, 0);
    if (total <= 0)
        problem(x, "'total' must be above 0");
    wire_f64(&x->model, total);
    set_word(x, "year");
    double year = get_n(x, t, "year", false, 0);
    if (year != 0 && (year != floor(year) || year < 1990 || year > 2200))
        problem(x, "'year' must be a year such as 2026");
    wire_f64(&x->model, year);
    set_word(x, "default");
    wire_cstr(&x->model, get_s(x, t, "default", false));
}

/* Protected: RULESET (arg 1) and the x (light userdata, arg 2). */
static int extract_all(lua_State *L)
{
    struct xctx *x = lua_touserdata(L, 2);
    lua_newtable(L);
    x->seen = lua_gettop(L);
    header(x, 1);
    unknown_keys(x, 1);
    facts_section(x, 1);
    section(x, 1, "indicators", true, one_indicator);
    section(x, 1, "conditions", false, one_condition);
    section(x, 1, "vetoes", false, one_veto);
    section(x, 1, "deductions", false, one_deduction);
    section(x, 1, "autochecks", false, one_autocheck);
    section(x, 1, "evidence", false, one_evidence);
    section(x, 1, "crosschecks", false, one_crosscheck);
    return 0;
}

static void send_problems(struct sbx_chan *c, struct xctx *x)
{
    struct jstr f = {0};
    wire_u32(&f, (uint32_t)x->n_problems);
    jstr_addn(&f, x->problems.s ? x->problems.s : "", x->problems.len);
    chan_send(c, 'P', f.s ? f.s : "", f.len);
    jstr_free(&f);
}

void rs_extract(struct sbx_chan *c, struct sbx *s, const struct rs_sources *src)
{
    struct xctx x = {.s = s, .src = src};
    lua_State *L = s->L;
    lua_pushcfunction(L, extract_all);
    lua_pushglobaltable(L);
    lua_pushliteral(L, "RULESET");
    if (lua_rawget(L, -2) != LUA_TTABLE) {
        lua_pop(L, 3);
        x.line = 1;
        problem(&x, "RULESET is not set: a rule file must fill the global table RULESET");
        send_problems(c, &x);
        jstr_free(&x.problems);
        return;
    }
    lua_remove(L, -2);
    lua_pushlightuserdata(L, &x);
    sbx_budget(s);
    struct jury_error err;
    if (sbx_pcall(s, 2, 0, &err) < 0) {
        x.line = 1;
        x.what[0] = 0;
        problem(&x, "reading RULESET failed: %s", err.message);
    }
    if (x.n_problems == 0)
        chan_send(c, 'M', x.model.s ? x.model.s : "", x.model.len);
    send_problems(c, &x);
    jstr_free(&x.model);
    jstr_free(&x.problems);
}
