#!/usr/bin/env bash
# jury --version, --help, help SUBCOMMAND, and exit 2 on bad usage.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then echo "FAIL: $what: exit $got, want $want" >&2; fail=1; fi
}
check 0 "--version" "$JURY_BIN" --version
grep -q '^jury [0-9]' "$tmp/out" || { echo "FAIL: --version prints no version" >&2; fail=1; }
check 0 "--help" "$JURY_BIN" --help
grep -q 'Subcommands' "$tmp/out" || { echo "FAIL: --help lists no subcommands" >&2; fail=1; }
check 0 "help version" "$JURY_BIN" help version
check 2 "unknown subcommand" "$JURY_BIN" frobnicate
grep -q "unknown subcommand 'frobnicate'" "$tmp/err" || { echo "FAIL: no usage on stderr" >&2; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: usage error wrote to stdout" >&2; fail=1; }
check 2 "help unknown" "$JURY_BIN" help frobnicate
check 2 "bad option" "$JURY_BIN" --frobnicate
exit $fail
