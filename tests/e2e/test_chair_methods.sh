#!/usr/bin/env bash
# test_chair_methods.sh - the chair's view and ranking.csv are one ranking:
# for every method, after `jury rank OUT --method M --official` the view
# (`jury open OUT/`) lists the packs in ranking.csv's order with the same
# ranks. A what-if (`--method M` alone) changes neither, and the view's title
# names the logged method change.
#
# Two reviewers score a sample pack through the CLI and merge; a panel of
# five more results on eight packs of one task (totals that order the packs
# differently by method, with a tie) is written into merged.sqlite with the
# sqlite3 shell, as the merge would store them.
source "$(dirname "$0")/lib.sh"
need_tmux
command -v sqlite3 >/dev/null || { say "SKIP: no sqlite3 shell"; exit 0; }
export LC_ALL=C.UTF-8
work="$E2E_TMP/work"
mkdir -p "$work"
echo reviewer_id,name,panel,affiliation,public_key >"$work/roster.csv"
ids="1.1 1.2 1.3 1.4 2.1 2.2 2.3 2.4 3.1 3.2 3.3 4.1 5.1"
for r in R07 R08; do
  export JURY_HOME="$E2E_TMP/home-$r"
  mkdir -p "$JURY_HOME"
  "$JURY_BIN" keygen --id $r --name "专家$r" --panel A | tail -n 1 >>"$work/roster.csv"
  v=优
  [ $r = R08 ] && v=良
  for id in $ids; do
    "$JURY_BIN" score set t4-mechatronics.zip "$id" "$v" --reviewer $r >/dev/null
  done
  "$JURY_BIN" score submit t4-mechatronics.zip --reviewer $r >/dev/null
  (cd "$work" && "$JURY_BIN" export -o "$work/$r.jury" --reviewer $r >/dev/null)
done
out="$work/out"
"$JURY_BIN" merge "$work/R07.jury" "$work/R08.jury" --roster "$work/roster.csv" \
  --kit "$JURY_SHARE/packs/samples" -o "$out" >"$work/merge.txt" 2>&1 ||
  { cat "$work/merge.txt" >&2; fail "jury merge failed"; }

# Five reviewers (two panels) on eight packs of task tq; q3 and q7 get the
# same totals in another reviewer order (a tie under every method).
{
  echo "BEGIN;"
  echo "INSERT INTO sheet(id, sha256, path, reviewer, imported) VALUES (900, 'e2e', 'e2e.jury', 'X1', 'now');"
  for x in 1 2 3 4 5; do
    panel=B
    [ $x -gt 3 ] && panel=C
    echo "INSERT INTO reviewer(id, name, panel, chair) VALUES ('X$x', '评审$x', '$panel', 0);"
  done
  for p in 1 2 3 4 5 6 7 8; do
    echo "INSERT INTO pack(id, task, applicant) VALUES ('q$p', 'tq', '单位$p');"
    for x in 1 2 3 4 5; do
      q=$p
      [ $p = 7 ] && q=3 && x2=$((6 - x)) || x2=$x
      total=$(((q * 37 + x2 * x2 * 11 + q * x2 * 7) % 43 + 50))
      echo "INSERT INTO entry(reviewer, pack, sheet, state, total, deduction, veto, digest)" \
        "VALUES ('X$x', 'q$p', 900, 2, $total, 0, 0, 'e2e-$x-$p');"
    done
  done
  echo "COMMIT;"
} | sqlite3 "$out/merged.sqlite" || fail "could not add the panel to merged.sqlite"

# "TASK RANK PACK" per row of ranking.csv ("-" for an excluded pack)
csv_order() {
  tr -d '\r' <"$out/ranking.csv" | sed 1d |
    awk -F, '{ t = length($1) > 10 ? substr($1, 1, 9) "~" : $1 # the view shows 10 columns, cut with …
               print t, ($2 == "" ? "-" : $2), $3 }'
}

# the same from the view's screen: task 10 columns, rank 12, score 7, n 3,
# spread 6, pack 22 (each followed by a space); task ids and numbers are ASCII
# (the one-column ellipsis of a cut task id read as ~)
view_order() {
  screen | sed -n '3,$p' | sed 's/…/~/g' | awk 'length($0) > 44 {
    task = substr($0, 1, 10); rank = substr($0, 12, 12); pack = substr($0, 44, 22)
    split(rank, r, " "); gsub(/ +$/, "", task); gsub(/ +$/, "", pack)
    if (pack != "" && r[1] ~ /^(-|[0-9]+)$/) print task, r[1], pack }'
}

rows=40 # every row of the ranking on one screen
for m in mean trimmed median zscore panel percentile borda schulze point_trimmed; do
  say "method $m"
  "$JURY_BIN" rank "$out" --method "$m" --official --no-view >"$work/rank.txt" 2>&1 ||
    { cat "$work/rank.txt" >&2; fail "jury rank --method $m --official"; }
  grep -qE ",\"?$m" "$out/ranking.csv" || fail "ranking.csv is not ranked by $m"
  csv_order >"$work/csv.txt"
  start 160 "$rows" "exec env LC_ALL=C.UTF-8 '$JURY_BIN' open '$out'"
  wait_for "q8"
  wait_for "method: $m"
  view_order >"$work/view.txt"
  diff "$work/csv.txt" "$work/view.txt" >&2 || fail "the view's order differs from ranking.csv under $m"
  grep -q "^tq 2 " "$work/view.txt" || fail "no pack ranked in task tq under $m"
  keys q
  wait_exit "$(t display-message -p -t e2e '#{pane_pid}')"
done
grep -q "^tq [0-9]* q3\$" "$work/csv.txt" || fail "q3 is not ranked"
r3=$(awk '$3 == "q3" { print $2 }' "$work/csv.txt")
r7=$(awk '$3 == "q7" { print $2 }' "$work/csv.txt")
[ "$r3" = "$r7" ] || fail "q3 and q7 have equal totals but ranks $r3 and $r7"
grep -q "q3 第 $r3 名 rank $r3、q7 第 $r7 名 rank $r7（并列" "$out/report.md" ||
  fail "report.md does not list the tie of q3 and q7 for the chair"

say "a what-if changes neither ranking.csv nor the view"
cp "$out/ranking.csv" "$work/before.csv"
"$JURY_BIN" rank "$out" --method mean --no-view >"$work/rank.txt" 2>&1 || fail "what-if failed"
grep -q "WHAT-IF" "$work/rank.txt" || fail "the what-if does not say so"
cmp -s "$out/ranking.csv" "$work/before.csv" || fail "a what-if rewrote ranking.csv"
start 160 "$rows" "exec env LC_ALL=C.UTF-8 '$JURY_BIN' open '$out'"
wait_for "method: point_trimmed"
wait_for "-> point_trimmed" # the logged change, in the title
view_order >"$work/view.txt"
csv_order | diff - "$work/view.txt" >&2 || fail "the view moved after a what-if"
keys b # the intervals, on request
wait_gone "intervals: b"
keys q
say ok
