#!/usr/bin/env bash
# The shipped rule sets load under plain lua5.4 in a sandbox-like environment, are well formed (ids,
# parents, points sum to total, level fractions), quote the source document verbatim, and meet their
# expectations on the sample packs' facts (rules/tests/ID.lua). See rules/tools/selfcheck.lua.
set -u
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
lua=$(command -v lua5.4 || command -v lua)
[ -n "$lua" ] || { echo "lua5.4 not found" >&2; exit 1; }
# 任务 11 repeats 任务 5's text word for word, so task11.lua is task5.lua with another id: keep them equal.
norm() { sed -e 1d -e "s/$2/TASK/g" -e "s/任务 ${2#task}\b/任务 N/g" "$src/rules/$1.lua"; }
if ! diff <(norm task5 task5) <(norm task11 task11) >/dev/null; then
  echo "rules/task5.lua and rules/task11.lua differ beyond their id: change both" >&2
  exit 1
fi
exec "$lua" "$src/rules/tools/selfcheck.lua" "$src"
