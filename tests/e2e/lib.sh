# lib.sh — helpers for end-to-end tests. Source it from tests/e2e/*.sh.
#
# Environment (set by scripts/run-tests.sh): NEWSMILL (the binary),
# NM_ROOT (project root; fixtures are under tests/fixtures/), NM_BUILD
# (build dir).
# Each check prints "ok - name" or "not ok - name" (the runner counts
# them); a test file ends with `finish`, which exits 1 if any check failed.
set -u
: "${NEWSMILL:?NEWSMILL must point at the binary}"
NM_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsmill-e2e.XXXXXX")
trap 'rm -rf "$NM_TMP"' EXIT
nm_failures=0

# ok NAME — record a pass; fail NAME [DETAIL] — record a failure.
ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; [ $# -gt 1 ] && printf '    %s\n' "$2"; nm_failures=$((nm_failures + 1)); }

# check NAME CMD... — passes when CMD exits 0.
check() { local n=$1; shift; if "$@"; then ok "$n"; else fail "$n" "command failed: $*"; fi; }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected [$2] got [$3]"; fi
}

# expect_exit NAME CODE CMD... — passes when CMD exits with CODE; keeps
# its stdout in $NM_TMP/out and stderr in $NM_TMP/err.
expect_exit() {
  local n=$1 want=$2; shift 2
  "$@" >"$NM_TMP/out" 2>"$NM_TMP/err"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$n"; else fail "$n" "exit $rc, wanted $want: $(head -c 300 "$NM_TMP/err")"; fi
}

# expect_grep NAME PATTERN FILE — passes when FILE has a line matching PATTERN.
expect_grep() {
  if grep -qE -- "$2" "$3"; then ok "$1"; else fail "$1" "no line matching [$2] in $3: $(head -c 300 "$3")"; fi
}

finish() { [ "$nm_failures" -eq 0 ]; exit $?; }
