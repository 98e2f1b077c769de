-- rules/tools/selfcheck.lua - check the rule sets without the C engine, with plain lua5.4.
--
--   lua5.4 rules/tools/selfcheck.lua [SRC_DIR] [RULE_ID…]
--
-- For each rules/*.lua (or the ids given): load rules/lib/*.lua and the rule file in a sandbox-like
-- environment (base subset, string, table, math, utf8; no io/os/require/load/debug/print), validate
-- RULESET (required fields, unique ids, parents, points summing to total, level fractions in [0, 1]),
-- check that every indicator/condition/veto/deduction text occurs verbatim in the source document (when
-- it is found: $JURY_SEED, else ../shared/seed next to the source tree), then evaluate the rule set on
-- each sample pack named in rules/tests/ID.lua, built from packs/samples-src/STEM/ (facts.json plus the
-- files in that folder, or the facts.json evidence list), and compare with the expectations.
-- Prints one line per check and exits 1 when anything failed.

local src = arg[1] or os.getenv("JURY_SRC") or "."
local only = {}
for i = 2, #arg do only[arg[i]] = true end
local failures = 0
local function bad(fmt, ...) failures = failures + 1; print("FAIL " .. string.format(fmt, ...)) end
local function ok(fmt, ...) print("ok   " .. string.format(fmt, ...)) end

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a"); f:close(); return s
end

local function ls(pattern)
  local r = {}
  local h = io.popen("ls -1 " .. pattern .. " 2>/dev/null")
  for line in h:lines() do r[#r + 1] = line end
  h:close(); table.sort(r); return r
end

-- ---------------------------------------------------------------- JSON (enough for facts.json)
local function json_decode(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local function err(m) error(string.format("JSON at byte %d: %s", pos, m), 0) end
  local value
  local function str()
    pos = pos + 1
    local out = {}
    while true do
      local c = s:sub(pos, pos)
      if c == "" then err("unterminated string") end
      if c == '"' then pos = pos + 1; break end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        local map = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
        if map[e] then out[#out + 1] = map[e]; pos = pos + 2
        elseif e == "u" then
          local cp = tonumber(s:sub(pos + 2, pos + 5), 16) or err("bad \\u")
          pos = pos + 6
          if cp >= 0xD800 and cp < 0xDC00 and s:sub(pos, pos + 1) == "\\u" then
            local lo = tonumber(s:sub(pos + 2, pos + 5), 16)
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00); pos = pos + 6
          end
          out[#out + 1] = utf8.char(cp)
        else err("bad escape") end
      else
        local j = s:find('["\\]', pos) or err("unterminated string")
        out[#out + 1] = s:sub(pos, j - 1); pos = j
      end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      local t = {}; pos = pos + 1; ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1; return t end
      while true do
        ws(); if s:sub(pos, pos) ~= '"' then err("key expected") end
        local k = str(); ws()
        if s:sub(pos, pos) ~= ":" then err(": expected") end
        pos = pos + 1; t[k] = value(); ws()
        local d = s:sub(pos, pos); pos = pos + 1
        if d == "}" then return t elseif d ~= "," then err(", or } expected") end
      end
    elseif c == "[" then
      local t = {}; pos = pos + 1; ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1; return t end
      while true do
        t[#t + 1] = value(); ws()
        local d = s:sub(pos, pos); pos = pos + 1
        if d == "]" then return t elseif d ~= "," then err(", or ] expected") end
      end
    elseif c == '"' then return str()
    elseif s:sub(pos, pos + 3) == "true" then pos = pos + 4; return true
    elseif s:sub(pos, pos + 4) == "false" then pos = pos + 5; return false
    elseif s:sub(pos, pos + 3) == "null" then pos = pos + 4; return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos) or err("value expected")
      pos = pos + #num; return tonumber(num)
    end
  end
  local v = value(); ws()
  if pos <= #s then err("trailing data") end
  return v
end

-- ---------------------------------------------------------------- the sandbox-like environment
local function sandbox()
  local env = {}
  for _, k in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
                       "type", "xpcall", "rawequal", "rawlen", "rawget", "rawset", "setmetatable",
                       "getmetatable" }) do env[k] = _G[k] end
  for _, lib in ipairs({ "string", "table", "math", "utf8" }) do
    local t = {}
    for k, v in pairs(_G[lib]) do t[k] = v end
    env[lib] = t
  end
  env.string.dump = nil
  env.log = function() end
  return env
end

local function load_ruleset(path)
  local env = sandbox()
  for _, lib in ipairs(ls(src .. "/rules/lib/*.lua")) do
    local chunk, e = loadfile(lib, "t", env)
    if not chunk then return nil, e end
    local okc, e2 = pcall(chunk)
    if not okc then return nil, tostring(e2) end
  end
  local chunk, e = loadfile(path, "t", env)
  if not chunk then return nil, e end
  local okc, e2 = pcall(chunk)
  if not okc then return nil, tostring(e2) end
  if type(env.RULESET) ~= "table" then return nil, path .. ": RULESET not set" end
  return env.RULESET, nil, env
end

-- ---------------------------------------------------------------- structural checks
local function validate(R, id)
  local n0 = failures
  for _, k in ipairs({ "id", "name", "version", "source" }) do
    if type(R[k]) ~= "string" or R[k] == "" then bad("%s: RULESET.%s missing", id, k) end
  end
  if R.id ~= id then bad("%s: RULESET.id is '%s', want the file stem", id, tostring(R.id)) end
  if type(R.total) ~= "number" then bad("%s: total missing", id) end
  local seen, sum, byid = {}, 0, {}
  for i, ind in ipairs(R.indicators or {}) do
    if seen[ind.id] then bad("%s: duplicate indicator %s", id, ind.id) end
    seen[ind.id] = true; byid[ind.id] = ind
    if ind.parent and not byid[ind.parent] then bad("%s: indicator %s: parent %s not before it", id, ind.id, ind.parent) end
    if ind.parent and byid[ind.parent] and ind.depth ~= byid[ind.parent].depth + 1 then bad("%s: %s: depth", id, ind.id) end
    if not ind.parent and ind.depth ~= 1 then bad("%s: %s: depth without parent", id, ind.id) end
    if type(ind.text) ~= "string" or ind.text == "" then bad("%s: %s: no text", id, ind.id) end
    if ind.scored then
      if type(ind.max) ~= "number" or ind.max <= 0 then bad("%s: %s: bad max", id, ind.id) end
      sum = sum + (ind.max or 0)
      if ind.mode == "levels" then
        for _, l in ipairs(ind.levels or {}) do
          if type(l.fraction) ~= "number" or l.fraction < 0 or l.fraction > 1 then bad("%s: %s: level %s fraction", id, ind.id, tostring(l.name)) end
        end
        if #(ind.levels or {}) == 0 then bad("%s: %s: no levels", id, ind.id) end
      elseif ind.mode == "points" then
        if type(ind.step) ~= "number" or ind.step <= 0 then bad("%s: %s: bad step", id, ind.id) end
      else bad("%s: %s: bad mode %s", id, ind.id, tostring(ind.mode)) end
    end
  end
  -- With variants, each variant's indicators must still sum to total.
  local variants = {}
  for _, ind in ipairs(R.indicators or {}) do
    for _, v in ipairs(ind.variants or {}) do variants[v] = true end
  end
  if next(variants) then
    for v in pairs(variants) do
      local s = 0
      for _, ind in ipairs(R.indicators) do
        local inv = not ind.variants
        for _, w in ipairs(ind.variants or {}) do if w == v then inv = true end end
        if ind.scored and inv then s = s + ind.max end
      end
      if math.abs(s - R.total) > 1e-9 then bad("%s: variant %s: points sum to %s, total is %s", id, v, s, R.total) end
    end
  elseif math.abs(sum - (R.total or 0)) > 1e-9 then
    bad("%s: scored points sum to %s, total is %s", id, sum, tostring(R.total))
  end
  for _, list in ipairs({ "conditions", "vetoes", "deductions", "autochecks", "crosschecks" }) do
    local s = {}
    for _, c in ipairs(R[list] or {}) do
      if s[c.id] then bad("%s: duplicate %s id %s", id, list, c.id) end
      s[c.id] = true
      if type(c.text) ~= "string" or c.text == "" then bad("%s: %s %s: no text", id, list, c.id) end
    end
  end
  for _, e in ipairs(R.evidence or {}) do
    if not byid[e.indicator] then bad("%s: evidence for unknown indicator %s", id, e.indicator) end
  end
  if failures == n0 then ok("%s: structure (%d indicators, %s points, %d conditions, %d vetoes, %d autochecks)", id,
    #R.indicators, tostring(R.total), #R.conditions, #R.vetoes, #R.autochecks) end
end

-- ---------------------------------------------------------------- verbatim texts
local function dsl_trim(s)
  for _, mark in ipairs({ "。", "；", "，" }) do
    if s:sub(-#mark) == mark then return s:sub(1, -#mark - 1) end
  end
  return s
end
local function squash(s) return (s:gsub("%s+", ""):gsub("\u{3000}", "")) end
local seed_path = os.getenv("JURY_SEED")
if not seed_path then
  for _, c in ipairs({ src .. "/../shared/seed/000_2c07d4caf8a6f020.txt", "/work/shared/seed/000_2c07d4caf8a6f020.txt" }) do
    if slurp(c) then seed_path = c; break end
  end
end
local seed = seed_path and slurp(seed_path)
if seed then
  -- Drop page furniture: page-number lines and the table header repeated after a page break.
  seed = ("\n" .. seed .. "\n"):gsub("\n[ \t]*%d+[ \t]*\n", "\n"):gsub("\n[ \t]*%d+[ \t]*\n", "\n")
  seed = squash(seed):gsub("基本指标观测点", "")
end

-- A text may join several verbatim passages with " / " (e.g. a heading and its clause).
local function parts_of(text)
  local r = {}
  for part in (text .. " / "):gmatch("(.-) / ") do r[#r + 1] = part end
  return r
end

local function verbatim(R, id)
  if not tostring(R.source):find("000_2c07d4caf8a6f020", 1, true) then return end
  if not seed then
    bad("%s: the source document is not found (set JURY_SEED to 000_2c07d4caf8a6f020.txt)", id); return
  end
  local n0 = failures
  local function chk(kind, x, text)
    for _, part in ipairs(parts_of(text)) do
      if not seed:find(squash(part), 1, true) then bad("%s: %s %s: text not in the document: %s", id, kind, x, part) end
    end
  end
  for _, ind in ipairs(R.indicators) do chk("indicator", ind.id, ind.text) end
  for _, c in ipairs(R.conditions) do chk("condition", c.id, c.text) end
  for _, v in ipairs(R.vetoes) do chk("veto", v.id, v.text) end
  for _, d in ipairs(R.deductions) do chk("deduction", d.id, d.text) end
  for _, a in ipairs(R.autochecks) do chk("autocheck", a.id, a.text) end
  for _, x in ipairs(R.crosschecks) do chk("crosscheck", x.id, x.text) end
  if failures == n0 then ok("%s: every text is verbatim in %s", id, seed_path:match("[^/]+$")) end
end

-- ---------------------------------------------------------------- coverage of the conditions
-- For each task, the passage of the document that states who may apply (申报条件/基础条件/推荐条件, 建设单位),
-- between two markers of the squashed text, and the words of it that are headings rather than clauses.
-- Every clause of the passage must be the text of a condition (or, with indicators = true, where the
-- document's conditions are also the scored indicators, of an indicator), and the conditions must follow
-- the document's order.
local CONDITIONS = {
  task1 = { from = "任务1：市域产教联合体条件要求", to = "附件：市域产教联合体建设指标",
            headings = { "任务1", "市域产教联合体", "条件要求", "产教资源相对集聚", "组织治理机制完备",
                         "人才培养取得突破", "有效服务产业发展", "保障条件切实到位" } },
  task2 = { from = "新型组织形态。一、建设单位", to = "二、建设任务",
            headings = { "新型组织形态", "一", "二", "建设单位", "共同体建设单位包括牵头单位和参与单位",
                         "要求如下", "牵头单位", "参与单位" } },
  task3 = { from = "任务3：开放型区域产教融合实践中心一、建设单位", to = "三、重点任务",
            headings = { "任务3", "开放型区域产教融合实践中心", "一", "二", "三", "四", "建设单位",
                         "以下简称实践中心", "基础条件", "聚焦重点领域", "建设基础良好", "运行管理规范",
                         "提升产出效益" } },
  task4 = { from = "资源库的主持单位为独立设置", to = "三、建设思路",
            headings = { "参与单位", "二", "基础条件", "资源建设有基础", "平台支撑有保障", "应用服务有成效",
                         "项目团队有条件" } },
  task5 = { from = "任务5：具有较高国际化水平的职业学校条件要求", to = "任务6：",
            headings = { "任务5", "具有较高国际化水平的职业学校", "条件要求", "的" }, indicators = true },
  task6 = { from = "建设单位为独立设置的职业学校", to = "三、建设任务",
            headings = { "二", "基础条件", "具备较好的实训条件", "具备较强的教学科研团队",
                         "具备良好的虚仿技术应用基础", "具备规范的管理运行机制" } },
  task7 = { from = "推荐条件", to = "任务9：",
            headings = { "推荐条件" } },
  task9 = { from = "推荐项目需为职业院校牵头开发", to = "任务10：",
            headings = { "一", "二", "三", "四", "五", "六" }, indicators = true },
}
CONDITIONS.task11 = { from = "任务11：具有较高国际化水平的职业学校条件要求", to = nil,
                      headings = { "任务11", "具有较高国际化水平的职业学校", "条件要求", "的" }, indicators = true }

-- Plain find of every occurrence of needle in hay, replaced by a separator.
local function cut(hay, needle)
  if needle == "" then return hay end
  local out, i = {}, 1
  while true do
    local a, b = hay:find(needle, i, true)
    if not a then break end
    out[#out + 1] = hay:sub(i, a - 1); out[#out + 1] = "|"; i = b + 1
  end
  out[#out + 1] = hay:sub(i)
  return table.concat(out)
end

local function coverage(R, id)
  local spec = CONDITIONS[id]
  if not spec or not seed then return end
  local n0 = failures
  local a, b = seed:find(spec.from, 1, true)
  if not a then bad("%s: coverage: the document has no '%s'", id, spec.from); return end
  local z = #seed + 1
  if spec.to then z = seed:find(spec.to, b + 1, true) end
  if not z then bad("%s: coverage: the document has no '%s' after '%s'", id, spec.to, spec.from); return end
  local passage = seed:sub(a, z - 1)
  -- Order: each condition's first passage lies after the previous one's.
  local at, prev = 1, nil
  for _, c in ipairs(R.conditions) do
    local first = squash(parts_of(c.text)[1])
    local p = passage:find(first, at, true)
    if not p and passage:find(first, 1, true) then
      bad("%s: condition %s comes before %s in the document", id, c.id, prev or "the start")
    elseif p then at = p end
    prev = c.id
  end
  local rest = passage
  local texts = {}
  for _, c in ipairs(R.conditions) do texts[#texts + 1] = c.text end
  if spec.indicators then
    for _, ind in ipairs(R.indicators) do texts[#texts + 1] = ind.text end
  end
  for _, t in ipairs(texts) do
    for _, part in ipairs(parts_of(t)) do rest = cut(rest, squash(dsl_trim(part))) end
  end
  -- What is left once the headings are cut too, split at punctuation, enumerators and cut marks, is a
  -- clause no condition quotes.
  local heads = {}
  for _, h in ipairs(spec.headings) do heads[#heads + 1] = h end
  table.sort(heads, function(x, y) return #x > #y end)
  for _, h in ipairs(heads) do rest = cut(rest, h) end
  local seps = { "。", "，", "；", "：", "、", "（", "）", "“", "”", "|", "." }
  for _, sep in ipairs(seps) do rest = cut(rest, sep) end
  for piece in rest:gmatch("[^|]+") do
    local words = piece:gsub("%d+", "")
    if words ~= "" then
      bad("%s: a clause of the document's conditions is no condition's text: %s", id, words)
    end
  end
  if failures == n0 then ok("%s: every clause of the conditions is a condition, in the document's order", id) end
end

-- ---------------------------------------------------------------- evaluation on sample packs
local kinds = { pdf = "pdf", docx = "docx", doc = "docx", xlsx = "xlsx", xls = "xlsx", pptx = "pptx", ppt = "pptx",
  txt = "text", md = "text", csv = "text", json = "text", html = "text", jpg = "image", jpeg = "image",
  png = "image", gif = "image", svg = "image", mp3 = "audio", wav = "audio", mp4 = "video", avi = "video",
  mov = "video", zip = "archive", ["7z"] = "archive", rar = "archive" }

local function pack_view(stem)
  local dir = src .. "/packs/samples-src/" .. stem
  local text = slurp(dir .. "/facts.json")
  if not text then return nil, "no " .. dir .. "/facts.json" end
  local okj, m = pcall(json_decode, text)
  if not okj then return nil, dir .. "/facts.json: " .. m end
  local p = { applicant = m.applicant, task = m.task, title = m.title, region = m.region, facts = m.facts or {}, files = {} }
  -- The pack's files: pack.json's entries (what gen.py puts in the pack), else the folder's files,
  -- else the facts.json evidence list. Text comes from an entry's source .txt/.md/.csv/.tsv file.
  local sources = {}
  local spec_text = slurp(dir .. "/pack.json")
  local okp, spec = pcall(function() return spec_text and json_decode(spec_text) end)
  if okp and spec and spec.entries then
    for _, e in ipairs(spec.entries) do
      local ext = (e.path:match("%.([^./]+)$") or ""):lower()
      p.files[#p.files + 1] = { path = e.path, size = 0, ext = ext, kind = kinds[ext] or "other" }
      if e.from then sources[e.path] = dir .. "/" .. e.from end
    end
  else
    local h = io.popen("cd '" .. dir .. "' && find . -type f ! -name facts.json -printf '%P\\t%s\\n' 2>/dev/null | sort")
    for line in h:lines() do
      local path, size = line:match("^(.-)\t(%d+)$")
      if path then
        local ext = (path:match("%.([^./]+)$") or ""):lower()
        p.files[#p.files + 1] = { path = path, size = tonumber(size), ext = ext, kind = kinds[ext] or "other" }
        sources[path] = dir .. "/" .. path
      end
    end
    h:close()
  end
  if #p.files == 0 then
    for _, e in ipairs(m.evidence or {}) do
      local ext = (e.path:match("%.([^./]+)$") or ""):lower()
      p.files[#p.files + 1] = { path = e.path, size = 0, ext = ext, kind = kinds[ext] or "other" }
    end
  end
  p.text = function(path)
    local from = sources[path]
    local ext = from and (from:match("%.(%w+)$") or ""):lower()
    if ext == "txt" or ext == "md" or ext == "csv" or ext == "tsv" then
      local s = slurp(from)
      return s and s:sub(1, 1048576)
    end
    return nil
  end
  p.evidence_ok = {}
  for _, e in ipairs(m.evidence or {}) do
    local found = false
    for _, f in ipairs(p.files) do if f.path == e.path then found = true end end
    p.evidence_ok[#p.evidence_ok + 1] = { path = e.path, found = found, indicators = e.indicators or {} }
  end
  return p, nil, m
end

local function run(check, p)
  local okr, r, d = pcall(check, p)
  if not okr then return "error", tostring(r) end
  if r ~= "pass" and r ~= "fail" and r ~= "nodata" and r ~= "confirm" then return "error", "bad result " .. tostring(r) end
  if type(d) ~= "string" then return "error", "detail is not a string" end
  return r, d
end

local function evaluate(R, p)
  local res = { conditions = {}, autochecks = {}, vetoes = {}, deductions = {}, details = {} }
  local elig = true
  for _, c in ipairs(R.conditions) do
    local r, d = run(c.check, p)
    res.conditions[c.id] = r; res.details["E:" .. c.id] = d
    -- warn (原则上) and info (鼓励) conditions are shown but never decide eligibility.
    local required = (c.severity or "required") == "required"
    if not required then
    elseif r == "fail" or r == "error" then elig = false elseif r ~= "pass" and elig == true then elig = "unknown" end
  end
  res.eligible = elig
  for _, a in ipairs(R.autochecks) do
    local r, d = run(a.check, p)
    res.autochecks[a.id] = r; res.details["A:" .. a.id] = d
  end
  for _, v in ipairs(R.vetoes) do
    local r, d = "confirm", "待确认"
    if v.check then r, d = run(v.check, p) end
    res.vetoes[v.id] = r; res.details["V:" .. v.id] = d
  end
  for _, v in ipairs(R.deductions) do
    local r, d = "confirm", "待确认"
    if v.check then r, d = run(v.check, p) end
    res.deductions[v.id] = r; res.details["D:" .. v.id] = d
  end
  for _, x in ipairs(R.crosschecks) do
    local okk, k = pcall(x.key, p)
    if not okk then bad("crosscheck %s: %s", x.id, tostring(k)) end
  end
  return res
end

local function expectations(id, R)
  local tpath = src .. "/rules/tests/" .. id .. ".lua"
  if not slurp(tpath) then bad("%s: no %s", id, tpath); return end
  local list = {}
  local env = { expect = function(t) list[#list + 1] = t end }
  local chunk, e = loadfile(tpath, "t", env)
  if not chunk then bad("%s", e); return end
  local okc, e2 = pcall(chunk)
  if not okc then bad("%s", tostring(e2)); return end
  if #list == 0 then bad("%s: no expectations", id) end
  -- A misspelt key or an id the rule set lacks would make an expectation check nothing.
  local ids = {}
  for _, sec in ipairs({ "conditions", "autochecks", "vetoes", "deductions" }) do
    ids[sec] = {}
    for _, c in ipairs(R[sec] or {}) do ids[sec][c.id] = true end
  end
  local KEYS = { pack = true, eligible = true, conditions = true, autochecks = true, vetoes = true,
                 deductions = true, note = true }
  for _, ex in ipairs(list) do
    for k in pairs(ex) do if not KEYS[k] then bad("%s %s: unknown expectation key '%s'", id, tostring(ex.pack), tostring(k)) end end
    for _, sec in ipairs({ "conditions", "autochecks" }) do
      for cid in pairs(ex[sec] or {}) do
        if not ids[sec][cid] then bad("%s %s: %s has no id %s", id, tostring(ex.pack), sec, tostring(cid)) end
      end
    end
    for _, sec in ipairs({ "vetoes", "deductions" }) do
      for _, cid in ipairs(ex[sec] or {}) do
        if not ids[sec][cid] then bad("%s %s: %s has no id %s", id, tostring(ex.pack), sec, tostring(cid)) end
      end
    end
  end
  for _, ex in ipairs(list) do
    local stem = ex.pack:gsub("%.[^.]+$", "")
    local p, perr, meta = pack_view(stem)
    if not p then bad("%s %s: %s", id, ex.pack, perr)
    else
      if meta.task ~= id then bad("%s %s: facts.json task is %s", id, ex.pack, tostring(meta.task)) end
      if R.variant_fact then p.variant = p.facts[R.variant_fact] end
      local known = {}
      for _, ind in ipairs(R.indicators) do known[ind.id] = true end
      for _, e in ipairs(p.evidence_ok) do
        if not e.found then bad("%s %s: evidence path %s is not in the pack", id, ex.pack, e.path) end
        for _, i in ipairs(e.indicators) do
          if not known[i] then bad("%s %s: evidence %s names unknown indicator %s", id, ex.pack, e.path, i) end
        end
      end
      local res = evaluate(R, p)
      local function cmp(what, want, got, detail)
        if want == got then ok("%s %s %s = %s  %s", id, ex.pack, what, tostring(got), detail or "")
        else bad("%s %s %s = %s, expected %s  %s", id, ex.pack, what, tostring(got), tostring(want), detail or "") end
      end
      if ex.eligible ~= nil then cmp("eligible", ex.eligible, res.eligible) end
      for cid, want in pairs(ex.conditions or {}) do cmp("condition " .. cid, want, res.conditions[cid], res.details["E:" .. cid]) end
      for aid, want in pairs(ex.autochecks or {}) do cmp("autocheck " .. aid, want, res.autochecks[aid], res.details["A:" .. aid]) end
      if ex.vetoes then
        local want, got = {}, {}
        for _, v in ipairs(ex.vetoes) do want[#want + 1] = v end
        for _, v in ipairs(R.vetoes) do if res.vetoes[v.id] == "fail" then got[#got + 1] = v.id end end
        table.sort(want); table.sort(got)
        cmp("vetoes triggered", table.concat(want, ","), table.concat(got, ","))
      end
      if ex.deductions then
        local want, got = {}, {}
        for _, v in ipairs(ex.deductions) do want[#want + 1] = v end
        for _, v in ipairs(R.deductions) do if res.deductions[v.id] == "fail" then got[#got + 1] = v.id end end
        table.sort(want); table.sort(got)
        cmp("deductions applying", table.concat(want, ","), table.concat(got, ","))
      end
      if os.getenv("SELFCHECK_VERBOSE") then
        local keys = {}
        for k in pairs(res.details) do keys[#keys + 1] = k end
        table.sort(keys)
        for _, k in ipairs(keys) do print("     " .. k .. " " .. res.details[k]) end
      end
    end
  end
end

-- ---------------------------------------------------------------- main
local rule_files = ls(src .. "/rules/*.lua")
if #rule_files == 0 then bad("no rule files under %s/rules", src) end
for _, path in ipairs(rule_files) do
  local id = path:match("([^/]+)%.lua$")
  if next(only) == nil or only[id] then
    local R, e = load_ruleset(path)
    if not R then bad("%s: load: %s", id, e)
    else
      validate(R, id)
      verbatim(R, id)
      coverage(R, id)
      expectations(id, R)
    end
  end
end
print(failures == 0 and "selfcheck: all ok" or ("selfcheck: " .. failures .. " failure(s)"))
os.exit(failures == 0 and 0 or 1)
