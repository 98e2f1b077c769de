#!/usr/bin/env bash
# bench/packs.sh - packs/ against bsdtar, printed as ratios (not a test).
# Generates its zips in /tmp (a 5,000-entry Chinese-named zip and a BIG_MB
# stored zip, default 300 MB), removed at the end. Usage: bench/packs.sh [BUILD_DIR]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
BIG_MB=${BIG_MB:-300}
export TZ=${TZ:-:/etc/localtime}
cmake --build "$BUILD" -j2 --target bench_packs >/dev/null
B=$BUILD/bench/bench_packs
T=$(mktemp -d /tmp/jury-bench-packs.XXXXXX)
trap 'rm -rf "$T"' EXIT

ms() { # median wall time in ms of 5 runs of a command (output discarded)
  local v=() s e
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    v+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${v[@]}" | sort -n | sed -n 3p | awk '{printf "%.1f", $1 / 1000}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

"$B" gen-small "$T/small5k.zip"
"$B" gen-big "$T/big.zip" "$BIG_MB"
last=$(bsdtar -tf "$T/big.zip" | tail -1)
echo "small5k.zip: $(du -h "$T/small5k.zip" | cut -f1), big.zip: $(du -h "$T/big.zip" | cut -f1)"

a=$(ms "$B" list "$T/small5k.zip")
b=$(ms bsdtar -tf "$T/small5k.zip")
echo "open+list 5,000 entries: jury ${a} ms, bsdtar -tf ${b} ms, ratio $(ratio "$a" "$b") (goal <= 1.0)"
"$B" list "$T/small5k.zip" 5 | sed 's/^/  in-process: /'

a=$(ms "$B" read "$T/big.zip" "$last")
b=$(ms bsdtar -xOf "$T/big.zip" "$last")
echo "one member near the end of ${BIG_MB} MB: jury ${a} ms, bsdtar -xOf ${b} ms, ratio $(ratio "$a" "$b") (goal <= 1.2)"
"$B" read "$T/big.zip" "$last" | sed 's/^/  in-process: /'
echo "reopen from cache: not measured here (the listing cache belongs to the search index)"
