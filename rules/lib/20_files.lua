-- rules/lib/20_files.lua - checks over a pack's files (p.files) and their text (p.text).
--
-- Kinds are pdf docx xlsx pptx text image audio video archive other. Path patterns are plain,
-- case-insensitive substrings of the path.
dsl.register_lib()

local function strings(fname, i, list, what)
  dsl.arg(fname, i, list, "table", what, 3)
  if #list == 0 then dsl.fail(fname .. ": " .. what .. " is empty") end
  for k, v in ipairs(list) do dsl.arg(fname, i, v, "string", what .. " item " .. k, 3) end
end

local KINDS = { pdf = true, docx = true, xlsx = true, pptx = true, text = true, image = true, audio = true,
                video = true, archive = true, other = true }
local function kinds_arg(fname, i, kinds)
  strings(fname, i, kinds, "the file kinds")
  for _, k in ipairs(kinds) do
    if not KINDS[k] then dsl.fail(fname .. ": unknown file kind '" .. k .. "' (pdf docx xlsx pptx text image audio video archive other)") end
  end
end

local function matches(path, patterns)
  local lp = path:lower()
  for _, pat in ipairs(patterns) do
    if lp:find(pat:lower(), 1, true) then return true end
  end
  return false
end
dsl.path_matches = matches

local function kind_set(kinds)
  local s = {}
  for _, k in ipairs(kinds) do s[k] = true end
  return s
end

-- files(p, { kinds = {…}, patterns = {…} }): the pack's files that match (both filters optional).
function files(p, f)
  f = f or {}
  local ks = f.kinds and kind_set(f.kinds)
  local r = {}
  for _, file in ipairs(p.files or {}) do
    if (not ks or ks[file.kind]) and (not f.patterns or matches(file.path, f.patterns)) then r[#r + 1] = file end
  end
  return r
end

local function share_check(kinds, pct, label, at_most_p)
  label = label or table.concat(kinds, "/") .. " 文件占比"
  return function(p)
    local all = p.files or {}
    if #all == 0 then return "nodata", label .. "：包内没有文件" end
    local n = #files(p, { kinds = kinds })
    local share = 100 * n / #all
    local pass = at_most_p and share <= pct or (not at_most_p and share >= pct)
    local op = at_most_p and (pass and "≤" or ">") or (pass and "≥" or "<")
    return pass and "pass" or "fail",
      string.format("%s %d/%d = %s%% %s %s%%", label, n, #all, dsl.num(math.floor(share * 10 + 0.5) / 10), op, dsl.num(pct))
  end
end

-- file_share_at_most({ "text", "image" }, 30, "文本/图形类文件占比"): share of files (by count) of those kinds.
function file_share_at_most(kinds, pct, label)
  kinds_arg("file_share_at_most", 1, kinds)
  dsl.arg("file_share_at_most", 2, pct, "number", "the percentage")
  dsl.arg("file_share_at_most", 3, label, "string?", "the label")
  local c = share_check(kinds, pct, label, true)
  return c
end
function file_share_at_least(kinds, pct, label)
  kinds_arg("file_share_at_least", 1, kinds)
  dsl.arg("file_share_at_least", 2, pct, "number", "the percentage")
  dsl.arg("file_share_at_least", 3, label, "string?", "the label")
  local c = share_check(kinds, pct, label, false)
  return c
end

-- has_file({ "章程" }, "联合体章程"): pass when some file's path contains a pattern.
function has_file(patterns, label)
  strings("has_file", 1, patterns, "the path patterns")
  dsl.arg("has_file", 2, label, "string?", "the label")
  label = label or table.concat(patterns, "/")
  local check = function(p)
    if #(p.files or {}) == 0 then return "nodata", label .. "：包内没有文件" end
    local hit = files(p, { patterns = patterns })
    if #hit > 0 then return "pass", label .. "：" .. hit[1].path end
    return "fail", label .. "：未找到路径含 " .. table.concat(patterns, "/") .. " 的文件"
  end
  dsl.checks[check] = { facts = {}, reads = "yes", name = "has_file" }
  return check
end

-- count_files({ kinds = {"video"}, patterns = {…} }, 3, "视频文件"): at least n matching files.
function count_files(filter, n, label)
  dsl.arg("count_files", 1, filter, "table", "the filter { kinds =, patterns = }")
  dsl.keys(filter, { "kinds", "patterns" }, "count_files filter")
  if filter.kinds then kinds_arg("count_files", 1, filter.kinds) end
  if filter.patterns then strings("count_files", 1, filter.patterns, "the path patterns") end
  dsl.arg("count_files", 2, n, "number", "the number of files")
  dsl.arg("count_files", 3, label, "string?", "the label")
  label = label or "文件数"
  local check = function(p)
    if #(p.files or {}) == 0 then return "nodata", label .. "：包内没有文件" end
    local c = #files(p, filter)
    return c >= n and "pass" or "fail", string.format("%s %d %s %d", label, c, c >= n and "≥" or "<", n)
  end
  dsl.checks[check] = { facts = {}, reads = "yes", name = "count_files" }
  return check
end

-- size_at_most(mb, "申报材料总大小"): the pack's files together are at most mb MiB.
function size_at_most(mb, label)
  dsl.arg("size_at_most", 1, mb, "number", "the size in MiB")
  dsl.arg("size_at_most", 2, label, "string?", "the label")
  label = label or "文件总大小"
  return function(p)
    local total = 0
    for _, f in ipairs(p.files or {}) do total = total + (f.size or 0) end
    local m = total / 1048576
    return m <= mb and "pass" or "fail",
      string.format("%s %s MiB %s %s MiB", label, dsl.num(math.floor(m * 10 + 0.5) / 10), m <= mb and "≤" or ">", dsl.num(mb))
  end
end

-- Words that, just before a mention in the same clause, deny it: "不存在剽窃…", "无抄袭", "未发生".
local NEGATIONS = { "不存在", "不涉及", "不得", "没有", "并无", "杜绝", "严禁", "禁止", "防止", "避免", "否认",
                    "无", "未", "不", "非", "没" }
local CLAUSE_END = { "，", "。", "；", "！", "？", "：", ",", ".", ";", "!", "?", ":", "\n" }

-- The text of the clause before byte position i, at most 8 characters.
local function clause_before(text, i)
  local start = i
  for _ = 1, 8 do
    if start <= 1 then break end
    local j = start - 1
    while j > 1 and (text:byte(j) & 0xC0) == 0x80 do j = j - 1 end
    local ch = text:sub(j, start - 1)
    local stop = false
    for _, e in ipairs(CLAUSE_END) do if ch == e then stop = true end end
    if stop then break end
    start = j
  end
  return text:sub(start, i - 1)
end

-- Where word occurs in text and is not denied by a negation before it in its clause; nil when it
-- occurs only denied (then also the denied form, for the detail) or not at all.
function dsl.affirmed(text, word)
  local init, denied = 1, nil
  while true do
    local i = text:find(word, init, true)
    if not i then return nil, denied end
    local before = clause_before(text, i)
    local neg = false
    for _, n in ipairs(NEGATIONS) do
      if before:find(n, 1, true) then neg = true; break end
    end
    if not neg then return i end
    denied = denied or (before .. word)
    init = i + #word
  end
end

-- text_has({ "申报书" }, { "理事会", "章程" }, "申报书提及理事会与章程"): the first file whose path matches
-- has every word in its extracted text, each at least once not denied ("不存在剽窃" does not count as a
-- mention of 剽窃). No such file or no text -> "nodata".
function text_has(patterns, words, label)
  strings("text_has", 1, patterns, "the path patterns")
  strings("text_has", 2, words, "the words")
  dsl.arg("text_has", 3, label, "string?", "the label")
  label = label or table.concat(words, "、")
  local check = function(p)
    local hit = files(p, { patterns = patterns })
    if #hit == 0 then return "nodata", label .. "：未找到路径含 " .. table.concat(patterns, "/") .. " 的文件" end
    local text = p.text and p.text(hit[1].path)
    if type(text) ~= "string" then return "nodata", label .. "：" .. hit[1].path .. " 无可用文本" end
    local absent, denied = {}, {}
    for _, w in ipairs(words) do
      local at, neg = dsl.affirmed(text, w)
      if not at then
        absent[#absent + 1] = w
        if neg then denied[#denied + 1] = dsl.show(neg) end
      end
    end
    if #absent == 0 then return "pass", label .. "：" .. hit[1].path .. " 含 " .. table.concat(words, "、") end
    local d = label .. "：" .. hit[1].path .. " 缺 " .. table.concat(absent, "、")
    if #denied > 0 then d = d .. "（仅以否定形式出现：" .. table.concat(denied, "、") .. "）" end
    return "fail", d
  end
  dsl.checks[check] = { facts = {}, reads = "yes", name = "text_has" }
  return check
end
