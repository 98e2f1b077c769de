# assert.sh - sourced by the CLI shell tests: run a command and check its exit
# status, then look for a pattern in what it printed. The caller sets `work`
# (a private folder) and `fail=0`; a failed check sets fail=1 and says why.

# check EXPECTED-STATUS DESCRIPTION COMMAND...: stdout in $work/out, stderr in $work/err.
check() {
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, want $want" >&2
    cat "$work/out" "$work/err" >&2
    fail=1
  fi
}

# has out|err PATTERN / hasnt out|err PATTERN: grep the last check's output.
has() { grep -q -- "$2" "$work/$1" || { echo "FAIL: '$2' not in $1: $(cat "$work/$1")" >&2; fail=1; }; }
hasnt() { ! grep -q -- "$2" "$work/$1" || { echo "FAIL: '$2' in $1" >&2; fail=1; }; }
