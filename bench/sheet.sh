#!/usr/bin/env bash
# bench/sheet.sh - write and read+verify one large signed score sheet (not a
# test): 120,000 scores and as many audit rows by default.
# Usage: bench/sheet.sh [BUILD_DIR] [SCORES]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
cmake --build "$BUILD" -j2 --target bench_sheet >/dev/null
T=$(mktemp -d /tmp/jury-bench-sheet.XXXXXX)
trap 'rm -rf "$T"' EXIT
"$BUILD/bench/bench_sheet" "$T" "${2:-120000}"
