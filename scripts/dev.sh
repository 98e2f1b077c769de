#!/usr/bin/env bash
# dev.sh run|test|setup|build - the two commands of README.md.
#   run   install what is missing, build, open the workbench on the sample kit
#   test  install what is missing, build (normal and ASan+UBSan), run every test
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config clang-format gettext locales tmux
  libncurses-dev liblua5.4-dev lua5.4 libsqlite3-dev sqlite3 libarchive-dev libarchive-tools zlib1g-dev
  libcmocka-dev libsodium-dev nettle-dev libjansson-dev libxml2-dev libxlsxwriter-dev
  libmupdf-dev mupdf-tools libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev
  libharfbuzz-dev libfreetype-dev libjpeg-dev libbrotli-dev fonts-noto-cjk
  python3 zip unzip valgrind clang libclang-rt-14-dev)
JOBS=${JOBS:-2}

say() { printf 'jury-dev: %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local line="apt-get install -y ${missing[*]}"
  say "installing: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $line
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive $line
  else
    say "cannot install packages (not root, no sudo). Run this, then try again:"
    echo "sudo apt-get update && sudo $line"
    exit 2
  fi
}

# The interface and its tests need a Chinese UTF-8 locale.
ensure_locale() {
  locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$' && return 0
  local run=""
  [ "$(id -u)" = 0 ] || run="sudo -n"
  if [ -f /etc/locale.gen ]; then
    $run sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen || true
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $run tee -a /etc/locale.gen >/dev/null || true
    $run locale-gen >/dev/null 2>&1 || say "could not generate zh_CN.UTF-8 (locale-gen)"
  fi
}

build() { # build-dir cmake-args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$JOBS"
}

setup() {
  install_packages
  ensure_locale
  build build
}

run_tests() {
  setup
  say "tests (normal build)"
  (cd build && ctest --output-on-failure -j"$JOBS")
  say "tests (ASan+UBSan build)"
  build build-asan -DJURY_SANITIZE=ON
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$JOBS" -LE e2e)
  run_fuzz
}

# libFuzzer harnesses (tests/fuzz/run): each runs JURY_FUZZ_SECONDS; CI runs
# them 30 s each when the variable is unset, a local `test` skips them.
run_fuzz() {
  local secs=${JURY_FUZZ_SECONDS:-}
  [ -z "$secs" ] && [ "${CI:-}" = true ] && secs=30
  [ -z "$secs" ] && return 0
  say "fuzzing (${secs}s per harness, build-fuzz)"
  JOBS=$JOBS tests/fuzz/run "$secs" build-fuzz
}

case "${1:-run}" in
setup | build) setup ;;
run)
  setup
  shift || true
  exec build/cli/jury "$@"
  ;;
test) run_tests ;;
*)
  echo "usage: scripts/dev.sh run|test|setup" >&2
  exit 2
  ;;
esac
