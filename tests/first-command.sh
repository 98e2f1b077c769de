#!/usr/bin/env bash
# first-command.sh - README's first command, run as a new user would, without a
# person at the keyboard: in a private tmux server, on an empty data folder, it
# must install, build and open the workbench on the bundled sample kit; we make
# the reviewer key it offers, wait for the pack list, and quit with q.
# Also checks that README opens with exactly the two commands .ci/run relies on.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'first-command: %s\n' "$*" >&2; }

first=$(grep -m1 '^bash scripts/dev.sh' README.md)
second=$(grep '^bash scripts/dev.sh' README.md | sed -n 2p)
[ "$first" = "bash scripts/dev.sh run" ] || { say "README's first command is '$first'"; exit 1; }
[ "$second" = "bash scripts/dev.sh test" ] || { say "README's second command is '$second'"; exit 1; }
grep -qxF "$second" .ci/run || { say ".ci/run does not run '$second'"; exit 1; }

command -v tmux >/dev/null || { say "tmux is needed (bash scripts/dev.sh setup installs it)"; exit 1; }
SOCK="jury-first-$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jury-first.XXXXXX")
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
t() { tmux -L "$SOCK" "$@"; }

wait_for() { # TEXT SECONDS
  local i=0
  while [ $i -lt $(($2 * 10)) ]; do
    t capture-pane -p -t first 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  say "waited $2 s for: $1"
  t capture-pane -p -t first >&2 || true
  exit 1
}

# The command runs exactly as README writes it; its exit status lands in a file.
t -f /dev/null new-session -d -s first -x 120 -y 40 \
  "cd '$PWD' && JURY_HOME='$TMP/home' $first; echo \$? >'$TMP/rc'; sleep 600"
wait_for "Make one now?" 600
t send-keys -t first y Enter
wait_for "Reviewer id" 20
t send-keys -t first R01 Enter
wait_for "Your name" 20
t send-keys -t first -l "张建华"
t send-keys -t first Enter
wait_for "panel" 20
t send-keys -t first -l "产教融合组"
t send-keys -t first Enter
wait_for "t1-changzhou.zip" 60
t send-keys -t first q
i=0
while [ ! -s "$TMP/rc" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
rc=$(cat "$TMP/rc" 2>/dev/null || echo none)
[ "$rc" = 0 ] || { say "the workbench exited with $rc"; exit 1; }
say "ok: '$first' opened the workbench on the sample kit and quit cleanly"
