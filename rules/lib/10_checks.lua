-- rules/lib/10_checks.lua - checks over a pack's facts.
--
-- Every helper returns a check: function(p) -> result, detail, where result is "pass", "fail", "nodata"
-- or "confirm" and detail names the numbers used ("原创资源占比 75% ≥ 70%"). A missing fact gives "nodata";
-- a value that cannot be read gives "nodata" with the value shown and the fact named.
-- Every fact a helper names must be declared in facts{...} (a load error at the organiser's line
-- otherwise); label and unit default to the declaration's. Arguments of the wrong type are load errors.
dsl.register_lib()

-- Record what a check is (dsl.check_info): the facts it reads, whether it asks a reviewer, and whether
-- it passes on a yes/present answer ("yes") or on no/absent ("no").
local function tag(check, info)
  dsl.checks[check] = info
  return check
end

function dsl.kind_of(check) return dsl.check_info(check).confirm and "confirm" or "auto" end

local NUMERIC = { number = true, percent = true }
local BOOL = { bool = true }

-- The value of fact `name` in pack view p (nil when absent or empty). Naming a fact that facts{...}
-- does not declare is an error.
function fact(p, name)
  if dsl.facts and not dsl.facts[name] then
    dsl.fail("fact '" .. tostring(name) .. "' is not declared in facts{...}")
  end
  local v = p and p.facts and p.facts[name]
  if v == "" then return nil end
  return v
end

local function raw(p, name)
  local v = p and p.facts and p.facts[name]
  if v == "" then return nil end
  return v
end

-- "主持单位数（host_units）": how a fact is named in a message.
local function named(f, label)
  return (label or f.label) .. "（" .. f.name .. "）"
end

local function missing(f, label) return "nodata", "缺少数据：" .. named(f, label) end

local function unreadable(f, label, v, why)
  return "nodata", named(f, label) .. " " .. why .. "：" .. dsl.show(v)
end

local function number_fact(p, f, label)
  local v = raw(p, f.name)
  if v == nil then return nil, missing(f, label) end
  local n, why = dsl.read_number(v, f)
  if n == nil then return nil, unreadable(f, label, v, why) end
  return n
end

local function text_args(fname, label, unit, at)
  dsl.arg(fname, at, label, "string?", "the label", 4)
  dsl.arg(fname, at + 1, unit, "string?", "the unit", 4)
end

local function compare(fname, name, n, label, unit, ok, op_pass, op_fail)
  local f = dsl.use_fact(fname, name, NUMERIC, 3)
  dsl.arg(fname, 2, n, "number", "the threshold", 3)
  text_args(fname, label, unit, 3)
  label, unit = label or f.label, unit or f.unit
  local bound = dsl.num(n)
  return tag(function(p)
    local v, r, d = number_fact(p, f, label)
    if v == nil then return r, d end
    local pass = ok(v)
    return pass and "pass" or "fail",
      string.format("%s %s%s %s %s%s", label, dsl.num(v), unit, pass and op_pass or op_fail, bound, unit)
  end, { facts = { name }, name = fname .. "('" .. name .. "')" })
end

-- at_least("run_years", 3, "办学年限", "年"): pass when the fact is ≥ n (label and unit optional).
function at_least(name, n, label, unit)
  local c = compare("at_least", name, n, label, unit, function(v) return v >= n end, "≥", "<")
  return c
end

-- at_most("text_graphic_share", 30, "文本/图形类资源占比", "%"): pass when the fact is ≤ n.
function at_most(name, n, label, unit)
  local c = compare("at_most", name, n, label, unit, function(v) return v <= n end, "≤", ">")
  return c
end

-- between("team_size", 2, 4, "团队人数", "人"): lo ≤ fact ≤ hi.
function between(name, lo, hi, label, unit)
  local f = dsl.use_fact("between", name, NUMERIC)
  dsl.arg("between", 2, lo, "number", "the lower bound")
  dsl.arg("between", 3, hi, "number", "the upper bound")
  text_args("between", label, unit, 4)
  if lo > hi then dsl.fail("between: lower bound " .. dsl.num(lo) .. " is above upper bound " .. dsl.num(hi)) end
  label, unit = label or f.label, unit or f.unit
  return tag(function(p)
    local v, r, d = number_fact(p, f, label)
    if v == nil then return r, d end
    local pass = v >= lo and v <= hi
    return pass and "pass" or "fail", string.format("%s %s%s %s [%s, %s]%s", label, dsl.num(v), unit,
      pass and "∈" or "∉", dsl.num(lo), dsl.num(hi), unit)
  end, { facts = { name }, name = "between('" .. name .. "')" })
end

local function yes_no(fname, name, label, want)
  local f = dsl.use_fact(fname, name, BOOL, 3)
  dsl.arg(fname, 2, label, "string?", "the label", 3)
  label = label or f.label
  return tag(function(p)
    local v = raw(p, name)
    if v == nil then return missing(f, label) end
    local b = dsl.truth(v)
    if b == nil then return unreadable(f, label, v, "不是是/否值") end
    return (b == want) and "pass" or "fail", label .. "：" .. (b and "是" or "否")
  end, { facts = { name }, reads = want and "yes" or "no", name = fname .. "('" .. name .. "')" })
end

-- is_true("has_council", "成立理事会"): pass when the fact is yes.
function is_true(name, label) local c = yes_no("is_true", name, label, true); return c end
-- is_false("complaints_3y", "近三年投诉或不良记录"): pass when the fact is no.
function is_false(name, label) local c = yes_no("is_false", name, label, false); return c end

local function fold(v) return dsl.ascii(tostring(v)) end

-- one_of("center_type", { "中职学校", "高职学校" }, "实践中心类型")
function one_of(name, values, label)
  local f = dsl.use_fact("one_of", name, { text = true })
  dsl.arg("one_of", 2, values, "table", "the list of values")
  dsl.arg("one_of", 3, label, "string?", "the label")
  if #values == 0 then dsl.fail("one_of: the list of values is empty") end
  for i, w in ipairs(values) do dsl.arg("one_of", 2, w, "string", "value " .. i) end
  label = label or f.label
  return tag(function(p)
    local v = raw(p, name)
    if v == nil then return missing(f, label) end
    for _, w in ipairs(values) do
      if fold(v) == fold(w) then return "pass", label .. "：" .. w end
    end
    return "fail", label .. "：" .. dsl.show(v) .. " 不在 " .. table.concat(values, "/") .. " 中"
  end, { facts = { name }, name = "one_of('" .. name .. "')" })
end

dsl.parse_date = function(s)
  local d = dsl.read_date(s)
  if not d then return nil end
  return tonumber(d:sub(1, 4)), tonumber(d:sub(6, 7)), tonumber(d:sub(9, 10))
end

-- date_by("report_date", "03-31", "行业发展分析报告发布日期"): the fact is a date on or before the
-- deadline. A deadline "MM-DD" is in the review year (ruleset{ year = 2026 }), and the date must fall in
-- that year: "每年第一季度" = from 2026-01-01 to 2026-03-31. A deadline "YYYY-MM-DD" is absolute.
function date_by(name, deadline, label)
  local f = dsl.use_fact("date_by", name, { date = true })
  dsl.arg("date_by", 2, deadline, "string", "the deadline")
  dsl.arg("date_by", 3, label, "string?", "the label")
  label = label or f.label
  local dm, dd = deadline:match("^(%d%d)%-(%d%d)$")
  local year = RULESET and RULESET.year
  if not dm and not (deadline:match("^%d%d%d%d%-%d%d%-%d%d$") and dsl.read_date(deadline)) then
    dsl.fail("date_by: deadline must be MM-DD or YYYY-MM-DD, not " .. dsl.show(deadline))
  end
  if dm and not year then
    dsl.fail("date_by: deadline " .. deadline .. " has no year: set the review year in ruleset{ year = … }")
  end
  local from = dm and string.format("%04d-01-01", year) or nil
  local due = dm and string.format("%04d-%s-%s", year, dm, dd) or deadline
  if dm and not dsl.read_date(due) then dsl.fail("date_by: " .. deadline .. " is not a day of the year") end
  return tag(function(p)
    local v = raw(p, name)
    if v == nil then return missing(f, label) end
    local d, why = dsl.read_date(v)
    if not d then return unreadable(f, label, v, why) end
    if from and d < from then
      return "fail", string.format("%s %s 早于 %d 年（应在 %s 至 %s 之间）", label, d, year, from, due)
    end
    local pass = d <= due
    return pass and "pass" or "fail", string.format("%s %s %s %s", label, d, pass and "≤" or ">", due)
  end, { facts = { name }, name = "date_by('" .. name .. "')" })
end

-- confirm("有完整的课程标准和教案吗？", "has_syllabus"): a yes/no question for the reviewer. When the
-- optional fact is present it answers the question (pass/fail); otherwise the result is "confirm".
function confirm(question, name)
  dsl.arg("confirm", 1, question, "string", "the question")
  if name ~= nil then dsl.use_fact("confirm", name, BOOL) end
  local check = function(p)
    if name then
      local b = dsl.truth(raw(p, name))
      if b ~= nil then return b and "pass" or "fail", question .. "：" .. (b and "是" or "否") .. "（" .. name .. "）" end
    end
    return "confirm", question
  end
  return tag(check, { facts = { name }, confirm = true, name = "confirm" })
end

-- The facts of several checks, in order, without repeats.
local function union_facts(checks)
  local r, seen = {}, {}
  for _, c in ipairs(checks) do
    for _, n in ipairs(dsl.check_info(c).facts or {}) do
      if not seen[n] then seen[n] = true; r[#r + 1] = n end
    end
  end
  return r
end

local function combined(checks, name)
  local info = { facts = union_facts(checks), name = name }
  for i, c in ipairs(checks) do
    local ci = dsl.check_info(c)
    info.confirm = info.confirm or ci.confirm
    if i == 1 then info.reads = ci.reads elseif info.reads ~= ci.reads then info.reads = nil end
  end
  return info
end

local function check_list(fname, list, at)
  dsl.arg(fname, at, list, "table", "the list of checks", 3)
  if #list == 0 then dsl.fail(fname .. ": the list of checks is empty", 3) end
end

-- k_of_n(3, { check, { "2", check }, … }, "条件"): pass when at least k of the checks pass.
-- Not enough passes but enough undecided ones -> "confirm" (if any asks a reviewer) or "nodata".
function k_of_n(k, list, label)
  dsl.arg("k_of_n", 1, k, "number", "k, how many must pass")
  check_list("k_of_n", list, 2)
  dsl.arg("k_of_n", 3, label, "string?", "the label")
  label = label or "条件"
  local items, checks = {}, {}
  for i, c in ipairs(list) do
    if type(c) == "function" then items[i] = { tostring(i), c }
    elseif type(c) == "table" then items[i] = { c.id or c[1], c.check or c[2] }
    else items[i] = {} end
    if type(items[i][2]) ~= "function" then dsl.fail("k_of_n: item " .. i .. " is not a check") end
    checks[i] = items[i][2]
  end
  if k ~= math.floor(k) or k < 1 or k > #items then
    dsl.fail(string.format("k_of_n: k = %s must be a whole number from 1 to %d (the number of checks)", dsl.num(k), #items))
  end
  local check = function(p)
    local pass, open, ask, parts = 0, 0, false, {}
    for _, it in ipairs(items) do
      local r, d = it[2](p)
      local mark = r == "pass" and "✓" or r == "fail" and "✗" or "?"
      if r == "pass" then pass = pass + 1
      elseif r ~= "fail" then open = open + 1; ask = ask or r == "confirm" end
      parts[#parts + 1] = string.format("(%s)%s %s", it[1], mark, d or r)
    end
    local head = string.format("%s满足 %d/%d 项（需 ≥ %d）", label, pass, #items, k)
    local detail = head .. "：" .. table.concat(parts, "；")
    if pass >= k then return "pass", detail end
    if pass + open < k then return "fail", detail end
    return ask and "confirm" or "nodata", detail
  end
  return tag(check, combined(checks, "k_of_n"))
end

-- all_of({ checks }): every check passes (fail wins over nodata/confirm).
function all_of(list, label)
  check_list("all_of", list, 1)
  dsl.arg("all_of", 2, label, "string?", "the label")
  for i, c in ipairs(list) do
    if type(c) ~= "function" then dsl.fail("all_of: item " .. i .. " is not a check") end
  end
  return tag(function(p)
    local worst, parts = "pass", {}
    for _, c in ipairs(list) do
      local r, d = c(p)
      parts[#parts + 1] = d or r
      if r == "fail" then worst = "fail"
      elseif r ~= "pass" and worst ~= "fail" then
        if worst ~= "confirm" then worst = r end
      end
    end
    return worst, (label and label .. "：" or "") .. table.concat(parts, "；")
  end, combined(list, "all_of"))
end

-- first_of(c1, c2, …): the first result that is not "nodata" (e.g. a fact, else the pack's files).
function first_of(...)
  local list = { ... }
  if #list == 0 then dsl.fail("first_of: no checks") end
  for i = 1, select("#", ...) do
    if type(list[i]) ~= "function" then dsl.fail("first_of: argument " .. i .. " is not a check") end
  end
  return tag(function(p)
    local r, d
    for _, c in ipairs(list) do
      r, d = c(p)
      if r ~= "nodata" then return r, d end
    end
    return r or "nodata", d or "无数据"
  end, combined(list, "first_of"))
end

-- flag(name, label): for vetoes and negative items. Fact yes -> "fail" (present), no -> "pass",
-- missing or unreadable -> "confirm" (someone must judge).
function dsl.flag_check(name, label)
  local f = dsl.use_fact("flag", name, BOOL, 3)
  dsl.arg("flag", 2, label, "string?", "the label", 3)
  label = label or f.label
  return tag(function(p)
    local v = raw(p, name)
    local b = dsl.truth(v)
    if b == nil and v ~= nil then return "confirm", label .. "：待评审专家确认（" .. name .. " 值 " .. dsl.show(v) .. " 不是是/否）" end
    if b == nil then return "confirm", label .. "：待评审专家确认" end
    return b and "fail" or "pass", label .. "：" .. (b and "存在" or "不存在") .. "（" .. name .. "）"
  end, { facts = { name }, reads = "no", name = "flag('" .. name .. "')" })
end
function flag(name, label) local c = dsl.flag_check(name, label); return c end

-- A deduction's fact: yes, or a count above 0 -> "fail" (the deduction applies); no or 0 -> "pass";
-- missing or unreadable -> "confirm".
function dsl.applies_check(f, label)
  if f.type == "bool" then return dsl.flag_check(f.name, label) end
  return tag(function(p)
    local v = raw(p, f.name)
    if v == nil then return "confirm", label .. "：待评审专家确认" end
    local n, why = dsl.read_number(v, f)
    if n == nil then return "confirm", named(f, label) .. " " .. why .. "：" .. dsl.show(v) end
    return n > 0 and "fail" or "pass", string.format("%s %s%s%s", label, dsl.num(n), f.unit, n > 0 and "：酌情扣分" or "")
  end, { facts = { f.name }, reads = "no", name = "count('" .. f.name .. "')" })
end

-- reported("training_income", "培训服务收入", "万元"): pass when the fact is given, showing its value (for
-- 重点考核 data without a threshold); missing -> "nodata".
function reported(name, label, unit)
  local f = dsl.use_fact("reported", name)
  text_args("reported", label, unit, 2)
  label, unit = label or f.label, unit or f.unit
  return tag(function(p)
    local v = raw(p, name)
    if v == nil then return missing(f, label) end
    if NUMERIC[f.type] then
      local n, why = dsl.read_number(v, f)
      if n == nil then return unreadable(f, label, v, why) end
      return "pass", label .. " " .. dsl.num(n) .. unit
    end
    if f.type == "date" then
      local d, why = dsl.read_date(v)
      if not d then return unreadable(f, label, v, why) end
      return "pass", label .. " " .. d
    end
    if f.type == "bool" then
      local b = dsl.truth(v)
      if b == nil then return unreadable(f, label, v, "不是是/否值") end
      return "pass", label .. "：" .. (b and "是" or "否")
    end
    return "pass", label .. " " .. dsl.show(v)
  end, { facts = { name }, reads = "yes", name = "reported('" .. name .. "')" })
end

-- negate(check): pass <-> fail (for "must not" tests, e.g. negate(text_has({ "说明" }, { "剽窃" }))).
function negate(check)
  dsl.arg("negate", 1, check, "function", "a check")
  local info = dsl.check_info(check)
  local flipped = info.reads == "yes" and "no" or info.reads == "no" and "yes" or nil
  return tag(function(p)
    local r, d = check(p)
    if r == "pass" then return "fail", d end
    if r == "fail" then return "pass", d end
    return r, d
  end, { facts = info.facts, confirm = info.confirm, reads = flipped, name = "negate(" .. (info.name or "?") .. ")" })
end

-- in_principle(check): for a "原则上…" clause in an auto-check (a condition says severity = "warn"). A
-- failing check becomes "confirm": the document allows justified exceptions, so the panel weighs it.
function in_principle(check)
  dsl.arg("in_principle", 1, check, "function", "a check")
  local info = dsl.check_info(check)
  return tag(function(p)
    local r, d = check(p)
    if r == "fail" then return "confirm", "原则上的要求未满足，请评审专家确认理由：" .. (d or "") end
    return r, d
  end, { facts = info.facts, confirm = true, reads = info.reads, name = "in_principle(" .. (info.name or "?") .. ")" })
end

-- encouraged(check): for a "鼓励…" clause in an auto-check (a condition says severity = "info"):
-- information only, always "pass", the detail saying whether the encouraged case holds.
function encouraged(check)
  dsl.arg("encouraged", 1, check, "function", "a check")
  local info = dsl.check_info(check)
  return tag(function(p)
    local r, d = check(p)
    local state = r == "pass" and "符合" or r == "fail" and "不符合" or "未知"
    return "pass", "鼓励项（仅供参考，不作要求）：" .. state .. (d and ("；" .. d) or "")
  end, { facts = info.facts, name = "encouraged(" .. (info.name or "?") .. ")" })
end
