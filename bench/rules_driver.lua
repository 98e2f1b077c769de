-- bench/rules_driver.lua - the baseline for bench/rules.sh: plain lua5.4 runs the
-- same rules/lib files and rule file on the same facts, N times, each time in a
-- fresh environment (as jury builds a fresh sandbox per evaluation), calling
-- every check. Prints the mean microseconds per pack.
-- usage: lua5.4 rules_driver.lua LIB_DIR RULE_FILE FACTS_FILE N
local lib_dir, rule_file, facts_file, n = arg[1], arg[2], arg[3], tonumber(arg[4] or "1000")

local libs = {}
local ls = io.popen('ls "' .. lib_dir .. '"/*.lua 2>/dev/null')
for f in ls:lines() do libs[#libs + 1] = f end
ls:close()
table.sort(libs)

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end
local lib_src, rule_src = {}, slurp(rule_file)
for i, f in ipairs(libs) do lib_src[i] = slurp(f) end
local p = assert(load(slurp(facts_file), "=facts", "t", {}))()
p.text = function() return nil end

local sections = { "conditions", "autochecks", "vetoes" }
local function one()
  local env = {}
  for k, v in pairs(_G) do env[k] = v end
  env._G = env
  for i, s in ipairs(lib_src) do assert(load(s, "=" .. libs[i], "t", env))() end
  assert(load(rule_src, "=" .. rule_file, "t", env))()
  local R = env.RULESET
  for _, sec in ipairs(sections) do
    for _, c in ipairs(R[sec] or {}) do
      if c.check then pcall(c.check, p) end
    end
  end
  for _, x in ipairs(R.crosschecks or {}) do pcall(x.key, p) end
end

one()
local t0 = os.clock()
for _ = 1, n do one() end
print(string.format("%.1f", (os.clock() - t0) / n * 1e6))
