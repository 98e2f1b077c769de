#!/usr/bin/env bash
# test_terminal.sh - the workbench refuses what would give a broken screen,
# with a clear message and exit 2, before touching the terminal: TERM unset
# or dumb, a non-UTF-8 locale, no terminal at all; unknown options exit 2
# with the usage on stderr. Then SIGTERM in a live session restores the
# terminal and leaves the store unlocked for the next start.
source "$(dirname "$0")/lib.sh"
need_tmux

home="$E2E_TMP/home"
mkdir -p "$home"
export JURY_HOME="$home"
"$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null

expect_refusal() { # what-to-grep env-args...
  local want=$1
  shift
  local rc=0
  env "$@" "$JURY_BIN" --reviewer R07 </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err" || rc=$?
  [ $rc = 2 ] || fail "expected exit 2 for $*, got $rc"
  grep -q -- "$want" "$E2E_TMP/err" || { cat "$E2E_TMP/err" >&2; fail "no '$want' message for $*"; }
}

expect_refusal "TERM is not set" -u TERM LC_ALL=C.UTF-8
expect_refusal "TERM=dumb" TERM=dumb LC_ALL=C.UTF-8
expect_refusal "not UTF-8" TERM=xterm LC_ALL=C
expect_refusal "needs a terminal" TERM=xterm LC_ALL=C.UTF-8

rc=0
"$JURY_BIN" --no-such-option 2>"$E2E_TMP/err" >/dev/null || rc=$?
[ $rc = 2 ] || fail "unknown option: exit $rc, not 2"
grep -q "usage: jury" "$E2E_TMP/err" || fail "unknown option: no usage on stderr"

# SIGTERM: a clean exit through the main loop, the store unlocked.
cmd="cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$home' JURY_SHARE='$JURY_SHARE' '$JURY_BIN' --reviewer R07"
start 80 24 "$cmd"
wait_for 某卫生职业学院
pid=$(t display-message -p -t e2e '#{pane_pid}')
kill -TERM "$pid"
wait_exit "$pid"
"$JURY_BIN" score show t4-mechatronics.zip --reviewer R07 >/dev/null ||
  fail "the store is still locked after SIGTERM"
say ok
