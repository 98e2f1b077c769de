#!/usr/bin/env bash
# The module boundaries of docs/hacking.md, checked on the include lines:
# core <- packs, scripting, db <- app <- tui, cli; tui/ and cli/ never include
# a library header of SQLite, Lua, libarchive; private *_int.h headers stay
# inside their module; each module has one public header.
set -u
cd "${JURY_SRC:-$(dirname "$0")/../..}" || exit 2
fail=0
bad() { echo "layering: $*" >&2; fail=1; }

includes() { # module -> "file:include" lines
  grep -rHo '#include *[<"][^>"]*[>"]' "$1" --include='*.c' --include='*.h' 2>/dev/null |
    sed 's/#include *[<"]\([^>"]*\)[>"]/\1/'
}

forbid() { # module regex why
  local hits
  hits=$(includes "$1" | grep -E ":($2)" || true)
  [ -z "$hits" ] || bad "$1 must not include ($3): $(echo "$hits" | head -3 | tr '\n' ' ')"
}

forbid core 'packs/|scripting/|db/|app/|tui/|cli/|archive|lua|sqlite3|curses|mupdf' "higher layers, libraries"
forbid packs 'scripting/|db/|app/|tui/|cli/|lua|lauxlib|curses' "Lua, db, higher layers"
forbid scripting 'packs/|db/|app/|tui/|cli/|sqlite3|archive|curses|mupdf|jansson' "packs, SQLite, libarchive"
forbid db 'packs/|scripting/|app/|tui/|cli/|lua|lauxlib|archive|curses|mupdf' "Lua, libarchive, curses"
forbid app 'tui/|cli/|sqlite3|lua\.h|lauxlib|lualib|archive|curses' "interfaces, library headers"
forbid tui 'cli/|sqlite3|lua\.h|lauxlib|lualib|archive|jansson|packs/|scripting/|db/' "library headers, modules but app"
forbid cli 'sqlite3|lua\.h|lauxlib|lualib|archive|curses|jansson|mupdf|libxml' "library headers"

# app/app.h is the interfaces' only header and hands out opaque handles and
# plain structs: it includes no header of the modules below it, so tui/ and
# cli/ see their types only where they include those headers themselves.
hits=$(grep -Eo '#include *"(db|packs|scripting)/[^"]*"' app/app.h || true)
[ -z "$hits" ] || bad "app/app.h must not include module headers: $(echo "$hits" | tr '\n' ' ')"

# private headers stay in their module
while IFS= read -r line; do
  file=${line%%:*}; inc=${line#*:}
  mod=${inc%%/*}
  case "$file" in "$mod"/*) ;; *) bad "$file includes another module's private $inc" ;; esac
done < <(for m in core packs scripting db app tui cli; do includes "$m"; done | grep -E ':[a-z]+/.*_int\.h$')

# one public header per module: every other header is *_int.h
for m in core packs scripting db app tui; do
  pub=$(find "$m" -name '*.h' ! -name '*_int.h' | wc -l)
  [ "$pub" = 1 ] || bad "$m has $pub public headers: $(find "$m" -name '*.h' ! -name '*_int.h' | tr '\n' ' ')"
done

# Symbols, not only include lines: what tui/ and cli/ call once linked. They
# never call a library (SQLite, Lua, libarchive, MuPDF, jansson, libxml2,
# libxlsxwriter) themselves; every function of db/, packs/ or scripting/ they
# still call directly instead of through app/ is listed in layering-allow.txt,
# a list that may only shrink (a new direct call fails here).
build=${JURY_BUILD:-}
if [ -n "$build" ] && [ -f "$build/tui/libjury_tui.a" ]; then
  defined() { nm -g --defined-only "$build/$1/libjury_$1.a" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDBR]/ {print $3}' | sort -u; }
  cli_objs=$(find "$build/cli" -name '*.o')
  undefined() { nm -u "$@" 2>/dev/null | awk 'NF >= 2 {print $2}' | sort -u; }
  libs='^(sqlite3_|lua_|luaL_|luaopen_|archive_|fz_|pdf_|json_|xml|lxw_|workbook_|worksheet_)'
  for side in tui cli; do
    if [ $side = tui ]; then und=$(undefined "$build/tui/libjury_tui.a"); else und=$(undefined $cli_objs); fi
    hits=$(comm -23 <(echo "$und" | grep -E "$libs") <(for m in core packs scripting db app tui; do defined $m; done | sort -u))
    [ -z "$hits" ] || bad "$side calls library functions itself: $(echo "$hits" | head -5 | tr '\n' ' ')"
    for m in db packs scripting; do
      comm -12 <(echo "$und") <(defined $m) | sed "s|^|$side $m |"
    done
  done >"${TMPDIR:-/tmp}/jury-layering-$$"
  allow=$(dirname "$0")/layering-allow.txt
  [ -f "$allow" ] || allow=tests/cli/layering-allow.txt
  new=$(comm -23 <(sort -u "${TMPDIR:-/tmp}/jury-layering-$$") <(grep -v '^#' "$allow" | sort -u))
  [ -z "$new" ] || bad "new direct calls past app/ (route them through app/): $(echo "$new" | head -8 | tr '\n' ';')"
  if [ -n "${JURY_LAYERING_WRITE:-}" ]; then
    { echo "# side module symbol: direct calls from tui/ and cli/ into db/, packs/, scripting/ that do not"
      echo "# go through app/ yet. tests/cli/layering.sh fails on any call not listed; remove lines as calls move."
      sort -u "${TMPDIR:-/tmp}/jury-layering-$$"; } >"$allow"
  fi
  gone=$(comm -13 <(sort -u "${TMPDIR:-/tmp}/jury-layering-$$") <(grep -v '^#' "$allow" | sort -u) | wc -l)
  echo "layering: $(grep -vc '^#' "$allow") direct calls past app/ still listed ($gone no longer made)"
  rm -f "${TMPDIR:-/tmp}/jury-layering-$$"
fi
[ $fail = 0 ] && echo "layering: ok"
exit $fail
