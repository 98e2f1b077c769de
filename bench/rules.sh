#!/usr/bin/env bash
# bench/rules.sh - the rule engine's speed against plain lua5.4 (not a test):
# load time per rule set, eval time on a sample pack's facts, per-pack cost
# over N packs (default 1000), and the ratio against lua5.4 running the same
# rule files on the same facts (bench/rules_driver.lua).
# Usage: bench/rules.sh [BUILD_DIR] [N]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
N=${2:-1000}
command -v lua5.4 >/dev/null || { echo "lua5.4 not found (apt-get install lua5.4)" >&2; exit 2; }
cmake --build "$BUILD" -j2 --target bench_rules >/dev/null
exec "$BUILD/bench/bench_rules" "$SRC" "$N"
