-- rules/lib/20_files.lua - checks over a pack's files (p.files) and their text (p.text).
--
-- Kinds are pdf docx xlsx pptx text image audio video archive other. Path patterns are plain,
-- case-insensitive substrings of the path.

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
function file_share_at_most(kinds, pct, label) return share_check(kinds, pct, label, true) end
function file_share_at_least(kinds, pct, label) return share_check(kinds, pct, label, false) end

-- has_file({ "章程" }, "联合体章程"): pass when some file's path contains a pattern.
function has_file(patterns, label)
  label = label or table.concat(patterns, "/")
  return function(p)
    if #(p.files or {}) == 0 then return "nodata", label .. "：包内没有文件" end
    local hit = files(p, { patterns = patterns })
    if #hit > 0 then return "pass", label .. "：" .. hit[1].path end
    return "fail", label .. "：未找到路径含 " .. table.concat(patterns, "/") .. " 的文件"
  end
end

-- count_files({ kinds = {"video"}, patterns = {…} }, 3, "视频文件"): at least n matching files.
function count_files(filter, n, label)
  label = label or "文件数"
  return function(p)
    if #(p.files or {}) == 0 then return "nodata", label .. "：包内没有文件" end
    local c = #files(p, filter)
    return c >= n and "pass" or "fail", string.format("%s %d %s %d", label, c, c >= n and "≥" or "<", n)
  end
end

-- size_at_most(mb, "申报材料总大小"): the pack's files together are at most mb MiB.
function size_at_most(mb, label)
  label = label or "文件总大小"
  return function(p)
    local total = 0
    for _, f in ipairs(p.files or {}) do total = total + (f.size or 0) end
    local m = total / 1048576
    return m <= mb and "pass" or "fail",
      string.format("%s %s MiB %s %s MiB", label, dsl.num(math.floor(m * 10 + 0.5) / 10), m <= mb and "≤" or ">", dsl.num(mb))
  end
end

-- text_has({ "申报书" }, { "理事会", "章程" }, "申报书提及理事会与章程"): the first file whose path matches
-- has every word in its extracted text. No such file or no text -> "nodata".
function text_has(patterns, words, label)
  label = label or table.concat(words, "、")
  return function(p)
    local hit = files(p, { patterns = patterns })
    if #hit == 0 then return "nodata", label .. "：未找到路径含 " .. table.concat(patterns, "/") .. " 的文件" end
    local text = p.text and p.text(hit[1].path)
    if type(text) ~= "string" then return "nodata", label .. "：" .. hit[1].path .. " 无可用文本" end
    local absent = {}
    for _, w in ipairs(words) do
      if not text:find(w, 1, true) then absent[#absent + 1] = w end
    end
    if #absent == 0 then return "pass", label .. "：" .. hit[1].path .. " 含 " .. table.concat(words, "、") end
    return "fail", label .. "：" .. hit[1].path .. " 缺 " .. table.concat(absent, "、")
  end
end
