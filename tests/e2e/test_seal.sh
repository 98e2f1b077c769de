#!/usr/bin/env bash
# test_seal.sh - the kit seal on open: a sealed kit that was
# altered afterwards opens with a warning naming the changed file, :verify
# shows the full report, and the reviewer works on (the first key closes the
# warning and still does its work); an unsealed kit (the bundled sample)
# opens with the "not sealed" warning.
source "$(dirname "$0")/lib.sh"
need_tmux
export JURY_HOME="$E2E_TMP/home"
mkdir -p "$JURY_HOME"
"$JURY_BIN" keygen --id organiser --name 省教育厅 --panel organiser >/dev/null
"$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null
kit="$E2E_TMP/kit"
cp -r "$JURY_SHARE/packs/samples" "$kit"
"$JURY_BIN" kit seal "$kit" >/dev/null
"$JURY_BIN" kit verify "$kit" >/dev/null || fail "a fresh seal does not verify"
echo "改动" >>"$kit/README.txt"
echo extra >"$kit/extra.txt"
run="cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$JURY_SHARE' '$JURY_BIN'"

say "sealed, then altered"
start 120 30 "$run open '$kit' --reviewer R07"
wait_for "altered since it was sealed"
wait_for "README.txt"
wait_for "1 added"
keys k # closes the warning (and does its work: nothing, at the top)
wait_gone "altered since it was sealed"
wait_for 某卫生职业学院
keys :
type_text verify
keys Enter
wait_for "Changed:"
wait_for "extra.txt"
keys Escape
wait_gone "Changed:"
keys Enter # the reviewer still works: the pack opens
wait_for 申报书.pdf
keys q

say "not sealed"
export JURY_HOME="$E2E_TMP/home2" # a fresh store: the list, not the last pack
mkdir -p "$JURY_HOME"
"$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null
run="cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$JURY_SHARE' '$JURY_BIN'"
start 80 24 "$run --reviewer R07"
wait_for "not sealed"
keys j # the warning goes, the key still moves the selection
wait_gone "not sealed"
wait_for 某卫生职业学院
keys q

if have_locale zh_CN.UTF-8; then
  say "not sealed, in Chinese"
  start 80 24 "cd '$E2E_TMP' && exec env LC_ALL=zh_CN.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$JURY_SHARE' '$JURY_BIN' --reviewer R07"
  wait_for "未签封"
  keys q
fi
say ok
