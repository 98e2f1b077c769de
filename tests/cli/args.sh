#!/usr/bin/env bash
# The command tables (cli/args.c): every command and action answers --help
# from its table, refuses an unknown option or a missing value naming the
# option and the command (exit 2, nothing on stdout), and the man page and
# the bash completion know every option the tables declare.
set -u
J=$JURY_BIN
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
. "$src/tests/cli/lib/assert.sh"
man=$src/docs/man/jury.1
hasF() { grep -qF -- "$2" "$work/$1" || { echo "FAIL: '$2' not in $1: $(cat "$work/$1")" >&2; fail=1; }; }

# Every command, and every action of a group ("score set").
cmds=()
while read -r c; do
  acts=$("$J" help --list "$c")
  if [ -n "$acts" ] && ! grep -q '^-' <<<"$acts"; then
    while read -r a; do cmds+=("$c $a"); done <<<"$acts"
  else
    cmds+=("$c")
  fi
done < <("$J" help --list)
[ "${#cmds[@]}" -ge 30 ] || { echo "FAIL: only ${#cmds[@]} commands listed" >&2; fail=1; }

for c in "${cmds[@]}"; do
  read -ra w <<<"$c" # "score set" is two words
  check 0 "$c --help" "$J" "${w[@]}" --help
  has out "^usage: jury $c"
  has out "-h, --help"
  check 0 "$c -h" "$J" "${w[@]}" -h
  has out "^usage: jury $c"
  check 2 "$c --frobnicate" "$J" "${w[@]}" --frobnicate
  has err "^jury $c: unknown option '--frobnicate'"
  has err "usage: jury $c"
  [ -s "$work/out" ] && { echo "FAIL: $c: a usage error wrote to stdout" >&2; fail=1; }
  grep -qF ".SS jury $c" "$man" || { echo "FAIL: jury.1 has no section for jury $c" >&2; fail=1; }
  "$J" "${w[@]}" --help >"$work/help"
  while IFS=$'\t' read -r o v; do
    case $o in --help | -h) continue ;; esac
    grep -qF -- "${o//-/\\-}" "$man" || { echo "FAIL: jury.1 does not name $o of jury $c" >&2; fail=1; }
    grep -qF -- "$o" "$work/help" || { echo "FAIL: jury $c --help does not show $o" >&2; fail=1; }
    # a value-taking option given last, without its value
    case $o in --csv | --xlsx) continue ;; esac # the value may be left out
    if [ -n "$v" ]; then
      check 2 "$c $o without a value" "$J" "${w[@]}" "$o"
      hasF err "jury $c: option '$o' needs a value ($v)"
    fi
  done < <("$J" help --list "${w[@]}")
done

# The conventions every command shares.
check 0 "--name=value" env JURY_HOME="$work/home" "$J" keygen --name=Zhang --panel=P1 --id=R99
has out "^R99,Zhang,P1,"
check 2 "a flag with a value" "$J" score show x --json=yes
has err "option '--json' takes no value"
check 2 "a short option unknown" "$J" pack inspect x -q
has err "jury pack inspect: unknown option '-q'"
check 2 "-- ends the options" "$J" rules check -- -not-an-option.lua
hasnt err "unknown option"
has err "not-an-option.lua"
check 2 "too few arguments" "$J" score set onlypack
has err "jury score set: missing arguments: PACK INDICATOR VALUE"
check 2 "too many arguments" "$J" rules check a.lua b.lua
has err "unexpected argument 'b.lua'"
check 2 "unknown action" "$J" score frobnicate
has err "jury score: unknown action 'frobnicate'"
has err "usage: jury score set"
check 2 "options before the action" "$J" score --frobnicate show
has err "^jury score show: unknown option '--frobnicate'"
check 2 "missing action" "$J" kit
has err "jury kit: missing action"
check 0 "a group's help" "$J" score --help
for a in set show submit import reopen; do has out "jury score $a"; done
check 0 "help ACTION" "$J" help score set
has out "^usage: jury score set"
check 2 "help --list of nothing" "$J" help --list nosuch
check 0 "--list: a command's options" "$J" help --list merge
has out "^-o	OUT/$"
has out "^--method	M$"
check 2 "bare jury, unknown option" "$J" --frobnicate
has err "jury open: unknown option '--frobnicate'"

# The bash completion asks jury for the same words.
complete_words() { # words... -> COMPREPLY, one a line
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _jury
           printf "%s\n" "${COMPREPLY[@]}"' _ "$src/scripts/jury.bash-completion" "$J" "$@"
}
complete_words "" >"$work/out"
for c in score merge rules kit version; do has out "^$c$"; done
complete_words score "" >"$work/out"
for a in set show submit import reopen; do has out "^$a$"; done
complete_words score set --c >"$work/out"
has out "^--comment$"
has out "^--cite$"
complete_words merge --method "" >"$work/out"
has out "^schulze$"
complete_words rank --tr >"$work/out"
has out "^--trim-per$"
exit $fail
