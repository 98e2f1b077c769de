#!/usr/bin/env bash
# bench/tui.sh - the workbench's speed through a real terminal (tmux), not a
# test. Prints:
#   * key press -> finished screen update on a 200x60 terminal full of
#     Chinese text (the pack view: evidence | viewer | checklist), over
#     N=200 presses of j/k on the checklist: median and p99, and the
#     harness floor (the same poll with no key), which the numbers include;
#   * time from starting `jury` to the first full screen of the sample kit
#     (median of 10), and the ratio against `less` opening a text file of
#     the same size as that screen.
# Method: send-keys, then poll capture-pane every ~1 ms until the screen
# differs; each poll is a tmux client round trip, so the floor is reported.
#   * a change -> finished screen update: score an observation point (s,
#     the value, Enter) M=40 times, alternating two levels, on a store that
#     already holds AUDIT=400 audit rows (a reviewer's afternoon), median
#     and p99.
#   * one key scores: a digit on the checklist (the n-th level saved, on to
#     the next unscored point), M times; and for sections 2-4 the workbench's
#     own share (first key read -> screen written, $JURY_TUI_TIMING), which
#     leaves out tmux and the harness.
#   JURY_BIN=path (default build/cli/jury)  N=200  RUNS=10  M=40  AUDIT=400
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
JURY_BIN=${JURY_BIN:-$src/build/cli/jury}
N=${N:-200}
RUNS=${RUNS:-10}
M=${M:-40}
AUDIT=${AUDIT:-400}
export JURY_SHARE=$src
sock="jury-bench-$$"
tmp=$(mktemp -d)
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
export JURY_HOME=$tmp/home
mkdir -p "$JURY_HOME"
"$JURY_BIN" keygen --id R07 --name bench --panel bench >/dev/null
now() { date +%s%N; }
shot() { t capture-pane -p -t b; }
# until_change PREV: poll until the screen differs from PREV.
until_change() {
  local prev=$1 cur
  while :; do
    cur=$(shot)
    [ "$cur" != "$prev" ] && return 0
  done
}
# stop: end the session and wait until its jury has exited (store unlocked).
stop() {
  local pid
  pid=$(t display-message -p -t b '#{pane_pid}')
  t kill-session -t b
  while :; do
    case $(ps -o stat= -p "$pid" 2>/dev/null || true) in "" | Z*) return ;; esac
    sleep 0.01
  done
}
until_text() {
  while ! shot | grep -qF -- "$1"; do :; done
}
stats() { # label, values in ns on stdin
  sort -n | awk -v l="$1" '{v[NR]=$1} END {
    m=v[int((NR+1)/2)]; p=v[int(NR*0.99+0.999)]; if (p=="") p=v[NR];
    printf "%-34s n=%d median %.2f ms  p99 %.2f ms\n", l, NR, m/1e6, p/1e6 }'
}

run="cd '$tmp' && exec env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$src' '$JURY_BIN' --reviewer R07"
locale -a | grep -qi '^zh_CN.utf8$' || run=${run//zh_CN.UTF-8/C.UTF-8}
runt() { printf "cd '%s' && exec env JURY_TUI_TIMING='%s' %s" "$tmp" "$1" "${run#*exec env }"; }

# 1. First full screen: the pack list with its last row and the key bar.
: >"$tmp/start"
for _ in $(seq "$RUNS"); do
  t0=$(now)
  t -f /dev/null new-session -d -s b -x 200 -y 60 "$run"
  until_text "某职业学院 "
  until_text "q "
  echo $(($(now) - t0)) >>"$tmp/start"
  shot >"$tmp/first_screen.txt"
  stop
done
stats "jury to first screen" <"$tmp/start"
jury_ms=$(sort -n "$tmp/start" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')

# less on a text file of the same size as that screen.
bytes=$(wc -c <"$tmp/first_screen.txt")
python3 - "$tmp/same.txt" "$bytes" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
line = "深化产教融合推进校企合作培养高素质技术技能人才" * 4 + "\n"
out = (line * (n // len(line.encode()) + 1)).encode()[:n]
open(path, "wb").write(out.decode("utf-8", "ignore").encode())
PY
printf 'END-OF-FILE\n' >>"$tmp/same.txt"
: >"$tmp/less"
for _ in $(seq "$RUNS"); do
  t0=$(now)
  t -f /dev/null new-session -d -s b -x 200 -y 60 "exec env LANG=C.UTF-8 less -S '$tmp/same.txt'"
  until_text "深化产教融合"
  echo $(($(now) - t0)) >>"$tmp/less"
  t kill-session -t b
  sleep 0.1
done
stats "less to first screen ($bytes bytes)" <"$tmp/less"
less_ms=$(sort -n "$tmp/less" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
awk -v a="$jury_ms" -v b="$less_ms" 'BEGIN {printf "first-screen ratio jury/less: %.2f\n", a/b}'

# 2. Key latency on the pack view full of Chinese text.
t -f /dev/null new-session -d -s b -x 200 -y 60 "$(runt "$tmp/keys.in")"
until_text "某职业学院 "
t send-keys -t b Enter
until_text "申报书.pdf"
t send-keys -t b j j Enter
until_text "[1/4]"
t send-keys -t b F3
sleep 0.3
: >"$tmp/keys"
: >"$tmp/floor"
for i in $(seq 0 $((N - 1))); do
  key=j # ten down, ten up: every press moves the selection
  [ $((i / 10 % 2)) = 1 ] && key=k
  prev=$(shot)
  t0=$(now)
  t send-keys -t b "$key"
  until_change "$prev"
  echo $(($(now) - t0)) >>"$tmp/keys"
done
for _ in $(seq 50); do
  t0=$(now)
  shot >/dev/null
  t send-keys -t b ""
  echo $(($(now) - t0)) >>"$tmp/floor"
done
stats "key -> screen (200x60, Chinese)" <"$tmp/keys"
stats "harness floor (send + 1 capture)" <"$tmp/floor"
# The workbench's own share: first key read -> screen written (JURY_TUI_TIMING).
stats "  in jury: key -> refresh" <"$tmp/keys.in"

# 3. A change on a store with history: every score is a store write, then
# the checklist and the pack list must show it.
stop
for i in $(seq "$AUDIT"); do
  v=优
  [ $((i % 2)) = 1 ] && v=良
  echo "score set t4-nursing.zip 1.2 $v"
done >"$tmp/cmds"
while read -r _ sub pack id v; do
  "$JURY_BIN" score "$sub" "$pack" "$id" "$v" --reviewer R07 >/dev/null
done <"$tmp/cmds"
t -f /dev/null new-session -d -s b -x 200 -y 60 "$(runt "$tmp/change.in")"
until_text "申报书.pdf" # back where section 2 left: the pack view
t send-keys -t b i
t send-keys -t b -l 1.1
t send-keys -t b Enter
sleep 0.3
: >"$tmp/change"
for i in $(seq "$M"); do
  v=优
  [ $((i % 2)) = 1 ] && v=良
  t0=$(now)
  t send-keys -t b s C-u
  t send-keys -t b -l "$v"
  t send-keys -t b Enter
  until_text "$v/8"
  echo $(($(now) - t0)) >>"$tmp/change"
done
stats "score change -> screen (${AUDIT} rows)" <"$tmp/change"
stats "  in jury: each key batch -> refresh" <"$tmp/change.in"
# 4. One key scores: a digit on the checklist (the level saved, on to the
# next unscored point), alternating 1 and 2 on 1.1.
: >"$tmp/change.in"
: >"$tmp/digit"
for i in $(seq "$M"); do
  d=$((i % 2 + 1))
  t send-keys -t b i # untimed: back on 1.1 (a digit moves on to the next unscored point)
  t send-keys -t b -l 1.1
  t send-keys -t b Enter
  until_text "1.1 "
  sleep 0.05
  prev=$(shot)
  t0=$(now)
  t send-keys -t b "$d"
  until_change "$prev"
  echo $(($(now) - t0)) >>"$tmp/digit"
done
sleep 0.2
stats "digit score -> screen (${AUDIT} rows)" <"$tmp/digit"
stats "  in jury: each batch (i 1.1 Enter, digit)" <"$tmp/change.in"
