#!/usr/bin/env bash
# run-tests.sh — runs every built test and prints one closing line
# "N passed, N failed"; exits 1 when anything failed.
#
#   scripts/run-tests.sh BUILD_DIR... [FUZZ_DIR]   unit + e2e in each build dir;
#                                                  a dir ending in /fuzz runs fuzzers,
#                                                  one ending in /tsan (ThreadSanitizer)
#                                                  the e2e tests marked "# tsan:" only
#   scripts/run-tests.sh --fuzz-only FUZZ_DIR
#
# Unit tests are cmocka programs (TAP output); e2e tests are tests/e2e/*.sh,
# which print "ok - name" / "not ok - name" lines (tests/e2e/lib.sh). A
# program that dies without reporting a failure counts as one failure.
# Each program's output is kept in BUILD/test-logs/; failures are shown.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
passed=0
failed=0
fuzz_only=0
[ "${1:-}" = "--fuzz-only" ] && { fuzz_only=1; shift; }
: "${FUZZ_SECONDS:=10}"

# run_one LABEL LOG CMD... : runs CMD, counts its ok/not ok lines.
run_one() {
  local label=$1 log=$2; shift 2
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1
  local rc=$?
  local ok bad
  ok=$(grep -c '^ok ' "$log")
  bad=$(grep -c '^not ok ' "$log")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  passed=$((passed + ok)); failed=$((failed + bad))
  if [ "$bad" -ne 0 ]; then
    echo "FAIL $label ($ok passed, $bad failed, exit $rc) — log: $log"
    grep -E '^not ok |ERROR|error:|Assert|runtime error|Sanitizer' "$log" | head -40 | sed 's/^/    /'
  else
    echo "ok   $label ($ok passed)"
  fi
}

run_build() {
  local b=$1 t name tsan=0
  case "$b" in */tsan|tsan) tsan=1 ;; esac
  for t in $( [ $tsan -eq 1 ] || find "$b/tests/unit" -type f -executable -name 'test_*' ! -name '*.d' 2>/dev/null | sort); do
    name=${t#"$b/tests/unit/"}
    run_one "$b unit/$name" "$b/test-logs/unit/$name.log" \
      env CMOCKA_MESSAGE_OUTPUT=TAP NM_ROOT="$root" NM_BUILD="$root/$b" "$t"
  done
  for t in $(ls tests/e2e/*.sh 2>/dev/null | grep -v '/lib.sh$' | sort); do
    [ $tsan -eq 0 ] || grep -q '^# tsan:' "$t" || continue
    name=$(basename "$t" .sh)
    run_one "$b e2e/$name" "$b/test-logs/e2e/$name.log" \
      env NEWSMILL="$root/$b/newsmill" NM_ROOT="$root" NM_BUILD="$root/$b" \
      bash "$t"
  done
}

fuzz_one() { # FUZZER CORPUS WORK ARTIFACTS
  local f=$1 corpus=$2 work=$3 art=$4
  mkdir -p "$work" "$art"
  if "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$art/" "$work" ${corpus:+"$corpus"}; then
    echo "ok - $(basename "$f") ran ${FUZZ_SECONDS}s"
  else
    echo "not ok - $(basename "$f") found a failure (see $art)"
  fi
}

run_fuzz() {
  local b=$1 f name corpus
  for f in $(ls "$b"/fuzz_* 2>/dev/null | grep -v '\.d$' | sort); do
    [ -x "$f" ] || continue
    name=${f##*/fuzz_}
    corpus=tests/fuzz/corpus/$name
    [ -d "$corpus" ] || corpus=
    run_one "fuzz/$name" "$b/test-logs/fuzz/$name.log" \
      fuzz_one "$f" "$corpus" "$b/work/$name" "$b/crashes/$name"
  done
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
for b in "$@"; do
  case "$b" in
    */fuzz|fuzz) run_fuzz "$b" ;;
    *) [ $fuzz_only -eq 1 ] || run_build "$b" ;;
  esac
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
