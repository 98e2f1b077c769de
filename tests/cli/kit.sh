#!/usr/bin/env bash
# jury kit: init, add (facts from CSV in UTF-8, UTF-8 with BOM and GBK, and
# from XLSX), assign, status, seal and verify (added, removed, changed files,
# another organiser's key).
set -u
J=$JURY_BIN
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export JURY_HOME=$t/home
fail=0
die() { echo "FAIL: $*" >&2; fail=1; }
expect() { # status command...
  local want=$1; shift
  "$@" >"$t/out" 2>"$t/err"; local got=$?
  [ "$got" = "$want" ] || { die "$* -> exit $got, want $want"; cat "$t/out" "$t/err" >&2; }
}

expect 0 "$J" kit init "$t/kit" --name 测试评审 --task task4
# no tie-break unless the organiser names one: equal scores share a rank
grep -q '"tie_breaks": \[\]' "$t/kit/kit.json" || die "kit init wrote a default tie-break"
expect 2 "$J" kit init "$t/kit" --name again --task task4
expect 2 "$J" kit frobnicate "$t/kit"

# four submissions: folders with a little evidence
for s in 甲学院资源库 乙学院资源库 丙学院资源库 丁学院资源库; do
  mkdir -p "$t/subs/$s/材料"
  echo "$s 建设方案：产教融合 教材 专利" >"$t/subs/$s/材料/方案.txt"
done
hdr='submission,applicant,task,host_units,run_years,text_graphic_share'
printf '%s\n甲学院资源库,甲职业学院,task4,2,1.5,22\n' "$hdr" >"$t/utf8.csv"
printf '\xEF\xBB\xBF%s\n乙学院资源库,乙职业学院,task4,4,2,40\n' "$hdr" >"$t/bom.csv"
printf '%s\n丙学院资源库,丙职业学院,task4,1,3,10\n' "$hdr" | iconv -f UTF-8 -t GBK >"$t/gbk.csv"
python3 - "$t/facts.xlsx" <<'PY'
import sys, zipfile
rows = [["submission", "applicant", "host_units", "run_years"], ["丁学院资源库", "丁职业学院", "3", "1"]]
strings = [c for r in rows for c in r]
ss = "".join(f"<si><t>{s}</t></si>" for s in strings)
cells, k = [], 0
for i, r in enumerate(rows, 1):
    cs = []
    for j, _ in enumerate(r):
        cs.append(f'<c r="{chr(65 + j)}{i}" t="s"><v>{k}</v></c>'); k += 1
    cells.append(f'<row r="{i}">{"".join(cs)}</row>')
parts = {
 "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
 "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
 "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="基础数据表" sheetId="1" r:id="rId1"/></sheets></workbook>',
 "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
 "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{ss}</sst>',
 "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{"".join(cells)}</sheetData></worksheet>',
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n, d in parts.items():
        z.writestr(n, d)
PY
expect 1 "$J" kit add "$t/kit" "$t/subs/甲学院资源库" --facts "$t/utf8.csv"
grep -q '甲职业学院, task4' "$t/out" || die "UTF-8 CSV: applicant not taken from the row"
grep -q 'missing: A2' "$t/out" || die "missing facts not reported"
expect 1 "$J" kit add "$t/kit" "$t/subs/乙学院资源库" --facts "$t/bom.csv"
grep -q '乙职业学院' "$t/out" || die "BOM CSV not read"
expect 1 "$J" kit add "$t/kit" "$t/subs/丙学院资源库" --facts "$t/gbk.csv"
grep -q '丙职业学院' "$t/out" || die "GBK CSV not read"
expect 1 "$J" kit add "$t/kit" "$t/subs/丁学院资源库" --facts "$t/facts.xlsx"
grep -q '丁职业学院' "$t/out" || die "XLSX not read"
expect 2 "$J" kit add "$t/kit" "$t/subs/丁学院资源库" --facts "$t/facts.xlsx" # already there
"$J" pack inspect --json "$t/kit/packs/丙学院资源库.zip" | grep -q '"host_units": *1' ||
  die "GBK facts did not reach the manifest"

# roster: four reviewers in two panels, one works at an applicant
cat >"$t/kit/roster.csv" <<'CSV'
reviewer_id,name,panel,affiliation,public_key
R1,张三,A,甲职业学院,
R2,李四,A,某大学,
R3,王五,A,某研究院,
R4,赵六,A,某企业,
CSV
expect 0 "$J" kit assign "$t/kit" --per-pack 2 --seed 7
cp "$t/kit/assignments.csv" "$t/a1"
expect 0 "$J" kit assign "$t/kit" --per-pack 2 --seed 7
cmp -s "$t/a1" "$t/kit/assignments.csv" || die "assignment not deterministic for a seed"
grep -q '^R1,甲学院资源库.zip' "$t/kit/assignments.csv" && die "R1 assigned to their own organisation"
expect 1 "$J" kit assign "$t/kit" --per-pack 4 --seed 7 # R1 cannot take 甲: one pack short
grep -q 'short: 甲学院资源库.zip' "$t/out" || die "short pack not reported"
expect 0 "$J" kit assign "$t/kit" --per-pack 2 --seed 7
expect 0 "$J" kit status "$t/kit"
grep -q 'task task4: 4' "$t/out" || die "status: packs per task"
grep -q 'assigned despite a conflict: 0' "$t/out" || die "status: conflicts"
grep -q '^  甲学院资源库.zip: A2: 原创资源占比' "$t/out" || die "status: missing facts of a pack"
grep -q 'of 4 packs have every fact' "$t/out" || die "status: missing facts summary"

# seal and verify
expect 2 "$J" kit seal "$t/kit" # no organiser key yet
expect 0 "$J" keygen --id organiser --name 组织方 --panel organiser
expect 0 "$J" kit seal "$t/kit"
expect 0 "$J" kit verify "$t/kit"
echo extra >"$t/kit/packs/extra.txt"
echo x >>"$t/kit/roster.csv"
rm "$t/kit/conflicts.csv"
expect 1 "$J" kit verify "$t/kit"
grep -q '^added: packs/extra.txt' "$t/out" || die "added file not named"
grep -q '^changed: roster.csv' "$t/out" || die "changed file not named"
grep -q '^removed: conflicts.csv' "$t/out" || die "removed file not named"
other=$(JURY_HOME=$t/other "$J" keygen --id organiser --name 别人 --panel x | awk -F, '{print $NF}')
expect 1 "$J" kit verify "$t/kit" --key "$other"
grep -q 'signed by another key' "$t/out" || die "another organiser's key accepted"
[ $fail = 0 ] && echo "kit: ok"
exit $fail
