-- rules/lib/05_values.lua - fact values as people type them.
--
-- Facts arrive from the organiser's table (CSV, XLSX) or a pack's manifest as numbers, booleans or text.
-- Text is read by the fact's declared type (facts{...}):
--   number   "3", "3年", "2家", "三级", "１２"（full-width）, "1,200", "十二" -> the number; a unit after the
--            number must be the declared one (or a counting word such as 个 for a count; 年 for 学年)
--   percent  "38%", "38％", "38" -> 38; a bare number below 1 ("0.38", an Excel percent cell read as its
--            value) is a fraction -> 38. 1 and above are percent points ("1" is 1%).
--   bool     是/否, 有/无, √/×, ✓/✗, yes/no, true/false, 1/0, 已…(已接入) / 未…, 不…, 没…, 无…
--   date     2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日 (a time after it is ignored), or an
--            Excel date serial number -> "YYYY-MM-DD"
-- A value that cannot be read is refused with its text shown (dsl.show) and the fact named.
dsl.register_lib()

-- A value for a message: control characters (CR, LF, tabs, escapes) become spaces, long text is cut at
-- a character boundary, quoted.
function dsl.show(v)
  if type(v) == "number" then return dsl.num(v) end
  if type(v) == "boolean" then return v and "true" or "false" end
  local s = tostring(v):gsub("[%c\127]", " ")
  if #s > 80 then
    local cut = 80
    while cut > 1 and (s:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
    s = s:sub(1, cut) .. "…"
  end
  return "“" .. s .. "”"
end

-- Full-width forms (ＡＢＣ１２３％．) and the ideographic space become ASCII; spaces around are dropped.
function dsl.ascii(s)
  local out = {}
  for _, c in utf8.codes(s) do
    if c >= 0xFF01 and c <= 0xFF5E then out[#out + 1] = string.char(c - 0xFEE0)
    elseif c == 0x3000 or c == 0xA0 then out[#out + 1] = " "
    else out[#out + 1] = utf8.char(c) end
  end
  return (table.concat(out):gsub("^%s+", ""):gsub("%s+$", ""))
end

local CN_DIGIT = { ["零"] = 0, ["〇"] = 0, ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4,
                   ["五"] = 5, ["六"] = 6, ["七"] = 7, ["八"] = 8, ["九"] = 9 }
local CN_UNIT = { ["十"] = 10, ["百"] = 100, ["千"] = 1000 }

-- "三" 3, "十二" 12, "二十" 20, "一百零五" 105, "两万" 20000; nil when s is not a Chinese numeral.
function dsl.cn_number(s)
  if s == "" then return nil end
  local total, section, digit = 0, 0, nil
  for _, c in utf8.codes(s) do
    local ch = utf8.char(c)
    if CN_DIGIT[ch] then digit = CN_DIGIT[ch]
    elseif CN_UNIT[ch] then section = section + (digit or 1) * CN_UNIT[ch]; digit = nil
    elseif ch == "万" then total = (total + section + (digit or 0)) * 10000; section, digit = 0, nil
    else return nil end
  end
  return total + section + (digit or 0)
end

local COUNT_WORDS = { "个", "家", "项", "人", "名", "位", "门", "所", "次", "件", "部", "本", "篇", "套", "条",
                      "级", "种", "类", "台", "台套", "人次", "学期", "省", "国" }
local ALIASES = {
  ["年"] = { "学年", "年度", "周年" }, ["学年"] = { "年", "年度" }, ["人"] = { "名", "位", "人次" },
  ["人次"] = { "人" }, ["平方米"] = { "㎡", "m2", "m²" }, ["个"] = { "项", "门", "家", "所" },
  ["省"] = { "个省", "个省份", "省份" }, ["国"] = { "个国家", "国家" },
}

local function is_count_word(u)
  for _, w in ipairs(COUNT_WORDS) do if w == u then return true end end
  return false
end

-- May a value typed with unit `got` stand for a fact declared in `unit`?
local function unit_ok(got, unit)
  if got == "" or got == unit then return true end
  for _, a in ipairs(ALIASES[unit] or {}) do if a == got then return true end end
  return got == "个" and (unit == "" or is_count_word(unit))
end

-- The number typed in s (already ASCII-folded) and what follows it.
local function split_number(s)
  s = s:gsub("^第", "")
  local num, rest = s:match("^([+-]?%d[%d,]*%.?%d*)%s*(.-)$")
  if num then
    if num:find(",") and (num:find(",%d?%d?%f[^%d]") or num:find(",%d%d%d%d") or num:find("^[+-]?%d%d%d%d")) then
      return nil
    end
    return tonumber((num:gsub(",", ""))), rest
  end
  -- A Chinese numeral: the longest prefix made of numeral characters.
  local prefix, pos = {}, 1
  for p, c in utf8.codes(s) do
    local ch = utf8.char(c)
    if not (CN_DIGIT[ch] or CN_UNIT[ch] or ch == "万") then break end
    prefix[#prefix + 1] = ch
    pos = p + #ch
  end
  if #prefix == 0 then return nil end
  return dsl.cn_number(table.concat(prefix)), (s:sub(pos):gsub("^%s+", ""))
end

-- 0.29 -> 29 (not 28.999999999999996, which would fail "≥ 29").
function dsl.fraction_pct(v) return math.floor(v * 100 * 1e6 + 0.5) / 1e6 end

-- The number a value stands for under declaration f (f may be nil: a bare number). Returns the number,
-- or nil and why.
function dsl.read_number(v, f)
  local ty, unit = f and f.type or "number", f and f.unit or ""
  if type(v) == "boolean" then return nil, "是/否值，不是数值" end
  if type(v) == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return nil, "不是有限数值" end
    if ty == "percent" and v > 0 and v < 1 then return dsl.fraction_pct(v) end
    return v
  end
  if type(v) ~= "string" then return nil, "不是数值" end
  local s = dsl.ascii(v)
  local n, rest = split_number(s)
  if n == nil then return nil, "读不出数值" end
  if ty == "percent" then
    if rest == "%" then return n end
    if rest ~= "" then return nil, "百分数后有多余的 " .. dsl.show(rest) end
    if n > 0 and n < 1 then return dsl.fraction_pct(n) end
    return n
  end
  if rest == "%" then return nil, "是百分数，但此项不是百分比" end
  if not unit_ok(rest, unit) then
    return nil, "单位 " .. dsl.show(rest) .. (unit ~= "" and ("，应为 " .. unit) or " 无法识别")
  end
  return n
end

local YES = { ["是"] = true, ["有"] = true, ["yes"] = true, ["true"] = true, ["y"] = true, ["1"] = true,
              ["√"] = true, ["✓"] = true, ["✔"] = true, ["☑"] = true, ["对"] = true, ["通过"] = true,
              ["具备"] = true, ["符合"] = true, ["满足"] = true, ["是的"] = true, ["有的"] = true }
local NO = { ["否"] = true, ["无"] = true, ["no"] = true, ["false"] = true, ["n"] = true, ["0"] = true,
             ["×"] = true, ["✗"] = true, ["✘"] = true, ["x"] = true, ["☐"] = true, ["不是"] = true,
             ["没有"] = true, ["不具备"] = true, ["不符合"] = true, ["不满足"] = true }

-- A fact read as yes/no (nil when it is neither). "已接入" is yes, "未接入"/"不…"/"没…" no.
function dsl.truth(v)
  if type(v) == "boolean" then return v end
  if type(v) == "number" then
    if v == 1 then return true end
    if v == 0 then return false end
    return nil
  end
  if type(v) ~= "string" then return nil end
  local s = dsl.ascii(v):lower()
  if YES[s] then return true end
  if NO[s] then return false end
  if #s > 3 then
    local head = s:sub(1, 3)
    if head == "已" then return true end
    if head == "未" or head == "没" or head == "不" or head == "无" then return false end
  end
  return nil
end

local function days_in(y, m)
  local d = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then return 29 end
  return d[m]
end

-- An Excel serial day number (1900 system) as y, m, d.
local function from_serial(n)
  local days = math.floor(n) - 25569 -- days since 1970-01-01
  local z = days + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return yoe + era * 400 + (m <= 2 and 1 or 0), m, d
end

-- "YYYY-MM-DD" for a typed date, or nil and why.
function dsl.read_date(v)
  local y, m, d
  if type(v) == "number" then
    if v < 20000 or v > 80000 then return nil, "不是日期" end
    y, m, d = from_serial(v)
  elseif type(v) == "string" then
    local s = dsl.ascii(v):gsub("年", "-"):gsub("月", "-"):gsub("日", "")
    local after
    y, m, d, after = s:match("^(%d%d%d%d)%s*[-/.]%s*(%d%d?)%s*[-/.]%s*(%d%d?)(.*)$")
    if y and after ~= "" and not after:match("^[T%s]%d%d?:%d%d") then return nil, "不是日期（YYYY-MM-DD）" end
    y, m, d = tonumber(y), tonumber(m), tonumber(d)
  end
  if not y then return nil, "不是日期（YYYY-MM-DD）" end
  if m < 1 or m > 12 or d < 1 or d > days_in(y, m) then return nil, "不是有效日期" end
  return string.format("%04d-%02d-%02d", y, m, d)
end
