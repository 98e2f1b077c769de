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

expect 2 "$J" kit init "$t/typo" --name 测试评审 --task tsak4
grep -q "no rule set for task 'tsak4'; known:.* task4" "$t/err" || die "kit init: misspelt task not refused"
[ -e "$t/typo" ] && die "kit init: a kit made for a task without rules"
expect 0 "$J" kit init "$t/kit" --name 测试评审 --task task4
head -1 "$t/kit/facts-template.csv" | grep -q '^submission,applicant,task,host_is_vocational_school,host_units,' ||
  die "kit init: no facts template"
sed -n 2p "$t/kit/facts-template.csv" | grep -q '^#.*主持单位数（数值，单位 家）' || die "facts template: no label row"
[ -s "$t/kit/facts-template.xlsx" ] || die "kit init: no XLSX facts template"
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
printf '%s,host_unit\n#说明,,,,,,\n甲学院资源库,甲职业学院,task4,2家,1.5,22%%,3\n' "$hdr" >"$t/utf8.csv"
printf '\xEF\xBB\xBF%s\n乙学院资源库,乙职业学院,task4,4,3个月,40\n' "$hdr" >"$t/bom.csv"
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
grep -q 'missing: original_share: 原创资源占比 (percent, %; read by A2)' "$t/out" || die "missing facts not reported by column"
grep -q 'missing: veto_ideology: .*read by V1' "$t/out" || die "veto facts not reported"
grep -q "warning: column 'host_unit' is not a fact of task4" "$t/out" || die "misspelt column not reported"
grep -q 'facts: row 3 of the table' "$t/out" || die "facts row not reported"
grep -q 'missing: host_units\|missing: text_graphic_share\|missing: E2\|missing: A1' "$t/out" && die "typed values (2家, 22%) not read"
expect 1 "$J" kit add "$t/kit" "$t/subs/乙学院资源库" --facts "$t/bom.csv"
grep -q '乙职业学院' "$t/out" || die "BOM CSV not read"
grep -q 'missing: row 2: .*资源库运行时间（run_years） 单位 “个月”，应为 学年：“3个月”' "$t/out" ||
  die "an unreadable value is not echoed with its fact and row: $(grep missing "$t/out")"
expect 1 "$J" kit add "$t/kit" "$t/subs/丙学院资源库" --facts "$t/gbk.csv"
grep -q '丙职业学院' "$t/out" || die "GBK CSV not read"
expect 1 "$J" kit add "$t/kit" "$t/subs/丁学院资源库" --facts "$t/facts.xlsx"
grep -q '丁职业学院' "$t/out" || die "XLSX not read"
expect 2 "$J" kit add "$t/kit" "$t/subs/丁学院资源库" --facts "$t/facts.xlsx" # already there
"$J" pack inspect --json "$t/kit/packs/丙学院资源库.zip" | grep -q '"host_units": *1' ||
  die "GBK facts did not reach the manifest"

# the template, filled in: its '#' label row is skipped
mkdir -p "$t/subs/己学院资源库" && echo 己 >"$t/subs/己学院资源库/方案.txt"
{ cat "$t/kit/facts-template.csv"; printf '己学院资源库,己职业学院,task4\r\n'; } >"$t/filled.csv"
expect 1 "$J" kit add "$t/kit" "$t/subs/己学院资源库" --facts "$t/filled.csv"
grep -q '己职业学院, task4' "$t/out" || die "filled template: row not found"
grep -q 'facts: row 3 of the table' "$t/out" || die "filled template: wrong row"
grep -q "warning: column" "$t/out" && die "filled template: its own columns reported unknown"

# XLSX typed as people do: a percent cell (0.22 shown as 22%), a date cell, a number cell
mkdir -p "$t/subs/戊学院资源库" && echo 戊 >"$t/subs/戊学院资源库/方案.txt"
python3 - "$t/typed.xlsx" <<'PY'
import sys, zipfile
head = ["submission", "applicant", "text_graphic_share", "original_share", "run_years", "host_units"]
ss = "".join(f"<si><t>{s}</t></si>" for s in head + ["戊学院资源库", "戊职业学院"])
hrow = "".join(f'<c r="{chr(65 + j)}1" t="s"><v>{j}</v></c>' for j in range(len(head)))
drow = ('<c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c>'
        '<c r="C2" s="1"><v>0.22</v></c><c r="D2" s="2"><v>0.755</v></c>'
        '<c r="E2"><v>1.5</v></c><c r="F2" s="3"><v>2</v></c>')
styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot;家&quot;"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>')
ct = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
wb = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="facts" sheetId="1" r:id="rId1"/></sheets></workbook>'
wbrels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("[Content_Types].xml", ct); z.writestr("_rels/.rels", rels)
    z.writestr("xl/workbook.xml", wb); z.writestr("xl/_rels/workbook.xml.rels", wbrels)
    z.writestr("xl/styles.xml", styles)
    z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{ss}</sst>')
    z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{hrow}</row><row r="2">{drow}</row></sheetData></worksheet>')
PY
expect 1 "$J" kit add "$t/kit" "$t/subs/戊学院资源库" --facts "$t/typed.xlsx"
"$J" pack inspect --json "$t/kit/packs/戊学院资源库.zip" >"$t/typed.json"
grep -q '"text_graphic_share": *"22%"' "$t/typed.json" || die "XLSX percent cell not read as 22%: $(grep share "$t/typed.json")"
grep -q '"original_share": *"75.5%"' "$t/typed.json" || die "XLSX 0.0% cell not read as 75.5%"
"$J" rules eval task4 "$t/kit/packs/戊学院资源库.zip" >"$t/typed.out"
grep -q 'A1 .*pass' "$t/typed.out" || die "22% (XLSX percent) does not pass ≤ 30%"
grep -q '原创资源占比 75.5% ≥ 70%' "$t/typed.out" || die "75.5% (XLSX percent) does not pass ≥ 70%"

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
grep -q 'task task4: 6' "$t/out" || die "status: packs per task"
grep -q 'assigned despite a conflict: 0' "$t/out" || die "status: conflicts"
grep -q '^  甲学院资源库.zip: original_share: 原创资源占比' "$t/out" || die "status: missing facts of a pack"
grep -q 'of 6 packs have every fact' "$t/out" || die "status: missing facts summary"

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
