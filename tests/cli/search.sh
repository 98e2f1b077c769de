#!/usr/bin/env bash
# jury pack search / pack text on the sample packs: Chinese terms of one and
# two characters, a GBK-named zip, a 7z, JSON output, no hit -> exit 1.
set -u
J=$JURY_BIN
P=${JURY_SRC:-$JURY_SHARE}/packs/samples/packs
export JURY_HOME=$(mktemp -d)
trap 'rm -rf "$JURY_HOME"' EXIT
fail=0
die() { echo "FAIL: $*" >&2; fail=1; }
out=$("$J" pack search "$P/t1-changzhou.zip" 产教融合) || die "search 产教融合 exit $?"
echo "$out" | grep -q '^申报书.pdf:3: .*产教融合' || die "no hit on page 3 of 申报书.pdf: $out"
"$J" pack search "$P/t1-changzhou.zip" 专利 >/dev/null || die "2-character term 专利 not found"
"$J" pack search "$P/t7-course-gbk.zip" 课程 | grep -q '^说明.txt:1:' || die "GBK-named zip: 说明.txt not found"
"$J" pack search "$P/t9-project.7z" 技术 | grep -q '校企合作协议.pdf' || die "7z: PDF text not searched"
json=$("$J" pack search "$P/t1-changzhou.zip" 教材 --json) || die "json search failed"
echo "$json" | python3 -c 'import json,sys; h=json.load(sys.stdin); assert h and all(set(x)=={"path","page","snippet"} for x in h)' ||
  die "JSON hits do not have exactly path, page, snippet"
"$J" pack search "$P/t1-changzhou.zip" 这个词不会出现 >/dev/null; [ $? = 1 ] || die "no hit should exit 1"
"$J" pack text "$P/t1-changzhou.zip" 申报书.pdf --page 3 | grep -q 产教融合 || die "pack text --page 3"
"$J" pack text "$P/t1-changzhou.zip" 申报书.pdf --page 99 >/dev/null 2>&1; [ $? = 2 ] || die "page out of range should exit 2"
[ $fail = 0 ] && echo "search: ok"
exit $fail
