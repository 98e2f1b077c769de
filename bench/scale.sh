#!/usr/bin/env bash
# bench/scale.sh - jury's CLI the way a user runs it (process start, pack id
# and all) beside the tool a user would compare with, runs interleaved
# (jury, peer, jury, peer, ...), medians and ratios printed. Not a test.
#
#   pack  a BIG_MB (default 400) zip of ~3,000 files (media, Chinese text, a
#         PDF): second `pack inspect` vs bsdtar -tvf / unzip -l; a member read
#         vs bsdtar -xOf; `pack text --page 1` from the built cache vs
#         unzip -p + mutool; `pack search` from the cache vs sqlite3 scanning
#         the same cached pages.
#   kit   a KIT_PACKS (default 2,000) pack sealed kit, PACK_KB (256) each:
#         workbench first screen sealed vs the same kit unsealed (tmux);
#         `kit status` vs lua5.4 doing the same rule evaluations; assign;
#         seal and verify vs sha256sum / sha256sum -c over the same files.
#   rank  `jury rank OUT --no-view` on ~100k scores vs sqlite3 trimmed means.
#   pdf   PDF_PAGES (300) Chinese pages: `pack text` of a pack holding it
#         (no cache) vs mutool draw -F txt.
# Memory: peak RSS of each jury command (goal < 64 MB).
# Everything is generated under a temporary folder, removed at the end.
# Usage: bench/scale.sh [BUILD_DIR]   SECTIONS="pack kit rank pdf"  RUNS=7
#        JURY_BIN=path   another jury binary to time (e.g. an older build)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
SECTIONS=${SECTIONS:-pack kit rank pdf}
RUNS=${RUNS:-7}
BIG_MB=${BIG_MB:-400}
KIT_PACKS=${KIT_PACKS:-2000}
PACK_KB=${PACK_KB:-256}
PDF_PAGES=${PDF_PAGES:-300}
J=${JURY_BIN:-$BUILD/cli/jury}
for t in bsdtar unzip mutool sqlite3 lua5.4 tmux sha256sum python3; do
  command -v $t >/dev/null || { echo "missing $t" >&2; exit 2; }
done
cmake --build "$BUILD" -j2 --target jury bench_extract bench_merge >/dev/null
T=$(mktemp -d /tmp/jury-bench-scale.XXXXXX)
sock="jury-bench-scale-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$T"' EXIT
export JURY_HOME=$T/home JURY_SHARE=$SRC LC_ALL=C.UTF-8 TZ=${TZ:-:/etc/localtime}
mkdir -p "$JURY_HOME"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); free /tmp: $(df -h /tmp | awk 'NR==2 {print $4}')"

now() { date +%s%N; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ms() { awk -v n="$1" 'BEGIN {printf "%.1f", n / 1e6}'; }
# pair LABEL GOAL 'JURY COMMAND' 'PEER COMMAND': RUNS interleaved runs each.
pair() {
  local label=$1 goal=$2 a=$3 b=$4 i s
  : >"$T/a"
  : >"$T/b"
  for ((i = 0; i < RUNS; i++)); do
    s=$(now); eval "$a" >/dev/null 2>&1; echo $(($(now) - s)) >>"$T/a"
    s=$(now); eval "$b" >/dev/null 2>&1; echo $(($(now) - s)) >>"$T/b"
  done
  local ja pb
  ja=$(median <"$T/a")
  pb=$(median <"$T/b")
  printf '%-44s jury %8s ms  peer %8s ms  ratio %6.2f  (goal %s)\n' "$label" "$(ms "$ja")" \
    "$(ms "$pb")" "$(awk -v a="$ja" -v b="$pb" 'BEGIN {print a / b}')" "$goal"
}
# one LABEL GOAL 'COMMAND': RUNS runs, median.
one() {
  local label=$1 goal=$2 a=$3 i s
  : >"$T/a"
  for ((i = 0; i < RUNS; i++)); do
    s=$(now); eval "$a" >/dev/null 2>&1; echo $(($(now) - s)) >>"$T/a"
  done
  printf '%-44s jury %8s ms  (goal %s)\n' "$label" "$(ms "$(median <"$T/a")")" "$goal"
}
rss() { # LABEL COMMAND...: peak RSS of one run
  /usr/bin/time -f "%M" -o "$T/rss" "${@:2}" >/dev/null 2>&1 || true
  printf '  peak RSS %-34s %6d KiB\n' "$1" "$(tail -1 "$T/rss")"
}

# ------------------------------------------------------------------ pack
bench_pack() {
  echo
  echo "== pack: ${BIG_MB} MB zip"
  "$BUILD/bench/bench_extract" mkpdf "$T/doc.pdf" 20
  python3 - "$T/big.zip" "$BIG_MB" "$T/doc.pdf" <<'PY'
import os, random, sys, zipfile
out, mb, pdf = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = ["深化产教融合", "校企合作", "专业群建设", "实训基地", "双师型教师", "人才培养方案",
         "课程资源", "国际影响力", "职业技能等级证书", "现代学徒制"]
rnd = random.Random(1)
with zipfile.ZipFile(out, "w") as z:
    z.write(pdf, "申报书.pdf", compress_type=zipfile.ZIP_DEFLATED)
    for i in range(2900):
        text = "".join(f"{rnd.choice(words)}第{i}号材料，第{k}段。\n" for k in range(60))
        z.writestr(f"材料/说明_{i:04d}.txt", text, compress_type=zipfile.ZIP_DEFLATED)
    n = 150
    size = mb * 1024 * 1024 // n
    for i in range(n):
        z.writestr(f"media/照片_{i:03d}.jpg", os.urandom(size), compress_type=zipfile.ZIP_STORED)
PY
  local big=$T/big.zip member="材料/说明_2899.txt"
  echo "big.zip: $(du -h "$big" | cut -f1), $(unzip -Z1 "$big" | wc -l) files"
  local s
  s=$(now); "$J" pack inspect "$big" >/dev/null; echo "first pack inspect (hashes the file once): $(ms $(($(now) - s))) ms"
  s=$(now); "$J" pack search "$big" 校企合作 >/dev/null 2>&1; echo "first pack search (builds the cache): $(ms $(($(now) - s))) ms"
  pair "pack inspect (second) vs bsdtar -tvf" "<= 2x" "'$J' pack inspect '$big'" "bsdtar -tvf '$big'"
  pair "pack inspect (second) vs unzip -l" "-" "'$J' pack inspect '$big'" "unzip -l '$big'"
  pair "member read: pack text TXT vs bsdtar -xOf" "<= 2x" "'$J' pack text '$big' '$member'" \
    "bsdtar -xOf '$big' '$member'"
  pair "first page from cache vs unzip -p+mutool" "<= 50 ms" \
    "'$J' pack text '$big' 申报书.pdf --page 1" \
    "unzip -p '$big' 申报书.pdf >'$T/p.pdf' && mutool draw -q -F txt -o - '$T/p.pdf' 1"
  local cache
  cache=$(ls "$JURY_HOME"/cache/*.sqlite | grep -v ids.sqlite | head -1)
  pair "pack search from cache vs sqlite3 scan" "<= 50 ms" "'$J' pack search '$big' 校企合作 --limit 50" \
    "sqlite3 '$cache' \"SELECT entry, page FROM pages WHERE instr(text, '校企合作') > 0 LIMIT 50\""
  rss "pack inspect" "$J" pack inspect "$big"
  rss "pack text --page 1" "$J" pack text "$big" 申报书.pdf --page 1
  rss "pack search" "$J" pack search "$big" 校企合作
  rm -f "$big" "$T/p.pdf"
}

# ------------------------------------------------------------------- kit
make_kit() {
  "$J" kit init "$T/kit" --name 规模测试 --task task10-resource --task task4 >/dev/null
  python3 - "$SRC" "$T/kit" "$KIT_PACKS" "$PACK_KB" "$T/facts.lua" <<'PY'
import json, os, random, sys, zipfile
src, kit, n, kb, facts_out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
samples = [os.path.join(src, "packs/samples/packs", f) for f in ("t10-resource.zip", "t4-nursing.zip")]
tmpl = []
for s in samples:
    with zipfile.ZipFile(s) as z:
        tmpl.append({i.filename: z.read(i.filename) for i in z.infolist()})
rnd = random.Random(2)
lua = ["return {"]
with open(os.path.join(kit, "roster.csv"), "w") as r:
    r.write("reviewer_id,name,panel,affiliation,public_key\n")
    for i in range(100):
        r.write(f"R{i:02d},评审{i},A组,某研究院{i},\n")
def lua_val(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (int, float)): return repr(v)
    return json.dumps(v, ensure_ascii=False)
for i in range(n):
    t = tmpl[i % 2]
    m = json.loads(t["manifest.json"])
    m["applicant"] = f"某职业学院{i:04d}"
    for k, v in m.get("facts", {}).items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            m["facts"][k] = v + rnd.randint(0, 2)
    with zipfile.ZipFile(os.path.join(kit, "packs", f"p{i:04d}.zip"), "w") as z:
        z.writestr("manifest.json", json.dumps(m, ensure_ascii=False, indent=1))
        for name, data in t.items():
            if name != "manifest.json":
                z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("附件/扫描件.jpg", os.urandom(kb * 1024))
    files = ", ".join("{path=%s, kind='other', ext='', size=%d}" % (json.dumps(k, ensure_ascii=False), len(v))
                      for k, v in t.items())
    facts = ", ".join(f"{k}={lua_val(v)}" for k, v in m.get("facts", {}).items())
    lua.append("{task=%s, applicant=%s, facts={%s}, files={%s}}," % (
        json.dumps(m["task"]), json.dumps(m["applicant"], ensure_ascii=False), facts, files))
lua.append("}")
open(facts_out, "w").write("\n".join(lua))
PY
}

bench_kit() {
  echo
  echo "== kit: $KIT_PACKS packs of ~${PACK_KB} KB"
  make_kit
  echo "kit: $(du -sh "$T/kit" | cut -f1)"
  "$J" keygen --id organiser --name 组织者 --panel organiser >/dev/null
  "$J" keygen --id R07 --name 评审 --panel A组 >/dev/null
  export JURY_ORGANISER_KEY
  JURY_ORGANISER_KEY=$(sed -n 's/.*,\([A-Za-z0-9+\/=]\{44\}\)$/\1/p' "$JURY_HOME"/keys/organiser.pub 2>/dev/null | head -1)
  local s
  s=$(now); "$J" kit assign "$T/kit" --per-pack 3 >/dev/null; echo "kit assign (100 reviewers, 3 per pack): $(ms $(($(now) - s))) ms"
  find "$T/kit" -type f ! -name seal.json | sort >"$T/files"
  pair "kit seal vs sha256sum of every file" "-" "'$J' kit seal '$T/kit'" \
    "xargs -d '\n' sha256sum <'$T/files' >'$T/sums'"
  xargs -d '\n' sha256sum <"$T/files" >"$T/sums"
  pair "kit verify vs sha256sum -c" "-" "'$J' kit verify '$T/kit'" "sha256sum -c --quiet '$T/sums'"
  cp -r "$T/kit" "$T/kit-unsealed"
  rm "$T/kit-unsealed/seal.json"
  first_screen
  cat >"$T/kit_driver.lua" <<'LUA'
-- the same evaluations as `jury kit status`: per pack a fresh environment,
-- the rules/lib files and the task's rule file run, every check called
local lib_dir, rules_dir, facts_file = arg[1], arg[2], arg[3]
local function slurp(p) local f = assert(io.open(p, "rb")) local s = f:read("a") f:close() return s end
local libs, lib_src = {}, {}
local ls = io.popen('ls "' .. lib_dir .. '"/*.lua 2>/dev/null')
for f in ls:lines() do libs[#libs + 1] = f end
ls:close()
table.sort(libs)
for i, f in ipairs(libs) do lib_src[i] = slurp(f) end
local rule_src = {}
local packs = assert(load(slurp(facts_file), "=facts", "t", {}))()
local nodata = 0
for _, p in ipairs(packs) do
  local src = rule_src[p.task]
  if not src then src = slurp(rules_dir .. "/" .. p.task .. ".lua") rule_src[p.task] = src end
  p.text = function() return nil end
  local env = {}
  for k, v in pairs(_G) do env[k] = v end
  env._G = env
  for i, s in ipairs(lib_src) do assert(load(s, "=" .. libs[i], "t", env))() end
  assert(load(src, "=" .. p.task, "t", env))()
  for _, sec in ipairs({ "conditions", "autochecks", "vetoes" }) do
    for _, c in ipairs(env.RULESET[sec] or {}) do
      if c.check then
        local ok, r = pcall(c.check, p)
        if ok and r == "nodata" then nodata = nodata + 1 end
      end
    end
  end
  for _, x in ipairs(env.RULESET.crosschecks or {}) do pcall(x.key, p) end
end
print(#packs, nodata)
LUA
  pair "kit status vs lua5.4 same evaluations" "<= 2x" "'$J' kit status '$T/kit'" \
    "lua5.4 '$T/kit_driver.lua' '$SRC/rules/lib' '$SRC/rules' '$T/facts.lua'"
  rss "kit status" "$J" kit status "$T/kit"
  rss "kit verify" "$J" kit verify "$T/kit"
  rm -rf "$T/kit" "$T/kit-unsealed"
}

tm() { tmux -L "$sock" "$@"; }
until_text() { while ! tm capture-pane -p -t b 2>/dev/null | grep -qF -- "$1"; do :; done; }
stop() {
  local pid
  pid=$(tm display-message -p -t b '#{pane_pid}')
  tm kill-session -t b
  while :; do
    case $(ps -o stat= -p "$pid" 2>/dev/null || true) in "" | Z*) return ;; esac
    sleep 0.01
  done
}
screen_once() { # KIT_DIR: ns from start to the pack list with its key bar
  local s
  s=$(now)
  tm -f /dev/null new-session -d -s b -x 200 -y 60 \
    "cd '$1' && exec env JURY_HOME='$JURY_HOME' JURY_SHARE='$SRC' LC_ALL=C.UTF-8 JURY_ORGANISER_KEY='$JURY_ORGANISER_KEY' '$J' --reviewer R07"
  until_text "Enter open"
  until_text "某职业学院"
  echo $(($(now) - s))
  stop
}
first_screen() {
  local i
  : >"$T/sealed"
  : >"$T/unsealed"
  screen_once "$T/kit" >/dev/null # the store is created once
  screen_once "$T/kit-unsealed" >/dev/null
  for ((i = 0; i < RUNS; i++)); do
    screen_once "$T/kit" >>"$T/sealed"
    screen_once "$T/kit-unsealed" >>"$T/unsealed"
  done
  local a b
  a=$(median <"$T/sealed")
  b=$(median <"$T/unsealed")
  printf '%-44s jury %8s ms  unsealed %4s ms  ratio %6.2f  (goal <= 2x)\n' \
    "workbench first screen, sealed kit" "$(ms "$a")" "$(ms "$b")" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')"
}

# ------------------------------------------------------------------ rank
bench_rank() {
  echo
  echo "== rank: 15 reviewers x 1,000 packs x 17 indicators, 6 per pack (102,000 scores)"
  mkdir -p "$T/m"
  "$BUILD/bench/bench_merge" gen "$T/m" 15 1000 17 >/dev/null
  "$BUILD/bench/bench_merge" import "$T/m" "$T/m/out" >/dev/null
  for c in "$T"/m/r[0-9]*.csv; do
    sqlite3 "$T/m/shell.sqlite" "CREATE TABLE IF NOT EXISTS score(reviewer TEXT, pack TEXT, indicator TEXT, points REAL);"
    sqlite3 "$T/m/shell.sqlite" ".import --csv $c score"
  done
  local q="WITH t AS (SELECT reviewer, pack, sum(points) AS x FROM score GROUP BY reviewer, pack),
a AS (SELECT pack, CASE WHEN count(*) >= 5 THEN (sum(x) - max(x) - min(x)) / (count(*) - 2)
      ELSE avg(x) END AS s FROM t GROUP BY pack)
SELECT pack, RANK() OVER (ORDER BY s DESC) FROM a ORDER BY pack;"
  echo "$q" >"$T/rank.sql"
  pair "jury rank OUT --no-view vs sqlite3" "<= 1 s" "'$J' rank '$T/m/out' --no-view" \
    "sqlite3 '$T/m/shell.sqlite' <'$T/rank.sql'"
  rss "rank" "$J" rank "$T/m/out" --no-view
  rm -rf "$T/m"
}

# ------------------------------------------------------------------- pdf
bench_pdf() {
  echo
  echo "== pdf: $PDF_PAGES Chinese pages"
  "$BUILD/bench/bench_extract" mkpdf "$T/zh.pdf" "$PDF_PAGES"
  (cd "$T" && python3 -c "import zipfile; zipfile.ZipFile('zh.zip','w').write('zh.pdf')")
  pair "pack text PDF (all pages) vs mutool -F txt" "<= 0.8x" "'$J' pack text '$T/zh.zip' zh.pdf" \
    "mutool draw -q -F txt -o /dev/null '$T/zh.pdf'"
  rss "pack text PDF" "$J" pack text "$T/zh.zip" zh.pdf
}

for s in $SECTIONS; do "bench_$s"; done
echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
