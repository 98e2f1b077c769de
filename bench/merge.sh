#!/usr/bin/env bash
# bench/merge.sh - jury merge/rank beside the sqlite3 shell on the same rows,
# printed as ratios (not a test). Data is generated in /tmp and removed.
# In-process steps; bench/merge_cli.sh runs the CLI beside a peer that verifies.
#   scaled down by default: 15 sheets (reviewers) x 1,000 packs x 30 indicators,
#   6 reviewers per pack (180,000 scores);
#   FULL=1: 50 sheets x 10,000 packs x 30 indicators, 20 per pack (6 M scores).
# Usage: bench/merge.sh [BUILD_DIR]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
if [ "${FULL:-0}" = 1 ]; then R=50 N=10000; else R=${REVIEWERS:-15} N=${PACKS:-1000}; fi
I=${INDICATORS:-30}
cmake --build "$BUILD" -j2 --target bench_merge >/dev/null 2>&1 ||
  echo "warning: bench_merge did not build (another module mid-edit?); using the existing binary"
B=$BUILD/bench/bench_merge
T=$(mktemp -d /tmp/jury-bench-merge.XXXXXX)
trap 'rm -rf "$T"' EXIT
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: apt-get install sqlite3"; exit 2; }

secs() { # wall seconds of a command, output discarded
  local s e
  s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
  awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { sed -n "s/.*$1 \([0-9.]*\) s.*/\1/p"; }

echo "data: $R sheets, $N packs, $I indicators, $((R * 2 / 5)) reviewers per pack"
"$B" gen "$T" "$R" "$N" "$I"
echo "sheets: $(du -ch "$T"/*.jury | tail -1 | cut -f1)"

# The peer's inputs: one SQLite file of score rows per reviewer (not timed).
for c in "$T"/r[0-9]*.csv; do
  db=${c%.csv}.db
  sqlite3 "$db" "CREATE TABLE score(reviewer TEXT, pack TEXT, indicator TEXT, points REAL);"
  sqlite3 "$db" ".import --csv $c score"
done

# Shell merge: the same keyed table as ours, at most 10 attached per transaction.
shell_merge() {
  local out=$T/shell.sqlite files=("$T"/r[0-9]*.db) i j
  rm -f "$out"
  {
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    echo "CREATE TABLE score(reviewer TEXT NOT NULL, pack TEXT NOT NULL, indicator TEXT NOT NULL,"
    echo "  points REAL NOT NULL, PRIMARY KEY(reviewer, pack, indicator)) WITHOUT ROWID;"
    for ((i = 0; i < ${#files[@]}; i += 10)); do
      for ((j = i; j < i + 10 && j < ${#files[@]}; j++)); do echo "ATTACH '${files[j]}' AS a$j;"; done
      echo "BEGIN;"
      for ((j = i; j < i + 10 && j < ${#files[@]}; j++)); do
        echo "INSERT INTO score SELECT reviewer, pack, indicator, points FROM a$j.score;"
      done
      echo "COMMIT;"
      for ((j = i; j < i + 10 && j < ${#files[@]}; j++)); do echo "DETACH a$j;"; done
    done
  } | sqlite3 "$out"
}

# Shell ranking: totals, per-reviewer z-scores mapped onto the pool, trimmed
# mean (>= 5 reviewers), rank: what `--method zscore` computes.
RANK_SQL="
WITH t AS (SELECT reviewer, pack, sum(points) AS x FROM score GROUP BY reviewer, pack),
r AS (SELECT reviewer, avg(x) AS m, sqrt(max(avg(x*x) - avg(x)*avg(x), 0)) AS sd FROM t GROUP BY reviewer),
p AS (SELECT avg(x) AS m, sqrt(avg(x*x) - avg(x)*avg(x)) AS sd FROM t),
z AS (SELECT t.pack, p.m + (CASE WHEN r.sd > 1e-6 THEN (t.x - r.m) / r.sd ELSE 0 END) * p.sd AS v
      FROM t JOIN r USING (reviewer), p),
a AS (SELECT pack, CASE WHEN count(*) >= 5 THEN (sum(v) - max(v) - min(v)) / (count(*) - 2)
                        ELSE avg(v) END AS s FROM z GROUP BY pack)
SELECT pack, RANK() OVER (ORDER BY round(s, 6) DESC) FROM a ORDER BY pack;"

med3() { sort -n | sed -n 2p; } # the median of three lines

line=$("$B" import "$T" "$T/out" "$N" "$I")
ours_import=$(echo "$line" | sed -n 's/.*sheets: \([0-9.]*\) s.*/\1/p')
verify=$(echo "$line" | sed -n 's/.*verification \([0-9.]*\) s.*/\1/p')
derive=$(echo "$line" | sed -n 's/.*re-derivation \([0-9.]*\) s.*/\1/p')
store=$(echo "$line" | sed -n 's/.*storing \([0-9.]*\) s.*/\1/p')
rss=$(echo "$line" | sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p')
shell_import=$(for _ in 1 2 3; do secs shell_merge; echo; done | med3)
echo "import, verification included: jury ${ours_import} s, sqlite3 ATTACH+INSERT...SELECT" \
  "${shell_import} s (median of 3), ratio $(ratio "$ours_import" "$shell_import") (goal <= 1.3)"
echo "  of which verifying sheets (envelope, Ed25519 signature, roster key, content" \
  "structure, kit id, audit chain recomputed, every score replayed against the log; and the" \
  "file's SHA-256) ${verify} s;"
echo "  re-deriving against the kit (merge_sheet_check: every id checked, every pack in the" \
  "kit, rule-set SHA-256 compared, every value through the checklist to its points, the" \
  "sheet's points compared, confirmations and deductions checked) ${derive} s," \
  "$(awk -v d="$derive" -v a="$ours_import" 'BEGIN { printf "%.1f", 100 * d / a }')% of the" \
  "import (goal <= 10%);"
echo "  storing ${store} s, ratio $(ratio "$store" "$shell_import"); peak RSS ${rss} MB"

"$B" rank "$T/out" full "$T/ours.txt" >/dev/null
full=$(for _ in 1 2 3; do "$B" rank "$T/out" full | field "results):"; done | med3)
totals=$(for _ in 1 2 3; do "$B" rank "$T/out" totals | field "results):"; done | med3)
shell_rank=$(for _ in 1 2 3; do secs sqlite3 "$T/shell.sqlite" "$RANK_SQL"; echo; done | med3)
sqlite3 -separator $'\t' "$T/shell.sqlite" "$RANK_SQL" >"$T/shell.txt"
echo "full ranking from raw scores: jury ${full} s, sqlite3 same SQL ${shell_rank} s (medians of 3)," \
  "ratio $(ratio "$full" "$shell_rank") (goal <= 1.2)"
echo "re-rank from kept totals: jury ${totals} s, ratio to the full ranking $(ratio "$totals" "$full") (goal <= 0.3)"
if cmp -s "$T/ours.txt" "$T/shell.txt"; then
  echo "  ranks identical to the SQL's for all $N packs"
else
  echo "  ranks differ from the SQL's in $(diff "$T/ours.txt" "$T/shell.txt" | grep -c '^<') packs"
fi
"$B" boot "$T/out" 1000 | sed 's/^/  /'
"$B" rank "$T/out" full | sed 's/^/  /'
"$B" rank "$T/out" totals | sed 's/^/  /'
