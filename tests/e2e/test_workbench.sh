#!/usr/bin/env bash
# test_workbench.sh - the reviewer's day in the real binary, through tmux, at
# 80x24 and 200x50, in zh_CN.UTF-8 and C.UTF-8: open the sample kit, declare
# a conflict on one pack, open another, walk the evidence tree to a PDF, jump
# to page 3, search the pack and jump to the hit, score three observation
# points (one refused with a message), comment in Chinese, cite the page,
# survive a resize storm with the typed text kept, kill the pane, start again
# and find everything (and the position) back, resize, export a sheet that
# `jury sheet verify` accepts. A broken rule set is reported in the
# reader's language.
source "$(dirname "$0")/lib.sh"
need_tmux

strings_for() { # locale
  if [[ $1 == zh_CN* ]]; then
    L_REASON="回避理由" L_CONFLICT_DONE="已声明回避" L_CONFLICT="回避" L_CITED="已引用"
    L_PAGE3="申报书.pdf 第 3 页" L_TAB3="F3 评审表" L_WRITTEN="评分表已导出" L_FOUND="处命中"
    L_NOTLEVEL="不是有效档次"
  else
    L_REASON="Conflict of interest on" L_CONFLICT_DONE="Conflict declared"
    L_CONFLICT="conflict" L_CITED="Cited" L_PAGE3="申报书.pdf page 3" L_TAB3="F3 Checklist"
    L_WRITTEN="Sheet written" L_FOUND="hits for" L_NOTLEVEL="not a level"
  fi
}

# Score `value` on indicator `id` (the checklist's find, then s).
score() {
  keys i
  type_text "$1"
  keys Enter s C-u
  type_text "$2"
  keys Enter
}

first_session() { # W H
  wait_for 某卫生职业学院
  keys j '!'
  wait_for "$L_REASON"
  type_text "亲属在申报单位任职"
  keys Enter
  wait_for "(y/n)" # a single key, the pack named
  keys y
  wait_for "$L_CONFLICT_DONE"
  wait_for "$L_CONFLICT"
  keys k Enter
  wait_for 申报书.pdf
  keys F1 j j Enter
  wait_for "申报书.pdf  [1/4]"
  keys g
  type_text 3
  keys Enter
  wait_for "[3/4]"
  keys F
  type_text 产教融合
  keys Enter
  wait_for "$L_FOUND"
  wait_for "p.3"
  keys Enter
  wait_for "[3/4]"
  t capture-pane -p -e -t e2e | grep -q '43m产教融合' || fail "the hit is not highlighted"
}

scoring() { # W
  score 1.1 优
  wait_for "优/8"
  keys c
  wait_for "$L_CITED"
  wait_for "$L_PAGE3"
  keys m
  type_text "材料充分，产教融合成效明显，建议通过"
  keys Enter
  wait_for "# 材料充分"
  score 1.2 良
  wait_for "良/8"
  score 1.3 9
  wait_for "$L_NOTLEVEL" # the store's message, in the reviewer's language
  score 1.3 中
  wait_for "中/8"
  if [ "$1" = 80 ]; then # a resize storm down to 20x5 keeps the typed text
    keys m
    type_text "风暴中文"
    for s in 20x5 33x7 20x5 41x9 20x5 80x24; do
      t resize-window -t e2e -x "${s%x*}" -y "${s#*x}"
      sleep 0.05
    done
    wait_for "风暴中文"
    if pane_dead; then fail "died in the resize storm"; fi
    keys Escape
  fi
}

second_session() { # W H
  wait_for "申报书.pdf  [3/4]"
  keys F3
  wait_for "中/8" # the last indicator is back at the top of the checklist
  keys i
  type_text 1.1
  keys Enter
  wait_for "优/8"
  wait_for "良/8"
  wait_for "# 材料充分"
  wait_for "$L_PAGE3"
  t resize-window -t e2e -x 80 -y 24
  wait_for "$L_TAB3"
  t resize-window -t e2e -x 200 -y 50
  wait_for "|"
  t resize-window -t e2e -x "$1" -y "$2"
  if pane_dead; then fail "died after resizing"; fi
}

run_case() { # W H LOCALE
  local w=$1 h=$2 loc=$3
  strings_for "$loc"
  local home="$E2E_TMP/home-$w-$loc" work="$E2E_TMP/work-$w-$loc"
  mkdir -p "$home" "$work"
  say "case ${w}x${h} $loc"
  JURY_HOME="$home" "$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >"$work/key.txt"
  { echo reviewer_id,name,panel,affiliation,public_key; tail -n 1 "$work/key.txt"; } >"$work/roster.csv"
  local cmd="cd '$work' && exec env LANG='$loc' LC_ALL='$loc' JURY_HOME='$home' JURY_SHARE='$JURY_SHARE' '$JURY_BIN' --reviewer R07"
  start "$w" "$h" "$cmd"
  first_session "$w" "$h"
  scoring "$w"
  local pid
  pid=$(t display-message -p -t e2e '#{pane_pid}')
  t kill-pane -t e2e
  wait_exit "$pid"
  start "$w" "$h" "$cmd"
  second_session "$w" "$h"
  keys E C-u
  type_text "$work/sheet.jury"
  keys Enter
  wait_for "$L_WRITTEN"
  keys q
  local i=0
  while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  pane_dead || fail "q did not quit"
  "$JURY_BIN" sheet verify "$work/sheet.jury" --roster "$work/roster.csv" >"$work/verify.txt" 2>&1 ||
    { cat "$work/verify.txt" >&2; fail "jury sheet verify refused the exported sheet"; }
}

# A rule set the organiser got wrong: opening its pack says so, in the
# reader's language (the frame and the rule engine's words), and the list stays.
broken_rules() { # LOCALE
  local loc=$1 kit="$E2E_TMP/kit-broken" home="$E2E_TMP/home-broken"
  say "a broken rule set, $loc"
  rm -rf "$kit" && cp -r "$JURY_SHARE/packs/samples" "$kit" && mkdir -p "$kit/rules" "$home"
  sed 's/"1.1", "既关注资源库建设内容的完整度和架构的系统性", max = 8/"1.1", "既关注资源库建设内容的完整度和架构的系统性", max = -8/' \
    "$JURY_SHARE/rules/task4.lua" >"$kit/rules/task4.lua"
  JURY_HOME="$home" "$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null 2>&1 || true
  start 200 50 "exec env LANG='$loc' LC_ALL='$loc' JURY_HOME='$home' JURY_SHARE='$JURY_SHARE' '$JURY_BIN' open '$kit' --reviewer R07"
  wait_for t4-mechatronics.zip
  keys Enter
  if [[ $loc == zh_CN* ]]; then
    wait_for "评审规则 task4 无法使用（请告知组织方）：指标“1.1”：max 必须是正数"
  else
    wait_for "rule set task4 cannot be used: indicator '1.1': max must be a positive number"
  fi
  screen | grep -qF "task4.lua:" || fail "the message does not name the rule file"
  keys q
  local i=0
  while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  pane_dead || fail "q did not quit"
}

for loc in C.UTF-8 zh_CN.UTF-8; do
  if have_locale "$loc"; then broken_rules "$loc"; fi
done

for loc in C.UTF-8 zh_CN.UTF-8; do
  if ! have_locale "$loc"; then
    say "SKIP $loc: not in 'locale -a' (bash scripts/dev.sh setup generates it)"
    continue
  fi
  run_case 80 24 "$loc"
  run_case 200 50 "$loc"
done
say "ok"
