#!/usr/bin/env bash
# The shipped rule sets as an organiser sees them through the real binary: every condition of the
# document in its order, 原则上/鼓励 clauses as warn/info (never deciding eligibility), the organiser's
# defaults marked (weights, caps, hardened thresholds) in `rules show --json` and in what the workbench
# shows (guidance, check details), 自选 indicators optional, task5/task11 one definition; and the DSL
# pieces behind them (defaults{}, in_principle, encouraged) on a rule file of our own.
set -u
fail=0
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-$src}
tmp=$(mktemp -d /tmp/jury-rules-fidelity.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export JURY_HOME=$tmp/home
say() { echo "FAIL: $*" >&2; fail=1; }
show() { "$J" rules show "$1" --json >"$tmp/$1.json" 2>"$tmp/err" || { say "rules show $1"; cat "$tmp/err" >&2; }; }
py() { python3 - "$@" || fail=1; }

for id in task1 task2 task3 task4 task5 task6 task7 task9 task11 task10-standard; do show "$id"; done

py "$tmp" <<'PY'
import json, sys, os
d = sys.argv[1]
def load(i): return json.load(open(os.path.join(d, i + ".json"), encoding="utf-8"))
bad = []
def want(ok, msg):
    if not ok: bad.append(msg)
def cond(r, cid): return next((c for c in r["conditions"] if c["id"] == cid), None)

# Every clause the document states, in its order (task 1: 8 + 5 + 6 + 7 + 3 clauses).
t1 = load("task1")
ids = [c["id"] for c in t1["conditions"]]
want(ids == ["E1.%d" % i for i in range(1, 9)] + ["E2.%d" % i for i in range(1, 6)] +
     ["E3.%d" % i for i in range(1, 7)] + ["E4.%d" % i for i in range(1, 8)] +
     ["E5.%d" % i for i in range(1, 4)], "task1 condition ids %s" % ids)
for cid, word in [("E1.5", "人才供需信息平台"), ("E1.6", "实训基地"), ("E1.7", "产业学院"), ("E2.5", "实体化运作"),
                  ("E3.3", "学徒制"), ("E3.5", "分段培养或贯通培养"), ("E4.4", "培训规划"), ("E5.1", "财政经费"),
                  ("E5.3", "表彰奖励")]:
    c = cond(t1, cid)
    want(c and word in c["text"], "task1 %s should quote %s" % (cid, word))
for cid in ("E3.6", "E4.7"):
    want(cond(t1, cid)["severity"] == "info", "task1 %s (鼓励) should be info" % cid)
want(t1["deductions"][0]["default"], "task1 D1's cap should be marked default")

t2 = load("task2")
want(cond(t2, "E1.4")["severity"] == "info", "task2 E1.4 (鼓励) should be info")
want(cond(t2, "E2.1")["default"], "task2 E2.1 (跨区域 as ≥ 2 省份) should be marked default")
want(next(a for a in t2["autochecks"] if a["id"] == "A4")["default"], "task2 A4 should be marked default")
for cid, word in [("E1.3", "统筹、牵头作用"), ("E1.5", "优势学科"), ("E1.6", "科技攻关方向和团队"),
                  ("E1.8", "特色专业"), ("E1.9", "人才培养质量高"), ("E1.11", "广泛开展各类培训"),
                  ("E2.2", "实质性参与")]:
    want(word in cond(t2, cid)["text"], "task2 %s should quote %s" % (cid, word))

t3 = load("task3")
want(cond(t3, "E2.4")["kind"] == "confirm", "task3 数量充足、结构合理 should be a confirm condition")
want(cond(t3, "E1.2")["severity"] == "warn", "task3 一般为 should be a warning")

t4 = load("task4")
want(len([c for c in t4["conditions"] if c["id"].startswith("E2.")]) == 12, "task4 基础条件 1-4: 12 clauses")

t6 = load("task6")
last = [i for i in t6["indicators"] if i["scored"]][-1]
want(last["id"] == "3.1" and last["optional"], "task6 示范特色 should be optional")
want("自选指标" in (last["guidance"] or ""), "task6 3.1's guidance should say 自选指标")
want("效果较好" in cond(t6, "E2.4")["text"], "task6 E2.4 should keep 且效果较好")
want("政策和资金保障" in cond(t6, "E2.6")["text"], "task6 E2.6 should quote 政策和资金保障")

t7 = load("task7")
want(cond(t7, "E4.2")["severity"] == "warn", "task7 原则上不超过 4人 should be a warning")
want("教学效果较好" in cond(t7, "E3")["text"], "task7 E3 should keep 教学效果较好")

t5, t11 = load("task5"), load("task11")
want([c["text"] for c in t5["conditions"]] == [c["text"] for c in t11["conditions"]] and
     t5["indicators"] == t11["indicators"], "task5 and task11 should be one definition")
want(any(c["facts"] == ["school_type"] for c in t5["conditions"]), "task5 should check the school type")

# Weights and level fractions are the organiser's in every rule set: header note and each point marked.
for i in ("task1", "task2", "task3", "task4", "task5", "task6", "task7", "task9", "task11", "task10-standard"):
    r = load(i)
    want(r["default"], "%s: no header default note" % i)
    for ind in r["indicators"]:
        if ind["scored"]:
            want(ind["default"] and "组织方默认" in (ind["guidance"] or ""),
                 "%s %s: weight not marked default (or not in the guidance)" % (i, ind["id"]))
if bad:
    print("\n".join("FAIL: " + b for b in bad), file=sys.stderr)
    sys.exit(1)
PY

# 原则上 does not decide eligibility: a course team of 6 stays eligible, E4.2 says why.
mkdir -p "$tmp/课程" && echo 课程标准 >"$tmp/课程/课程标准.txt" && echo 教案 >"$tmp/课程/教案.txt"
cat >"$tmp/f.json" <<'EOF'
{"is_core_course": "是", "has_standard_and_plan": "是", "design_sound": "是", "taught_semesters": "4学期",
 "teaching_effective": "是", "team_sound": "是", "team_size": "6人", "leader_senior_title": "是",
 "leader_courses": 1}
EOF
"$J" pack build "$tmp/课程" --task task7 --applicant 甲职业学院 --facts "$tmp/f.json" -o "$tmp/c.zip" >/dev/null ||
  say "pack build"
"$J" rules eval task7 "$tmp/c.zip" --json >"$tmp/eval.json" || say "rules eval task7"
py "$tmp/eval.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
c = {x["id"]: x for x in r["conditions"]}
a = {x["id"]: x for x in r["autochecks"]}
ok = r["eligible"] is True and c["E4.2"]["result"] == "fail" and a["A3"]["result"] == "confirm"
if not ok:
    print("FAIL: team of 6: eligible %r, E4.2 %s, A3 %s" % (r["eligible"], c["E4.2"]["result"], a["A3"]["result"]),
          file=sys.stderr)
    sys.exit(1)
PY

# The DSL: defaults{} marks the points, default = on a condition shows in its detail, encouraged is
# information, in_principle a question; an intl_school{} mistake names the rule file's line.
mkdir -p "$tmp/kit/rules"
cat >"$tmp/kit/rules/mine.lua" <<'EOF'
ruleset{ id = "mine", name = "试", version = "1", source = "通知", total = 10 }
facts{ n = { "number", "人", "人数" }, b = { "bool", "", "鼓励的情形" } }
defaults{ weights = "通知未给分值" }
eligibility{
  { "E1", "人数不少于 2", at_least("n", 2), default = "通知只说“若干”" },
  { "E2", "鼓励", is_true("b"), severity = "info" },
}
point{ "1", "甲", max = 10, levels = "优良中差" }
autocheck{ "A1", "原则上不超过 3 人", check = in_principle(at_most("n", 3)) }
autocheck{ "A2", "鼓励", check = encouraged(is_true("b")) }
EOF
echo '{"n": 5, "b": false}' >"$tmp/m.json"
"$J" pack build "$tmp/课程" --task mine --applicant 甲 --facts "$tmp/m.json" -o "$tmp/m.zip" >/dev/null || say "pack build mine"
"$J" rules show mine --kit "$tmp/kit" --json >"$tmp/mine.json" || say "rules show mine"
"$J" rules eval mine "$tmp/m.zip" --kit "$tmp/kit" --json >"$tmp/meval.json" || say "rules eval mine"
py "$tmp/mine.json" "$tmp/meval.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
e = json.load(open(sys.argv[2], encoding="utf-8"))
bad = []
if s["default"] != "通知未给分值": bad.append("header default %r" % s["default"])
if not s["indicators"][0]["default"]: bad.append("point 1 not marked default")
c = {x["id"]: x for x in e["conditions"]}
a = {x["id"]: x for x in e["autochecks"]}
if "〔组织方默认：通知只说“若干”〕" not in c["E1"]["detail"]: bad.append("E1 detail %r" % c["E1"]["detail"])
if e["eligible"] is not True: bad.append("an info condition decided eligibility")
if a["A1"]["result"] != "confirm": bad.append("in_principle gave %s" % a["A1"]["result"])
if a["A2"]["result"] != "pass" or "不符合" not in a["A2"]["detail"]: bad.append("encouraged gave %r" % a["A2"])
if bad:
    print("\n".join("FAIL: " + b for b in bad), file=sys.stderr)
    sys.exit(1)
PY

printf -- '-- one line of comment\nintl_school{ id = "oops", source = "s", sorce = "x" }\n' >"$tmp/kit/rules/oops.lua"
"$J" rules check "$tmp/kit/rules/oops.lua" >"$tmp/out" 2>&1 && say "intl_school with an unknown key passed"
grep -q "oops.lua:2:.*sorce" "$tmp/out" || { say "intl_school's error should name oops.lua:2"; cat "$tmp/out" >&2; }

# A 自选 indicator does not hold up submitting: task6 without 3.1 (示范特色) submits, without 2.3 it does not.
(
  cd "$tmp" && mkdir -p sub && cd sub || exit 1
  "$J" keygen --name 张三 --panel A --id R01 >/dev/null || exit 1
  for id in 1.1 1.2 1.3 1.4 1.5 2.1 2.2; do "$J" score set t6-vr-base "$id" 5 --reviewer R01 >/dev/null || exit 1; done
  "$J" score submit t6-vr-base --reviewer R01 >/dev/null 2>&1 && { echo "FAIL: submitted without 2.3" >&2; exit 1; }
  "$J" score set t6-vr-base 2.3 5 --reviewer R01 >/dev/null || exit 1
  "$J" score submit t6-vr-base --reviewer R01 >/dev/null || { echo "FAIL: optional 3.1 held up the submit" >&2; exit 1; }
) || say "optional indicator and submit"

exit $fail
