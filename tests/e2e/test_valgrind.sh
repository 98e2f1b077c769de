#!/usr/bin/env bash
# One reviewer's and one chair's session under valgrind memcheck: pack
# inspect/text/search/verify on sample packs, rules eval, score set/show/
# submit, conflict, export, sheet verify, merge; then, when tmux is there, the
# workbench opened and quit. Every command must end with no invalid access
# and nothing definitely lost (--error-exitcode=99). Skips when valgrind is
# missing or the binary is a sanitizer build (ASan and valgrind exclude each
# other).
set -u
bin=${JURY_BIN:?JURY_BIN is the jury binary}
src=${JURY_SRC:-${JURY_SHARE:?}}
if ! command -v valgrind >/dev/null; then
    echo "SKIP: valgrind not installed (apt-get install valgrind)"
    exit 0
fi
if ldd "$bin" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    echo "SKIP: $bin is a sanitizer build"
    exit 0
fi

tmp=$(mktemp -d)
# A private tmux server: never the user's, never another test's.
vsock=jury-vg-$$
tv() { tmux -L "$vsock" "$@"; }
trap 'tv kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export JURY_HOME=$tmp/home JURY_SHARE=$src LC_ALL=${LC_ALL:-C.UTF-8}
export JURY_PASSPHRASE= TZ=UTC
# valgrind runs a rule set's loading 20-50 times slower than the CPU: the
# rule watchdog (wall clock) gets the room a slow machine would need
export JURY_RULES_TIMEOUT_MS=60000
kit=$src/packs/samples
fail=0
n=0

# vg EXPECTED_EXIT ARGS...: run jury under memcheck; 99 is a memory error.
# EXPECTED_EXIT "any": only memory errors count (the result is another test's).
vg() {
    local want=$1
    shift
    n=$((n + 1))
    local log=$tmp/vg-$n.log
    (cd "$tmp" && valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --track-origins=yes --log-file="$log" "$bin" "$@") \
        >"$tmp/out-$n.txt" 2>"$tmp/err-$n.txt"
    local rc=$?
    if [ "$rc" = 99 ] || [ -s "$log" ]; then
        echo "FAIL: valgrind found errors in: jury $*" >&2
        cat "$log" >&2
        fail=1
    elif [ "$want" != any ] && [ "$rc" != "$want" ]; then
        echo "FAIL: jury $* exited $rc, expected $want" >&2
        cat "$tmp/err-$n.txt" >&2
        fail=1
    else
        echo "ok   jury $*"
    fi
}

vg 0 keygen --id r1 --name 评审一 --panel A
printf 'reviewer_id,name,panel,affiliation,public_key\n%s\n' "$(cat "$JURY_HOME/keys/r1.pub")" \
    >"$tmp/roster.csv"
vg 0 pack inspect "$kit/packs/t10-resource.zip" --json
vg 0 pack text "$kit/packs/t10-resource.zip" 申报书.pdf --page 1
vg 0 pack text "$kit/packs/t10-resource.zip" 资源清单.xlsx
vg any pack search "$kit/packs/t10-resource.zip" 资源
vg 0 pack inspect "$kit/packs/t7-course-gbk.zip"
vg 0 pack inspect "$kit/packs/t9-project.7z"
vg 0 rules eval task10-resource "$kit/packs/t10-resource.zip"
vg 0 score set t10-resource 1.1.1 优 --comment 较好 --cite 申报书.pdf:1
vg 0 score set t10-resource 1.1.2 良
vg 0 score show t10-resource --json
vg 1 score submit t10-resource
vg 0 conflict declare t4-nursing --reason 同单位
vg 0 export -o "$tmp/r1.jury"
vg 0 sheet verify "$tmp/r1.jury" --roster "$tmp/roster.csv"
vg 1 sheet verify "$kit/kit.json" --roster "$tmp/roster.csv"
if "$bin" help merge >/dev/null 2>&1; then
    vg 0 merge "$tmp/r1.jury" --roster "$tmp/roster.csv" -o "$tmp/merged" --kit "$kit" --no-evidence
fi

# The workbench: open on the sample kit in tmux under valgrind, then quit.
if command -v tmux >/dev/null; then
    s=jury-vg-$$
    log=$tmp/vg-tui.log
    tv -f /dev/null new-session -d -s "$s" -x 120 -y 40 \
        "cd '$tmp' && LANG=C.UTF-8 TERM=xterm-256color valgrind -q --error-exitcode=99 \
         --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
         --log-file='$log' '$bin' open '$kit' --reviewer r1 2>'$tmp/tui.err'; echo \$? >'$tmp/tui.rc'"
    # vg_wait PATTERN: poll the screen (valgrind is slow, and slower on a loaded
    # machine: up to 300 s; ctest allows the test 900 s).
    vg_wait() {
        for _ in $(seq 1 3000); do
            tv capture-pane -p -t "$s" 2>/dev/null | grep -q "$1" && return 0
            [ -f "$tmp/tui.rc" ] && return 1
            sleep 0.1
        done
        return 1
    }
    vg_gone() {
        for _ in $(seq 1 3000); do
            tv capture-pane -p -t "$s" 2>/dev/null | grep -q "$1" || return 0
            [ -f "$tmp/tui.rc" ] && return 1
            sleep 0.1
        done
        return 1
    }
    vg_wait 'packs:' || true
    tv send-keys -t "$s" j j Enter
    vg_gone 'packs:' || true
    tv send-keys -t "$s" Escape
    vg_wait 'packs:' || true
    tv send-keys -t "$s" q
    for _ in $(seq 1 600); do
        [ -f "$tmp/tui.rc" ] && break
        sleep 0.1
    done
    if [ ! -f "$tmp/tui.rc" ]; then
        echo "FAIL: the workbench did not quit under valgrind; screen:" >&2
        tv capture-pane -p -t "$s" >&2
        fail=1
    elif [ "$(cat "$tmp/tui.rc")" = 99 ] || [ -s "$log" ]; then
        echo "FAIL: valgrind found errors in the workbench" >&2
        cat "$log" >&2
        fail=1
    elif [ "$(cat "$tmp/tui.rc")" != 0 ]; then
        echo "FAIL: the workbench exited $(cat "$tmp/tui.rc")" >&2
        cat "$tmp/tui.err" >&2
        fail=1
    else
        echo "ok   workbench session (open, move, quit)"
    fi
else
    echo "SKIP: tmux missing, workbench part not run"
fi
exit $fail
