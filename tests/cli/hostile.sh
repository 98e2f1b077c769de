#!/usr/bin/env bash
# Hostile text and hostile files, as an attacker would try them (all made here):
# - escape sequences (window title, clear screen, OSC 52 clipboard), C1 controls
#   and bidi overrides reach the terminal from no command (run on a pty with
#   script(1)): pack text, pack inspect, pack verify, pack search, kit add,
#   sheet verify of an unsigned envelope, rule load errors in rules eval,
#   score show comments; --raw lets the bytes through on request;
# - ranking.csv neutralises formulas (= + - @) from applicant and pack names,
#   report.md/report.html escape HTML and Markdown;
# - FIFOs and symlinks to /dev/zero named like sheets, packs, rosters and rule
#   files are refused at once;
# - pack verify exits 1 naming an entry with another passphrase, and warns
#   about prepended stubs, joined archives, NUL names, oversized manifests;
# - extraction limits (shared strings, PDF pages and inflated content) are
#   counted and named;
# - a rule calling p.text in a loop ends within the evaluation's budget.
set -u
J=${JURY_BIN:?}
export JURY_SHARE=${JURY_SHARE:-${JURY_SRC:-}}
T=$(mktemp -d /tmp/jury-hostile.XXXXXX)
trap 'rm -rf "$T"' EXIT
export JURY_HOME=$T/home
cd "$T" || exit 2
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# Terminal bytes no output may carry: ESC, BEL, CSI as C1, U+202E, U+2066.
raw_controls() { LC_ALL=C grep -c -P '\x1b|\x07|\xc2\x9b|\xe2\x80\xae|\xe2\x81\xa6' "$1"; }
# Run a command on a pseudo-terminal (script(1)); its output into $T/tty.
# script(1) runs the command with $SHELL, and %q quotes control bytes as
# $'...', which only bash reads: CI's SHELL may be /bin/sh (dash).
on_tty() {
  local cmd=
  printf -v cmd '%q ' "$@"
  SHELL=$BASH timeout 20 script -qec "$cmd" /dev/null </dev/null >"$T/tty" 2>&1
}
tty_clean() { # description needle: the pty output shows needle, no raw control
  local n
  n=$(raw_controls "$T/tty")
  [ "$n" = 0 ] || { bad "$1: $n lines with raw control bytes on the terminal"; od -c "$T/tty" | head -20 >&2; }
  [ -z "${2:-}" ] || grep -qF -- "$2" "$T/tty" || { bad "$1: '$2' not shown"; cat -v "$T/tty" | head >&2; }
}

ESC=$'\e'
EVIL="x${ESC}]0;pwned${ESC}\\ ${ESC}[2J${ESC}]52;c;cHduZWQ=$(printf '\a') $(printf '\xc2\x9b')31m $(printf '\xe2\x80\xae')gpj.exe$(printf '\xe2\x81\xa6')"

# ---------------------------------------------------------------- a hostile pack
cp -rL "$JURY_SHARE/packs/samples" kit
python3 - "$EVIL" <<'PY' || bad "make hostile.zip"
import json, sys, zipfile
evil = sys.argv[1].encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
with zipfile.ZipFile("hostile.zip", "w") as z:
    z.writestr("manifest.json", json.dumps({"format": "jury-pack/1", "task": "task1",
               "applicant": "=HYPERLINK(\"http://evil\",\"x\")" + evil,
               "region": evil, "title": "<script>alert('t')</script>"}))
    z.writestr("正文" + evil + ".txt", ("申报书 " + evil + "\nline 2\n").encode("utf-8", "surrogateescape"))
    z.writestr("a.txt", ("hello " + evil + "\n").encode("utf-8", "surrogateescape"))
PY

on_tty "$J" pack text hostile.zip a.txt
tty_clean "pack text" '\x1b]0;pwned'
grep -qF '\u202e' "$T/tty" || bad "pack text: U+202E not shown escaped"
on_tty "$J" pack inspect hostile.zip
tty_clean "pack inspect (manifest applicant/region, entry names)" "region"
on_tty "$J" pack search hostile.zip hello
tty_clean "pack search" "a.txt"
on_tty "$J" pack inspect hostile.zip --json
tty_clean "pack inspect --json" '"region"'
"$J" pack inspect hostile.zip --json | python3 -c 'import json,sys; json.load(sys.stdin)' ||
  bad "pack inspect --json is not JSON any more"
# --raw: a tool that needs the bytes gets them
"$J" pack text hostile.zip a.txt --raw >raw.txt
[ "$(raw_controls raw.txt)" != 0 ] || bad "--raw did not pass the bytes through"
"$J" pack text hostile.zip a.txt >piped.txt
[ "$(raw_controls piped.txt)" = 0 ] || bad "piped pack text carries raw controls without --raw"

# ---------------------------------------------------------------- kit add
mkdir -p "sub/申报${ESC}]0;kit$(printf '\a')"
printf 'text\n' >"sub/申报${ESC}]0;kit$(printf '\a')/a.txt"
on_tty "$J" kit add kit "sub/申报${ESC}]0;kit$(printf '\a')" --task task1
tty_clean "kit add (submission name)" '\x1b]0;kit'

# ---------------------------------------------------------------- rules eval
printf 'error("bad rule \\27]0;rule\\7 \\226\\128\\174")\n' >evil_rule.lua
on_tty "$J" rules eval ./evil_rule.lua hostile.zip
tty_clean "rules eval (load error)" "bad rule"

# ---------------------------------------------------------------- score show
"$J" keygen --name 甲 --panel A --id R01 >/dev/null
P=kit/packs/t1-changzhou.zip
"$J" score set $P 1.1 优 --kit kit --reviewer R01 --comment "c${EVIL}" >/dev/null 2>&1 ||
  "$J" score set $P 1.1 4 --kit kit --reviewer R01 --comment "c${EVIL}" >/dev/null ||
  bad "score set with a hostile comment"
on_tty "$J" score show $P --kit kit --reviewer R01
tty_clean "score show (comment)" "comment: c"

# ---------------------------------------------------------------- sheet verify
{ echo reviewer_id,name,panel,affiliation,public_key; cat "$JURY_HOME"/keys/R01.pub; } >roster.csv
python3 - "$EVIL" <<'PY'
import json, sys
evil = sys.argv[1].encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
json.dump({"content": "{}", "format": "jury-sheet", "key": "AAAA", "reviewer": "R9" + evil,
           "signature": "AAAA", "version": 1}, open("unsigned.jury", "w"), ensure_ascii=False)
PY
on_tty "$J" sheet verify unsigned.jury --roster roster.csv
tty_clean "sheet verify (reviewer id of an unsigned envelope)" "REJECTED"

# ---------------------------------------------------------------- spreadsheets, pages
"$J" pack build kit/packs/t1-changzhou.zip --task task1 --title '<b>t</b>' \
  --applicant '@SUM(1+1)*cmd|'"'"' /C calc'"'"'!A0<script>alert(1)</script>' -o "kit/packs/=1+2.zip" \
  >/dev/null || bad "pack build with a formula applicant"
for id in $("$J" score show "kit/packs/=1+2.zip" --kit kit --reviewer R01 | sed -n 's/^  \([0-9][0-9.]*\) .*/\1/p'); do
  "$J" score set "kit/packs/=1+2.zip" "$id" 2 --kit kit --reviewer R01 >/dev/null 2>&1 ||
    "$J" score set "kit/packs/=1+2.zip" "$id" 优 --kit kit --reviewer R01 >/dev/null 2>&1
done
"$J" score submit "kit/packs/=1+2.zip" --kit kit --reviewer R01 >/dev/null || bad "submit"
"$J" export --kit kit --reviewer R01 -o R01.jury >/dev/null || bad "export"
"$J" merge R01.jury --roster roster.csv -o res --method mean >/dev/null 2>&1
[ -s res/ranking.csv ] || bad "no ranking.csv"
python3 - res/ranking.csv <<'PY' || fail=1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = rows[0]
for r in rows[1:]:
    for name, cell in zip(head, r):
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            print(f"FAIL: ranking.csv {name} cell starts a formula: {cell!r}", file=sys.stderr)
            sys.exit(1)
assert any(r[2] == "'=1+2.zip" for r in rows[1:]), f"FAIL: pack name not neutralised: {rows}"
assert any(r[3].startswith("'@SUM") for r in rows[1:]), "FAIL: applicant not neutralised"
assert all(float(r[4]) >= 0 for r in rows[1:] if r[4]), "FAIL: score column not numeric"
PY
for f in report.md report.html; do
  grep -q '<script' "res/$f" && bad "$f passes <script> through"
  grep -q '<b>' "res/$f" && bad "$f passes markup through"
done
grep -qF '&lt;script&gt;' res/report.html || grep -qF '&lt;script' res/report.md ||
  bad "the reports do not show the applicant escaped"

# ---------------------------------------------------------------- not regular files
mkfifo fifo.jury fifo.zip fifo.csv fifo.lua
ln -s /dev/zero zero.jury
ln -s /dev/zero zero.zip
refused() { # description expected-exit command...: at once, naming what the file is
  local what=$1 want=$2; shift 2
  local t0=$SECONDS
  timeout 10 "$@" >"$T/out" 2>&1
  local got=$?
  [ "$got" = 124 ] && { bad "$what: blocked"; return; }
  [ "$got" = "$want" ] || bad "$what: exit $got, want $want"
  [ $((SECONDS - t0)) -le 5 ] || bad "$what: took $((SECONDS - t0)) s"
  grep -q 'FIFO\|character device\|not a regular file\|no such rule file' "$T/out" ||
    { bad "$what: no clear refusal"; cat "$T/out" >&2; }
}
refused "sheet verify FIFO" 1 "$J" sheet verify fifo.jury --roster roster.csv
refused "sheet verify /dev/zero link" 1 "$J" sheet verify zero.jury --roster roster.csv
refused "roster FIFO" 2 "$J" sheet verify R01.jury --roster fifo.csv
refused "merge FIFO and /dev/zero" 1 "$J" merge fifo.jury zero.jury R01.jury --roster roster.csv -o res3
refused "pack inspect /dev/zero link" 2 "$J" pack inspect zero.zip
refused "pack verify FIFO" 2 "$J" pack verify fifo.zip
refused "rules eval FIFO" 2 "$J" rules eval ./fifo.lua hostile.zip

# ---------------------------------------------------------------- readable means read
printf a >pa.txt
printf b >pb.txt
bsdtar --format zip --options zip:encryption=aes256 --passphrase A -cf z1.zip pa.txt &&
  bsdtar --format zip --options zip:encryption=aes256 --passphrase B -cf z2.zip pb.txt ||
  bad "bsdtar"
python3 - two.zip z1.zip z2.zip <<'PY' || bad "join zips"
import struct, sys
def parts(b):  # local records, central directory, entry count
    e = b.rfind(b'PK\x05\x06')
    n, size, off = struct.unpack('<HII', b[e + 10:e + 20])
    return b[:off], b[off:off + size], n
out, cds, total = b'', b'', 0
for f in sys.argv[2:]:
    local, cd, n = parts(open(f, 'rb').read())
    i = 0
    while i < len(cd):
        fl, el, cl = struct.unpack('<HHH', cd[i + 28:i + 34])
        off, = struct.unpack('<I', cd[i + 42:i + 46])
        end = i + 46 + fl + el + cl
        cds += cd[i:i + 42] + struct.pack('<I', off + len(out)) + cd[i + 46:end]
        i = end
    out += local
    total += n
eocd = b'PK\x05\x06' + struct.pack('<HHHHIIH', 0, 0, total, total, len(cds), len(out), 0)
open(sys.argv[1], 'wb').write(out + cds + eocd)
PY
"$J" pack verify two.zip --passphrase A >"$T/out" 2>&1
rc=$?
[ "$rc" = 1 ] || bad "pack verify with a second entry under another passphrase: exit $rc, want 1"
grep -q 'pb.txt.*passphrase' "$T/out" || { bad "unreadable entry not named"; cat "$T/out" >&2; }

# Layout and names: each trick is warned about by name (exit 1).
python3 - <<'PY' || bad "make layout zips"
import io, zipfile
def z(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as f:
        for n, d in entries:
            f.writestr(n, d)
    return b.getvalue()
a, b = z([("a.txt", "A")]), z([("b.txt", "B")])
open("stub.zip", "wb").write(b"MZ" + b"\0" * 1000 + a)
open("joined.zip", "wb").write(a + b)
open("tail.zip", "wb").write(a + b"hidden data after the end")
open("nul.zip", "wb").write(z([("ok.txt", "x")]).replace(b"ok.txt", b"o\0.txt"))
big = '{"format": "jury-pack/1", "task": "t1", "pad": "' + "x" * (2 << 20) + '"}'
open("bigman.zip", "wb").write(z([("manifest.json", big), ("a.txt", "A")]))
PY
for c in "stub.zip:prepended" "joined.zip:appended" "tail.zip:appended" "nul.zip:NUL" \
         "bigman.zip:over the limit"; do
  "$J" pack verify "${c%%:*}" >"$T/out" 2>&1
  rc=$?
  [ "$rc" = 1 ] || bad "pack verify ${c%%:*}: exit $rc, want 1"
  grep -q "${c#*:}" "$T/out" || { bad "pack verify ${c%%:*}: no '${c#*:}' warning"; cat "$T/out" >&2; }
done

# Extraction limits are counted and named: 12 M empty shared strings in an
# 88 KB xlsx, 300k page references in a 2 KB PDF, a 200 MB flate stream.
python3 - <<'PY' || bad "make extraction bombs"
import zipfile, zlib
ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile("sst.xlsx", "w", zipfile.ZIP_DEFLATED) as x:
    x.writestr("[Content_Types].xml", ct)
    x.writestr("xl/workbook.xml", f"<workbook {ns}><sheets/></workbook>")
    x.writestr("xl/sharedStrings.xml", f"<sst {ns}>" + "<si/>" * 12_000_000 + "</sst>")
def pdf(objs, stream, filt=b""):
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    offs.append(len(out))
    out += b"%d 0 obj\n<< /Length %d %s>>\nstream\n" % (len(objs) + 1, len(stream), filt)
    out += stream + b"\nendstream\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offs) + 1, x)
kids = lambda n, k: b"<< /Type /Pages /Kids [" + b"%d 0 R " % n * 67 + b"] /Count %d >>" % k
pages = pdf([b"<< /Type /Catalog /Pages 2 0 R >>", kids(3, 300763), kids(4, 4489), kids(5, 67),
             b"<< /Type /Page /MediaBox [0 0 10 10] /Contents 6 0 R >>"], b"BT ET")
flate = pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /MediaBox [0 0 10 10] /Contents 4 0 R >>"],
            zlib.compress(b" " * (200 << 20), 9), b"/Filter /FlateDecode ")
with zipfile.ZipFile("bombs.zip", "w") as z:
    z.write("sst.xlsx")
    z.writestr("pages.pdf", pages)
    z.writestr("flate.pdf", flate)
PY
for c in "sst.xlsx:shared strings (max_cells)" "pages.pdf:one page per 16 bytes" \
         "flate.pdf:decompressed content per page (max_part)"; do
  t0=$SECONDS
  timeout 60 "$J" pack text bombs.zip "${c%%:*}" >/dev/null 2>"$T/err"
  # seconds without sanitizers; the bound leaves room for ASan on a loaded machine
  [ $((SECONDS - t0)) -le 20 ] || bad "pack text ${c%%:*}: took $((SECONDS - t0)) s"
  grep -qF "${c#*:}" "$T/err" || { bad "pack text ${c%%:*}: limit not named"; cat "$T/err" >&2; }
done

# ---------------------------------------------------------------- bounded rules
cat >loop.lua <<'LUA'
RULESET = { id = 'loop', name = 'loop', version = '1', source = 's', total = 1,
  indicators = { { id = '1', text = 'a', depth = 1, scored = true, max = 1, mode = 'points' } },
  autochecks = {
    { id = 'A1', text = 'loop', check = function(p)
        while true do p.text('a.txt') end end },
    { id = 'A2', text = 'loop', check = function(p)
        while true do p.text('a.txt') end end },
    { id = 'A3', text = 'loop', check = function(p)
        while true do p.text('a.txt') end end },
  } }
LUA
t0=$SECONDS
timeout 30 "$J" rules eval ./loop.lua hostile.zip >"$T/out" 2>&1
rc=$?
[ "$rc" = 124 ] && bad "rules eval with a p.text loop hangs"
# the budget is 5 s; the rest is start-up and the kill (ASan, a loaded machine)
[ $((SECONDS - t0)) -le 12 ] || bad "rules eval with a p.text loop took $((SECONDS - t0)) s"
grep -q 'budget of 5000 ms\|stopped after' "$T/out" || { bad "no budget named"; cat "$T/out" >&2; }
exit $fail
