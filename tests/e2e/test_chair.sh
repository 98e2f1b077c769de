#!/usr/bin/env bash
# test_chair.sh - the chair's view: two reviewers score and submit a pack
# (through the CLI), their sheets are merged, and `jury open OUT/` shows the
# ranking; Enter drills down to the pack's reviewer-by-indicator table.
# `jury rank OUT/` re-ranks and then opens the same view on a terminal;
# --no-view, or no terminal, only prints. Flags speak the reader's language.
source "$(dirname "$0")/lib.sh"
need_tmux
loc=C.UTF-8
have_locale zh_CN.UTF-8 && loc=zh_CN.UTF-8
export LC_ALL=$loc
work="$E2E_TMP/work"
mkdir -p "$work"
echo reviewer_id,name,panel,affiliation,public_key >"$work/roster.csv"
ids="1.1 1.2 1.3 1.4 2.1 2.2 2.3 2.4 3.1 3.2 3.3 4.1 5.1"
for r in R07 R08; do
  export JURY_HOME="$E2E_TMP/home-$r"
  mkdir -p "$JURY_HOME"
  "$JURY_BIN" keygen --id $r --name "专家$r" --panel 资源课程组 | tail -n 1 >>"$work/roster.csv"
  v=优
  [ $r = R08 ] && v=良
  for id in $ids; do
    "$JURY_BIN" score set t4-mechatronics.zip "$id" "$v" --reviewer $r >/dev/null
  done
  [ $r = R07 ] && "$JURY_BIN" score set t4-mechatronics.zip 1.1 优 --comment "示范作用明显 $r" \
    --reviewer $r >/dev/null
  for c in $(grep -o '"E[0-9.]*"' "$JURY_SHARE/rules/task4.lua" | tr -d '"'); do
    "$JURY_BIN" confirm t4-mechatronics.zip "$c" yes --reviewer $r >/dev/null 2>&1 || true
  done
  "$JURY_BIN" score submit t4-mechatronics.zip --reviewer $r >/dev/null
  (cd "$work" && "$JURY_BIN" export -o "$work/$r.jury" --reviewer $r >/dev/null)
done
"$JURY_BIN" merge "$work/R07.jury" "$work/R08.jury" --roster "$work/roster.csv" \
  --kit "$JURY_SHARE/packs/samples" -o "$work/out" >"$work/merge.txt" 2>&1 ||
  { cat "$work/merge.txt" >&2; fail "jury merge failed"; }
start 120 30 "exec env LC_ALL=$loc JURY_HOME='$JURY_HOME' '$JURY_BIN' open '$work/out'"
wait_for t4-mechatronics
wait_for "90.00" # the mean of 100 and 80
t resize-window -t e2e -x 80 -y 24
wait_for t4-mechatronics
keys /
type_text t4-mech
keys Enter Enter
wait_for R08
wait_for "6.40" # 良 on an 8-point indicator
wait_for "task4 职业教育" # the task as the rule set names it (80 columns cut the rest)
wait_for "专家R07 (R07)"         # reviewers by their roster names
wait_for "示范作用明显 R07"      # the comment on the selected observation point
keys Escape
wait_for "90.00"
keys q
wait_exit "$(t display-message -p -t e2e '#{pane_pid}')"

say "jury rank OUT/ on a terminal opens the chair's view after re-ranking"
start 120 30 "exec env LC_ALL=$loc JURY_HOME='$JURY_HOME' '$JURY_BIN' rank '$work/out' --method median --official"
wait_for "90.00"
keys /
type_text t4-mech
keys Enter Enter
wait_for R08
keys q
i=0
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pane_dead || fail "q did not quit the chair's view"
t capture-pane -p -S -300 -t e2e | grep -qF "method median" || fail "the printed ranking is not left on the terminal"

say "the flags in the reader's language"
start 120 30 "exec env LC_ALL=$loc JURY_HOME='$JURY_HOME' '$JURY_BIN' rank '$work/out' --method median --disagreement 10 --official"
wait_for "90.00"
if [ $loc = zh_CN.UTF-8 ]; then
  wait_for "评分分歧" # a spread of 20 over a threshold of 10
  screen | grep -qF disagree && fail "the flag 'disagree' is not translated"
else
  wait_for "disagree"
fi
keys q
i=0
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pane_dead || fail "q did not quit the chair's view"

say "--no-view only prints, on a terminal too"
start 120 30 "env LC_ALL=$loc JURY_HOME='$JURY_HOME' '$JURY_BIN' rank '$work/out' --no-view; echo rank-exit=\$?; sleep 30"
wait_for "rank-exit=0"
t capture-pane -p -S -300 -t e2e | grep -qF "t4-mechatronics" || fail "--no-view printed no ranking"

say "no terminal: never the view"
timeout 20 "$JURY_BIN" rank "$work/out" </dev/null >"$work/rank.txt" 2>&1 ||
  { cat "$work/rank.txt" >&2; fail "jury rank without a terminal failed or hung"; }
grep -qF "t4-mechatronics" "$work/rank.txt" || fail "jury rank without a terminal printed no ranking"
timeout 20 "$JURY_BIN" rank "$work/out" --view </dev/null >"$work/rank.txt" 2>&1 &&
  fail "--view without a terminal should fail"
say ok
