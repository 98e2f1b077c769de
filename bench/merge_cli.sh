#!/usr/bin/env bash
# bench/merge_cli.sh - `jury merge --kit` and `jury rank` run as a user runs
# them (process start included), beside a peer that verifies what a chair can
# check with standard tools, runs interleaved, medians (not a test).
#
# The peer, per sheet: the envelope's format, version, reviewer and key against
# roster.csv, and the content bytes taken out of it (python3, bench/merge_peer.py);
# the Ed25519 signature over those bytes with the roster's key as PEM (openssl
# pkeyutl -verify -rawin, one process per sheet); the file's SHA-256 (sha256sum);
# the audit chain recomputed from the log rows (two SHA-256 per row, libsodium,
# bench/peer_chain.c: its own reader of the rows, none of jury's code) to its head
# and row count; the content parsed as JSON (python3), its kit id compared, its
# scores inserted into a keyed table (sqlite3 .import, one transaction).
# What jury does and the peer does not: the canonical-form check of the content,
# the replay of every value against the log, re-deriving every score through the
# kit's rule set (Lua checklist, rule-set SHA-256, every pack of the kit hashed and
# opened), the report files and the ranking `jury merge` writes.
#
# Sizes: 100k = 15 reviewers x 556 packs x 30 indicators (6 per pack),
#        1m   = 25 reviewers x 3,334 packs x 30 indicators (10 per pack).
# Usage: [SIZES="100k 1m"] [RUNS=3] bench/merge_cli.sh [BUILD_DIR]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
RUNS=${RUNS:-3}
cmake --build "$BUILD" -j2 --target jury bench_merge peer_chain >/dev/null 2>&1 ||
  echo "warning: jury/bench_merge did not build; using the existing binaries"
J=$BUILD/cli/jury B=$BUILD/bench/bench_merge PEER=$SRC/bench/merge_peer.py
CHAIN=$BUILD/bench/peer_chain
for t in sqlite3 openssl python3 sha256sum; do
  command -v $t >/dev/null || { echo "$t missing"; exit 2; }
done
export JURY_SHARE=$SRC
T=
trap '[ -z "$T" ] || rm -rf "$T"' EXIT

secs() { # wall seconds of a command, output discarded
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
  awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

make_kit() { # DIR PACKS INDICATORS: kit.json, a rule set of I indicators 0..10, one zip per pack
  local d=$1/kit n=$2 i
  mkdir -p "$d/rules" "$d/packs"
  printf '{\n  "format": "jury-kit/1",\n  "id": "bench",\n  "name": "bench",\n  "tasks": ["bench"]\n}\n' \
    >"$d/kit.json"
  {
    echo "RULESET = { id = \"bench\", name = \"bench\", version = \"1\", source = \"bench\", total = $(($3 * 10)),"
    echo "  indicators = {"
    for ((i = 0; i < $3; i++)); do
      printf '    { id = "%02d", text = "%02d", depth = 1, scored = true, max = 10, mode = "points", step = 1 },\n' $i $i
    done
    echo "  } }"
  } >"$d/rules/bench.lua"
  python3 - "$d/packs" "$n" <<'PY'
import json, sys, zipfile
for a in range(int(sys.argv[2])):
    with zipfile.ZipFile(f"{sys.argv[1]}/p{a:05d}.zip", "w") as z:
        z.writestr("manifest.json", json.dumps({"format": "jury-pack/1", "task": "bench",
                                                "applicant": f"申报单位{a:05d}"}, ensure_ascii=False))
        z.writestr("申报书.txt", "bench")
PY
}

jury_merge() {
  rm -rf "$T/out"
  "$J" merge "$T"/r*.jury --roster "$T/roster.csv" --kit "$T/kit" -o "$T/out" --bootstrap 0 --no-evidence
}

peer_verify() { # each sheet's signature over its content bytes, by openssl
  local c b
  for c in "$T"/pw/*.content; do
    b=${c%.content}
    openssl pkeyutl -verify -pubin -inkey "$b.pem" -rawin -in "$c" -sigfile "$b.sig" >/dev/null ||
      { echo "peer: bad signature: $b" >&2; return 1; }
  done
}

peer_insert() {
  local c
  {
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    echo "CREATE TABLE score(reviewer TEXT NOT NULL, pack TEXT NOT NULL, indicator TEXT NOT NULL,"
    echo "  points REAL NOT NULL, PRIMARY KEY(reviewer, pack, indicator)) WITHOUT ROWID;"
    echo "BEGIN;"
    for c in "$T"/pw/*.csv; do echo ".import --csv $c score"; done
    echo "COMMIT;"
  } | sqlite3 "$T/peer.sqlite"
}

# One peer run; prints its total then its steps.
peer_merge() {
  rm -rf "$T/pw" "$T"/peer.sqlite*
  mkdir "$T/pw"
  local a b c d e f
  a=$(secs python3 "$PEER" split "$T/roster.csv" "$T/pw" "$T"/r*.jury)
  b=$(secs peer_verify)
  c=$(secs sha256sum "$T"/r*.jury)
  d=$(secs "$CHAIN" "$T"/pw/*.content)
  e=$(secs python3 "$PEER" scores bench "$T/pw" "$T"/r*.jury)
  f=$(secs peer_insert)
  [ -s "$T/peer.sqlite" ] || { echo "peer failed" >&2; exit 1; }
  echo "$(add "$(add "$a" "$b")" "$(add "$(add "$c" "$d")" "$(add "$e" "$f")")") $a $b $c $d $e $f"
}

# The trimmed mean of reviewer totals (one dropped at each end from 5 up),
# ranked: what `jury rank` computes with the default settings.
RANK_SQL="
WITH t AS (SELECT reviewer, pack, sum(points) AS x FROM score GROUP BY reviewer, pack),
a AS (SELECT pack, CASE WHEN count(*) >= 5 THEN (sum(x) - max(x) - min(x)) / (count(*) - 2)
                        ELSE avg(x) END AS s FROM t GROUP BY pack)
SELECT pack, RANK() OVER (ORDER BY round(s, 6) DESC) FROM a ORDER BY pack;"

run_size() { # NAME REVIEWERS PACKS INDICATORS
  local name=$1 r=$2 n=$3 i=$4 k jm=() pm=() jr=() jw=() sr=() steps=() line
  T=$(mktemp -d /tmp/jury-bench-mergecli.XXXXXX)
  export JURY_HOME=$T/home
  make_kit "$T" "$n" "$i"
  "$B" gen "$T" "$r" "$n" "$i"
  echo "== $name: $(cat "$T"/r*.csv | wc -l) scores, $r sheets ($(du -ch "$T"/r*.jury | tail -1 | cut -f1)), $n packs, $i indicators; load: $(uptime | sed 's/.*load/load/')"
  for ((k = 0; k < RUNS; k++)); do
    jm+=("$(secs jury_merge)")
    [ -f "$T/out/merged.sqlite" ] || { echo "jury merge failed:"; jury_merge | tail -3; exit 1; }
    line=$(peer_merge)
    pm+=("${line%% *}")
    steps+=("${line#* }")
  done
  local j p
  j=$(echo "${jm[*]}" | median) p=$(echo "${pm[*]}" | median)
  echo "merge: jury merge --kit ${j} s (runs: ${jm[*]}), verifying peer ${p} s (runs: ${pm[*]});" \
    "ratio $(ratio "$j" "$p") (goal <= 2)"
  echo "  peer steps, last run: envelope+roster (python3) $(echo "${steps[-1]}" | cut -d' ' -f1) s," \
    "Ed25519 (openssl, per sheet) $(echo "${steps[-1]}" | cut -d' ' -f2) s," \
    "file SHA-256 (sha256sum) $(echo "${steps[-1]}" | cut -d' ' -f3) s," \
    "audit chains (peer_chain) $(echo "${steps[-1]}" | cut -d' ' -f4) s," \
    "JSON to rows (python3) $(echo "${steps[-1]}" | cut -d' ' -f5) s," \
    "insert (sqlite3) $(echo "${steps[-1]}" | cut -d' ' -f6) s"
  for ((k = 0; k < RUNS; k++)); do
    jr+=("$(secs "$J" rank "$T/out" --no-view)")
    jw+=("$(secs "$J" rank "$T/out" --no-view --method trimmed)")
    sr+=("$(secs sqlite3 "$T/peer.sqlite" "$RANK_SQL")")
  done
  j=$(echo "${jr[*]}" | median) p=$(echo "${sr[*]}" | median)
  echo "rank: jury rank ${j} s (runs: ${jr[*]}; rewrites ranking.csv/.xlsx and reports)," \
    "sqlite3 trimmed means ${p} s (runs: ${sr[*]}); ratio $(ratio "$j" "$p")"
  j=$(echo "${jw[*]}" | median)
  echo "  what-if jury rank --method trimmed (printed, no file written) ${j} s (runs: ${jw[*]})," \
    "ratio $(ratio "$j" "$p")"
  "$J" rank "$T/out" --no-view 2>/dev/null | awk -F'\t' 'NF >= 4 && $2 ~ /^[0-9]+$/ { print $3 "|" $2 }' |
    sort >"$T/ours.txt"
  sqlite3 "$T/peer.sqlite" "$RANK_SQL" | sort >"$T/peer.txt"
  if cmp -s "$T/ours.txt" "$T/peer.txt"; then
    echo "  ranks identical to the SQL's for all $(wc -l <"$T/peer.txt") packs"
  else
    echo "  ranks differ from the SQL's: $(comm -3 "$T/ours.txt" "$T/peer.txt" | wc -l) lines" \
      "(jury $(wc -l <"$T/ours.txt"), SQL $(wc -l <"$T/peer.txt"))"
  fi
  echo "  load after: $(uptime | sed 's/.*load/load/')"
  rm -rf "$T"
  T=
}

for s in ${SIZES:-100k 1m}; do
  case $s in
  100k) run_size 100k 15 556 30 ;;
  1m) run_size 1m 25 3334 30 ;;
  *) echo "unknown size $s (100k, 1m)"; exit 2 ;;
  esac
done
