#!/usr/bin/env bash
# jury score import (paper scores, all rows checked before any is stored) and
# score submit PACK... / --all, on the sample kit.
set -u
CLI_LIB=$(cd "$(dirname "$0")/lib" && pwd)
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
work=$(mktemp -d /tmp/jury-score-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
export JURY_HOME=$work/home
cd "$work"
fail=0
. "$CLI_LIB/assert.sh"

check 0 "keygen" "$J" keygen --name 王秘书 --panel A --id S01

# one bad value (row 3), one unknown pack (row 5), one duplicate (row 6): nothing stored
printf 'pack,indicator,value,comment\nt7-course-gbk,1,优,纸质评分\nt7-course-gbk,2,极好,\n#注释行,,,\nno-such-pack,1,优,\nt7-course-gbk,1,良,\n' >bad.csv
check 1 "import refuses bad rows" "$J" score import bad.csv
has err 'bad.csv:3: t7-course-gbk.zip 2 value .极好.'
has err 'bad.csv:5: no-such-pack'
has err 'bad.csv:6: t7-course-gbk.zip 1 is also on row 2'
has err '3 of 4 rows refused; nothing stored'
check 0 "show after refused import" "$J" score show t7-course-gbk --json
hasnt out '纸质评分'

# CRLF in a value stays on one line of the report
printf 'pack,indicator,value\r\nt7-course-gbk,1,"优\r\n坏"\r\n' >crlf.csv
check 1 "import CRLF value" "$J" score import crlf.csv
[ "$(wc -l <"$work/err")" -le 2 ] || { echo "FAIL: CRLF value split the message" >&2; fail=1; }

# no header: positional pack, indicator, value, comment
printf 't7-course-gbk,1,优,纸质评分\nt7-course-gbk,2,良,\nt7-course-gbk,3,优,\nt7-course-gbk,4,中,\nt7-course-gbk,5,优,\n' >good.csv
check 0 "import" "$J" score import good.csv
has out '5 scores stored'
check 0 "show after import" "$J" score show t7-course-gbk --json
has out '纸质评分'

check 2 "submit without packs" "$J" score submit
check 0 "submit --all" "$J" score submit --all
has out 'submitted t7-course-gbk.zip'
check 1 "import into a submitted pack" "$J" score import good.csv
has err 'already submitted'
check 0 "submit --all again" "$J" score submit --all
has out 'nothing to submit'
check 0 "reopen" "$J" score reopen t7-course-gbk --reason 补录
check 0 "score set another pack" "$J" score set t4-nursing 1.1 优
check 1 "submit two packs, one incomplete" "$J" score submit t7-course-gbk t4-nursing
has out 'submitted t7-course-gbk.zip'
# XLSX, Chinese header names, a level typed with spaces around it is refused by row
python3 - scores.xlsx <<'PY'
import sys, zipfile
rows = [["包", "指标", "分值", "评语"], ["t6-vr-base", "1.1", "1", "纸质"], ["t6-vr-base", "9.9", "优", ""]]
strs = [c for r in rows for c in r]
ss = "".join(f"<si><t>{x}</t></si>" for x in strs)
body, k = "", 0
for i, r in enumerate(rows, 1):
    cells = ""
    for j, _ in enumerate(r):
        cells += f'<c r="{chr(65 + j)}{i}" t="s"><v>{k}</v></c>'; k += 1
    body += f'<row r="{i}">{cells}</row>'
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns}>{ss}</sst>')
    z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>{body}</sheetData></worksheet>')
PY
check 1 "import xlsx with a bad indicator" "$J" score import scores.xlsx
has err 'scores.xlsx:3: t6-vr-base.zip 9.9'
has err '1 of 2 rows refused; nothing stored'

check 0 "conflict" "$J" conflict declare t4-nursing --reason 本单位
printf 't4-nursing,1.2,良\n' >coi.csv
check 1 "import into a conflict pack" "$J" score import coi.csv
has err 'coi.csv:1: t4-nursing.zip: a conflict'
exit $fail
