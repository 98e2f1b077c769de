#!/usr/bin/env bash
# test_paste.sh - a 10 KB paste into a comment arrives whole (every waiting
# key is read before one redraw; the field counts characters, not bytes),
# is saved at once, and reads back byte for byte.
source "$(dirname "$0")/lib.sh"
need_tmux
export JURY_HOME="$E2E_TMP/home"
mkdir -p "$JURY_HOME"
"$JURY_BIN" keygen --id R07 --name 赵明远 --panel 资源课程组 >/dev/null
# 4,000 characters of Chinese and ASCII: 10,400 bytes of UTF-8.
text=$(python3 -c 'print("产教融合成效显著ab" * 400, end="")')
[ "$(printf %s "$text" | wc -c)" -ge 10000 ] || fail "the paste is not 10 KB"
start 80 24 "cd '$E2E_TMP' && exec env LC_ALL=C.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$JURY_SHARE' '$JURY_BIN' --reviewer R07"
wait_for 某卫生职业学院
keys Enter
wait_for 申报书.pdf
keys i
type_text 1.1
keys Enter m
wait_for "Comment 1.1"
t set-buffer -b paste -- "$text"
t paste-buffer -b paste -t e2e
keys Enter
wait_for "Comment saved"
pid=$(t display-message -p -t e2e '#{pane_pid}')
keys q
wait_exit "$pid"
"$JURY_BIN" score show t4-mechatronics.zip --reviewer R07 --json >"$E2E_TMP/show.json"
python3 - "$E2E_TMP/show.json" "$text" <<'PY' || fail "the comment read back differs from the paste"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = sys.argv[2]
found = []
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "comment" and isinstance(v, str):
                found.append(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(doc)
sys.exit(0 if want in found else 1)
PY
say ok
