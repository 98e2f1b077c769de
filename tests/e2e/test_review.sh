#!/usr/bin/env bash
# test_review.sh - workbench paths test_workbench.sh does not walk, in
# C.UTF-8 at 200x50: sort and filter the pack list; a mouse click selecting
# a row and a pane; submit refused with the list of what is missing, then
# confirmed once everything is scored, then reopened with a reason; a veto
# and an eligibility confirmation; the image note (type and pixel size) of a
# PNG; a deduction out of range refused with the message, then set (every
# sample rule set scores indicators by levels, so the numeric range check is
# the deduction's: task1's D1 takes 0..10, reviewer R01); and the offer to
# make a key when the data folder has none.
source "$(dirname "$0")/lib.sh"
need_tmux
home="$E2E_TMP/home"
mkdir -p "$home"
JURY_HOME="$home" "$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null
JURY_HOME="$home" "$JURY_BIN" keygen --id R01 --name 钱学文 --panel 产教融合组 >/dev/null
run="cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$home' JURY_SHARE='$JURY_SHARE' '$JURY_BIN'"
row() { screen | sed -n "$(($1 + 3))p"; } # data row N (0-based) of the list

say "sort and filter"
start 200 50 "$run --reviewer R07"
wait_for 某卫生职业学院
row 0 | grep -qF 某职业技术学院 || fail "file order: t4-mechatronics first"
keys s
wait_for "sort: applicant"
row 0 | grep -qF 某卫生职业学院 || fail "applicant order: 某卫生职业学院 first"
keys s
wait_for "sort: task"
row 3 | grep -qF task7 || fail "task order: task7 last"
keys f
type_text task6
keys Enter
wait_for "packs: 1"
wait_for "filter: task6"
row 0 | grep -qF task6 || fail "the filter kept another pack"
keys f C-u Enter
wait_for "packs: 4"

say "mouse"
# xterm X10 mouse report: ESC [ M, button+32, column+33, row+33 (0-based).
click() { # X Y (0-based)
  t send-keys -t e2e -l "$(printf '\033[M%b%b%b' ' ' "\\$(printf %03o $(($1 + 33)))" "\\$(printf %03o $(($2 + 33)))")"
  t send-keys -t e2e -l "$(printf '\033[M%b%b%b' '#' "\\$(printf %03o $(($1 + 33)))" "\\$(printf %03o $(($2 + 33)))")"
}
keys Home
click 10 4 # row 2 of the list (screen row 4)
sleep 0.3
if screen | sed -n 5p | grep -qF task6; then
  mouse=1
  say "a click selected row 2"
else
  mouse=0
  say "SKIP mouse: tmux did not deliver the synthesised click (TERM=$(t show -gv default-terminal))"
fi

say "submit: missing listed, confirmed, reopened"
keys f
type_text task7
keys Enter
wait_for "packs: 1"
keys Enter
wait_for "Checklist  Total"
keys S
wait_for "Still missing: 1 2 3 4 5"
wait_for "Not scored:" # the summary box
keys i # swallowed: a refused prompt lets nothing typed after it act
wait_for "Esc to go on"
keys Escape # closes the refusal and its summary
wait_gone "Not scored:"
for id in 1 2 3 4 5; do
  keys i
  type_text "$id"
  keys Enter s C-u
  type_text 优
  keys Enter
  wait_for "Saved: $id = 优"
done
keys S
wait_for "Submit 某职业学院"
wait_for "(y/n)"
wait_for "Comments: 0" # the summary before the question
keys y # a single key
wait_for "Submitted."
wait_for "[submitted]"
keys R
wait_for "Reopen 某职业学院"
type_text "复核第3项"
keys Enter
wait_for "(y/n)"
keys y
wait_for "Reopened."
wait_gone "[submitted]"
keys Escape
wait_for "packs: 1"
keys f C-u Enter
wait_for "packs: 4"

say "veto and eligibility confirmations, image note"
keys Home Enter # t4-mechatronics
wait_for 申报书.pdf
keys i
type_text V1
keys Enter y
wait_for "Answered V1: yes"
keys i
type_text E2.8
keys Enter x
wait_for "Answered E2.8: no"
if [ $mouse = 1 ]; then # a click on the tree pane gives it the focus
  click 5 10
  sleep 0.2
fi
keys F1 Home j j j j j Enter
wait_for "平台首页截图.png"
wait_for "png image, 80x48 pixels"
keys q

say "deduction out of range refused, then set"
start 200 50 "$run --reviewer R01"
wait_for t1-changzhou.zip
keys Enter
wait_for "Checklist  Total"
keys i
type_text D1
keys Enter d
wait_for "Deduction D1 (0 to 10):" # the prompt shows the range
type_text 12
keys Enter
wait_for "D1: deduction 12 is outside 0..10"
keys d
type_text 3
keys Enter
wait_for "Reason for deduction D1 (-3):"
type_text "近三年有一起安全事故"
keys Enter
wait_for "Deduction D1 set to 3: 近三年有一起安全事故"
keys q

say "no key yet: offered, made, the workbench opens"
empty="$E2E_TMP/empty"
mkdir -p "$empty"
start 120 30 "cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$empty' JURY_SHARE='$JURY_SHARE' '$JURY_BIN'"
wait_for "No reviewer key in the data folder."
wait_for "Make one now? [y/N]"
type_text y
keys Enter
wait_for "Reviewer id"
type_text "R 07" # refused as typed, before the name
keys Enter
wait_for 'Not a reviewer id: "R 07"'
type_text R07
keys Enter
wait_for "Your name:"
type_text 赵明远
keys Enter
wait_for "Your panel"
type_text 资源课程组
keys Enter
wait_for "R07" # the title: the kit and the new reviewer
wait_for 某卫生职业学院
keys q
i=0 # let it finish writing into $empty before the test's folder is removed
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pane_dead || fail "q did not quit"
ls -R "$empty" | grep -q R07 || fail "no key file for R07"
grep -q 资源课程组 "$empty"/keys/R07.pub || fail "the roster line has no panel"
say ok
