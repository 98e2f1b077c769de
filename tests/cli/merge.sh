#!/usr/bin/env bash
# jury merge / jury rank end to end: two reviewers score a sample pack and export
# signed sheets; the merge refuses a tampered sheet, a zip and noise named .jury,
# converges when run again, and the chair re-ranks from the kept database.
set -u
CLI_LIB=$(cd "$(dirname "$0")/lib" && pwd)
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
if ! "$J" help merge >/dev/null 2>&1 || ! "$J" help score >/dev/null 2>&1; then
  echo "SKIP: jury has no merge or score subcommand in this build"; exit 0
fi
work=$(mktemp -d /tmp/jury-merge-sh.XXXXXX)
trap 'rm -rf "$work"' EXIT
export JURY_HOME=$work/home
cd "$work"
fail=0
. "$CLI_LIB/assert.sh"

P=t1-changzhou
"$J" keygen --name 张三 --panel A --id R01 >/dev/null
"$J" keygen --name 李四 --panel A --id R02 >/dev/null
{ echo reviewer_id,name,panel,affiliation,public_key; cat "$JURY_HOME"/keys/R0[12].pub; } >roster.csv
# Score every observation point of the pack (a number, else the top level), submit, export.
for R in R01 R02; do
  for id in $("$J" score show $P --reviewer $R | sed -n 's/^  \([0-9][0-9.]*\) .*/\1/p'); do
    "$J" score set $P "$id" 2 --reviewer $R >/dev/null 2>&1 ||
      "$J" score set $P "$id" 优 --reviewer $R >/dev/null 2>&1 || { echo "FAIL: score $id" >&2; fail=1; }
  done
  # the reviewer answers every confirm-type condition before submitting
  for c in $(grep -o '"E[0-9.]*"' "$JURY_SHARE/rules/task1.lua" | tr -d '"'); do
    "$J" confirm $P "$c" yes --reviewer $R >/dev/null 2>&1 || true
  done
  check 0 "submit $R" "$J" score submit $P --reviewer $R
  check 0 "export $R" "$J" export --reviewer $R -o $R.jury
done
sed 's/常州/常洲/' R02.jury >tampered.jury
printf 'PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' >zip.jury
head -c 2000 /dev/urandom >noise.jury

check 2 "merge needs -o" "$J" merge R01.jury --roster roster.csv
check 2 "unknown method" "$J" merge R01.jury --roster roster.csv -o res --method instant-runoff
has err "unknown method"
check 1 "bad sheets refused, good ones merged" "$J" merge R01.jury tampered.jury zip.jury noise.jury \
  R02.jury --roster roster.csv -o res --method mean
has out "^refused	tampered.jury	.*signature"
has out "^refused	zip.jury"
has out "^refused	noise.jury"
has out "^merged	R01.jury	1 packs"
has out "^merged	R02.jury	1 packs"
has err "3 of 5 sheets refused"
for f in merged.sqlite ranking.csv ranking.xlsx report.md report.html; do
  [ -s "res/$f" ] || { echo "FAIL: no res/$f" >&2; fail=1; }
done
[ "$(head -c 3 res/ranking.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] ||
  { echo "FAIL: ranking.csv has no BOM" >&2; fail=1; }
grep -q "^task1,1,$P.zip,常州市," res/ranking.csv || { echo "FAIL: ranking row" >&2; cat res/ranking.csv >&2; fail=1; }
has_out() { grep -q -- "$1" "res/$2" || { echo "FAIL: '$1' not in res/$2" >&2; fail=1; }; }
has_out 'official method: mean' report.md
has_out "<svg" report.html

check 0 "merge again converges" "$J" merge R01.jury R02.jury --roster roster.csv -o res --method mean
has out "^already	R01.jury	0 packs"
cp res/ranking.csv first.csv
check 0 "and again" "$J" merge R02.jury R01.jury --roster roster.csv -o res --method mean
cmp -s first.csv res/ranking.csv || { echo "FAIL: re-export not byte-identical" >&2; fail=1; }

# With the kit: its id checked, its packs listed even when unscored, the rule
# sets' eligibility verdicts and maxima applied.
check 0 "merge with the kit" "$J" merge R01.jury R02.jury --roster roster.csv -o kitres \
  --kit "$JURY_SHARE/packs/samples"
grep -q "^task3,,t3-enterprise.zip,.*excluded: ineligible: " kitres/ranking.csv ||
  { echo "FAIL: ineligible pack not listed" >&2; cat kitres/ranking.csv >&2; fail=1; }
grep -q "^task2,,t2-nev.zip,.*excluded: no scores" kitres/ranking.csv ||
  { echo "FAIL: unscored kit pack not listed" >&2; fail=1; }

cp res/report.pdf "$work/official.pdf"
check 0 "a what-if method" "$J" rank res --method median --bootstrap 50
has out "^method median"
has err "WHAT-IF"
cmp -s res/report.pdf "$work/official.pdf" || { echo "FAIL: a what-if rewrote report.pdf" >&2; fail=1; }
check 0 "re-rank with another method, adopted" "$J" rank res --method median --official
has out "^method median"
has_out 'official method: median' report.md

check 2 "rank on a folder without a merge" "$J" rank nowhere
check 2 "rank bad option" "$J" rank res --trim -1
exit $fail
