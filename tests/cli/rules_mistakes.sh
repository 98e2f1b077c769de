#!/usr/bin/env bash
# Organisers' mistakes are caught at their own file and line (rules check,
# rules test), and fact values are read as people type them (rules eval on
# packs built here with jury pack build).
set -u
J=${JURY_BIN:?}
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
export JURY_SHARE=${JURY_SHARE:-$src}
t=$(mktemp -d /tmp/jury-rules-mistakes.XXXXXX)
trap 'rm -rf "$t"' EXIT
export JURY_HOME=$t/home
fail=0
say() { echo "FAIL: $*" >&2; fail=1; }
run() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$t/out" 2>"$t/err"
  local got=$?
  [ "$got" = "$want" ] || { say "$what: exit $got, want $want"; sed 's/^/  /' "$t/err" "$t/out" | head -20 >&2; }
}
has() { grep -q -- "$2" "$t/$1" || say "'$2' not in $1: $(head -5 "$t/$1")"; }

head='ruleset{ id = "ID", name = "x", version = "1", source = "s", total = 10 }
facts{ years = { "number", "年", "办学年限" }, ok = { "bool", "", "符合" }, kind = { "text", "", "类型" } }
point{ "1", "a", max = 10 }'
mistake() { # id line-of-mistake expected-message lua-line
  local id=$1 line=$2 msg=$3
  printf '%s\n%s\n' "${head//ID/$id}" "$4" >"$t/$id.lua"
  run 1 "rules check $id" "$J" rules check "$t/$id.lua"
  has out "$id.lua:$line: .*$msg"
  grep -q 'rules/lib' "$t/out" && say "$id: error placed in rules/lib: $(cat "$t/out")"
}
mistake undeclared 4 "fact 'yeers' is not declared" 'eligibility{ { "E1", "t", at_least("yeers", 3) } }'
mistake swapped 4 'at_least: argument 1 (the fact name) must be a string, not number 10' \
  'eligibility{ { "E1", "t", at_least(10, "years") } }'
mistake wrongtype 4 "fact 'ok' is declared bool; at_least reads number or percent" \
  'eligibility{ { "E1", "t", at_least("ok", 1) } }'
mistake kofn 4 'k_of_n: k = 3 must be a whole number from 1 to 2' \
  'eligibility{ { "E1", "t", k_of_n(3, { is_true("ok"), at_least("years", 1) }) } }'
mistake inverted 4 "veto 'V1': its check passes when the problem is present" \
  'veto{ "V1", "存在问题", check = is_true("ok") }'
mistake keyvariant 4 "key = {…} names variants but the rule set has no variant" \
  'point{ "2", "b", max = 1, key = { "中职学校" } }'
mistake misspelt 4 "point: unknown key 'levles'" 'point{ "2", "b", max = 1, levles = "ABCD" }'
mistake group 4 'point_group: argument 3 (its weight) must be a number, not string "6"' \
  'point_group("2", "组", "6", { "甲", "乙" })'
mistake noyear 4 'date_by: deadline 03-31 has no year' \
  'facts{ d = { "date", "", "日期" } } autocheck{ "A1", "t", date_by("d", "03-31") }'

# the id must be the file stem (rules show ID finds ID.lua)
printf '%s\n' "${head//ID/task4x}" >"$t/other.lua"
run 1 "rules check id != stem" "$J" rules check "$t/other.lua"
has out 'other.lua:1: the id "task4x" differs from the file name other.lua'

# expectations: a misspelt key or an unknown id is an error, deductions can be tested
mkdir -p "$t/kit/rules/tests" "$t/kit/packs"
cp "$src/rules/task1.lua" "$t/kit/rules/task1.lua"
cp "$src/packs/samples/packs/t1-changzhou.zip" "$t/kit/packs/"
printf 'expect { pack = "t1-changzhou.zip", autocheck = { A1 = "pass" } }\n' >"$t/kit/rules/tests/task1.lua"
run 2 "rules test misspelt key" "$J" rules test task1 --kit "$t/kit"
has err "task1.lua:1: expect: unknown key 'autocheck'"
printf 'expect { pack = "t1-changzhou.zip", vetoes = { "V9" }, deductions = { "D1" } }\n' >"$t/kit/rules/tests/task1.lua"
run 1 "rules test unknown veto" "$J" rules test task1 --kit "$t/kit"
has out 'no veto V9 in the rule set'
printf 'expect { pack = "t1-changzhou.zip", deductions = {} }\n' >"$t/kit/rules/tests/task1.lua"
run 1 "rules test deduction" "$J" rules test task1 --kit "$t/kit"
has out 'deduction D1 fired but not expected'

# values as people type them
cat >"$t/values.lua" <<'LUA'
ruleset{ id = "values", name = "取值", version = "1", source = "s", total = 10, year = 2026 }
facts{
  share   = { "percent", "%", "占比" },     share2 = { "percent", "%", "占比二" },
  share3  = { "percent", "%", "占比三" },   units  = { "number", "家", "单位数" },
  level   = { "number", "级", "等级" },     wide   = { "number", "", "全角" },
  tick    = { "bool", "", "勾选" },         joined = { "bool", "", "接入" },
  old     = { "date", "", "旧日期" },       cn     = { "date", "", "中文日期" },
  bad     = { "number", "年", "坏值" },     months = { "number", "年", "月数" },
}
point{ "1", "a", max = 10 }
autocheck{ "A1", "t", at_most("share", 30) }
autocheck{ "A2", "t", at_most("share2", 30) }
autocheck{ "A3", "t", at_least("share3", 70) }
autocheck{ "A4", "t", at_least("units", 2) }
autocheck{ "A5", "t", at_least("level", 3) }
autocheck{ "A6", "t", at_least("wide", 12) }
autocheck{ "A7", "t", is_true("tick") }
autocheck{ "A8", "t", is_true("joined") }
autocheck{ "A9", "t", date_by("old", "03-31") }
autocheck{ "A10", "t", date_by("cn", "03-31") }
autocheck{ "A11", "t", at_least("bad", 1) }
autocheck{ "A12", "t", at_least("months", 1) }
LUA
mkdir -p "$t/sub" && echo 材料 >"$t/sub/a.txt"
printf '{"share":"38%%","share2":"22％","share3":0.75,"units":"2家","level":"三级","wide":"１２",
 "tick":"√","joined":"已接入","old":"2019-01-05","cn":"2026年3月5日","bad":"abc\\r\\n\\u001b[31m",
 "months":"3个月"}\n' >"$t/facts.json"
run 0 "pack build" "$J" pack build "$t/sub" --task values --facts "$t/facts.json" -o "$t/values.zip"
run 0 "rules eval values" "$J" rules eval "$t/values.lua" "$t/values.zip" --json
python3 - "$t/out" <<'PY' || say "values not read as typed"
import json, sys
d = json.load(open(sys.argv[1]))
r = {c["id"]: (c["result"], c["detail"]) for c in d["autochecks"]}
want = {"A1": "fail", "A2": "pass", "A3": "pass", "A4": "pass", "A5": "pass", "A6": "pass",
        "A7": "pass", "A8": "pass", "A9": "fail", "A10": "pass", "A11": "nodata", "A12": "nodata"}
for k, v in want.items():
    assert r[k][0] == v, (k, r[k])
assert "38%" in r["A1"][1] and "2019-01-05" in r["A9"][1], r
assert "坏值（bad）" in r["A11"][1] and "abc" in r["A11"][1], r["A11"]
assert "\r" not in r["A11"][1] and "\x1b" not in r["A11"][1], r["A11"]
assert "月数（months）" in r["A12"][1] and "3个月" in r["A12"][1], r["A12"]
PY
run 0 "rules eval values (text)" "$J" rules eval "$t/values.lua" "$t/values.zip"
grep -q $'\r' "$t/out" && say "a CR reached the terminal"
grep -q $'\x1b' "$t/out" && say "an escape reached the terminal"

# a pack of another task: a warning; a denied mention is no mention
mkdir -p "$t/res" && echo '本资源不存在剽窃等侵犯知识产权的情况。' >"$t/res/知识产权情况说明.txt"
run 0 "pack build resource" "$J" pack build "$t/res" --task task10-resource -o "$t/res.zip"
run 0 "rules eval task10-resource" "$J" rules eval task10-resource "$t/res.zip" --json
python3 - "$t/out" <<'PY' || say "不存在剽窃 read as a mention of 剽窃"
import json, sys
d = json.load(open(sys.argv[1]))
a3 = [c for c in d["autochecks"] if c["id"] == "A3"][0]
assert a3["result"] == "pass", a3
PY
run 0 "rules eval another task" "$J" rules eval task4 "$t/res.zip"
has err 'belongs to task task10-resource, not task4'
# rules show lists facts (with their readers), auto-checks, deductions and defaults
run 0 "rules show task1 --json" "$J" rules show task1 --json
python3 - "$t/out" <<'PY' || say "rules show --json lacks facts, checks or defaults"
import json, sys
d = json.load(open(sys.argv[1]))
facts = {f["name"]: f for f in d["facts"]}
assert facts["major_violations_3y"]["type"] == "number", facts["major_violations_3y"]
ded = {x["id"]: x for x in d["deductions"]}
assert ded["D1"]["facts"] == ["major_violations_3y"] and ded["D1"]["has_check"], ded
assert d["autochecks"] and all("facts" in a for a in d["autochecks"]), d["autochecks"]
assert any(x["kind"] == "deduction" and x["id"] == "D1" for x in d["defaults"]), d["defaults"]
assert all("severity" in c for c in d["conditions"])
PY
run 0 "rules show task1" "$J" rules show task1
has out '^  major_violations_3y .*<- .*D1'
has out '^auto-checks:'
has out "^organiser's defaults"
exit $fail
