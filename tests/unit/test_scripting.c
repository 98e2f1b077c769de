/* test_scripting.c - the rule engine: the sandbox against every measured
 * hole (each a clean error within a second or two, the process goes on),
 * and the contract: a small complete rule set becomes the right checklist
 * and evaluates to the right results. Rule files are written by the test;
 * sandbox tests use an empty lib dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scripting/rules.h"

static char tmpdir[256];
static char emptylib[300];

static int setup_all(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jury-test-scripting-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(emptylib, sizeof emptylib, "%s/emptylib", tmpdir);
    return jury_mkdirs(emptylib, 0700, NULL);
}

static int teardown_all(void **state)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_rule(const char *name, const char *text, size_t len)
{
    char *path = jury_path_join(tmpdir, name);
    assert_int_equal(jury_write_file_atomic(path, text, len, 0600, NULL), 0);
    return path;
}

/* The watchdog stops a check after timeout_ms of wall clock, so a quick
 * check on a machine loaded far past its cores (ctest -j8 on two) must not
 * reach it: 2.5 s, which the pathological checks below wait out. */
static struct rules_options test_opts(void)
{
    struct rules_options o = {.lib_dir = emptylib, .timeout_ms = 2500};
    return o;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ sandbox */

/* A rule set with one autocheck running BODY and a condition that passes. */
static const char hostile_fmt[] =
    "RULESET = { id = 't', name = 'hostile', version = '1', source = 'test', total = 10,\n"
    "  indicators = { { id = '1', text = 'a', depth = 1, scored = true, max = 10,\n"
    "                   mode = 'points', step = 1 } },\n"
    "  autochecks = { { id = 'A1', text = 'bad', check = function(p)\n"
    "%s\n"
    "  end } },\n"
    "  conditions = { { id = 'E1', text = 'ok', kind = 'auto',\n"
    "                   check = function(p) return 'pass', 'fine' end } },\n"
    "}\n";

static const struct rules_pack_view empty_pack = {.applicant = "某学院"};

/* Evaluate BODY as a check; returns A1's result, detail into buf. */
static enum rules_result_kind run_hostile_opt(const char *body, const struct rules_options *o,
                                              char *detail, size_t size)
{
    char text[4096];
    int n = snprintf(text, sizeof text, hostile_fmt, body);
    char *path = write_rule("hostile.lua", text, (size_t)n);
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    int rc = rules_load(&rs, path, o, &err);
    if (rc != 0)
        fail_msg("load: %s: %s", err.where, err.message);
    struct rules_result *res = NULL;
    double t0 = now_s();
    assert_int_equal(rules_eval(rs, &empty_pack, &res, &err), 0);
    double dt = now_s() - t0;
    assert_true(dt < o->timeout_ms / 1000.0 + 1.5);
    assert_int_equal(res->n_autochecks, 1);
    assert_int_equal(res->conditions[0].result, RULES_PASS); /* the rest still works */
    enum rules_result_kind r = res->autochecks[0].result;
    snprintf(detail, size, "%s", res->autochecks[0].detail);
    rules_result_free(&res);
    ruleset_free(&rs);
    free(path);
    return r;
}

static void expect_error(const char *body, const char *needle)
{
    struct rules_options o = test_opts();
    if (strstr(needle, "instruction limit")) {
        /* the instruction limit must come first however loaded the machine
         * is (ctest -j8 under ASan): a small limit, a watchdog far away */
        o.insn_limit = 1000000;
        o.timeout_ms = 30000;
    }
    char detail[2048];
    for (int mode = 0; mode < 2; mode++) {
        o.in_process = mode == 1;
        if (o.in_process && strstr(body, "a-"))
            continue; /* a pathological pattern needs the child */
        enum rules_result_kind r = run_hostile_opt(body, &o, detail, sizeof detail);
        if (r != RULES_ERROR || !strstr(detail, needle))
            fail_msg("%s: got %s '%s', expected error with '%s'", body, rules_result_name(r),
                     detail, needle);
        /* every error names the file and line */
        assert_non_null(strstr(detail, "hostile.lua:"));
    }
}

static void test_no_io_os_require(void **state)
{
    expect_error("return io.open('/etc/passwd')", "global 'io'");
    expect_error("os.execute('touch /tmp/jury-pwned') return 'pass'", "global 'os'");
    expect_error("require('io') return 'pass'", "global 'require'");
    expect_error("return debug.getregistry()", "global 'debug'");
    expect_error("dofile('/etc/passwd')", "global 'dofile'");
    expect_error("collectgarbage('stop')", "global 'collectgarbage'");
    expect_error("print('x')", "global 'print'");
    assert_int_equal(access("/tmp/jury-pwned", F_OK), -1);
}

static void test_no_bytecode(void **state)
{
    expect_error("return load('\\27Lua\\84\\0')", "global 'load'");
    expect_error("return string.dump(function() end)", "dump");
    expect_error("local d = ('').dump; return d(function() end)", "nil value");
    /* getmetatable("") is not the string metatable: no way to its __index */
    expect_error("return getmetatable('').__index.dump(print)", "nil value");
    /* a binary rule file is refused at load */
    char bin[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
    char *path = write_rule("binary.lua", bin, sizeof bin - 1);
    struct rules_options o = test_opts();
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    assert_int_equal(rules_load(&rs, path, &o, &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "binary rule files are not allowed"));
    assert_null(rs);
    free(path);
}

static void test_metatable_tampering(void **state)
{
    expect_error("setmetatable(_G, { __index = function() return 1 end }) return 'pass'",
                 "global table");
    expect_error("setmetatable({}, { __gc = function() while true do end end }) return 'pass'",
                 "__gc");
    /* a later __gc field is never registered as a finalizer */
    struct rules_options o = test_opts();
    char detail[512];
    assert_int_equal(run_hostile_opt("local mt = {} setmetatable({}, mt)\n"
                                     "mt.__gc = function() while true do end end\n"
                                     "return 'pass', 'x'",
                                     &o, detail, sizeof detail),
                     RULES_PASS);
}

/* getmetatable("") hands out a string: the metatable every string shares
 * cannot be changed from a rule. */
static void test_string_metatable_readonly(void **state)
{
    expect_error("getmetatable('').__add = function() return 1 end return 'pass'", "string value");
    expect_error("rawset(getmetatable(''), '__index', {}) return 'pass'", "table expected");
    expect_error("setmetatable('', {}) return 'pass'", "table expected");
    expect_error("local mt = getmetatable('') mt.__index = nil return 'pass'", "string value");
    /* strings still work */
    struct rules_options o = test_opts();
    char detail[256];
    assert_int_equal(run_hostile_opt("return ('x'):rep(2) == 'xx' and 'pass' or 'fail', "
                                     "getmetatable('')",
                                     &o, detail, sizeof detail),
                     RULES_PASS);
    assert_string_equal(detail, "the string metatable is protected");
}

static void test_cpu_limits(void **state)
{
    expect_error("while true do end", "instruction limit");
    expect_error("while true do pcall(function() while true do end end) end", "instruction limit");
    expect_error("while true do coroutine.resume(coroutine.create(function() while true do end "
                 "end)) end",
                 "instruction limit");
    expect_error("while true do xpcall(function() while true do end end, function() while true "
                 "do end end) end",
                 "instruction limit");
    /* hooks never fire in C: the watchdog kills the child, the rest goes on */
    expect_error("return string.find(('a'):rep(200), ('a-'):rep(12) .. 'b') and 'pass'",
                 "stopped after");
}

/* A check killed by the watchdog: the child restarts after it, later checks
 * still run. */
static void test_restart_after_kill(void **state)
{
    const char *text =
        "RULESET = { id = 'k', name = 'k', version = '1', source = 's', total = 1,\n"
        "  indicators = { { id = '1', text = 'a', depth = 1, scored = true, max = 1,\n"
        "                   mode = 'points' } },\n"
        "  autochecks = {\n"
        "    { id = 'A1', text = 'hang', check = function(p)\n"
        "        return string.find(('a'):rep(200), ('a-'):rep(12) .. 'b') and 'pass' end },\n"
        "    { id = 'A2', text = 'after', check = function(p) return 'fail', 'ran' end },\n"
        "  } }\n";
    char *path = write_rule("kill.lua", text, strlen(text));
    struct rules_options o = test_opts();
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    assert_int_equal(rules_load(&rs, path, &o, &err), 0);
    struct rules_result *r = NULL;
    assert_int_equal(rules_eval(rs, &empty_pack, &r, &err), 0);
    assert_int_equal(r->autochecks[0].result, RULES_ERROR);
    assert_non_null(strstr(r->autochecks[0].detail, "kill.lua:5: stopped after"));
    assert_int_equal(r->autochecks[1].result, RULES_FAIL);
    assert_string_equal(r->autochecks[1].detail, "ran");
    rules_result_free(&r);
    ruleset_free(&rs);
    free(path);
}

/* With no timeout_ms, $JURY_RULES_TIMEOUT_MS sets the watchdog (valgrind
 * runs ask for more); the message names the time it allowed. */
static void test_timeout_from_env(void **state)
{
    struct rules_options o = test_opts();
    o.timeout_ms = 0;
    setenv("JURY_RULES_TIMEOUT_MS", "700", 1);
    char detail[512];
    enum rules_result_kind r =
        run_hostile_opt("return string.find(('a'):rep(200), ('a-'):rep(12) .. 'b') and 'pass'", &o,
                        detail, sizeof detail);
    unsetenv("JURY_RULES_TIMEOUT_MS");
    assert_int_equal(r, RULES_ERROR);
    if (!strstr(detail, "stopped after 700 ms"))
        fail_msg("not the watchdog of the environment: '%s'", detail);
}

static int ctx_text(void *ctx, const char *path, char **out, size_t *len)
{
    (void)path;
    *out = jury_xstrdup(ctx);
    *len = strlen(ctx);
    return 0;
}

/* Many packs in one child: each pack's own text and facts, a fresh state
 * per pack (a global left by one pack is not seen by the next), a check
 * killed by the watchdog on one pack fails alone, and every result equals
 * rules_eval's on that pack. */
static void test_eval_many(void **state)
{
    const char *text =
        "RULESET = { id = 'm', name = 'm', version = '1', source = 's', total = 1,\n"
        "  indicators = { { id = '1', text = 'a', depth = 1, scored = true, max = 1,\n"
        "                   mode = 'points' } },\n"
        "  autochecks = {\n"
        "    { id = 'A1', text = 'text', check = function(p)\n"
        "        return 'pass', p.applicant .. ':' .. (p.text('x.txt') or 'nil') end },\n"
        "    { id = 'A2', text = 'hang', check = function(p)\n"
        "        if p.applicant == 'hang' then\n"
        "          return string.find(('a'):rep(200), ('a-'):rep(12) .. 'b') and 'pass'\n"
        "        end\n"
        "        return 'fail', 'quick' end },\n"
        "    { id = 'A3', text = 'fresh', check = function(p)\n"
        "        seen = (seen or 0) + 1; return 'pass', tostring(seen) end },\n"
        "  } }\n";
    char *path = write_rule("many.lua", text, strlen(text));
    struct rules_pack_view v[4] = {
        {.applicant = "甲", .text = ctx_text, .text_ctx = "甲的文本"},
        {.applicant = "hang", .text = ctx_text, .text_ctx = "卡住"},
        {.applicant = "乙", .text = ctx_text, .text_ctx = "乙的文本"},
        {.applicant = "丙"},
    };
    const struct rules_pack_view *views[4] = {&v[0], &v[1], &v[2], &v[3]};
    for (int mode = 0; mode < 2; mode++) {
        struct rules_options o = test_opts();
        o.in_process = mode == 1;
        size_t n = o.in_process ? 1 : 4; /* a pathological pattern needs the child */
        if (o.in_process)
            views[1] = &v[2];
        struct ruleset *rs = NULL;
        struct jury_error err = {0};
        assert_int_equal(rules_load(&rs, path, &o, &err), 0);
        struct rules_result *many[4] = {0};
        assert_int_equal(rules_eval_many(rs, views, n, many, &err), 0);
        for (size_t i = 0; i < n; i++) {
            struct rules_result *one = NULL;
            assert_int_equal(rules_eval(rs, views[i], &one, &err), 0);
            for (size_t k = 0; k < 3; k++) {
                assert_int_equal(many[i]->autochecks[k].result, one->autochecks[k].result);
                assert_string_equal(many[i]->autochecks[k].detail, one->autochecks[k].detail);
            }
            assert_string_equal(many[i]->autochecks[2].detail, "1");
            rules_result_free(&one);
        }
        assert_string_equal(many[0]->autochecks[0].detail, "甲:甲的文本");
        if (!o.in_process) {
            assert_int_equal(many[1]->autochecks[1].result, RULES_ERROR);
            assert_non_null(strstr(many[1]->autochecks[1].detail, "stopped after"));
            assert_int_equal(many[1]->autochecks[2].result, RULES_PASS);
            assert_string_equal(many[2]->autochecks[0].detail, "乙:乙的文本");
            assert_string_equal(many[2]->autochecks[1].detail, "quick");
            assert_string_equal(many[3]->autochecks[0].detail, "丙:nil");
        }
        for (size_t i = 0; i < n; i++)
            rules_result_free(&many[i]);
        ruleset_free(&rs);
    }
    free(path);
}

static void test_memory_limits(void **state)
{
    expect_error("local s = string.rep('x', 1 << 30) return 'pass'", "memory limit");
    expect_error("local t = {} for i = 1, 1e9 do t[i] = i end return 'pass'", "memory limit");
    expect_error("local function f(n) return 1 + f(n + 1) end return f(1)", "stack overflow");
    expect_error("return string.find(string.rep('a', 20 << 20), 'b')", "");
}

static void test_error_values(void **state)
{
    expect_error("error(setmetatable({}, { __tostring = function() while true do end end }))",
                 "error object is a table value");
    expect_error("error('plain', 0)", "plain");
    expect_error("coroutine.yield(1) return 'pass'", "yield");
    expect_error("return 0/0", "number value");
    expect_error("return 'pass', 0/0", "finite");
    expect_error("return 'maybe'", "\"maybe\"");
    expect_error("return 'pass', {}", "table");
}

static void test_huge_result(void **state)
{
    struct rules_options o = test_opts();
    o.mem_limit = (size_t)512 << 20;
    /* 100 MB through string.rep is slow under ASan, more so on a loaded
     * machine (ctest -j8): this is about the message, not the clock */
    o.timeout_ms = 30000;
    char detail[512];
    assert_int_equal(
        run_hostile_opt("return 'pass', string.rep('x', 100 << 20)", &o, detail, sizeof detail),
        RULES_ERROR);
    if (!strstr(detail, "too long"))
        fail_msg("100 MB detail: '%s'", detail);
}

static void load_expect(const char *name, const char *text, size_t len, int status,
                        const char *where, const char *needle)
{
    char *path = write_rule(name, text, len);
    struct rules_options o = test_opts();
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    double t0 = now_s();
    int rc = rules_load(&rs, path, &o, &err);
    assert_true(now_s() - t0 < o.timeout_ms / 1000.0 + 1.5); /* the watchdog, and the kill */
    if (rc != status || !strstr(err.where, where) || !strstr(err.message, needle))
        fail_msg("%s: rc %d where '%s' message '%s'", name, rc, err.where, err.message);
    assert_null(rs);
    free(path);
}

static void test_encodings(void **state)
{
    const char *utf8 = "-- 规则\nRULESET = {\n  name = '职业教育',\n}\n";
    size_t glen = 0;
    char *gbk = utf8_to_gbk(utf8, strlen(utf8), &glen, NULL);
    assert_non_null(gbk);
    load_expect("gbk.lua", gbk, glen, JURY_ERR_FORMAT, "gbk.lua:1", "GBK");
    free(gbk);
    char bom[256];
    int n = snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", utf8);
    load_expect("bom.lua", bom, (size_t)n, JURY_ERR_FORMAT, "bom.lua:1", "BOM");
    /* the invalid byte's own line is named */
    const char *late = "-- ok\n-- ok\nlocal x = '\xB2\xFA'\n";
    load_expect("late.lua", late, strlen(late), JURY_ERR_FORMAT, "late.lua:3", "UTF-8");
}

static void test_load_hostile(void **state)
{
    const char *loop = "while true do end\n";
    load_expect("loop.lua", loop, strlen(loop), JURY_ERR_LIMIT, "loop.lua:1", "instruction");
    const char *pat = "-- a\nlocal x = string.find(('a'):rep(200), ('a-'):rep(12) .. 'b')\n";
    load_expect("pat.lua", pat, strlen(pat), JURY_ERR_LIMIT, "pat.lua", "stopped after");
    const char *none = "local x = 1\n";
    load_expect("none.lua", none, strlen(none), JURY_ERR_FORMAT, "none.lua:1", "RULESET");
    const char *syntax = "RULESET = {\n  id = 'x'\n  name = 'y' }\n";
    load_expect("syntax.lua", syntax, strlen(syntax), JURY_ERR_FORMAT, "syntax.lua:3", "'}'");
}

/* ------------------------------------------------------------ contract */

static const char contract[] =
    "-- a small complete rule set\n"
    "RULESET = {\n"
    "  id = 'demo', name = '示例', version = '1.0', source = 'doc.txt 任务 0', total = 20,\n"
    "  variant_fact = 'center_type', veto_policy = 'any',\n"
    "  conditions = {\n"
    "    { id = 'E1', text = '运行满 1 学年', kind = 'auto',\n"
    "      check = function(p) local y = p.facts.years\n"
    "        if y == nil then return 'nodata', '' end\n"
    "        return y >= 1 and 'pass' or 'fail', ('运行 %g 学年'):format(y) end },\n"
    "    { id = 'E2', text = '具备下列 2 项及以上', kind = 'auto',\n"
    "      check = function(p) local n = 0\n"
    "        for _, k in ipairs({ 'a', 'b', 'c' }) do if p.facts[k] then n = n + 1 end end\n"
    "        return n >= 2 and 'pass' or 'fail', n .. ' of 3' end },\n"
    "    { id = 'E3', text = '无违法违规', kind = 'confirm' },\n"
    "  },\n"
    "  indicators = {\n"
    "    { id = '1', text = '基础', depth = 1, scored = false },\n"
    "    { id = '1.1', text = '条件', depth = 2, parent = '1', scored = false },\n"
    "    { id = '1.1.1', text = '观测点一', depth = 3, parent = '1.1', scored = true, max = 5,\n"
    "      mode = 'points', step = 0.5, key = { '高职学校' } },\n"
    "    { id = '1.1.2', text = '观测点二', depth = 3, parent = '1.1', scored = true, max = 5,\n"
    "      mode = 'levels', key = true, levels = { { name = '优', fraction = 1, guidance = 'g' },\n"
    "      { name = '良', fraction = 0.8 }, { name = '差', fraction = 0 } } },\n"
    "    { id = '2', text = '学校部分', depth = 1, scored = true, max = 10, mode = 'points',\n"
    "      variants = { '高职学校' } },\n"
    "    { id = '3', text = '企业部分', depth = 1, scored = true, max = 10, mode = 'points',\n"
    "      variants = { '企业' } },\n"
    "  },\n"
    "  vetoes = { { id = 'V1', text = '意识形态问题' },\n"
    "    { id = 'V2', text = '数据造假', check = function(p)\n"
    "        return p.facts.fake and 'fail' or 'pass', '' end } },\n"
    "  deductions = { { id = 'D1', text = '违规', max = 3 } },\n"
    "  autochecks = { { id = 'A1', text = '文本占比不超过 30%', indicator = '1.1.1',\n"
    "      check = function(p) local t, n = 0, #p.files\n"
    "        for _, f in ipairs(p.files) do if f.kind == 'text' then t = t + 1 end end\n"
    "        if n == 0 then return 'nodata', '无文件' end\n"
    "        local s = p.text('说明.txt')\n"
    "        return t / n <= 0.3 and 'pass' or 'fail',\n"
    "          ('文本 %d/%d %s'):format(t, n, s or 'nil') end } },\n"
    "  evidence = { { indicator = '1.1.2', patterns = { '章程', 'PLAN' } } },\n"
    "  crosschecks = { { id = 'X1', text = '同一负责人限 1 门',\n"
    "      key = function(p) return p.facts.leader end } },\n"
    "}\n";

static int fake_text(void *ctx, const char *path, char **out, size_t *len)
{
    if (strcmp(path, "说明.txt") != 0)
        return -1;
    *out = jury_xstrdup("正文");
    *len = strlen(*out);
    return 0;
}

static void test_contract_checklist(void **state)
{
    char *path = write_rule("demo.lua", contract, strlen(contract));
    struct rules_options o = test_opts();
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    if (rules_load(&rs, path, &o, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    struct ruleset_info info;
    ruleset_info(rs, &info);
    assert_string_equal(info.id, "demo");
    assert_string_equal(info.veto_policy, "any");
    assert_string_equal(info.variant_fact, "center_type");
    assert_int_equal(strlen(info.sha256), 64);
    assert_int_equal(info.n_variants, 2);
    struct checklist *cl = ruleset_checklist(rs, "高职学校");
    assert_int_equal(cl->n_indicators, 5);
    const struct cl_indicator *a = checklist_find(cl, "1.1.1");
    assert_non_null(a);
    assert_int_equal(a->depth, 3);
    assert_string_equal(cl->indicators[a->parent].id, "1.1");
    assert_true(a->key);
    assert_true(a->step == 0.5);
    const struct cl_indicator *b = checklist_find(cl, "1.1.2");
    assert_int_equal(b->mode, CL_LEVELS);
    assert_int_equal(b->n_levels, 3);
    assert_string_equal(b->levels[0].guidance, "g");
    assert_true(checklist_find(cl, "1")->max == 10);
    assert_null(checklist_find(cl, "3"));
    assert_true(cl->total == 20);
    assert_int_equal(cl->n_conditions, 3);
    assert_int_equal(cl->conditions[2].kind, CL_COND_CONFIRM);
    assert_int_equal(cl->n_vetoes, 2);
    assert_true(cl->deductions[0].max == 3);
    double pts = 0;
    assert_int_equal(checklist_validate(cl, "1.1.2", "良", &pts, NULL), 0);
    assert_true(pts == 4);
    checklist_free(&cl);
    cl = ruleset_checklist(rs, "企业");
    assert_false(checklist_find(cl, "1.1.1")->key);
    assert_true(checklist_find(cl, "1.1.2")->key);
    assert_non_null(checklist_find(cl, "3"));
    assert_null(checklist_find(cl, "2"));
    checklist_free(&cl);
    ruleset_free(&rs);
    free(path);
}

static void test_contract_eval(void **state)
{
    char *path = write_rule("demo.lua", contract, strlen(contract));
    struct rules_options o = test_opts();
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    struct rules_fact facts[] = {
        {.name = "years", .kind = RULES_NUMBER, .number = 2},
        {.name = "a", .kind = RULES_BOOL, .boolean = true},
        {.name = "c", .kind = RULES_BOOL, .boolean = true},
        {.name = "center_type", .kind = RULES_STRING, .str = "高职学校"},
        {.name = "leader", .kind = RULES_STRING, .str = "张三"},
    };
    struct rules_file files[] = {{.path = "docs/学校章程.pdf", .kind = "pdf", .ext = "pdf"},
                                 {.path = "说明.txt", .kind = "text", .ext = "txt"},
                                 {.path = "Plan/a.docx", .kind = "docx", .ext = "docx"},
                                 {.path = "b.pdf", .kind = "pdf", .ext = "pdf"}};
    struct rules_pack_view pk = {
        .facts = facts, .n_facts = 5, .files = files, .n_files = 4, .text = fake_text};
    for (int mode = 0; mode < 2; mode++) {
        o.in_process = mode == 1; /* same results with and without the child */
        assert_int_equal(rules_load(&rs, path, &o, &err), 0);
        struct rules_result *r = NULL;
        assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
        assert_string_equal(r->variant, "高职学校");
        assert_int_equal(r->conditions[0].result, RULES_PASS);
        assert_string_equal(r->conditions[0].detail, "运行 2 学年");
        assert_int_equal(r->conditions[1].result, RULES_PASS);
        assert_string_equal(r->conditions[1].detail, "2 of 3");
        assert_int_equal(r->conditions[2].result, RULES_CONFIRM);
        assert_int_equal(r->eligible, RULES_UNKNOWN);
        assert_int_equal(r->autochecks[0].result, RULES_PASS);
        assert_string_equal(r->autochecks[0].detail, "文本 1/4 正文");
        assert_string_equal(r->autochecks[0].indicator, "1.1.1");
        assert_int_equal(r->vetoes[0].result, RULES_CONFIRM);
        assert_int_equal(r->vetoes[1].result, RULES_PASS);
        assert_int_equal(r->n_evidence, 2);
        assert_string_equal(r->evidence[0].path, "docs/学校章程.pdf");
        assert_string_equal(r->evidence[1].path, "Plan/a.docx");
        assert_string_equal(r->crosskeys[0].key, "张三");
        rules_result_free(&r);
        if (mode == 0)
            ruleset_free(&rs);
    }
    facts[0].number = 0.5;
    struct rules_result *r = NULL;
    assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
    assert_int_equal(r->conditions[0].result, RULES_FAIL);
    assert_int_equal(r->eligible, RULES_NO);
    rules_result_free(&r);
    ruleset_free(&rs);
    free(path);
}

static void test_check_collects_all(void **state)
{
    const char *bad =
        "RULESET = {\n"
        "  id = 'bad', name = 'x', version = '1', source = 's', total = 7,\n"
        "  indicators = {\n"
        "    { id = '1', text = 'a', depth = 1, scored = true, max = 5, mode = 'pts' },\n"
        "    { id = '1.1', text = 'b', depth = 2, parent = '9', scored = false },\n"
        "  },\n"
        "  vetos = {},\n"
        "  conditions = { { id = 'E1', text = 'c', kind = 'auto' } },\n"
        "}\n";
    char *path = write_rule("bad.lua", bad, strlen(bad));
    struct rules_options o = test_opts();
    char *problems = NULL;
    struct jury_error err = {0};
    assert_int_equal(rules_check_file(path, &o, &problems, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(problems, "bad.lua:4: indicator 1: 'mode' must be"));
    assert_non_null(strstr(problems, "bad.lua:5: indicator 1.1: parent '9'"));
    assert_non_null(strstr(problems, "bad.lua:7: RULESET has an unknown field 'vetos'"));
    assert_non_null(strstr(problems, "bad.lua:8: condition E1: 'check' (a function) is missing"));
    free(problems);
    free(path);
    path = write_rule("demo.lua", contract, strlen(contract));
    assert_int_equal(rules_check_file(path, &o, &problems, &err), 0);
    assert_string_equal(problems, "");
    free(problems);
    free(path);
    /* the same rule set under another name: `rules show demo` would not find it */
    path = write_rule("good.lua", contract, strlen(contract));
    assert_int_equal(rules_check_file(path, &o, &problems, &err), JURY_ERR_FORMAT);
    assert_non_null(
        strstr(problems, "good.lua:3: the id \"demo\" differs from the file name good.lua"));
    free(problems);
    free(path);
}

static void test_find_list(void **state)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/kit/rules", tmpdir);
    assert_int_equal(jury_mkdirs(dir, 0700, NULL), 0);
    char *p = jury_path_join(dir, "demo.lua");
    assert_int_equal(jury_write_file_atomic(p, contract, strlen(contract), 0600, NULL), 0);
    snprintf(dir, sizeof dir, "%s/kit", tmpdir);
    struct jury_error err = {0};
    char *found = rules_find("demo", dir, &err);
    assert_string_equal(found, p);
    free(found);
    assert_null(rules_find("../etc/passwd", dir, &err));
    assert_null(rules_find("nope-such", dir, &err));
    assert_int_equal(err.status, JURY_ERR_NOTFOUND);
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(rules_list(dir, &paths, &n, &err), 0);
    assert_true(n >= 1);
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        seen = seen || strcmp(paths[i], p) == 0;
    assert_true(seen);
    rules_list_free(&paths, n);
    free(p);
}

/* ------------------------------------------------------------ budgets */

/* p.text for the budget tests: counts extractions; big.txt is 1 MiB. */
static int counted_text(void *ctx, const char *path, char **out, size_t *len)
{
    int *calls = ctx;
    (*calls)++;
    size_t n = strcmp(path, "big.txt") == 0 ? (size_t)1 << 20 : 5;
    *out = malloc(n + 1);
    memset(*out, 'x', n);
    (*out)[n] = '\0';
    *len = n;
    return 0;
}

/* N autochecks each running BODY. */
static struct ruleset *budget_rules(const char *body, int n, const struct rules_options *o)
{
    struct jstr t = {0};
    jstr_add(&t, "RULESET = { id = 'b', name = 'b', version = '1', source = 's', total = 1,\n"
                 "  indicators = { { id = '1', text = 'a', depth = 1, scored = true, max = 1,\n"
                 "                   mode = 'points' } },\n  autochecks = {\n");
    for (int i = 0; i < n; i++)
        jstr_addf(&t, "    { id = 'A%d', text = 't', check = function(p)\n      %s\n    end },\n",
                  i + 1, body);
    jstr_add(&t, "  } }\n");
    char *path = write_rule("budget.lua", t.s, t.len);
    struct ruleset *rs = NULL;
    struct jury_error err = {0};
    if (rules_load(&rs, path, o, &err) != 0)
        fail_msg("load: %s: %s", err.where, err.message);
    jstr_free(&t);
    free(path);
    return rs;
}

static struct rules_result *budget_eval(struct ruleset *rs, int *calls, double *dt)
{
    struct rules_pack_view pk = {.applicant = "x", .text = counted_text, .text_ctx = calls};
    struct rules_result *r = NULL;
    struct jury_error err = {0};
    double t0 = now_s();
    assert_int_equal(rules_eval(rs, &pk, &r, &err), 0);
    *dt = now_s() - t0;
    return r;
}

/* A rule calling p.text in a loop: the text is extracted once, and the
 * evaluation's one time budget (which p.text requests never extend) ends
 * it with an error naming the check and the budget, in both modes. */
static void test_eval_budget(void **state)
{
    for (int mode = 0; mode < 2; mode++) {
        struct rules_options o = {.lib_dir = emptylib,
                                  .timeout_ms = 60000,
                                  .eval_ms = 1500,
                                  .insn_limit = 4000000000UL,
                                  .eval_insn = 4000000000UL,
                                  .text_budget = (size_t)1 << 40}; /* time must come first */
        o.in_process = mode == 1;
        struct ruleset *rs = budget_rules("while true do p.text('a.txt') end", 3, &o);
        int calls = 0;
        double dt;
        struct rules_result *r = budget_eval(rs, &calls, &dt);
        assert_true(dt < 4.0);
        assert_int_equal(calls, 1); /* served from the evaluation's cache */
        for (size_t i = 0; i < 3; i++) {
            assert_int_equal(r->autochecks[i].result, RULES_ERROR);
            if (!strstr(r->autochecks[i].detail, "1500 ms"))
                fail_msg("mode %d A%zu: %s", mode, i + 1, r->autochecks[i].detail);
        }
        assert_non_null(strstr(r->autochecks[0].detail, "budget.lua:"));
        rules_result_free(&r);
        ruleset_free(&rs);
    }
}

/* Defaults: four checks that would each run until killed end within the
 * default 5 s budget of the whole evaluation. */
static void test_eval_budget_default(void **state)
{
    struct rules_options o = {.lib_dir = emptylib};
    struct ruleset *rs = budget_rules("while true do p.text('a.txt') end", 4, &o);
    int calls = 0;
    double dt;
    struct rules_result *r = budget_eval(rs, &calls, &dt);
    assert_true(dt < 8.0); /* 5 s and the kill, with room for a loaded machine */
    assert_int_equal(r->autochecks[3].result, RULES_ERROR);
    assert_non_null(strstr(r->autochecks[3].detail, "5000 ms"));
    rules_result_free(&r);
    ruleset_free(&rs);
}

/* The byte budget: 1 MiB texts against a 3 MiB budget; the check that
 * spends it gets an error naming the budget even when it swallows the
 * Lua error, and a later check gets no more text. */
static void test_text_budget(void **state)
{
    for (int mode = 0; mode < 2; mode++) {
        struct rules_options o = {.lib_dir = emptylib, .text_budget = (size_t)3 << 20};
        o.in_process = mode == 1;
        struct ruleset *rs = budget_rules(
            "local n = 0 for i = 1, 10 do if pcall(p.text, 'big.txt') then n = n + 1 end end "
            "return 'pass', tostring(n)",
            2, &o);
        int calls = 0;
        double dt;
        struct rules_result *r = budget_eval(rs, &calls, &dt);
        assert_int_equal(calls, 1);
        assert_int_equal(r->autochecks[0].result, RULES_ERROR);
        if (!strstr(r->autochecks[0].detail, "p.text budget of 3 MiB"))
            fail_msg("mode %d: %s", mode, r->autochecks[0].detail);
        /* the budget is the evaluation's: the next check gets none either */
        assert_int_equal(r->autochecks[1].result, RULES_ERROR);
        assert_non_null(strstr(r->autochecks[1].detail, "p.text budget"));
        rules_result_free(&r);
        ruleset_free(&rs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_io_os_require),
        cmocka_unit_test(test_no_bytecode),
        cmocka_unit_test(test_metatable_tampering),
        cmocka_unit_test(test_cpu_limits),
        cmocka_unit_test(test_string_metatable_readonly),
        cmocka_unit_test(test_eval_budget),
        cmocka_unit_test(test_eval_budget_default),
        cmocka_unit_test(test_text_budget),
        cmocka_unit_test(test_restart_after_kill),
        cmocka_unit_test(test_timeout_from_env),
        cmocka_unit_test(test_eval_many),
        cmocka_unit_test(test_memory_limits),
        cmocka_unit_test(test_error_values),
        cmocka_unit_test(test_huge_result),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_load_hostile),
        cmocka_unit_test(test_contract_checklist),
        cmocka_unit_test(test_contract_eval),
        cmocka_unit_test(test_check_collects_all),
        cmocka_unit_test(test_find_list),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
