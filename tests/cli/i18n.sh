#!/usr/bin/env bash
# The command line speaks the locale's language: under zh_CN.UTF-8 its help,
# usage errors, warnings and summaries are Chinese (po/zh_CN.po), under C
# and C.UTF-8 English, and the output scripts read (JSON, tab-separated
# lists, `help --list`) is the same bytes in every locale.
# shellcheck disable=SC1111 # the Chinese quotes “” in the expected text are meant
set -u
J=$JURY_BIN
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
. "$src/tests/cli/lib/assert.sh"
pack=$src/packs/samples/packs/t1-changzhou.zip
export JURY_HOME=$work/home

en() { env -u LANGUAGE LC_ALL=C.UTF-8 "$@"; }
zh() { env LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 "$@"; }

# Every message of cli/ has its Chinese in po/zh_CN.po (a new _() string
# without one fails here: add it to po/zh_CN.cli.tr and run po/update.sh).
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
  (cd "$src" && xgettext --from-code=UTF-8 -k_ -kN_ -o "$work/cli.pot" cli/*.c 2>/dev/null)
  msgcmp "$src/po/zh_CN.po" "$work/cli.pot" 2>"$work/msgcmp" ||
    { echo "FAIL: cli messages without a translation:" >&2; sed 's/^/  /' "$work/msgcmp" >&2; fail=1; }
fi

# English in the C locales, whatever LANGUAGE says (gettext ignores it there).
check 0 "C.UTF-8 --help" en "$J" --help
has out "^Subcommands:"
hasnt out "命令："
check 0 "C --help, LANGUAGE=zh_CN" env LANGUAGE=zh_CN LC_ALL=C "$J" --help
has out "^Subcommands:"
check 2 "C.UTF-8 unknown option" en "$J" score set --frobnicate
has err "unknown option '--frobnicate'"

if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
  echo "SKIP: no zh_CN.UTF-8 locale here (locale -a); only the English checks ran" >&2
  exit $fail
fi

# Help, generated from the tables, in Chinese.
check 0 "zh --help" zh "$J" --help
has out "^用法：jury"
has out "^命令："
has out "score      为观测点评分、查看、提交、重新打开"
check 0 "zh score set --help" zh "$J" score set --help
has out "^用法：jury score set PACK INDICATOR VALUE \[选项\]"
has out "^选项："
has out "随分数保存的评语"
has out "（可多次给出）"
check 0 "zh help merge" zh "$J" help merge
has out "排名选项"

# Usage errors and warnings on stderr.
check 2 "zh unknown option" zh "$J" score set --frobnicate
has err "jury score set: 未知选项“--frobnicate”"
has err "^用法：jury score set"
check 2 "zh missing value" zh "$J" merge x.jury --roster
has err "选项“--roster”需要一个值"
check 2 "zh unknown command" zh "$J" frobnicate
has err "未知命令“frobnicate”"
check 2 "zh rank without a merge" zh "$J" rank "$work/nowhere"
has err "中没有 merged.sqlite（请先运行 jury merge）"

# Summaries people read.
check 0 "zh kit init" zh "$J" kit init "$work/kit" --name 测试 --task task1 --id k-i18n
has out "已在 .*创建评审包"
has out "请填写基础数据"
check 0 "zh kit status" zh "$J" kit status "$work/kit"
has out "^评审包：k-i18n"
has out "每位评审专家的任务量："
check 0 "zh rules show" zh "$J" rules show task1
has out "^指标："
check 0 "zh pack verify" zh "$J" pack verify "$pack"
has out "：正常，"

# What scripts read is the same in both languages.
for cmd in "rules list" "help --list" "help --list merge" "help --list score set" \
  "pack inspect --json $pack" "rules eval --json task1 $pack" "rules show --json task1"; do
  # shellcheck disable=SC2086 # each entry is a command line
  en "$J" $cmd >"$work/en" 2>/dev/null
  # shellcheck disable=SC2086
  zh "$J" $cmd >"$work/zh" 2>/dev/null
  cmp -s "$work/en" "$work/zh" || { echo "FAIL: jury $cmd differs between C.UTF-8 and zh_CN" >&2; fail=1; }
  [ -s "$work/en" ] || { echo "FAIL: jury $cmd printed nothing" >&2; fail=1; }
done
exit $fail
