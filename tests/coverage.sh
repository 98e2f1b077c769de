#!/usr/bin/env bash
# coverage.sh [BUILD_DIR] - line coverage of jury's own code by the test suite:
# a -DJURY_COVERAGE=ON build (gcov), every test but the valgrind one, then one
# figure per module and in all, from gcov's own line counts.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-cov}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DJURY_COVERAGE=ON >/dev/null
cmake --build "$dir" -j"${JOBS:-2}" >/dev/null
find "$dir" -name '*.gcda' -delete
(cd "$dir" && ctest -j"${JOBS:-2}" -E 'valgrind' --output-on-failure >/dev/null) || echo "coverage: some tests failed" >&2
src=$PWD
# gcov -n prints, per source file, "File 'X'" then "Lines executed:P% of N".
find "$dir" -name '*.gcda' -path '*/CMakeFiles/jury_*' | while read -r f; do
  (cd "$(dirname "$f")" && gcov -n "$(basename "$f")" 2>/dev/null)
done | awk -v src="$src/" '
  /^File / { file = $2; gsub(/\047/, "", file); next }
  /^Lines executed:/ {
    if (index(file, src) != 1 || seen[file]++) next
    split($2, a, "%"); pct = substr(a[1], 10); n = $4
    rel = substr(file, length(src) + 1); split(rel, parts, "/"); m = parts[1]
    hit[m] += pct * n / 100; tot[m] += n; H += pct * n / 100; T += n
  }
  END {
    for (m in tot) printf "%-10s %6.1f%% of %6d lines\n", m, 100 * hit[m] / tot[m], tot[m]
    printf "%-10s %6.1f%% of %6d lines\n", "all", 100 * H / T, T
  }' | sort
