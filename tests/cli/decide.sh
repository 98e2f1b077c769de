#!/usr/bin/env bash
# Panel decisions from the command line: the method kept and a change announced,
# report.pdf written, split votes and sensitivity printed for the chair, and
# jury calibrate on a kit with a calibration pack.
set -u
CLI_LIB=$(cd "$(dirname "$0")/lib" && pwd)
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
if ! "$J" help calibrate >/dev/null 2>&1; then
  echo "SKIP: jury has no calibrate subcommand in this build"; exit 0
fi
work=$(mktemp -d /tmp/jury-decide-sh.XXXXXX)
trap 'rm -rf "$work"' EXIT
export JURY_HOME=$work/home
cd "$work"
fail=0
. "$CLI_LIB/assert.sh"

P=t1-changzhou
"$J" keygen --name 张三 --panel A --id R01 >/dev/null
"$J" keygen --name 李四 --panel A --id R02 >/dev/null
{ echo reviewer_id,name,panel,affiliation,public_key; cat "$JURY_HOME"/keys/R0[12].pub; } >roster.csv
for R in R01 R02; do
  v=2; [ $R = R02 ] && v=1
  for id in $("$J" score show $P --reviewer $R | sed -n 's/^  \([0-9][0-9.]*\) .*/\1/p'); do
    "$J" score set $P "$id" $v --reviewer $R >/dev/null 2>&1 ||
      "$J" score set $P "$id" 优 --reviewer $R >/dev/null 2>&1 || { echo "FAIL: score $id" >&2; fail=1; }
  done
  # the reviewer answers every confirm-type condition before submitting
  for c in $(grep -o '"E[0-9.]*"' "$JURY_SHARE/rules/task1.lua" | tr -d '"'); do
    "$J" confirm $P "$c" yes --reviewer $R >/dev/null 2>&1 || true
  done
  check 0 "submit $R" "$J" score submit $P --reviewer $R
  check 0 "export $R" "$J" export --reviewer $R -o $R.jury
done

check 0 "merge" "$J" merge R01.jury R02.jury --roster roster.csv -o res --method mean --bootstrap 0
[ "$(head -c 5 res/report.pdf)" = "%PDF-" ] || { echo "FAIL: no report.pdf" >&2; fail=1; }
hasnt err "method changes"
grep -q ',mean,[0-9a-f]*$' <(tr -d '\r' <res/ranking.csv) || { echo "FAIL: method column" >&2; fail=1; }
check 0 "same method again: no notice" "$J" rank res --bootstrap 0
hasnt err "method changes"
cp res/ranking.csv whatif-before.csv
check 0 "another method is a what-if" "$J" rank res --method schulze --bootstrap 0
has err "WHAT-IF with schulze"
has out "^method schulze"
cmp -s res/ranking.csv whatif-before.csv || { echo "FAIL: a what-if rewrote ranking.csv" >&2; fail=1; }
grep -q ',mean,[0-9a-f]*$' <(tr -d '\r' <res/ranking.csv) || { echo "FAIL: what-if changed the method" >&2; fail=1; }
check 0 "trimming per observation point, a what-if" "$J" rank res --method trimmed --trim-per point
has out "^method point_trimmed(1,5)"
check 2 "trim per what?" "$J" rank res --trim-per judge
check 0 "another method, adopted" "$J" rank res --method schulze --official --bootstrap 0
has err "method changes from mean to schulze"
has out "^method schulze"
grep -q "由 mean 改为 schulze" res/report.md || { echo "FAIL: report.md silent on the change" >&2; fail=1; }
grep -q "schulze\*" res/report.html || { echo "FAIL: report.html has no method table" >&2; fail=1; }

check 2 "calibrate without a merge" "$J" calibrate nowhere
check 1 "no calibration packs" "$J" calibrate res
has err "no calibration packs"
cp -r "$JURY_SHARE/packs/samples" kit
sed -i 's/"veto_policy": "majority"/"veto_policy": "majority", "calibration": ["'$P'.zip"]/' kit/kit.json
check 0 "calibrate with the kit's list" "$J" calibrate res --kit kit
has out "calibration packs: $P"
has out "^R01	A	1	"
check 0 "merge with the kit leaves the calibration pack out" \
  "$J" merge R01.jury R02.jury --roster roster.csv -o res2 --kit kit --bootstrap 0
hasnt out "$P.zip"
check 0 "calibrate after merge --kit" "$J" calibrate res2
has out "calibration packs: $P"
exit $fail
