#!/usr/bin/env bash
# test_points.sh - a points-scored rule set (task6: [0, max] on a 0.5 step) in
# the workbench at 80x24: a value out of range and one off the step are
# refused with the store's message, a value on the step is saved.
source "$(dirname "$0")/lib.sh"
need_tmux
export JURY_HOME=$E2E_TMP/home LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=xterm-256color
"$JURY_BIN" keygen --id R09 --name 周文斌 --panel 资源课程组 >/dev/null
pack=$JURY_SRC/packs/samples/packs/t6-vr-base.zip

score() { # id value
  keys i
  type_text "$1"
  keys Enter s C-u
  type_text "$2"
  keys Enter
}

start 80 24 "$JURY_BIN" open "$pack"
wait_for "F3 Checklist"
keys F3
wait_for "1.1"
score 1.1 99
wait_for "99 is outside 0..10"
score 1.1 7.3
wait_for "7.3 is not a multiple of 0.5"
score 1.1 7.5
wait_for "7.5"
# a digit on a points-scored point opens its prompt with the number typed
keys i
type_text 1.2
keys Enter 8
wait_for "Score 1.2 (0 to"
type_text .5
keys Enter
wait_for "Saved: 1.2 = 8.5"
keys q
sleep 0.5
out=$("$JURY_BIN" score show t6-vr-base --reviewer R09 --kit "$JURY_SRC/packs/samples")
echo "$out" | grep -q '1.1 .*\[7.5 / 10\]' || fail "7.5 was not saved: $out"
echo "$out" | grep -q '1.2 .*\[8.5 / ' || fail "8.5 was not saved: $out"
say "points: ok"
