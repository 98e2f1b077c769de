#!/usr/bin/env bash
# bench/extract.sh - packs/extract and packs/index against their peers,
# printed as ratios (not a test). Generates its data in /tmp (a PAGES-page
# Chinese PDF, default 300, and a zip of TEXT_MB of Chinese text, default 50),
# with a private JURY_HOME, all removed at the end.
# Usage: bench/extract.sh [BUILD_DIR]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
PAGES=${PAGES:-300}
TEXT_MB=${TEXT_MB:-50}
RUNS=${RUNS:-10}
export TZ=${TZ:-:/etc/localtime}
cmake --build "$BUILD" -j2 --target bench_extract >/dev/null
B=$BUILD/bench/bench_extract
T=$(mktemp -d /tmp/jury-bench-extract.XXXXXX)
trap 'rm -rf "$T"' EXIT
export JURY_HOME=$T/home

echo "== PDF text: $PAGES Chinese pages, in-process MuPDF vs mutool draw -F txt (same session)"
"$B" mkpdf "$T/zh.pdf" "$PAGES"
"$B" pdf "$T/zh.pdf"
mutool draw -q -F txt -o "$T/mutool.txt" "$T/zh.pdf" 2>/dev/null
echo "mutool text: $(wc -c <"$T/mutool.txt") bytes"
if command -v hyperfine >/dev/null; then
  hyperfine -N -w 1 --runs "$RUNS" --export-json "$T/pdf.json" \
    "mutool draw -q -F txt -o /dev/null $T/zh.pdf" "$B pdf $T/zh.pdf" >/dev/null 2>&1
  python3 - "$T/pdf.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m, j = r[0]["median"] * 1e3, r[1]["median"] * 1e3
print(f"median of {len(r[0]['times'])}: mutool {m:.0f} ms, jury {j:.0f} ms -> {j / m:.2f}x mutool (goal <= 0.8x)")
PY
else
  echo "(hyperfine not installed: no ratio)"
fi

echo
echo "== Index: ${TEXT_MB} MB of Chinese text; queries vs a full instr scan of the same pages"
"$B" mkpack "$T/zh.zip" "$TEXT_MB"
/usr/bin/time -f "peak RSS of index build + queries: %M KiB" "$B" index "$T/zh.zip"
