#!/usr/bin/env bash
# docs/rules.md's walk-through, run as an organiser would in an empty folder: the rule file and the
# expectations are taken from the document's two lua blocks of section 2, the facts rows from its
# comments, and every step must give what the document shows.
set -u
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-$src}
tmp=$(mktemp -d /tmp/jury-walkthrough.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export JURY_HOME=$tmp/home
fail=0
say() { echo "FAIL: $*" >&2; fail=1; }

# Section 2's lua blocks (the rule file, then the expectations) and its facts rows ("#   name,…").
python3 - "$src/docs/rules.md" "$tmp" <<'PY' || exit 1
import re, sys, os
doc = open(sys.argv[1], encoding="utf-8").read()
sec = doc[doc.index("## 2. Walk-through"):doc.index("## 3.")]
blocks = re.findall(r"```lua\n(.*?)```", sec, re.S)
rows = re.findall(r"^#   (\S+,demo,.*)$", sec, re.M)
if len(blocks) < 2 or len(rows) != 2:
    sys.exit("FAIL: docs/rules.md section 2: %d lua blocks, %d facts rows" % (len(blocks), len(rows)))
out = sys.argv[2]
open(os.path.join(out, "demo.lua"), "w", encoding="utf-8").write(blocks[0])
open(os.path.join(out, "expect.lua"), "w", encoding="utf-8").write(blocks[1])
open(os.path.join(out, "rows.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY

cd "$tmp" && mkdir 示范课程 && cd 示范课程 || exit 1
mkdir -p kit/rules/tests
cp "$tmp/demo.lua" kit/rules/demo.lua
"$J" rules check kit/rules/demo.lua >"$tmp/out" 2>&1 || { say "rules check"; cat "$tmp/out" >&2; }
"$J" rules show demo --kit kit >"$tmp/out" 2>&1 || say "rules show --kit"
"$J" kit init kit --name "2026 示范课程评审" --task demo >"$tmp/out" 2>&1 || { say "kit init"; cat "$tmp/out" >&2; }
[ -f kit/facts-template.csv ] && [ -f kit/facts-template.xlsx ] || say "kit init wrote no facts template"

mkdir -p 测试包/合格 测试包/年限不足
echo '课程标准：……' >测试包/合格/课程标准.txt
echo 年度报告 >测试包/合格/年度报告.txt
echo '课程标准：……' >测试包/年限不足/课程标准.txt
"$J" rules facts demo --kit kit --csv 测试事实.csv >/dev/null || say "rules facts --csv FILE"
cat "$tmp/rows.csv" >>测试事实.csv
mkdir -p 测试/rules && cp kit/rules/demo.lua 测试/rules/
"$J" kit init 测试 --name 规则测试 --task demo >/dev/null || say "kit init 测试"
"$J" kit add 测试 测试包/合格 测试包/年限不足 --facts 测试事实.csv >"$tmp/add" 2>&1
[ $? = 1 ] || say "kit add should exit 1 (school_reviewed left to the reviewer)"
grep -q "missing: school_reviewed: 课程内容经学校审核 (bool; read by E4)" "$tmp/add" ||
  { say "kit add: the missing fact by column name"; cat "$tmp/add" >&2; }
grep -q "facts: complete for demo" "$tmp/add" || say "kit add: 合格 complete"

"$J" rules eval demo 测试/packs/年限不足.zip --kit 测试 >"$tmp/eval" 2>&1 || say "rules eval"
for want in "eligible: no" "课程开设年限 1年 < 2年" "条件满足 1/3 项（需 ≥ 2）" "年度报告发布日期 2026-12-20 > 2026-12-15"; do
  grep -qF "$want" "$tmp/eval" || say "rules eval: no '$want'"
done

cp "$tmp/expect.lua" kit/rules/tests/demo.lua
"$J" rules test kit/rules/demo.lua --kit 测试 >"$tmp/test" 2>&1 || { say "rules test"; cat "$tmp/test" >&2; }
grep -q "2 of 2 expectations passed" "$tmp/test" || say "rules test: not 2 of 2"

exit $fail
