#!/usr/bin/env bash
# The bundled sample kit (packs/samples/) is exactly what packs/samples-src/gen.py makes: regenerate it
# into a temporary folder and compare every file byte for byte; check the GBK pack has no UTF-8 flag and
# the 7z pack is a 7z; then, if this jury has `pack inspect`, inspect every pack.
set -u
src=${JURY_SRC:-${JURY_SHARE:-$(cd "$(dirname "$0")/../.." && pwd)}}
kit=$src/packs/samples
fail=0
say() { echo "FAIL: $*" >&2; fail=1; }

py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ] || ! command -v bsdtar >/dev/null; then
    echo "SKIP: python3 or bsdtar missing" >&2
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Regenerating gives the committed bytes (twice, so nondeterminism within one machine shows too).
for run in 1 2; do
    if ! "$py" "$src/packs/samples-src/gen.py" "$tmp/gen$run" 2>"$tmp/gen$run.err"; then
        say "gen.py run $run failed:"; cat "$tmp/gen$run.err" >&2
    fi
done
(cd "$tmp/gen1" && find . -type f | LC_ALL=C sort) >"$tmp/made.txt"
(cd "$kit" && find . -type f | LC_ALL=C sort) >"$tmp/committed.txt"
if ! cmp -s "$tmp/made.txt" "$tmp/committed.txt"; then
    say "the committed kit and the generated one hold different files:"
    diff "$tmp/committed.txt" "$tmp/made.txt" >&2
fi
while IFS= read -r f; do
    [ -f "$kit/$f" ] || continue
    cmp -s "$tmp/gen1/$f" "$tmp/gen2/$f" || say "$f: two runs of gen.py differ"
    cmp -s "$tmp/gen1/$f" "$kit/$f" || say "$f: committed file differs from gen.py's output (rerun gen.py)"
done <"$tmp/made.txt"

# 2. Sizes: each pack < 200 KB, the kit < 3 MB.
for p in "$kit"/packs/*; do
    [ "$(stat -c %s "$p")" -lt 204800 ] || say "$(basename "$p") is 200 KB or more"
done
[ "$(du -sk "$kit" | cut -f1)" -lt 3072 ] || say "the kit is 3 MB or more"

# 3. The GBK pack: names stored as GBK bytes, no UTF-8 flag (bit 11) in any central directory entry.
gbk=$kit/packs/t7-course-gbk.zip
LC_ALL=C.UTF-8 bsdtar --options hdrcharset=CP936 -tf "$gbk" 2>/dev/null | grep -q '课程推荐表.pdf' ||
    say "t7-course-gbk.zip: names do not read as GBK"
"$py" - "$gbk" <<'EOF' || say "t7-course-gbk.zip: an entry has the UTF-8 flag"
import struct, sys
d = open(sys.argv[1], "rb").read()
i, n = 0, 0
while True:
    i = d.find(b"PK\x01\x02", i)
    if i < 0:
        break
    flags = struct.unpack_from("<H", d, i + 8)[0]
    if flags & 0x800:
        sys.exit(1)
    n += 1
    i += 4
sys.exit(0 if n else 1)
EOF
head -c 6 "$kit/packs/t9-project.7z" | od -An -tx1 | grep -q '37 7a bc af 27 1c' || say "t9-project.7z is not a 7z"

# 4. jury pack inspect on every pack, when this build has it.
if [ -n "${JURY_BIN:-}" ] && "$JURY_BIN" help pack >/dev/null 2>&1; then
    for p in "$kit"/packs/*; do
        if ! "$JURY_BIN" pack inspect "$p" >"$tmp/inspect.out" 2>"$tmp/inspect.err"; then
            say "jury pack inspect $(basename "$p") failed:"; cat "$tmp/inspect.err" >&2
        fi
    done
else
    echo "SKIP: jury pack inspect (no 'pack' subcommand in this build)" >&2
fi
exit $fail
