#!/usr/bin/env bash
# test_scoring.sh - the reviewer's scoring loop at 80x24 (panes as tabs) in
# C.UTF-8, counted: after F3 focuses the checklist, every observation point
# of the sample task-1 pack takes one key (a digit: the n-th level, saved,
# on to the next unscored point) and each confirmation one key (y); the
# count is printed and must not exceed points + confirmations + 1 (F3).
# Then: a refused prompt swallows what is typed after it; Latin aliases in
# the prompt and in `jury score set`; n/N; the summary before submit and a
# single-key y/n naming the pack; a comment on a condition; a citation removed; the place in a pack
# kept across leaving and returning; 回避 declared and withdrawn; export
# proposing <kit>-<reviewer>-<date>.jury, warning about packs left out and
# never replacing a file without asking; the key bar keeping Esc ? q.
source "$(dirname "$0")/lib.sh"
need_tmux
export JURY_HOME=$E2E_TMP/home LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=xterm-256color
"$JURY_BIN" keygen --id R01 --name 钱学文 --panel 产教融合组 >/dev/null
kit=$JURY_SRC/packs/samples
work=$E2E_TMP/work
mkdir -p "$work"
run="cd '$work' && exec env LC_ALL=C.UTF-8 JURY_HOME='$JURY_HOME' JURY_SHARE='$JURY_SHARE' '$JURY_BIN'"
last_line() { screen | tail -n 1; }

say "one key per point"
# the observation points in checklist order (read before the workbench holds the store)
ids=$("$JURY_BIN" score show t1-changzhou --reviewer R01 --kit "$kit" | sed -n 's/^  \([0-9][0-9.]*\) .*/\1/p')
start 80 24 "$run open '$kit/packs/t1-changzhou.zip'"
wait_for "F3 Checklist"
last_line | grep -qF "Esc back  ? help  q quit" || fail "the key bar lost Esc ? q at 80 columns"
count=0
press() { keys "$1"; count=$((count + 1)); }
press F3
wait_for "25 left"
confirms=0
# the confirm-type conditions the pack's facts leave open, in checklist order
open_q=$("$JURY_BIN" rules eval task1 "$kit/packs/t1-changzhou.zip" 2>/dev/null | awk '$1 ~ /^E/ && $2 == "confirm" {print $1}')
for id in $open_q; do
  press y
  wait_for "Answered $id: yes"
  confirms=$((confirms + 1))
done
points=0
levels=(优 良 中 差)
for id in $ids; do
  d=$((points % 4 + 1))
  press $d
  wait_for "Saved: $id = ${levels[$((d - 1))]}"
  points=$((points + 1))
done
wait_for "Everything is scored and answered"
# a read-only command beside the running workbench reads the store instead of being refused
shown=$("$JURY_BIN" score show t1-changzhou --reviewer R01 --kit "$kit" 2>&1) ||
  fail "jury score show refused while the workbench runs: $shown"
echo "$shown" | grep -q '1.1 .*\[优 / 4\]' || fail "score show does not show 1.1 = 优: $shown"
say "keys: $count for $points observation points and $confirms confirmations (F3 included)"
[ "$points" = 25 ] || fail "task1 has 25 observation points, scored $points"
[ "$count" -le $((points + confirms + 1)) ] || fail "$count keys is more than one per point"

say "n/N, a refused prompt swallows the keys after it"
keys n
wait_for "Nothing left to score or answer."
keys Home m # a heading: no comment here
wait_for "Select an observation point, an eligibility condition or a veto item first."
type_text "gqS!E近三年"
wait_for "Esc to go on"
screen | grep -qF "Page:" && fail "a swallowed g opened the page prompt"
pane_dead && fail "a swallowed q quit"
keys Escape
wait_gone "Esc to go on"

say "a comment on an eligibility condition"
keys Home J m # the first condition, moved onto on purpose
wait_for "Comment E1.1:"
type_text 园区证明只有一页
keys Enter
wait_for "Comment saved on E1.1."
wait_for "# 园区证明只有一页"
"$JURY_BIN" score show t1-changzhou --reviewer R01 --kit "$kit" |
  grep -qF "condition E1.1 comment: 园区证明只有一页" || fail "score show lacks the condition's comment"

say "aliases in the prompt"
keys i
type_text 1.2
keys Enter s C-u
type_text you
wait_for "Score 1.2 (1 优  2 良  3 中  4 差)"
keys Enter
wait_for "Saved: 1.2 = 优"
keys s C-u
type_text Z
keys Enter
wait_for "Saved: 1.2 = 中"

say "cite, remove the citation"
keys F1
wait_for "F1 Evidence"
keys Home
for i in 1 2 3 4 5; do keys j; done # 申报书.pdf: the sixth row
keys Enter
wait_for "申报书.pdf  [1/"
keys g
type_text 3
keys Enter
wait_for "[3/5]"
keys F3 i
type_text 1.2
keys Enter c
wait_for "Cited 申报书.pdf page 3 for 1.2."
keys J # onto the citation row below the point, on purpose
wait_for "@ 申报书.pdf page 3"
keys x
wait_for "Citation removed: 申报书.pdf page 3 for 1.2"
wait_gone "@ 申报书.pdf page 3"

say "summary before submit, y/n naming the pack"
keys S
wait_for "Before submitting"
wait_for "Comments: 1"
wait_for "Submit 常州市"
wait_for "(y/n)"
keys x # not an answer: swallowed
wait_for "Press y or n."
keys y
wait_for "Submitted."
wait_for "[submitted]"

say "the place in a pack is kept"
keys F2
wait_for "[3/5]"
keys Escape # back to the kit's list (jury open PACK returns there)
wait_for "packs: 5"
keys j Enter # another pack
wait_for "F3 Checklist"
keys Escape
wait_for "packs: 5"
keys k Enter # back to t1: the viewer at page 3 of 申报书.pdf
wait_for "申报书.pdf  [3/5]"

say "conflict declared and withdrawn"
keys Escape
wait_for "packs: 5"
keys j '!'
wait_for "Conflict of interest on"
type_text 亲属任职
keys Enter
wait_for "(y/n)"
keys y
wait_for "Conflict declared"
keys '!'
wait_for "Withdraw the conflict on"
type_text 误报
keys Enter
wait_for "Withdraw the conflict of interest on"
keys y
wait_for "Conflict withdrawn"

say "export: the proposed name, the packs left out, no silent replace"
keys E
day=$(date +%Y-%m-%d)
wait_for "sample-2026-R01-$day.jury"
wait_for "The sheet leaves out"
wait_for "Not submitted (left out):"
keys Enter
wait_for "Sheet written: sample-2026-R01-$day.jury"
[ -s "$work/sample-2026-R01-$day.jury" ] || fail "no sheet written in the current folder"
before=$(stat -c %Y "$work/sample-2026-R01-$day.jury")
keys E Enter
wait_for "exists. Replace it?"
keys n
wait_for "Cancelled."
keys q
i=0
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done # the store is free again
pane_dead || fail "q did not quit"

say "a restart returns to the last pack's place"
start 200 50 "$run --reviewer R01"
wait_for "申报书.pdf  [3/5]"
keys q
i=0
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pane_dead || fail "q did not quit"

say "F1 F2 F3 side by side (200 columns)"
start 200 50 "$run open '$kit/packs/t2-nev.zip'"
wait_for "Checklist  Total"
keys F1 F3 i # F3 focuses the checklist: a digit scores
type_text 1.1
keys Enter 2
wait_for "Saved: 1.1 = 良"
keys F1 2 # the tree has the focus: a digit does nothing
sleep 0.3
screen | grep -qF "Saved: 1.2" && fail "a digit scored while the tree had the focus"
keys Escape
wait_for "packs: 5"
screen | grep -F t2-nev.zip | grep -qF "in progress" || fail "t2-nev's score is not in the list"
keys Home Enter # t1 again: its spreadsheet shows sheet names and aligned columns
wait_for "[3/5]"
keys F1 Home Enter
wait_for "Sheet: 基础数据"
wait_for "Sheet: 实训基地"
# 数值 and 3860 start in the same column (display width, Chinese labels before them)
hdr=$(screen | cut -d'|' -f2 | grep -F "项目" | head -1) # the viewer's column
val=$(screen | cut -d'|' -f2 | grep "^园区总产值" | head -1)
pre1=${hdr%%数值*}
pre2=${val%%3860*}
w1=$(printf '%s' "$pre1" | wc -L)
w2=$(printf '%s' "$pre2" | wc -L)
[ "$w1" = "$w2" ] || fail "columns not aligned: 数值 at $w1, 3860 at $w2"
keys q
i=0
while ! pane_dead && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pane_dead || fail "q did not quit"

say "aliases in jury score set"
"$JURY_BIN" score set t2-nev 1.1 B --reviewer R01 --kit "$kit" >/dev/null ||
  fail "jury score set refused the letter B"
"$JURY_BIN" score show t2-nev --reviewer R01 --kit "$kit" | grep -q '1.1 .*\[良 ' ||
  fail "B was not saved as the second level"
"$JURY_BIN" score set t2-nev 1.1 cha --reviewer R01 --kit "$kit" >/dev/null ||
  fail "jury score set refused the pinyin cha"
"$JURY_BIN" score show t2-nev --reviewer R01 --kit "$kit" | grep -q '1.1 .*\[差 ' ||
  fail "cha was not saved as 差"
say "scoring: ok"
