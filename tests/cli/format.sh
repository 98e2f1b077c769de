#!/usr/bin/env bash
# The project's C files are formatted, and the check really fails on a badly
# formatted file (so a green run means something).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/check-format.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/../.clang-format" "$tmp/"
printf 'int  main( void ){return 0 ;}\n' > "$tmp/bad.c"
if "$here/check-format.sh" "$tmp" 2>/dev/null; then
  echo "check-format.sh accepted a badly formatted file" >&2
  exit 1
fi
echo "format check: ok (and it rejects a bad file)"
