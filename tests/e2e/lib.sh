# lib.sh - helpers for the tmux-driven end-to-end tests (sourced).
# A private tmux server per test (tmux -L jury-e2e-PID), killed on exit;
# screen text is awaited by polling capture-pane, never by fixed sleeps.
set -euo pipefail

: "${JURY_BIN:?JURY_BIN must name the built jury binary}"
: "${JURY_SRC:=${JURY_SHARE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}}"
export JURY_SHARE="${JURY_SHARE:-$JURY_SRC}"
E2E_SOCK="jury-e2e-$$"
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/jury-e2e.XXXXXX")
E2E_LOG="$E2E_TMP/log"
: >"$E2E_LOG"

e2e_cleanup() {
  tmux -L "$E2E_SOCK" kill-server 2>/dev/null || true
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT

t() { tmux -L "$E2E_SOCK" "$@"; }

say() { printf 'e2e: %s\n' "$*" >&2; }

fail() {
  say "FAIL: $*"
  say "--- screen ---"
  t capture-pane -p -t e2e >&2 || t list-sessions >&2 || true
  exit 1
}

need_tmux() {
  command -v tmux >/dev/null || { say "SKIP: tmux not installed"; exit 0; }
}

have_locale() { # name like zh_CN.UTF-8
  local want=${1,,}
  want=${want/utf-8/utf8}
  locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$want"
}

# The private server holds a placeholder session for the whole test, so that
# killing the test's session never leaves it empty (an empty server exits, and
# a new session could race the dying server); panes stay after their program
# exits (remain-on-exit, set in the server's configuration, so that it applies
# before the program can exit and a fast exit is never missed). window-size
# manual is set per session: set globally, tmux 3.3a's server dies on the
# next new-session after a kill-session.
E2E_CONF="$E2E_TMP/tmux.conf"
printf 'setw -g remain-on-exit on\n' >"$E2E_CONF"

# start W H CMD...: a new detached session of a fixed size running CMD.
start() {
  local w=$1 h=$2
  shift 2
  if ! t has-session -t keep 2>/dev/null; then
    t -f "$E2E_CONF" new-session -d -s keep -x 20 -y 5 "tail -f /dev/null"
  fi
  if t has-session -t e2e 2>/dev/null; then
    # The previous program may still be exiting (a sent q is not an exit):
    # wait for its process to be gone, so it no longer holds the store.
    local pid i=0
    pid=$(t display-message -p -t e2e '#{pane_pid}')
    t kill-session -t e2e
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
      sleep 0.05
      i=$((i + 1))
    done
  fi
  t new-session -d -s e2e -x "$w" -y "$h" "$@"
  t set-option -t e2e window-size manual >/dev/null
}

screen() { t capture-pane -p -t e2e; }

# wait_for TEXT [SECONDS]: poll the screen until TEXT (fixed string) shows.
wait_for() {
  local text=$1 limit=${2:-15} i=0
  local n=$((limit * 20))
  while [ $i -lt $n ]; do
    if screen | grep -qF -- "$text"; then return 0; fi
    sleep 0.05
    i=$((i + 1))
  done
  fail "waited ${limit}s for: $text"
}

# wait_gone TEXT [SECONDS]
wait_gone() {
  local text=$1 limit=${2:-15} i=0
  while [ $i -lt $((limit * 20)) ]; do
    if ! screen | grep -qF -- "$text"; then return 0; fi
    sleep 0.05
    i=$((i + 1))
  done
  fail "waited ${limit}s for this to go: $text"
}

keys() { t send-keys -t e2e "$@"; }
# type TEXT literally (Chinese included), as an IME commit would arrive
type_text() { t send-keys -t e2e -l -- "$1"; }

# wait_exit PID: until the process is gone (or a zombie: it has exited).
wait_exit() {
  local i=0
  while [ $i -lt 200 ]; do
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null || true)
    case $st in "" | Z*) return 0 ;; esac
    sleep 0.05
    i=$((i + 1))
  done
  fail "process $1 did not exit"
}

pane_dead() { [ "$(t display-message -p -t e2e '#{pane_dead}')" = 1 ]; }
