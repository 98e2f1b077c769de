#!/usr/bin/env bash
# check-format.sh [DIR] - fail when any C file under DIR (default: the
# repository's tracked files) differs from what .clang-format makes of it.
set -u
dir=${1:-}
if [ -z "$dir" ]; then
  cd "$(dirname "$0")/.." || exit 2
  files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.c' -o -name '*.h')
else
  cd "$dir" || exit 2
  files=$(find . -name '*.c' -o -name '*.h')
fi
command -v clang-format >/dev/null || { echo "clang-format not found: apt-get install clang-format" >&2; exit 2; }
bad=0
for f in $files; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: clang-format -i $f)" >&2
    bad=1
  fi
done
exit $bad
