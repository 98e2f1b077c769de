#!/usr/bin/env bash
# po/update.sh - regenerate jury.pot from tui/, cli/ and app/, and zh_CN.po
# from it plus the translations in zh_CN.tr and zh_CN.*.tr (English TAB
# Chinese, one a line; zh_CN.cli.tr holds the command line's). Reports every
# string left untranslated.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS: --package-name=jury \
  --package-version=0.1.0 --msgid-bugs-address=jury-maintainers -o po/jury.pot tui/*.c cli/*.c app/*.c
python3 - <<'PY'
import glob, re
tr = {}
for line in (l for f in ["po/zh_CN.tr"] + sorted(glob.glob("po/zh_CN.*.tr"))
             for l in open(f, encoding="utf-8")):
    line = line.rstrip("\n")
    if line and "\t" in line:
        en, zh = line.split("\t", 1)
        tr[en.replace("\\n", "\n")] = zh.replace("\\n", "\n")
pot = open("po/jury.pot", encoding="utf-8").read()
def unq(s):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
out, missing = [], []
header = ('msgid ""\nmsgstr ""\n"Project-Id-Version: jury 0.1.0\\n"\n"PO-Revision-Date: 2026-11-29 00:00+0000\\n"\n"Last-Translator: jury maintainers\\n"\n"Language-Team: Chinese (simplified)\\n"\n"Language: zh_CN\\n"\n'
          '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n')
out.append(header)
for block in pot.split("\n\n")[1:]:
    m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    if not m:
        continue
    en = unq(m.group(1))
    flags = "\n".join(l for l in block.splitlines() if l.startswith("#,") or l.startswith("#:"))
    zh = tr.get(en)
    if zh is None:
        missing.append(en)
        zh = ""
    out.append(f"{flags}\nmsgid {q(en)}\nmsgstr {q(zh)}\n")
open("po/zh_CN.po", "w", encoding="utf-8").write("\n".join(out))
for m in missing:
    print("untranslated:", m)
PY
msgfmt --check -o /dev/null po/zh_CN.po
