#!/usr/bin/env bash
# What the chair can trust at `jury merge --kit`: kits have identities (kit
# init --id, one store per kit as issued), rosters with one key under two ids
# or ids with hidden characters are refused, an altered sealed kit is refused
# unless the chair overrides it (and the report says so), assigned packs that
# sheets leave out are listed, and a merge killed with -9 at any moment leaves
# a set of outputs that all come from one run.
set -u
CLI_LIB=$(cd "$(dirname "$0")/lib" && pwd)
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
work=$(mktemp -d /tmp/jury-merge-trust.XXXXXX)
trap 'rm -rf "$work"' EXIT
export JURY_HOME=$work/home
cd "$work"
fail=0
. "$CLI_LIB/assert.sh"

# ---- kit identity
check 0 "kit init --id" "$J" kit init a/exam --name A --task task1 --id 省赛-2026
grep -q '"id": "省赛-2026"' a/exam/kit.json || { echo "FAIL: --id not in kit.json" >&2; fail=1; }
check 0 "kit init, folder name only" "$J" kit init b/exam --name B --task task1
check 0 "another folder of the same name" "$J" kit init c/exam --name C --task task1
idb=$(sed -n 's/.*"id": "\(.*\)".*/\1/p' b/exam/kit.json)
idc=$(sed -n 's/.*"id": "\(.*\)".*/\1/p' c/exam/kit.json)
case $idb in exam-????????) ;; *) echo "FAIL: default id '$idb'" >&2; fail=1 ;; esac
[ "$idb" != "$idc" ] || { echo "FAIL: two kits named exam share the id $idb" >&2; fail=1; }
check 2 "an id with a right-to-left override" "$J" kit init d/exam --name D --task task1 \
  --id "$(printf 'exam\u202e')"
has err "bidi control"
check 2 "an id with a trailing space" "$J" kit init e/exam --name E --task task1 --id "exam "
has err "space"
check 2 "an id with a path" "$J" kit init f/exam --name F --task task1 --id "../x"

P=t1-changzhou
"$J" keygen --name 张三 --panel A --id R01 >/dev/null
"$J" keygen --name 李四 --panel A --id R02 >/dev/null
cp -r "$JURY_SHARE/packs/samples" kit
# one store per kit as issued: the same id with another kit.json is refused
check 0 "score in the kit" "$J" score show $P --kit kit --reviewer R01
cp -r kit twin
sed -i 's/"seed": 1/"seed": 2/' twin/kit.json
check 1 "same id, other kit.json" "$J" score show $P --kit twin --reviewer R01
has err "same id is never mixed"

# ---- rosters
{ echo reviewer_id,name,panel,affiliation,public_key; cat "$JURY_HOME"/keys/R0[12].pub; } >roster.csv
for R in R01 R02; do
  for id in $("$J" score show $P --kit kit --reviewer $R | sed -n 's/^  \([0-9][0-9.]*\) .*/\1/p'); do
    "$J" score set $P "$id" 2 --kit kit --reviewer $R >/dev/null 2>&1 ||
      "$J" score set $P "$id" 优 --kit kit --reviewer $R >/dev/null 2>&1 ||
      { echo "FAIL: score $id" >&2; fail=1; }
  done
done
check 0 "submit R01" "$J" score submit $P --kit kit --reviewer R01
check 0 "export R01" "$J" export --kit kit --reviewer R01 -o R01.jury
check 0 "export R02 (not submitted)" "$J" export --kit kit --reviewer R02 -o R02.jury
key2=$(cut -d, -f5 "$JURY_HOME/keys/R02.pub")
{ cat roster.csv; echo "R09,王五,A,,$key2"; } >dupkey.csv
check 2 "one key under two ids" "$J" merge R01.jury --roster dupkey.csv -o dk --kit kit
has err "same public key as 'R02'"
[ ! -e dk ] || { echo "FAIL: a refused roster made OUT" >&2; fail=1; }
{ cat roster.csv; printf 'R0\xe2\x80\x8f3,王五,A,,%s\n' "$(cut -d, -f5 "$JURY_HOME/keys/R01.pub")"; } >bidi.csv
check 2 "a roster id with a bidi mark" "$J" merge R01.jury --roster bidi.csv -o bd --kit kit
has err "bidi control"

# ---- missing packs, per reviewer
check 0 "merge with the kit" "$J" merge R01.jury R02.jury --roster roster.csv -o res --kit kit \
  --bootstrap 0 --no-evidence
has err "missing from R02's sheets:.*$P.zip (not submitted)"
has err "missing from R01's sheets: t2-nev.zip (absent)"
grep -q "missing from R01's sheets:.*$P.zip" err && { echo "FAIL: submitted pack listed" >&2; fail=1; }

# ---- the seal
"$J" keygen --id organiser --name 组织方 --panel organiser >/dev/null
check 0 "seal the kit" "$J" kit seal kit
check 0 "merge a sealed kit" "$J" merge R01.jury --roster roster.csv -o sealed --kit kit --bootstrap 0
has out "kit seal	ok: sealed by"
sed -i 's/"seed": 1/"seed": 7/' kit/kit.json
check 2 "an altered sealed kit is refused" "$J" merge R01.jury --roster roster.csv -o altered \
  --kit kit --bootstrap 0
has err "altered since sealing"
has err "kit.json"
[ ! -e altered ] || { echo "FAIL: a refused kit made OUT" >&2; fail=1; }
check 0 "the chair overrides it" "$J" merge R01.jury --roster roster.csv -o altered --kit kit \
  --bootstrap 0 --allow-altered-kit
has out "MERGED ANYWAY"
grep -q "MERGED ANYWAY by the chair (--allow-altered-kit)" altered/report.md ||
  { echo "FAIL: the override is not in report.md" >&2; fail=1; }
grep -q "altered since sealing" altered/report.md ||
  { echo "FAIL: the seal finding is not in report.md" >&2; fail=1; }

# ---- outputs land together: kill -9 at any moment, one run's set or the other's
run_of() { # the run id each output names, one line per file
  tr -d '\r' <"$1/ranking.csv" | sed -n '2s/.*,//p'
  sed -n 's/.*运行 run: \([0-9a-f]*\).*/\1/p' "$1/report.md" | head -1
  sed -n 's/.*运行 run: \([0-9a-f]*\).*/\1/p' "$1/report.html" | head -1
  unzip -p "$1/ranking.xlsx" xl/sharedStrings.xml | grep -o '[0-9a-f]\{32\}' | head -1
  if command -v mutool >/dev/null; then
    mutool draw -F txt "$1/report.pdf" 2>/dev/null | sed -n 's/.*run: \([0-9a-f]*\).*/\1/p' | head -1
  else
    readlink -f "$1/report.pdf" | sed 's/.*\.run-\([0-9a-f]*\).*/\1/'
  fi
}
one_run() {
  local ids
  ids=$(run_of "$1" | sort -u)
  [ "$(echo "$ids" | wc -l)" = 1 ] && [ ${#ids} = 32 ]
}
methods=(mean median trimmed)
killed=0
for i in $(seq 1 12); do
  m=${methods[$((i % 3))]}
  "$J" merge R01.jury R02.jury --roster roster.csv -o altered --kit kit --allow-altered-kit \
    --no-evidence --bootstrap 200 --method "$m" >/dev/null 2>&1 &
  pid=$!
  # kill at a different moment each round: from at once to after the outputs
  sleep "$(awk -v i="$i" 'BEGIN { printf "%.2f", (i - 1) * 0.06 }')"
  kill -9 $pid 2>/dev/null && killed=$((killed + 1))
  wait $pid 2>/dev/null
  one_run altered || {
    echo "FAIL: round $i: outputs from different runs: $(run_of altered | tr '\n' ' ')" >&2
    fail=1
  }
done
echo "killed merge: $killed of 12 rounds cut short"
exit $fail
