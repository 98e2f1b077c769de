-- rules/lib/99_guard.lua - runs last: every global function the lib defines is wrapped so that an error
-- raised inside lib code (a Lua error such as "attempt to index a nil value", not a dsl.fail message) is
-- reported at the rule file's line that called the DSL, with the function's name, instead of at a line
-- of rules/lib the organiser never wrote (or at no line at all, for an error raised in a C function).
-- Errors already placed at a rule file's line (dsl.fail) and the results of calls that succeed pass
-- through unchanged.
dsl.register_lib()

local function relocate(name, f)
  return function(...)
    local r = table.pack(pcall(f, ...))
    if r[1] then return table.unpack(r, 2, r.n) end
    local e = r[2]
    if type(e) == "string" then
      local chunk, rest = e:match("^(.-):%d+: (.*)$")
      if not chunk or dsl.lib_chunks[chunk] then dsl.fail(name .. ": " .. (rest or e)) end
    end
    error(e, 0)
  end
end

local names = {}
for k, v in pairs(_ENV) do
  if type(v) == "function" and not dsl.base[k] then names[#names + 1] = k end
end
for _, k in ipairs(names) do _ENV[k] = relocate(k, _ENV[k]) end
