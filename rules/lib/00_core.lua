-- rules/lib/00_core.lua - the rule-set DSL: the RULESET table and the indicator tree.
--
-- Runs in the rule sandbox (base, string, table, math, utf8 only) before every rule file; the files of
-- rules/lib run in sorted order in one environment, so what they share is global. See docs/rules.md for the
-- reference and docs/rules-contract.md for the RULESET shape the C engine reads.

dsl = {}               -- internals shared by the lib files (not for rule files)
RULESET = nil

-- The sandbox's own globals, before the lib adds any (99_guard.lua wraps the others).
dsl.base = {}
for k in pairs(_ENV) do dsl.base[k] = true end

-- Number formatting for details: 3, 2.5, 0.25 (no 1e+06, no trailing zeros).
function dsl.num(v)
  if type(v) ~= "number" then return tostring(v) end
  if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
  local s = string.format("%.2f", v):gsub("0+$", ""):gsub("%.$", "")
  return s
end

-- Where errors point: the organiser's file and line, never a line of rules/lib. Each lib file registers
-- its chunk name (dsl.register_lib()); dsl.frame(level) reads a frame's "chunk:line" from error()'s
-- position prefix (the sandbox has no debug library), and dsl.where(level) walks up from that frame to the
-- first one that is not lib code. Levels count as for error(): 1 = the function calling dsl.where.
dsl.lib_chunks = {}

function dsl.frame(level)
  local _, msg = pcall(error, "@", level + 2)
  local chunk, line = tostring(msg):match("^(.*):(%d+): @$")
  return chunk, tonumber(line)
end

function dsl.register_lib()
  local chunk = dsl.frame(2)
  if chunk then dsl.lib_chunks[chunk] = true end
end
dsl.register_lib()

function dsl.where(level)
  for l = level + 1, level + 60 do
    local chunk, line = dsl.frame(l)
    if chunk and not dsl.lib_chunks[chunk] then return chunk, line end
  end
  return nil
end

-- error() at the organiser's line: the first frame, from the caller of dsl.fail outwards, that is not
-- lib code (so an error raised deep inside a helper still names the rule file's line). level is used
-- only when no such frame exists (a check called by the engine).
function dsl.fail(msg, level)
  local chunk, line = dsl.where(2)
  if chunk then error(chunk .. ":" .. line .. ": " .. msg, 0) end
  error(msg, (level or 2) + 1)
end

-- The organiser's line for the DSL call being made (nil when none).
function dsl.line()
  local _, line = dsl.where(2)
  return line
end

-- Unknown keys of a DSL table are mistakes (a misspelt `levles = …` would be ignored). allowed lists the
-- named keys; positional entries 1..npos are allowed too.
function dsl.keys(t, allowed, what, npos, level)
  for k in pairs(t) do
    local ok = type(k) == "number" and k >= 1 and k <= (npos or 0) and k == math.floor(k)
    if not ok and type(k) == "string" then
      for _, a in ipairs(allowed) do
        if a == k then ok = true; break end
      end
    end
    if not ok then
      dsl.fail(what .. ": unknown key '" .. tostring(k) .. "' (known: " .. table.concat(allowed, ", ") .. ")",
        (level or 2) + 1)
    end
  end
end

-- dsl.arg("at_least", 2, n, "number", "the threshold"): a helper's argument of the wrong type is a load
-- error naming the helper, the argument and the value (at_least(10, "years") swapped).
function dsl.arg(fname, i, v, want, what, level)
  local got = type(v)
  local ok = got == want or (want == "string?" and (v == nil or got == "string"))
    or (want == "number?" and (v == nil or got == "number")) or (want == "table?" and (v == nil or got == "table"))
  if want == "number" and got == "number" and v ~= v then ok = false end
  if not ok then
    local shown = got == "string" and ("\"" .. v .. "\"") or tostring(v)
    dsl.fail(string.format("%s: argument %d (%s) must be a %s, not %s %s", fname, i, what,
      want:gsub("%?$", ""), got, shown), (level or 2) + 1)
  end
  return v
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

-- ruleset{ id=, name=, version=, source=, total=100, veto_policy=, year=, default= } starts a rule set.
-- year: the review year, for date_by deadlines written "MM-DD". default: a note when the total (or any
-- header value) is the organiser's choice rather than the document's.
function ruleset(t)
  if type(t) ~= "table" then dsl.fail("ruleset{...} takes a table") end
  dsl.keys(t, { "id", "name", "version", "source", "total", "veto_policy", "variant_fact", "year", "default" },
    "ruleset")
  for _, k in ipairs({ "id", "name", "version", "source" }) do
    if type(t[k]) ~= "string" or t[k] == "" then dsl.fail("ruleset: '" .. k .. "' must be a non-empty string") end
  end
  local policy = t.veto_policy or "majority"
  if policy ~= "majority" and policy ~= "any" and policy ~= "chair" then
    dsl.fail("ruleset: veto_policy must be majority, any or chair")
  end
  if t.year ~= nil and (math.type(t.year) ~= "integer" or t.year < 1990 or t.year > 2200) then
    dsl.fail("ruleset: year must be a year such as 2026, not " .. tostring(t.year))
  end
  RULESET = {
    id = t.id, name = t.name, version = t.version, source = t.source,
    total = t.total or 100, veto_policy = policy, variant_fact = t.variant_fact, year = t.year,
    default = dsl.default_note(t.default, "ruleset"),
    conditions = {}, indicators = {}, vetoes = {}, deductions = {}, autochecks = {},
    evidence = {}, crosschecks = {}, facts = {},
  }
  dsl.ids = {}        -- id -> kind, for uniqueness within each list
  dsl.nodes = {}      -- indicator id -> indicator
  dsl.facts = {}      -- fact name -> its declaration
  dsl.weights_note, dsl.levels_note = nil, nil
  return RULESET
end

-- `default = true` or `default = "why"` on an entry marks a value the document does not state (a weight,
-- a cap, a hardened threshold): the organiser's default, shown as such by `rules show`.
function dsl.default_note(v, what, level)
  if v == nil or v == false then return nil end
  if v == true then return "organiser's default" end
  if type(v) ~= "string" or v == "" then
    dsl.fail(what .. ": default must be true or a note (a string)", (level or 2) + 1)
  end
  return v
end

-- Fact types: number (counts and amounts, with a unit), percent (0–100; see dsl.percent), bool, date
-- ("YYYY-MM-DD"), text (free text, or one of `values`).
FACT_TYPES = { number = true, percent = true, bool = true, date = true, text = true }

-- facts{ host_units = { "number", "家", "主持单位数" }, has_council = { "bool", label = "成立理事会" }, … }
-- declares every fact the rule set reads: type, unit (may be ""), label (the column's meaning for the
-- organiser filling the template). A check naming an undeclared fact is a load error.
function facts(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("facts{...} takes a table of name = { type, unit, label }") end
  for name, spec in pairs(t) do
    if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
      dsl.fail("facts: '" .. tostring(name) .. "' is not a fact name (letters, digits, _)")
    end
    if type(spec) ~= "table" then dsl.fail("facts: " .. name .. " must be { type, unit, label }") end
    dsl.keys(spec, { "type", "unit", "label", "values", "note", "default" }, "facts: " .. name, 3)
    local ty, unit, label = spec.type or spec[1], spec.unit or spec[2], spec.label or spec[3]
    if not FACT_TYPES[ty] then
      dsl.fail("facts: " .. name .. ": type must be number, percent, bool, date or text, not " .. tostring(ty))
    end
    if unit ~= nil and type(unit) ~= "string" then dsl.fail("facts: " .. name .. ": unit must be a string") end
    if type(label) ~= "string" or label == "" then dsl.fail("facts: " .. name .. ": label missing") end
    if dsl.facts[name] then dsl.fail("facts: " .. name .. " is declared twice") end
    if spec.values ~= nil and (type(spec.values) ~= "table" or #spec.values == 0) then
      dsl.fail("facts: " .. name .. ": values must be a non-empty list")
    end
    local f = { name = name, type = ty, unit = unit or (ty == "percent" and "%" or ""), label = label,
                values = spec.values and copy_list(spec.values) or nil, note = spec.note,
                default = dsl.default_note(spec.default, "facts: " .. name), _line = dsl.line() }
    dsl.facts[name] = f
    R.facts[#R.facts + 1] = f
  end
  table.sort(R.facts, function(a, b) return a.name < b.name end)
end

-- The declaration of fact `name`, or a load error at the organiser's line. want: a set of types the
-- helper reads (nil = any).
function dsl.use_fact(fname, name, want, level)
  level = (level or 2) + 1
  dsl.arg(fname, 1, name, "string", "the fact name", level)
  local f = dsl.facts and dsl.facts[name]
  if not f then
    dsl.fail(fname .. ": fact '" .. name .. "' is not declared in facts{...}", level)
  end
  if want and not want[f.type] then
    local names = {}
    for k in pairs(want) do names[#names + 1] = k end
    table.sort(names)
    dsl.fail(string.format("%s: fact '%s' is declared %s; %s reads %s", fname, name, f.type, fname,
      table.concat(names, " or ")), level)
  end
  return f
end

local function unique(kind, id, level)
  level = (level or 2) + 1
  if type(id) ~= "string" or id == "" then dsl.fail(kind .. ": id must be a non-empty string", level) end
  local key = kind .. "\0" .. id
  if dsl.ids[key] then dsl.fail(kind .. ": duplicate id '" .. id .. "'", level) end
  dsl.ids[key] = true
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
  dsl.arg("levels", 1, spec, "table", "the list of levels")
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
-- defaults{ weights = "…", levels = "…" }: the rule set's points, or its level fractions, are the
-- organiser's as a whole (the document states none). Call it before the indicators: the notes become the
-- rule set's header default, and every scored point after it is marked default ("分值（文件未规定）")
-- unless it has its own note.
function defaults(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("defaults{...} takes a table") end
  dsl.keys(t, { "weights", "levels" }, "defaults")
  dsl.weights_note = dsl.default_note(t.weights, "defaults: weights")
  dsl.levels_note = dsl.default_note(t.levels, "defaults: levels")
  local parts = {}
  if R.default then parts[#parts + 1] = R.default end
  if dsl.weights_note then parts[#parts + 1] = dsl.weights_note end
  if dsl.levels_note then parts[#parts + 1] = dsl.levels_note end
  R.default = #parts > 0 and table.concat(parts, "；") or nil
end

-- How an organiser's default reads to a reviewer (the workbench shows guidance and check details).
function dsl.default_tag(note) return "〔组织方默认：" .. note .. "〕" end

-- The check with the default's note after its detail (same facts and kind as the check).
function dsl.tag_check(check, note)
  local tag = dsl.default_tag(note)
  local wrapped = function(p)
    local r, d = check(p)
    return r, (d and (d .. " ") or "") .. tag
  end
  dsl.checks[wrapped] = dsl.checks[check]
  return wrapped
end

local IND_KEYS = { "id", "text", "parent", "max", "mode", "step", "levels", "guidance", "key", "variants",
                   "default", "optional" }

-- key = { … } and variants = { … } name variants: they need variant{...} first, and must be among its values.
local function check_variant_list(id, field, list, level)
  if type(list) ~= "table" then dsl.fail("indicator '" .. id .. "': " .. field .. " must be a list of variants", level) end
  if not dsl.variant_fact then
    dsl.fail("indicator '" .. id .. "': " .. field .. " = {…} names variants but the rule set has no variant{...} "
      .. "before it (key = true marks a key indicator for every pack)", level)
  end
  for _, v in ipairs(list) do
    local known = not dsl.variant_values
    for _, w in ipairs(dsl.variant_values or {}) do known = known or w == v end
    if not known then
      dsl.fail("indicator '" .. id .. "': " .. field .. " names variant '" .. tostring(v) .. "', not one of "
        .. table.concat(dsl.variant_values, "/"), level)
    end
  end
end

local function add_indicator(t, scored)
  local R = need_ruleset(3)
  if type(t) ~= "table" then dsl.fail("indicator/point takes a table", 3) end
  dsl.keys(t, IND_KEYS, scored and "point" or "indicator", 2, 3)
  local id, text = t.id or t[1], t.text or t[2]
  unique("indicator", id, 3)
  if type(text) ~= "string" or text == "" then dsl.fail("indicator '" .. id .. "': text missing", 3) end
  local pid = t.parent or parent_of(id)
  local parent = pid and dsl.nodes[pid]
  if t.parent and not parent then dsl.fail("indicator '" .. id .. "': parent '" .. pid .. "' not defined yet", 3) end
  local node = { id = id, text = text, depth = parent and parent.depth + 1 or 1,
                 parent = parent and pid or nil, guidance = t.guidance, _line = dsl.line(3),
                 default = dsl.default_note(t.default, "indicator '" .. id .. "'", 3),
                 optional = t.optional and true or nil }
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
  if node.scored and not node.default and dsl.weights_note then
    -- The full notes are the rule set's header default; each point says what of it is the organiser's.
    local preset_levels = node.mode == "levels" and dsl.levels_note and type(t.levels) == "string"
    node.default = (preset_levels and "分值与等级比例" or "分值") .. "（文件未规定）"
  end
  if node.optional and not node.scored then dsl.fail("indicator '" .. id .. "': only a scored point can be optional", 3) end
  local notes = {}
  if node.optional then notes[#notes + 1] = "自选指标：申报单位未选报时评 0 分。" end
  if node.default then notes[#notes + 1] = dsl.default_tag(node.default) end
  if #notes > 0 then
    node.guidance = (node.guidance and (node.guidance .. "\n") or "") .. table.concat(notes, "\n")
  end
  if t.key ~= nil and t.key ~= true then check_variant_list(id, "key", t.key, 3) end
  if t.variants ~= nil then check_variant_list(id, "variants", t.variants, 3) end
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
-- when levels is nil). For tables that give a weight per 二级指标 only (task 10). opts (optional):
-- { default = "…" } marks the weight as the organiser's default.
function point_group(id, text, weight, texts, levels, opts)
  dsl.arg("point_group", 1, id, "string", "the 二级指标 id")
  dsl.arg("point_group", 2, text, "string", "its text")
  dsl.arg("point_group", 3, weight, "number", "its weight")
  dsl.arg("point_group", 4, texts, "table", "the 观测点 texts")
  if #texts == 0 then dsl.fail("point_group: no 观测点 texts") end
  if levels ~= nil and type(levels) ~= "string" and type(levels) ~= "table" then
    dsl.fail("point_group: argument 5 (levels) must be a LEVELS name or a table")
  end
  dsl.arg("point_group", 6, opts, "table?", "options")
  local default = opts and opts.default
  indicator{ id, text }
  for i, t in ipairs(texts) do
    local p = { id .. "." .. i, t, max = weight / #texts, default = default }
    if levels then p.levels = levels else p.step = 0.5 end
    point(p)
  end
end

-- variant{ fact = "center_type", values = { "中职学校", … } }: the fact that chooses the variant.
function variant(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("variant{...} takes a table") end
  dsl.keys(t, { "fact", "values" }, "variant")
  if type(t.fact) ~= "string" then dsl.fail("variant: fact must be a fact name") end
  dsl.use_fact("variant", t.fact, { text = true })
  R.variant_fact = t.fact
  dsl.variant_fact = t.fact
  dsl.variant_values = t.values and copy_list(t.values) or nil
end

-- What the check helpers tell the DSL about a check (10_checks.lua fills it): facts = the fact names it
-- reads, confirm = it asks a reviewer, reads = "yes" when it passes on a yes/present answer (is_true,
-- has_file, text_has), "no" when it passes on no/absent (is_false, flag).
dsl.checks = setmetatable({}, { __mode = "k" })
function dsl.check_info(check) return dsl.checks[check] or {} end
function dsl.facts_of(check)
  local r = {}
  for _, n in ipairs(dsl.check_info(check).facts or {}) do r[#r + 1] = n end
  return r
end

local SEVERITY = { required = true, warn = true, info = true }

-- eligibility{ { "E1", "text", check }, … } or { id=, text=, check=, kind=, severity=, default= }. kind
-- defaults to "confirm" for checks made by confirm(...), else "auto". severity "warn" (原则上) and "info"
-- (鼓励) conditions are shown but never make a pack ineligible.
function eligibility(list)
  local R = need_ruleset()
  if type(list) ~= "table" then dsl.fail("eligibility{...} takes a list of conditions") end
  for i, c in ipairs(list) do
    if type(c) ~= "table" then dsl.fail("eligibility: entry " .. i .. " must be a table { id, text, check }") end
    dsl.keys(c, { "id", "text", "check", "kind", "severity", "default" }, "condition #" .. i, 3)
    local id, text, check = c.id or c[1], c.text or c[2], c.check or c[3]
    unique("condition", id)
    if type(text) ~= "string" then dsl.fail("condition '" .. id .. "': text missing") end
    if type(check) ~= "function" then dsl.fail("condition '" .. id .. "': check must be a function") end
    local sev = c.severity or "required"
    if not SEVERITY[sev] then dsl.fail("condition '" .. id .. "': severity must be required, warn or info") end
    local default = dsl.default_note(c.default, "condition '" .. id .. "'")
    if default then check = dsl.tag_check(check, default) end
    R.conditions[#R.conditions + 1] = { id = id, text = text, check = check,
                                        kind = c.kind or dsl.kind_of(check), _line = dsl.line(),
                                        severity = sev, facts = dsl.facts_of(check), default = default }
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
-- false -> "pass", missing -> "confirm" (the panel must judge). A veto triggers when its check FAILS, so a
-- check that passes on "yes, the problem is there" (is_true, has_file, text_has) is refused.
function veto(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("veto{...} takes a table") end
  dsl.keys(t, { "id", "text", "fact", "label", "check", "default" }, "veto", 2)
  local id, text = t.id or t[1], t.text or t[2]
  unique("veto", id)
  if type(text) ~= "string" then dsl.fail("veto '" .. id .. "': text missing") end
  if t.fact and t.check then dsl.fail("veto '" .. id .. "': give fact or check, not both") end
  local check = t.check
  if t.fact then
    dsl.use_fact("veto", t.fact, { bool = true })
    check = dsl.flag_check(t.fact, t.label or dsl.trim_end_punct(text))
  elseif check ~= nil and type(check) ~= "function" then
    dsl.fail("veto '" .. id .. "': check must be a function")
  end
  if check and dsl.check_info(check).reads == "yes" then
    dsl.fail("veto '" .. id .. "': its check passes when the problem is present (" .. (dsl.check_info(check).name or "?")
      .. "), and a veto triggers when its check fails; use fact = \"…\", flag(…) or is_false(…)")
  end
  R.vetoes[#R.vetoes + 1] = { id = id, text = text, check = check, _line = dsl.line(),
                              facts = check and dsl.facts_of(check) or {},
                              default = dsl.default_note(t.default, "veto '" .. id .. "'") }
end

-- deduction{ "D1", "text", max = 10 }: a bounded 酌情扣分 the panel applies. With fact = (bool: yes, or
-- number: above 0) or check = (fail = applies) the rules also say whether it applies; the panel still
-- sets the points. Without either the panel judges ("confirm").
function deduction(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("deduction{...} takes a table") end
  dsl.keys(t, { "id", "text", "max", "fact", "label", "check", "default" }, "deduction", 2)
  local id, text = t.id or t[1], t.text or t[2]
  unique("deduction", id)
  if type(text) ~= "string" then dsl.fail("deduction '" .. id .. "': text missing") end
  if type(t.max) ~= "number" or t.max <= 0 then dsl.fail("deduction '" .. id .. "': max must be positive") end
  if t.fact and t.check then dsl.fail("deduction '" .. id .. "': give fact or check, not both") end
  local check = t.check
  if t.fact then
    local f = dsl.use_fact("deduction", t.fact, { bool = true, number = true })
    check = dsl.applies_check(f, t.label or f.label)
  elseif check ~= nil and type(check) ~= "function" then
    dsl.fail("deduction '" .. id .. "': check must be a function")
  end
  if check and dsl.check_info(check).reads == "yes" then
    dsl.fail("deduction '" .. id .. "': its check passes when the fault is present (" .. (dsl.check_info(check).name or "?")
      .. "), and a deduction applies when its check fails; use fact = \"…\", flag(…) or is_false(…)")
  end
  R.deductions[#R.deductions + 1] = { id = id, text = text, max = t.max, check = check, _line = dsl.line(),
                                      facts = check and dsl.facts_of(check) or {},
                                      default = dsl.default_note(t.default, "deduction '" .. id .. "'") }
end

-- autocheck{ "A1", "text", check, indicator = "3.2" }
function autocheck(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("autocheck{...} takes a table") end
  dsl.keys(t, { "id", "text", "check", "indicator", "default" }, "autocheck", 3)
  local id, text, check = t.id or t[1], t.text or t[2], t.check or t[3]
  unique("autocheck", id)
  if type(check) ~= "function" then dsl.fail("autocheck '" .. id .. "': check must be a function") end
  if t.indicator and not dsl.nodes[t.indicator] then
    dsl.fail("autocheck '" .. id .. "': unknown indicator '" .. t.indicator .. "'")
  end
  local default = dsl.default_note(t.default, "autocheck '" .. id .. "'")
  if default then check = dsl.tag_check(check, default) end
  R.autochecks[#R.autochecks + 1] = { id = id, text = text, indicator = t.indicator, check = check,
                                      _line = dsl.line(), facts = dsl.facts_of(check), default = default }
end

-- evidence{ indicator = "2.1", patterns = { "章程", "理事会" } } (path substrings, case-insensitive).
function evidence(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("evidence{...} takes a table") end
  dsl.keys(t, { "indicator", "patterns" }, "evidence", 2)
  local ind, pats = t.indicator or t[1], t.patterns or t[2]
  if not dsl.nodes[ind] then dsl.fail("evidence: unknown indicator '" .. tostring(ind) .. "'") end
  if type(pats) ~= "table" or #pats == 0 then dsl.fail("evidence: patterns must be a non-empty list") end
  R.evidence[#R.evidence + 1] = { indicator = ind, patterns = copy_list(pats) }
end

-- crosscheck{ "X1", "text", key = "fact_name" or function(p) … end }: packs with the same non-nil key
-- are reported together by the merge.
function crosscheck(t)
  local R = need_ruleset()
  if type(t) ~= "table" then dsl.fail("crosscheck{...} takes a table") end
  dsl.keys(t, { "id", "text", "key" }, "crosscheck", 3)
  local id, text, key = t.id or t[1], t.text or t[2], t.key or t[3]
  unique("crosscheck", id)
  if type(key) == "string" then
    local name = key
    dsl.use_fact("crosscheck", name)
    key = function(p)
      local v = p.facts and p.facts[name]
      if v == nil or v == "" then return nil end
      return tostring(v)
    end
  end
  if type(key) ~= "function" then dsl.fail("crosscheck '" .. id .. "': key must be a fact name or function") end
  R.crosschecks[#R.crosschecks + 1] = { id = id, text = text, key = key }
end
