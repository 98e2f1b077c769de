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
[ $fail = 0 ] && echo "layering: ok"
exit $fail
