-- rules/lib/10_checks.lua - checks over a pack's facts.
--
-- Every helper returns a check: function(p) -> result, detail, where result is "pass", "fail", "nodata"
-- or "confirm" and detail names the numbers used ("原创资源占比 75% ≥ 70%"). A missing fact gives "nodata".
-- Checks made by confirm(...) are remembered so eligibility{} marks their condition kind = "confirm".

local confirm_checks = setmetatable({}, { __mode = "k" })
function dsl.kind_of(check) return confirm_checks[check] and "confirm" or "auto" end
function dsl.mark_confirm(check) confirm_checks[check] = true; return check end

-- The value of fact `name` in pack view p (nil when absent or empty).
function fact(p, name)
  local v = p and p.facts and p.facts[name]
  if v == "" then return nil end
  return v
end

local function missing(label) return "nodata", "缺少数据：" .. label end

local function number_fact(p, name, label)
  local v = fact(p, name)
  if v == nil then return nil, missing(label) end
  if type(v) == "string" then v = tonumber((v:gsub("%%$", ""))) end
  if type(v) ~= "number" or v ~= v then return nil, "nodata", label .. " 不是数值" end
  return v
end

local function compare(name, label, unit, ok, op_pass, op_fail, bound)
  label, unit = label or name, unit or ""
  return function(p)
    local v, r, d = number_fact(p, name, label)
    if v == nil then return r, d end
    local pass = ok(v)
    return pass and "pass" or "fail",
      string.format("%s %s%s %s %s%s", label, dsl.num(v), unit, pass and op_pass or op_fail, bound, unit)
  end
end

-- at_least("run_years", 3, "办学年限", "年"): pass when the fact is ≥ n.
function at_least(name, n, label, unit)
  return compare(name, label, unit, function(v) return v >= n end, "≥", "<", dsl.num(n))
end

-- at_most("text_graphic_share", 30, "文本/图形类资源占比", "%"): pass when the fact is ≤ n.
function at_most(name, n, label, unit)
  return compare(name, label, unit, function(v) return v <= n end, "≤", ">", dsl.num(n))
end

-- between("team_size", 2, 4, "团队人数", "人"): lo ≤ fact ≤ hi.
function between(name, lo, hi, label, unit)
  label, unit = label or name, unit or ""
  return function(p)
    local v, r, d = number_fact(p, name, label)
    if v == nil then return r, d end
    local pass = v >= lo and v <= hi
    return pass and "pass" or "fail", string.format("%s %s%s %s [%s, %s]%s", label, dsl.num(v), unit,
      pass and "∈" or "∉", dsl.num(lo), dsl.num(hi), unit)
  end
end

-- A fact read as yes/no: booleans, numbers (non-zero = yes), "是"/"否", "yes"/"no", "true"/"false".
function dsl.truth(v)
  if type(v) == "boolean" then return v end
  if type(v) == "number" then return v ~= 0 end
  if type(v) == "string" then
    local s = v:lower()
    if s == "是" or s == "有" or s == "yes" or s == "true" or s == "y" then return true end
    if s == "否" or s == "无" or s == "no" or s == "false" or s == "n" then return false end
  end
  return nil
end

local function yes_no(name, label, want)
  label = label or name
  return function(p)
    local v = fact(p, name)
    if v == nil then return missing(label) end
    local b = dsl.truth(v)
    if b == nil then return "nodata", label .. " 不是是/否值：" .. tostring(v) end
    return (b == want) and "pass" or "fail", label .. "：" .. (b and "是" or "否")
  end
end

-- is_true("has_council", "成立理事会"): pass when the fact is yes.
function is_true(name, label) return yes_no(name, label, true) end
-- is_false("complaints_3y", "近三年投诉或不良记录"): pass when the fact is no.
function is_false(name, label) return yes_no(name, label, false) end

-- one_of("center_type", { "中职学校", "高职学校" }, "实践中心类型")
function one_of(name, values, label)
  label = label or name
  return function(p)
    local v = fact(p, name)
    if v == nil then return missing(label) end
    for _, w in ipairs(values) do
      if v == w then return "pass", label .. "：" .. tostring(v) end
    end
    return "fail", label .. "：" .. tostring(v) .. " 不在 " .. table.concat(values, "/") .. " 中"
  end
end

local function parse_date(s)
  if type(s) ~= "string" then return nil end
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return nil end
  return tonumber(y), tonumber(m), tonumber(d)
end
dsl.parse_date = parse_date

-- date_by("report_date", "03-31", "行业发展分析报告发布日期"): the fact (a "YYYY-MM-DD" date) is on or
-- before the deadline. A deadline "MM-DD" is taken in the date's own year (Q1 publication: "03-31";
-- the annual report: "12-15"); a deadline "YYYY-MM-DD" is absolute.
function date_by(name, deadline, label)
  label = label or name
  local dm, dd = deadline:match("^(%d%d)%-(%d%d)$")
  if not dm and not parse_date(deadline) then dsl.fail("date_by: deadline must be MM-DD or YYYY-MM-DD") end
  return function(p)
    local v = fact(p, name)
    if v == nil then return missing(label) end
    local y = parse_date(v)
    if not y then return "nodata", label .. " 不是日期（YYYY-MM-DD）：" .. tostring(v) end
    local due = dm and string.format("%04d-%s-%s", y, dm, dd) or deadline
    local pass = v <= due
    return pass and "pass" or "fail", string.format("%s %s %s %s", label, v, pass and "≤" or ">", due)
  end
end

-- confirm("有完整的课程标准和教案吗？", "has_syllabus"): a yes/no question for the reviewer. When the
-- optional fact is present it answers the question (pass/fail); otherwise the result is "confirm".
function confirm(question, name)
  local check = function(p)
    if name then
      local b = dsl.truth(fact(p, name))
      if b ~= nil then return b and "pass" or "fail", question .. "：" .. (b and "是" or "否") .. "（" .. name .. "）" end
    end
    return "confirm", question
  end
  confirm_checks[check] = true
  return check
end

-- k_of_n(3, { check, { "2", check }, … }, "条件"): pass when at least k of the checks pass.
-- Not enough passes but enough undecided ones -> "confirm" (if any asks a reviewer) or "nodata".
function k_of_n(k, list, label)
  label = label or "条件"
  local items = {}
  for i, c in ipairs(list) do
    if type(c) == "function" then items[i] = { tostring(i), c }
    else items[i] = { c.id or c[1], c.check or c[2] } end
    if type(items[i][2]) ~= "function" then dsl.fail("k_of_n: item " .. i .. " is not a check") end
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
  for _, it in ipairs(items) do
    if confirm_checks[it[2]] then confirm_checks[check] = true end
  end
  return check
end

-- all_of({ checks }): every check passes (fail wins over nodata/confirm). A reviewer answers it when
-- one of its checks is a confirm(...).
function all_of(list, label)
  local check = function(p)
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
  end
  for i, c in ipairs(list) do
    if type(c) ~= "function" then dsl.fail("all_of: item " .. i .. " is not a check") end
    if confirm_checks[c] then confirm_checks[check] = true end
  end
  return check
end

-- in_principle(check): for "原则上…" clauses. A failing check becomes "confirm" (a warning the panel
-- weighs: the document allows justified exceptions), never a failure.
function in_principle(check)
  if type(check) ~= "function" then dsl.fail("in_principle: takes a check") end
  local wrapped = function(p)
    local r, d = check(p)
    if r == "fail" then return "confirm", "原则上的要求未满足，请评审专家确认理由：" .. (d or "") end
    return r, d
  end
  confirm_checks[wrapped] = true
  return wrapped
end

-- encouraged(check): for "鼓励…" clauses, information only: the result is always "pass" and the
-- detail says whether the encouraged case holds.
function encouraged(check)
  if type(check) ~= "function" then dsl.fail("encouraged: takes a check") end
  return function(p)
    local r, d = check(p)
    local state = r == "pass" and "符合" or r == "fail" and "不符合" or "未知"
    return "pass", "鼓励项（仅供参考，不作为条件）：" .. state .. (d and ("；" .. d) or "")
  end
end

-- first_of(c1, c2, …): the first result that is not "nodata" (e.g. a fact, else the pack's files).
function first_of(...)
  local list = { ... }
  return function(p)
    local r, d
    for _, c in ipairs(list) do
      r, d = c(p)
      if r ~= "nodata" then return r, d end
    end
    return r or "nodata", d or "无数据"
  end
end

-- flag(name, label): for vetoes and negative items. Fact yes -> "fail" (present), no -> "pass",
-- missing -> "confirm" (someone must judge).
function dsl.flag_check(name, label)
  return function(p)
    local v = fact(p, name)
    local b = dsl.truth(v)
    if b == nil then return "confirm", label .. "：待评审专家确认" end
    return b and "fail" or "pass", label .. "：" .. (b and "存在" or "不存在") .. "（" .. name .. "）"
  end
end
flag = dsl.flag_check

-- reported("training_income", "培训服务收入", "万元"): pass when the fact is given, showing its value (for
-- 重点考核 data without a threshold); missing -> "nodata".
function reported(name, label, unit)
  label, unit = label or name, unit or ""
  return function(p)
    local v = fact(p, name)
    if v == nil then return missing(label) end
    return "pass", label .. " " .. (type(v) == "number" and dsl.num(v) or tostring(v)) .. unit
  end
end

-- negate(check): pass <-> fail (for "must not" tests, e.g. negate(text_has({ "说明" }, { "剽窃" }))).
function negate(check)
  return function(p)
    local r, d = check(p)
    if r == "pass" then return "fail", d end
    if r == "fail" then return "pass", d end
    return r, d
  end
end
