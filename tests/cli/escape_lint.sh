#!/usr/bin/env bash
# Untrusted text leaves jury only through core's escapers: escape_lint.pl
# fails when a printf/fprintf/fputs/puts/fwrite (and, in the report writers,
# jstr_addf/jstr_add) in cli/, tui/ or report/
# prints a non-literal string that is neither escaped nor listed, with its
# reason, in escape_allow.txt. The linter is first shown to catch a bypass.
set -u
src=${JURY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
here=$src/tests/cli
fail=0
T=$(mktemp -d /tmp/jury-escape-lint.XXXXXX)
trap 'rm -rf "$T"' EXIT

# The linter itself: each bypass below must be reported, the escaped forms not.
mkdir -p "$T/cli" "$T/tui" "$T/report"
cat >"$T/cli/cmd_x.c" <<'C'
static void f(const char *name, const char *fmt, const struct rank_row *row)
{
    printf("pack %s\n", name);                  /* bypass 1 */
    fprintf(stderr, "%d %s\n", 3, row->reason); /* bypass 2 */
    fputs(name, stdout);                        /* bypass 3 */
    printf(fmt);                                /* bypass 4 */
    printf("%.*s|%s\n", 3, name, "lit");        /* bypass 5 */
    printf("pack %s\n", cli_esc(name));
    printf("%s %s\n", ok ? "a" : "b", cli_escn(name, 3));
    fputs("literal\n", stdout);
    /* printf("%s", name); in a comment */
}
C
cat >"$T/report/report.c" <<'C'
static void g(struct jstr *b, const char *s)
{
    jstr_addf(b, "- %s\n", s); /* bypass 6 */
    jstr_add(b, s);            /* bypass 7 */
    jstr_addf(b, "- %s\n", md(s));
}
C
: >"$T/allow.txt"
perl "$here/escape_lint.pl" "$T" "$T/allow.txt" >"$T/out"
rc=$?
n=$(grep -c 'not escaped\|not a literal' "$T/out")
if [ "$rc" != 1 ] || [ "$n" != 7 ]; then
  echo "FAIL: the linter found $n of 7 bypasses (exit $rc):" >&2
  sed 's/^/  /' "$T/out" >&2
  fail=1
fi
printf 'cli/cmd_x.c\t^name$\tonly in this self-test\n' >"$T/allow.txt"
perl "$here/escape_lint.pl" "$T" "$T/allow.txt" >"$T/out"
grep -q 'bypass\|row->reason' "$T/out" || { echo "FAIL: allow-list hid more than it names" >&2; fail=1; }
grep -q 'cmd_x.c:3:' "$T/out" && { echo "FAIL: allow-list not applied" >&2; fail=1; }

# The real tree.
if ! perl "$here/escape_lint.pl" "$src" "$here/escape_allow.txt" >"$T/real"; then
  echo "FAIL: output that bypasses the escapers:" >&2
  sed 's/^/  /' "$T/real" >&2
  fail=1
fi
exit $fail
