#!/usr/bin/env bash
# The shipped rule sets load under plain lua5.4 in a sandbox-like environment, are well formed (ids,
# parents, points sum to total, level fractions), quote the source document verbatim, and meet their
# expectations on the sample packs' facts (rules/tests/ID.lua). See rules/tools/selfcheck.lua.
set -u
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
lua=$(command -v lua5.4 || command -v lua)
[ -n "$lua" ] || { echo "lua5.4 not found" >&2; exit 1; }
exec "$lua" "$src/rules/tools/selfcheck.lua" "$src"
