#!/usr/bin/env bash
# jury rules list/check/show/eval/test against the real binary and the shipped
# rule sets and sample packs; a hostile rule file gives clean errors.
set -u
fail=0
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d /tmp/jury-rules-sh.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
say() { echo "FAIL: $*" >&2; fail=1; }
run() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" = "$want" ] || { say "$what: exit $got, want $want"; sed 's/^/  /' "$tmp/err" "$tmp/out" | head -20 >&2; }
}
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

run 0 "rules list" "$JURY_BIN" rules list
n=$(awk -F'\t' 'NF == 4' "$tmp/out" | wc -l)
[ "$n" -ge 1 ] || say "rules list: no ID<TAB>name<TAB>version<TAB>file lines"
ids=$(cut -f1 "$tmp/out")

for id in $ids; do
  run 0 "rules check $id" "$JURY_BIN" rules check "$src/rules/$id.lua"
  run 0 "rules show $id --json" "$JURY_BIN" rules show "$id" --json
  json_ok "$tmp/out" || say "rules show $id --json: not JSON"
  if [ -f "$src/rules/tests/$id.lua" ]; then
    run 0 "rules test $id" "$JURY_BIN" rules test "$id"
  fi
done

# eval: the JSON keys of the contract
pack="$src/packs/samples/packs/t4-nursing.zip"
if [ -f "$pack" ]; then
  run 0 "rules eval task4" "$JURY_BIN" rules eval task4 "$pack" --json
  json_ok "$tmp/out" || say "rules eval --json: not JSON"
  python3 - "$tmp/out" <<'PY' || say "rules eval task4 t4-nursing: wrong JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["eligible"] is False, d["eligible"]
for k in ("conditions", "autochecks", "vetoes", "evidence"):
    assert isinstance(d[k], list), k
for c in d["conditions"] + d["autochecks"]:
    assert set(("id", "text", "result", "detail")) <= set(c), c
    assert c["result"] in ("pass", "fail", "nodata", "confirm", "error"), c
for v in d["vetoes"]:
    assert "id" in v and "text" in v
for e in d["evidence"]:
    assert "indicator" in e and "path" in e
PY
  run 0 "rules eval task4 (text)" "$JURY_BIN" rules eval task4 "$pack"
  grep -q '^eligible: no' "$tmp/out" || say "rules eval: no eligibility line"
fi

# check: every problem as file:line: message, exit 1
cat >"$tmp/bad.lua" <<'LUA'
ruleset{ id = "bad", name = "x", version = "1", source = "s", total = 100 }
point{ "1", "a", max = 50 }
oops(
LUA
run 1 "rules check bad" "$JURY_BIN" rules check "$tmp/bad.lua"
grep -q "bad.lua:[0-9]*: " "$tmp/out" || say "rules check bad: no file:line: message"
printf '\xEF\xBB\xBFRULESET = {}\n' >"$tmp/bom.lua"
run 1 "rules check BOM" "$JURY_BIN" rules check "$tmp/bom.lua"
grep -q "bom.lua:1: .*BOM" "$tmp/out" || say "rules check BOM: no clean message"

# a hostile check: an error on that check, the rest evaluates
cat >"$tmp/hostile.lua" <<'LUA'
RULESET = { id = "hostile", name = "h", version = "1", source = "s", total = 10,
  indicators = { { id = "1", text = "a", depth = 1, scored = true, max = 10, mode = "points" } },
  conditions = {
    { id = "E1", text = "io", kind = "auto", check = function(p) return io.open("/etc/passwd") end },
    { id = "E2", text = "loop", kind = "auto", check = function(p) while true do end end },
    { id = "E3", text = "ok", kind = "auto", check = function(p) return "pass", "fine" end },
  } }
LUA
if [ -f "$pack" ]; then
  run 1 "rules eval hostile" "$JURY_BIN" rules eval "$tmp/hostile.lua" "$pack" --json
  python3 - "$tmp/out" <<'PY' || say "rules eval hostile: wrong results"
import json, sys
d = json.load(open(sys.argv[1]))
r = {c["id"]: c for c in d["conditions"]}
assert r["E1"]["result"] == "error" and "hostile.lua:4:" in r["E1"]["detail"], r["E1"]
assert r["E2"]["result"] == "error" and "instruction limit" in r["E2"]["detail"], r["E2"]
assert r["E3"]["result"] == "pass", r["E3"]
PY
fi

run 2 "rules show unknown" "$JURY_BIN" rules show no-such-rule-set
run 2 "rules bad verb" "$JURY_BIN" rules frobnicate
exit $fail
