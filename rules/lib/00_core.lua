-- rules/lib/00_core.lua - the rule-set DSL: the RULESET table and the indicator tree.
--
-- Runs in the rule sandbox (base, string, table, math, utf8 only) before every rule file; the files of
-- rules/lib run in sorted order in one environment, so what they share is global. See docs/rules.md for the
-- reference and docs/rules-contract.md for the RULESET shape the C engine reads.

dsl = {}               -- internals shared by the lib files (not for rule files)
RULESET = nil

-- Number formatting for details: 3, 2.5, 0.25 (no 1e+06, no trailing zeros).
function dsl.num(v)
  if type(v) ~= "number" then return tostring(v) end
  if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
  local s = string.format("%.2f", v):gsub("0+$", ""):gsub("%.$", "")
  return s
end

-- error() pointing at the rule file's line (level 3 = the caller of the DSL function).
function dsl.fail(msg, level) error(msg, (level or 2) + 1) end

-- The line of the rule file that called the DSL function calling this (level
-- counts as for dsl.fail). error() inside pcall reports "chunk:LINE: @" for the
-- frame asked for; the engine uses _line to place its own messages.
function dsl.line(level)
  local _, msg = pcall(error, "@", (level or 2) + 2)
  return tonumber(tostring(msg):match(":(%d+): @$"))
end

local function need_ruleset(level)
  if not RULESET then dsl.fail("call ruleset{...} first", (level or 2) + 1) end
  return RULESET
end

local function copy_list(t)
  local r = {}
  for i, v in ipairs(t) do r[i] = v end
  return r
end

-- ruleset{ id=, name=, version=, source=, total=100, veto_policy= } starts a rule set.
function ruleset(t)
  if type(t) ~= "table" then dsl.fail("ruleset{...} takes a table") end
  for _, k in ipairs({ "id", "name", "version", "source" }) do
    if type(t[k]) ~= "string" or t[k] == "" then dsl.fail("ruleset: '" .. k .. "' must be a non-empty string") end
  end
  local policy = t.veto_policy or "majority"
  if policy ~= "majority" and policy ~= "any" and policy ~= "chair" then
    dsl.fail("ruleset: veto_policy must be majority, any or chair")
  end
  RULESET = {
    id = t.id, name = t.name, version = t.version, source = t.source,
    total = t.total or 100, veto_policy = policy, variant_fact = t.variant_fact,
    conditions = {}, indicators = {}, vetoes = {}, deductions = {}, autochecks = {},
    evidence = {}, crosschecks = {}, defaults = {},
  }
  dsl.weights_note, dsl.levels_note = nil, nil
  dsl.ids = {}        -- id -> kind, for uniqueness within each list
  dsl.nodes = {}      -- indicator id -> indicator
  return RULESET
end

local function unique(kind, id, level)
  level = (level or 2) + 1
  if type(id) ~= "string" or id == "" then dsl.fail(kind .. ": id must be a non-empty string", level) end
  local key = kind .. "\0" .. id
  if dsl.ids[key] then dsl.fail(kind .. ": duplicate id '" .. id .. "'", level) end
  dsl.ids[key] = true
end

-- Organiser's defaults: values the source document does not state (weights, caps, hardened thresholds,
-- level fractions) are listed in RULESET.defaults as { kind =, id =, note = } so `rules show` and the
-- workbench can say so. kind is "weights" or "levels" (the whole rule set, id nil), or the kind of one
-- entry ("indicator", "condition", "autocheck", "deduction", "veto") with its id.
local function add_default(kind, id, note, level)
  local R = need_ruleset((level or 2) + 1)
  if note == true then note = "组织方默认（文件未作规定）" end
  if type(note) ~= "string" or note == "" then
    dsl.fail(kind .. (id and (" '" .. id .. "'") or "") .. ": default must be a note (a string) or true", (level or 2) + 1)
  end
  R.defaults[#R.defaults + 1] = { kind = kind, id = id, note = note, _line = dsl.line((level or 2) + 1) }
  return note
end
dsl.add_default = add_default

-- defaults{ weights = "…", levels = "…" }: the rule set's points or level fractions as a whole are the
-- organiser's (call it before the indicators: each scored indicator's guidance then says so).
function defaults(t)
  if type(t) ~= "table" then dsl.fail("defaults{...} takes a table") end
  for k, v in pairs(t) do
    if k ~= "weights" and k ~= "levels" then dsl.fail("defaults: unknown key '" .. tostring(k) .. "' (weights, levels)") end
  end
  if t.weights ~= nil then dsl.weights_note = add_default("weights", nil, t.weights) end
  if t.levels ~= nil then dsl.levels_note = add_default("levels", nil, t.levels) end
end

-- The note shown with an entry marked default (in the checks' details and the indicators' guidance).
function dsl.default_tag(note) return "〔组织方默认：" .. note .. "〕" end

-- Wrap a check so its detail says the threshold is the organiser's default.
function dsl.tag_check(check, note)
  local tag = dsl.default_tag(note)
  local wrapped = function(p)
    local r, d = check(p)
    return r, (d and (d .. " ") or "") .. tag
  end
  if dsl.kind_of(check) == "confirm" then dsl.mark_confirm(wrapped) end
  return wrapped
end

-- Level presets: fractions of max with generic guidance. A point may pass its own with levels{...}.
LEVELS = {
  ["优良中差"] = {
    { name = "优", fraction = 1.0, guidance = "全面达到要求，证据充分，成效显著" },
    { name = "良", fraction = 0.8, guidance = "基本达到要求，证据较充分，成效较好" },
    { name = "中", fraction = 0.6, guidance = "部分达到要求，证据一般" },
    { name = "差", fraction = 0.3, guidance = "未达到要求或缺少证据" },
  },
  ABCD = {
    { name = "A", fraction = 1.0, guidance = "完全符合，证据充分" },
    { name = "B", fraction = 0.8, guidance = "较好符合" },
    { name = "C", fraction = 0.6, guidance = "基本符合" },
    { name = "D", fraction = 0.2, guidance = "不符合或无证据" },
  },
}

-- levels{ {"优", 1.0, "guidance"}, {"良", 0.8, "…"}, … } -> the contract's level list.
function levels(spec)
  local r = {}
  for i, l in ipairs(spec) do
    local name, frac, guid = l.name or l[1], l.fraction or l[2], l.guidance or l[3]
    if type(name) ~= "string" then dsl.fail("levels: level " .. i .. " has no name") end
    if type(frac) ~= "number" or frac ~= frac or frac < 0 or frac > 1 then
      dsl.fail("levels: fraction of '" .. name .. "' must be in [0, 1]")
    end
    r[i] = { name = name, fraction = frac, guidance = guid }
  end
  if #r == 0 then dsl.fail("levels: no levels") end
  return r
end

local function parent_of(id)
  return id:match("^(.+)%.[^.]+$")
end

-- The indicator tree is written flat, in document order. indicator{ "1", "基本情况" } is a heading (not
-- scored unless it has max); point{ "1.1", "…", max = 4 } is a scored observation point. The parent is
-- `parent = "…"` or the id without its last ".part" ("1.2.3" -> "1.2"); depth follows from the parent.
-- Fields: max, mode ("points" | "levels"), step (points, default 0.5), levels (a LEVELS name or a table),
-- guidance, key (true or a list of variants), variants (list).
local function add_indicator(t, scored)
  local R = need_ruleset(3)
  if type(t) ~= "table" then dsl.fail("indicator/point takes a table", 3) end
  local id, text = t.id or t[1], t.text or t[2]
  unique("indicator", id, 3)
  if type(text) ~= "string" or text == "" then dsl.fail("indicator '" .. id .. "': text missing", 3) end
  local pid = t.parent or parent_of(id)
  local parent = pid and dsl.nodes[pid]
  if t.parent and not parent then dsl.fail("indicator '" .. id .. "': parent '" .. pid .. "' not defined yet", 3) end
  local node = { id = id, text = text, depth = parent and parent.depth + 1 or 1,
                 parent = parent and pid or nil, guidance = t.guidance, _line = dsl.line(3) }
  if scored or t.max ~= nil then
    if type(t.max) ~= "number" or t.max ~= t.max or t.max <= 0 then
      dsl.fail("indicator '" .. id .. "': max must be a positive number", 3)
    end
    node.scored, node.max = true, t.max
    local lv = t.levels
    if type(lv) == "string" then
      lv = LEVELS[lv] or dsl.fail("indicator '" .. id .. "': unknown levels '" .. t.levels .. "'", 3)
    end
    if lv or t.mode == "levels" then
      if not lv then dsl.fail("indicator '" .. id .. "': mode levels needs levels", 3) end
      node.mode, node.levels = "levels", lv
    else
      node.mode, node.step = "points", t.step or 0.5
      if type(node.step) ~= "number" or node.step <= 0 then dsl.fail("indicator '" .. id .. "': bad step", 3) end
    end
  else
    node.scored = false
  end
  local notes = {}
  if node.scored and dsl.weights_note then notes[#notes + 1] = dsl.default_tag("分值：" .. dsl.weights_note) end
  if node.mode == "levels" and dsl.levels_note and type(t.levels) == "string" then
    notes[#notes + 1] = dsl.default_tag("等级比例：" .. dsl.levels_note)
  end
  if t.optional then
    if not node.scored then dsl.fail("indicator '" .. id .. "': only a scored point can be optional", 3) end
    add_default("indicator", id, "自选指标：未选报时评 0 分（或由组织方调整总分）", 3)
    notes[#notes + 1] = "自选指标：申报单位未选报时评 0 分。"
  end
  if t.default ~= nil then notes[#notes + 1] = dsl.default_tag(add_default("indicator", id, t.default, 3)) end
  if #notes > 0 then
    node.guidance = (node.guidance and (node.guidance .. "\n") or "") .. table.concat(notes, "\n")
  end
  if t.key ~= nil then node.key = (t.key == true) and true or copy_list(t.key) end
  if t.variants ~= nil then node.variants = copy_list(t.variants) end
  dsl.nodes[id] = node
  R.indicators[#R.indicators + 1] = node
  return node
end

-- (Not tail calls: error levels count on the indicator/point frame being there.)
function indicator(t) local node = add_indicator(t, false); return node end
function point(t) local node = add_indicator(t, true); return node end

-- point_group("1.1", "服务国家战略", 6, { "…", "…" }, "优良中差"): a 二级指标 and its 观测点 "1.1.1",
-- "1.1.2" …, the weight split evenly over them, each scored by `levels` (or by points on a 0.5 step
-- when levels is nil). For tables that give a weight per 二级指标 only (task 10).
function point_group(id, text, weight, texts, levels)
  indicator{ id, text }
  for i, t in ipairs(texts) do
    local p = { id .. "." .. i, t, max = weight / #texts }
    if levels then p.levels = levels else p.step = 0.5 end
    point(p)
  end
end

-- variant{ fact = "center_type", values = { "中职学校", … } }: the fact that chooses the variant.
function variant(t)
  local R = need_ruleset()
  if type(t.fact) ~= "string" then dsl.fail("variant: fact must be a fact name") end
  R.variant_fact = t.fact
  dsl.variant_values = t.values and copy_list(t.values) or nil
end

-- eligibility{ { "E1", "text", check }, … } or { id=, text=, check=, kind= }. kind defaults to "confirm"
-- for checks made by confirm(...), else "auto".
function eligibility(list)
  local R = need_ruleset()
  for _, c in ipairs(list) do
    local id, text, check = c.id or c[1], c.text or c[2], c.check or c[3]
    unique("condition", id)
    if type(text) ~= "string" then dsl.fail("condition '" .. id .. "': text missing") end
    if type(check) ~= "function" then dsl.fail("condition '" .. id .. "': check must be a function") end
    if c.default ~= nil then check = dsl.tag_check(check, add_default("condition", id, c.default)) end
    R.conditions[#R.conditions + 1] = { id = id, text = text, check = check,
                                        kind = c.kind or dsl.kind_of(check), _line = dsl.line() }
  end
end

-- Drop one trailing sentence mark. Lua patterns work on bytes, so "[。，]$"
-- would cut the last byte of a 3-byte character: compare whole suffixes.
function dsl.trim_end_punct(text)
  for _, mark in ipairs({ "。", "；", "，", ";", "," }) do
    if #text >= #mark and text:sub(-#mark) == mark then return text:sub(1, -#mark - 1) end
  end
  return text
end

-- veto{ "V1", "text", fact = "…" } or check = function. With a fact: true -> "fail" (triggered),
-- false -> "pass", missing -> "confirm" (the panel must judge).
function veto(t)
  local R = need_ruleset()
  local id, text = t.id or t[1], t.text or t[2]
  unique("veto", id)
  if type(text) ~= "string" then dsl.fail("veto '" .. id .. "': text missing") end
  local check = t.check
  if t.fact then check = dsl.flag_check(t.fact, t.label or dsl.trim_end_punct(text)) end
  if t.default ~= nil and check then check = dsl.tag_check(check, add_default("veto", id, t.default)) end
  R.vetoes[#R.vetoes + 1] = { id = id, text = text, check = check, _line = dsl.line() }
end

-- deduction{ "D1", "text", max = 10 }: a bounded 酌情扣分 the panel applies.
function deduction(t)
  local R = need_ruleset()
  local id, text = t.id or t[1], t.text or t[2]
  unique("deduction", id)
  if type(t.max) ~= "number" or t.max <= 0 then dsl.fail("deduction '" .. id .. "': max must be positive") end
  if t.default ~= nil then add_default("deduction", id, t.default) end
  R.deductions[#R.deductions + 1] = { id = id, text = text, max = t.max, _line = dsl.line() }
end

-- autocheck{ "A1", "text", check, indicator = "3.2" }
function autocheck(t)
  local R = need_ruleset()
  local id, text, check = t.id or t[1], t.text or t[2], t.check or t[3]
  unique("autocheck", id)
  if type(check) ~= "function" then dsl.fail("autocheck '" .. id .. "': check must be a function") end
  if t.indicator and not dsl.nodes[t.indicator] then
    dsl.fail("autocheck '" .. id .. "': unknown indicator '" .. t.indicator .. "'")
  end
  if t.default ~= nil then check = dsl.tag_check(check, add_default("autocheck", id, t.default)) end
  R.autochecks[#R.autochecks + 1] = { id = id, text = text, indicator = t.indicator, check = check,
                                      _line = dsl.line() }
end

-- evidence{ indicator = "2.1", patterns = { "章程", "理事会" } } (path substrings, case-insensitive).
function evidence(t)
  local R = need_ruleset()
  local ind, pats = t.indicator or t[1], t.patterns or t[2]
  if not dsl.nodes[ind] then dsl.fail("evidence: unknown indicator '" .. tostring(ind) .. "'") end
  if type(pats) ~= "table" or #pats == 0 then dsl.fail("evidence: patterns must be a non-empty list") end
  R.evidence[#R.evidence + 1] = { indicator = ind, patterns = copy_list(pats) }
end

-- crosscheck{ "X1", "text", key = "fact_name" or function(p) … end }: packs with the same non-nil key
-- are reported together by the merge.
function crosscheck(t)
  local R = need_ruleset()
  local id, text, key = t.id or t[1], t.text or t[2], t.key or t[3]
  unique("crosscheck", id)
  if type(key) == "string" then
    local name = key
    key = function(p)
      local v = p.facts and p.facts[name]
      if v == nil or v == "" then return nil end
      return tostring(v)
    end
  end
  if type(key) ~= "function" then dsl.fail("crosscheck '" .. id .. "': key must be a fact name or function") end
  R.crosschecks[#R.crosschecks + 1] = { id = id, text = text, key = key }
end
