#!/usr/bin/env bash
# The module boundaries of docs/design.md, checked on the include lines and,
# with a build, on the symbols the interfaces call:
#   core <- sql <- packs <- kit;  core <- scripting;
#   core <- sheet <- store (+ sql);  core <- rank <- merge (+ sheet, sql) <- report
#   all of those <- app <- tui, cli
# A module includes only the public headers of the modules below it and the
# libraries it owns; private *_int.h headers stay inside their module; each
# module has one public header.
set -u
cd "${JURY_SRC:-$(dirname "$0")/../..}" || exit 2
fail=0
bad() { echo "layering: $*" >&2; fail=1; }

# module folder: the longest prefix wins (db/sql before db/, packs/kit before packs/)
MODULES="core:core db/sql:sql packs/kit:kit packs:packs scripting:scripting db/sheet:sheet
db/store:store db/rank:rank db/merge:merge report:report app:app tui:tui cli:cli"
module_of() { # path -> module name
  local best= blen=0 m dir
  for m in $MODULES; do
    dir=${m%%:*}
    case "$1" in "$dir"/*) [ ${#dir} -gt $blen ] && { best=${m#*:}; blen=${#dir}; } ;; esac
  done
  echo "$best"
}
folder_of() { local m; for m in $MODULES; do [ "${m#*:}" = "$1" ] && echo "${m%%:*}"; done; }

# What each module may include besides its own files: modules, then libraries.
declare -A MAY=(
  [core]='sodium nettle'
  [sql]='core sqlite3'
  [packs]='core sql archive mupdf jansson libxml zlib sqlite3'
  [kit]='core packs jansson sodium'
  [scripting]='core lua lauxlib lualib'
  [sheet]='core sodium'
  [store]='core sql sheet sqlite3'
  [rank]='core jansson'
  [merge]='core sql sheet rank jansson sqlite3'
  [report]='core sheet rank merge xlsxwriter mupdf'
  [app]='core sql packs kit scripting sheet store rank merge report'
  [tui]='core app curses ncurses'
  [cli]='core app tui packs kit scripting sheet store rank merge report'
)
LIBS='sqlite3 archive lua lauxlib lualib curses ncurses mupdf jansson libxml xlsxwriter sodium zlib'

includes() { # folder -> "file:include" lines (quoted and angle includes)
  grep -rHo '#include *[<"][^>"]*[>"]' "$1" --include='*.c' --include='*.h' 2>/dev/null |
    sed 's/#include *[<"]\([^>"]*\)[>"]/\1/'
}

for m in $MODULES; do
  dir=${m%%:*} name=${m#*:}
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    file=${line%%:*} inc=${line#*:}
    [ "$(module_of "$file")" = "$name" ] || continue # a submodule's file
    case "$inc" in
    */*.h | *.h)
      target=$(module_of "$inc")
      if [ -n "$target" ] && [ -d "$(folder_of "$target")" ] && [ -f "$inc" ]; then
        [ "$target" = "$name" ] && continue
        case " ${MAY[$name]} " in *" $target "*) ;; *) bad "$file ($name) includes $inc of $target" ;; esac
        case "$inc" in *_int.h) bad "$file includes another module's private $inc" ;; esac
        continue
      fi
      lib=${inc%%/*}; lib=${lib%.h}
      case " $LIBS " in *" $lib "*)
        case " ${MAY[$name]} " in *" $lib "*) ;; *) bad "$file ($name) includes the library header $inc" ;; esac ;;
      esac
      ;;
    esac
  done < <(includes "$dir")
done

# app/app.h is the interfaces' only header and hands out opaque handles and
# plain structs: it includes no header of the modules below it, so tui/ and
# cli/ see their types only where they include those headers themselves.
hits=$(grep -Eo '#include *"(db|packs|scripting|report)/[^"]*"' app/app.h || true)
[ -z "$hits" ] || bad "app/app.h must not include module headers: $(echo "$hits" | tr '\n' ' ')"

# one public header per module: every other header is *_int.h
for m in $MODULES; do
  dir=${m%%:*} name=${m#*:}
  [ "$name" = cli ] && continue
  pub=$(find "$dir" -name '*.h' ! -name '*_int.h' | while read -r h; do [ "$(module_of "$h")" = "$name" ] && echo "$h"; done)
  [ "$(echo "$pub" | grep -c .)" = 1 ] || bad "$name has $(echo "$pub" | grep -c .) public headers: $(echo $pub)"
done

# Symbols, not only include lines: what tui/ and cli/ call once linked. They
# never call a library (SQLite, Lua, libarchive, MuPDF, jansson, libxml2,
# libxlsxwriter) themselves; every function of a module below app/ they
# still call directly instead of through app/ is listed in layering-allow.txt,
# a list that may only shrink (a new direct call fails here).
LOWER="sql packs kit scripting sheet store rank merge report"
build=${JURY_BUILD:-}
if [ -n "$build" ] && [ -f "$build/tui/libjury_tui.a" ]; then
  defined() { nm -g --defined-only "$build/$(folder_of "$1")/libjury_$1.a" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDBR]/ {print $3}' | sort -u; }
  cli_objs=$(find "$build/cli" -name '*.o')
  undefined() { nm -u "$@" 2>/dev/null | awk 'NF >= 2 {print $2}' | sort -u; }
  libs='^(sqlite3_|lua_|luaL_|luaopen_|archive_|fz_|pdf_|json_|xml|lxw_|workbook_|worksheet_)'
  for side in tui cli; do
    if [ $side = tui ]; then und=$(undefined "$build/tui/libjury_tui.a"); else und=$(undefined $cli_objs); fi
    hits=$(comm -23 <(echo "$und" | grep -E "$libs") <(for m in core $LOWER app tui; do defined $m; done | sort -u))
    [ -z "$hits" ] || bad "$side calls library functions itself: $(echo "$hits" | head -5 | tr '\n' ' ')"
    for m in $LOWER; do
      comm -12 <(echo "$und") <(defined $m) | sed "s|^|$side $m |"
    done
  done >"${TMPDIR:-/tmp}/jury-layering-$$"
  allow=$(dirname "$0")/layering-allow.txt
  [ -f "$allow" ] || allow=tests/cli/layering-allow.txt
  new=$(comm -23 <(sort -u "${TMPDIR:-/tmp}/jury-layering-$$") <(grep -v '^#' "$allow" | sort -u))
  [ -z "$new" ] || bad "new direct calls past app/ (route them through app/): $(echo "$new" | head -8 | tr '\n' ';')"
  if [ -n "${JURY_LAYERING_WRITE:-}" ]; then
    { echo "# side module symbol: direct calls from tui/ and cli/ into modules below app/ that do not"
      echo "# go through app/ yet. tests/cli/layering.sh fails on any call not listed; remove lines as calls move."
      sort -u "${TMPDIR:-/tmp}/jury-layering-$$"; } >"$allow"
  fi
  gone=$(comm -13 <(sort -u "${TMPDIR:-/tmp}/jury-layering-$$") <(grep -v '^#' "$allow" | sort -u) | wc -l)
  echo "layering: $(grep -vc '^#' "$allow") direct calls past app/ still listed ($gone no longer made)"
  rm -f "${TMPDIR:-/tmp}/jury-layering-$$"
fi
[ $fail = 0 ] && echo "layering: ok"
exit $fail
