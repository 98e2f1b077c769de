#!/usr/bin/env bash
# install.sh - jury installs like a Debian program: `cmake --install` into a
# prefix that is then moved still finds its rule sets, sample kit and message
# catalogues (nothing read from the build machine's checkout); only rule sets
# and their library are installed; the man page and bash completion are there;
# a jury without its data says so and fails.
set -euo pipefail
: "${JURY_BUILD:?}" "${JURY_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset JURY_SHARE
export JURY_HOME=$tmp/home
fail() { echo "FAIL: $*" >&2; exit 1; }

# The build tree mirrors the installed layout.
"$JURY_BIN" rules list >"$tmp/list" || fail "build tree: rules list failed"
grep -q "^task1"$'	' "$tmp/list" || fail "build tree: rules list has no task1"

cmake --install "$JURY_BUILD" --prefix "$tmp/first" >/dev/null
mv "$tmp/first" "$tmp/moved"
p=$tmp/moved
"$p/bin/jury" --version >"$tmp/version" && grep -q '^jury ' "$tmp/version" || fail "installed --version"
n=$("$p/bin/jury" rules list | wc -l)
[ "$n" -ge 12 ] || fail "moved prefix: rules list printed $n rule sets"
"$p/bin/jury" rules show task1 >/dev/null || fail "moved prefix: rules show task1"
[ -f "$p/share/jury/packs/samples/kit.json" ] || fail "sample kit not installed"
[ -f "$p/share/jury/rules/lib/dsl.lua" ] || ls "$p/share/jury/rules/lib" | grep -q lua ||
  fail "rules/lib not installed"
[ ! -e "$p/share/jury/rules/tests" ] || fail "rules/tests installed"
[ ! -e "$p/share/jury/rules/tools" ] || fail "rules/tools installed"
[ -f "$p/share/man/man1/jury.1" ] || fail "man page not installed"
[ -f "$p/share/bash-completion/completions/jury" ] || fail "bash completion not installed"
[ -f "$p/share/locale/zh_CN/LC_MESSAGES/jury.mo" ] || fail "zh_CN catalogue not installed"
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$p/share/man/man1/jury.1" 2>/dev/null | grep -q 'SYNOPSIS' || fail "man page does not render"
fi
bash -c "source '$p/share/bash-completion/completions/jury'; complete -p jury" >/dev/null ||
  fail "bash completion does not load"

# A binary without its data fails with the place it looked.
mkdir -p "$tmp/bare/bin"
cp "$p/bin/jury" "$tmp/bare/bin/"
set +e
out=$("$tmp/bare/bin/jury" rules list 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a jury without data listed rules and exited 0"
echo "$out" | grep -q 'no rule sets found' || fail "no message naming the missing data: $out"
echo "ok: installed, moved and still found its data"

# The Debian package names the runtime libraries it needs.
if command -v cpack >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
  cpack --config "$JURY_BUILD/CPackConfig.cmake" -G DEB -B "$tmp/deb" >/dev/null
  deb=$(ls "$tmp"/deb/jury_*.deb)
  dpkg-deb -f "$deb" Depends >"$tmp/depends"
  for lib in libsqlite3 liblua5.4 libarchive libncursesw; do
    grep -q "$lib" "$tmp/depends" || fail ".deb Depends lacks $lib: $(cat "$tmp/depends")"
  done
  dpkg-deb -c "$deb" >"$tmp/contents"
  grep -q './usr/bin/jury$' "$tmp/contents" || fail ".deb has no /usr/bin/jury"
  grep -q 'rules/tests' "$tmp/contents" && fail ".deb carries rules/tests"
  echo "ok: .deb built, Depends: $(cat "$tmp/depends")"
fi
