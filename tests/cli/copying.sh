#!/usr/bin/env bash
# The merge lists possible copying: the same evidence file, and near-identical
# text (re-typed, punctuation and a few words changed) in packs of different
# applicants; an unrelated text is not listed.
set -u
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
t=$(mktemp -d /tmp/jury-copying.XXXXXX)
trap 'rm -rf "$t"' EXIT
export JURY_HOME=$t/home
fail=0
die() { echo "FAIL: $*" >&2; fail=1; }
para='资源库建设共性技术服务平台，打通科研开发、技术创新、成果转移链条，为合作企业提供技术咨询与服务，促进技术创新、工艺改进、产品升级，解决企业实际生产问题。资源库制定培训规划，统筹各成员单位的培训资源和需求，支持院校积极承接企业员工的岗前培训、岗位培训和继续教育，鼓励面向社会开展技术技能培训服务。'
retyped=$(printf '%s' "$para" | sed 's/，/ /g; s/问题/难题/; s/制定/制订/')
other='资源库定位于能学、辅教、促改，服务技术技能人才培养培训。各类学习者均可以通过资源库自主进行系统化、个性化学习。教师可以利用资源库灵活组织教学和培训内容、辅助教学实施。职业学校利用资源库推动数字化时代学习方式的变革和课程建设改革，创新更加个性化、精准化、定制化的教学方式。'
mkdir -p "$t/s/甲" "$t/s/乙" "$t/s/丙"
printf '%s\n' "$para" >"$t/s/甲/建设方案.txt"
printf '%s\n' "$retyped" >"$t/s/乙/方案.txt"
printf '%s\n' "$other" >"$t/s/丙/方案.txt"
printf 'same bytes in two packs\n' | tee "$t/s/甲/承诺书.txt" >"$t/s/丙/承诺书.txt"
printf 'submission,applicant,task\n甲,甲职业学院,task4\n乙,乙职业学院,task4\n丙,丙职业学院,task4\n' >"$t/facts.csv"
"$J" kit init "$t/kit" --name 抄袭检查 --task task4 >/dev/null || die "kit init"
"$J" kit add "$t/kit" "$t/s/甲" "$t/s/乙" "$t/s/丙" --facts "$t/facts.csv" >/dev/null
[ -f "$t/kit/packs/乙.zip" ] || die "kit add did not build the packs"
"$J" keygen --name 张三 --panel A --id R01 >/dev/null
{ echo reviewer_id,name,panel,affiliation,public_key; cat "$JURY_HOME/keys/R01.pub"; } >"$t/kit/roster.csv"
"$J" conflict declare 甲 --reason test --kit "$t/kit" --reviewer R01 >/dev/null || die "conflict declare"
"$J" export --kit "$t/kit" --reviewer R01 -o "$t/R01.jury" >/dev/null || die "export"
"$J" merge "$t/R01.jury" --roster "$t/kit/roster.csv" --kit "$t/kit" -o "$t/res" >"$t/out" 2>&1
grep -q 'near-identical text' "$t/res/report.md" || { die "no near-identical text listed"; cat "$t/res/report.md" >&2; }
line=$(grep 'near-identical text' "$t/res/report.md" | head -1)
case "$line" in *甲.zip*乙.zip* | *乙.zip*甲.zip*) ;; *) die "the copied pair is not 甲/乙: $line" ;; esac
grep 'near-identical text' "$t/res/report.md" | grep -q 丙.zip && die "unrelated text 丙 listed as copied"
grep -q '承诺书.txt' "$t/res/report.md" || die "the byte-identical file is not listed"
[ $fail = 0 ] && echo "copying: ok"
exit $fail
