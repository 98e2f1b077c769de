#!/usr/bin/env bash
# bench/scores.sh - build and run bench_scores (not a test).
#   JURY_BENCH_SCORES=100000 bench/scores.sh   for the issue's full run
#   BUILD=dir                                   build folder (default build/)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
cmake -S "$src" -B "$build" >/dev/null
cmake --build "$build" -j2 --target bench_scores >/dev/null
exec "$build/bench/bench_scores"
