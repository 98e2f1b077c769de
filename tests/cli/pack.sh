#!/usr/bin/env bash
# jury pack build/inspect/verify/text: exit codes, JSON keys, errors on stderr.
set -u
fail=0
T=$(mktemp -d /tmp/jury-pack-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
out=$T/out err=$T/err
check() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$out" 2>"$err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, want $want" >&2; sed 's/^/  /' "$err" >&2; fail=1
  fi
}
expect() { # file pattern description
  grep -q -- "$2" "$1" || { echo "FAIL: $3: no '$2' in output" >&2; fail=1; }
}

mkdir -p "$T/src/申报材料/附件"
printf '申报书正文\n第二行\n' >"$T/src/申报材料/申报书.txt"
printf 'a,b\n1,2\n' >"$T/src/申报材料/附件/数据.csv"
printf 'junk' >"$T/src/申报材料/.DS_Store"
printf 'name,value\nteachers,12\npublic,true\n' >"$T/facts.csv"

check 0 "build" "$JURY_BIN" pack build "$T/src" --task t4 --applicant 某大学 \
  --facts "$T/facts.csv" -o "$T/p.zip"
expect "$out" "2 files" "build count"
check 2 "build without task" "$JURY_BIN" pack build "$T/src" -o "$T/q.zip"
[ -e "$T/q.zip" ] && { echo "FAIL: build without task wrote a file" >&2; fail=1; }

check 0 "inspect" "$JURY_BIN" pack inspect "$T/p.zip"
expect "$out" "申报材料/申报书.txt" "inspect lists entries"
expect "$out" "task t4" "inspect shows the manifest"

check 0 "inspect --json" "$JURY_BIN" pack inspect "$T/p.zip" --json
python3 - "$out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
want = {"sha256", "format", "name_encoding", "entries", "manifest", "warnings"}
assert set(d) == want, f"FAIL: top-level keys {sorted(d)}"
assert d["format"] == "zip" and d["name_encoding"] == "utf-8" and len(d["sha256"]) == 64
for e in d["entries"]:
    assert set(e) == {"path", "size", "kind", "hidden"}, f"FAIL: entry keys {sorted(e)}"
assert d["manifest"]["task"] == "t4" and d["manifest"]["facts"]["teachers"] == 12
assert d["manifest"]["facts"]["public"] is True
assert d["warnings"] == []
PY

check 0 "verify clean" "$JURY_BIN" pack verify "$T/p.zip"
check 0 "text" "$JURY_BIN" pack text "$T/p.zip" 申报材料/申报书.txt
expect "$out" "第二行" "text prints the entry"
check 2 "text of a missing entry" "$JURY_BIN" pack text "$T/p.zip" nope.txt
expect "$err" "nope.txt" "missing entry named"

# A pack with a broken manifest and a duplicate name: opens, verify says 1.
mkdir -p "$T/w"
printf '{"format": "jury-pack/1",\n "task": }\n' >"$T/w/manifest.json"
printf 'x' >"$T/w/a.txt"
(cd "$T/w" && bsdtar --format zip -cf "$T/w.zip" manifest.json a.txt a.txt 2>/dev/null) ||
  (cd "$T/w" && bsdtar --format zip -cf "$T/w.zip" manifest.json a.txt)
check 1 "verify with warnings" "$JURY_BIN" pack verify "$T/w.zip"
expect "$out" "manifest.json:2:" "manifest line:column"
check 0 "inspect --json with warnings" "$JURY_BIN" pack inspect "$T/w.zip" --json
python3 - "$out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["manifest"] is None, "FAIL: broken manifest not null"
for w in d["warnings"]:
    assert set(w) == {"entry", "code", "message"}, f"FAIL: warning keys {sorted(w)}"
assert any(w["code"] == "manifest" for w in d["warnings"])
PY

# Unusable inputs: exit 2 with the file named on stderr.
printf 'not an archive' >"$T/junk.zip"
check 2 "verify junk" "$JURY_BIN" pack verify "$T/junk.zip"
expect "$err" "junk.zip" "junk named"
check 2 "inspect missing" "$JURY_BIN" pack inspect "$T/missing.zip"
check 2 "no subcommand" "$JURY_BIN" pack
check 2 "bad option" "$JURY_BIN" pack inspect "$T/p.zip" --frob

# Encrypted: wrong passphrase is a clear error, the right one reads.
printf 'secret text' >"$T/s.txt"
(cd "$T" && bsdtar --format zip --options zip:encryption=aes256 --passphrase pw -cf e.zip s.txt)
check 2 "wrong passphrase" "$JURY_BIN" pack inspect "$T/e.zip" --passphrase nope
expect "$err" "passphrase" "wrong passphrase said"
check 0 "right passphrase" "$JURY_BIN" pack text "$T/e.zip" s.txt --passphrase pw
expect "$out" "secret text" "decrypted text"
JURY_PASSPHRASE=pw check 0 "JURY_PASSPHRASE" "$JURY_BIN" pack verify "$T/e.zip"
exit $fail
