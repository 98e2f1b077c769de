#!/usr/bin/env bash
# jury keygen / score / conflict / confirm / deduct / export / sheet verify, end to end on the sample kit.
set -u
CLI_LIB=$(cd "$(dirname "$0")/lib" && pwd)
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
if ! "$J" help pack >/dev/null 2>&1 || ! "$J" help score >/dev/null 2>&1; then
  echo "SKIP: jury has no pack or score subcommand in this build"; exit 0
fi
work=$(mktemp -d /tmp/jury-score-sh.XXXXXX)
trap 'umount "$work/ro" 2>/dev/null; rm -rf "$work"' EXIT
export JURY_HOME=$work/home
cd "$work"
fail=0
. "$CLI_LIB/assert.sh"

P=t1-changzhou
check 0 "keygen" "$J" keygen --name 张建华 --panel 产教融合组 --id R01 --affiliation "某研究院, 教务处"
has out '^R01,张建华,产教融合组,"某研究院, 教务处",'
line=$(cat "$work/out")
[ "$(stat -c %a "$JURY_HOME/keys/R01.key")" = 600 ] || { echo "FAIL: key mode" >&2; fail=1; }
check 2 "keygen refuses to overwrite" "$J" keygen --name x --panel y --id R01
has err "never overwritten"
printf 'reviewer_id,name,panel,affiliation,public_key\n%s\n' "$line" >roster.csv

check 0 "score set" "$J" score set $P 1.1 优 --comment 证据充分 --cite "docs/园区.pdf:3"
check 1 "unknown level" "$J" score set $P 1.1 极好
has err "level"
check 1 "unknown indicator" "$J" score set $P 9.9 优
check 1 "heading takes no score" "$J" score set $P 1 优
check 2 "unknown pack" "$J" score set no-such-pack 1.1 优
check 0 "confirm" "$J" confirm $P E1.1 yes
check 2 "confirm bad answer" "$J" confirm $P E1.1 maybe
check 0 "confirm with a comment" "$J" confirm $P E1.1 yes --comment 园区排名有省统计局证明
check 0 "a comment on a check the rules decide" "$J" confirm $P E1.2 --comment 主导产业描述笼统
check 2 "confirm without an answer or a comment" "$J" confirm $P E1.2
check 1 "a comment on no such item" "$J" confirm $P X9 --comment 无
check 0 "deduct" "$J" deduct $P D1 2 --reason 超出页数限制
check 1 "deduct too much" "$J" deduct $P D1 11
check 0 "score show" "$J" score show $P
has out "证据充分"
has out "docs/园区.pdf:3"
has out "deduction D1: 2  reason: 超出页数限制"
has out "condition E1.1: yes"
has out "condition E1.1 comment: 园区排名有省统计局证明"
has out "condition E1.2 comment: 主导产业描述笼统"
check 0 "score show --json" "$J" score show $P --json
has out '"value":"优"'
check 1 "submit incomplete" "$J" score submit $P
has err "not scored"
check 1 "reopen unsubmitted" "$J" score reopen $P --reason x
check 0 "conflict" "$J" conflict declare t2-nev --reason 曾在该单位任职
check 1 "score after conflict" "$J" score set t2-nev 1.1 5
check 0 "conflict withdrawn" "$J" conflict withdraw t2-nev --reason 核实后无关联
check 0 "score after the withdrawal" "$J" score set t2-nev 1.1 优
check 1 "withdraw again" "$J" conflict withdraw t2-nev --reason x
check 0 "conflict again" "$J" conflict declare t2-nev --reason 曾在该单位任职

check 0 "export" "$J" export -o sheet.jury
has err "not submitted, left out" # t1 is in progress: the sheet leaves it out of the panel
has err "t1-changzhou.zip"
check 0 "score set by pinyin" "$J" score set $P 1.2 liang
check 0 "score set by number" "$J" score set $P 1.3 1
check 0 "score set by letter" "$J" score set $P 1.4 d
check 0 "score show" "$J" score show $P
grep -q '1.2 .*\[良 ' "$work/out" || { echo "FAIL: liang is not 良" >&2; fail=1; }
grep -q '1.3 .*\[优 ' "$work/out" || { echo "FAIL: 1 is not 优" >&2; fail=1; }
grep -q '1.4 .*\[差 ' "$work/out" || { echo "FAIL: d is not 差" >&2; fail=1; }
check 0 "verify" "$J" sheet verify sheet.jury --roster roster.csv
has out "^OK"
check 1 "verify other kit" "$J" sheet verify sheet.jury --roster roster.csv --kit-id other
has out "another kit"
sed 's/证据充分/证据不足/' sheet.jury >tampered.jury
check 1 "tampered" "$J" sheet verify tampered.jury --roster roster.csv
has out "bad signature"
printf 'reviewer_id,name,panel,affiliation,public_key\n' >empty.csv
check 1 "unknown reviewer" "$J" sheet verify sheet.jury --roster empty.csv
has out "not on the roster"
printf 'PK\003\004junk' >zip.jury
check 1 "zip named .jury" "$J" sheet verify zip.jury --roster roster.csv
has out "not a jury score sheet"

# the pack file changed on disk after scoring: refused, naming the pack
cp -r "$JURY_SHARE/packs/samples" kit
check 0 "score in a kit copy" "$J" score set $P 1.1 优 --kit kit --db k.sqlite
printf 'x' >>kit/packs/$P.zip
check 2 "pack changed" "$J" score show $P --kit kit --db k.sqlite
has err "$P.zip"
has err "the pack file changed since you scored it: was "

# a second jury that would write to the store is refused while another
# holds its lock; reading (score show) works beside it
db=$JURY_HOME/stores/sample-2026-R01.sqlite
[ -f "$db" ] || { echo "FAIL: no store at $db" >&2; fail=1; }
if command -v flock >/dev/null; then
  flock "$db-lock" sleep 3 &
  sleep 0.5
  check 2 "open elsewhere" "$J" score set $P 1.1 优
  has err "open elsewhere"
  check 0 "read beside the lock" "$J" score show $P
  has out "1.1"
  wait
fi
# a copy of the store edited with the sqlite3 shell: export refuses it, naming
# the row, and writes no sheet
if command -v sqlite3 >/dev/null; then
  cp "$db" "$work/edited.sqlite"
  sqlite3 "$work/edited.sqlite" "UPDATE scores SET points = 99 WHERE pack = '$P.zip' AND indicator = '1.1'"
  check 2 "export of an edited store" "$J" export -o "$work/edited.jury" --db "$work/edited.sqlite"
  has err "scores row $P.zip/1.1, its points is 99"
  has err "changed outside jury"
  [ ! -e "$work/edited.jury" ] || { echo "FAIL: a sheet was written from an edited store" >&2; fail=1; }
  cp "$db" "$work/edited.sqlite"
  sqlite3 "$work/edited.sqlite" "UPDATE packs SET conflict = NULL WHERE id = 't2-nev.zip'"
  check 2 "export of a store whose conflict was removed" "$J" score show $P --db "$work/edited.sqlite"
  has err "packs row t2-nev.zip, its conflict"
fi

# a read-only data folder (a tmpfs remounted read-only; root only): the store
# cannot be opened for writing, yet score show reads it and export writes the
# sheet to another place, saying so; a sheet that cannot be written names -o
mkdir -p "$work/ro"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16m jury-ro "$work/ro" 2>/dev/null; then
  cp -a "$JURY_HOME/." "$work/ro/"
  mount -o remount,ro "$work/ro"
  export JURY_HOME=$work/ro
  check 2 "write on a read-only folder" "$J" score set $P 1.1 良
  check 0 "show on a read-only folder" "$J" score show $P
  check 0 "export from a read-only folder" "$J" export -o "$work/usb.jury"
  has err "cannot be written (read-only or full)"
  has err "$work/usb.jury"
  check 0 "that sheet verifies" "$J" sheet verify "$work/usb.jury" --roster roster.csv
  (cd "$work/ro" && check 2 "export into the read-only folder" "$J" export; exit $fail) || fail=1
  has err "to another place with -o PATH"
  umount "$work/ro"
else
  echo "read-only data folder: skipped (needs root and mount)"
fi
exit $fail
