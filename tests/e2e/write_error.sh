# write_error.sh — every command that prints checks that its stdout was
# written: with stdout on /dev/full it exits 1 and says "write error"
# (src/cli/main.c flushes and closes stdout once for all commands).
. "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "ok - skipped: no /dev/full"; finish; }
S="$NM_TMP/site"; mkdir -p "$S/source/_posts"
seed="$NM_ROOT/tests/fixtures/seed-post.md"
cp "$seed" "$S/source/_posts/seed.md"
feed="$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.xml"
"$NEWSMILL" -C "$S" feeds add https://example.com/feed.xml --category 'News/Example/Feed' >/dev/null 2>&1

# full NAME CMD... — CMD with stdout on /dev/full must exit 1 and say so.
full() {
  local n=$1; shift
  "$@" >/dev/full 2>"$NM_TMP/err" </dev/null
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -q '^newsmill: write error: ' "$NM_TMP/err"; then ok "$n"
  else fail "$n" "exit $rc: $(head -c 300 "$NM_TMP/err")"; fi
}
full "--version" "$NEWSMILL" --version
full "--help" "$NEWSMILL" --help
full "help COMMAND" "$NEWSMILL" help post
full "COMMAND --help" "$NEWSMILL" sanitize --help
full "parse" "$NEWSMILL" parse "$feed"
full "parse --json" "$NEWSMILL" parse --json "$feed"
full "post show" "$NEWSMILL" post show "$seed"
full "post show --json" "$NEWSMILL" post show --json "$seed"
full "feeds list" "$NEWSMILL" -C "$S" feeds list
full "feeds export" "$NEWSMILL" -C "$S" feeds export
full "search" "$NEWSMILL" -C "$S" search 数字
full "theme export" "$NEWSMILL" -C "$S" theme export
"$NEWSMILL" sanitize <"$seed" >/dev/full 2>"$NM_TMP/err"
rc=$?
expect_eq "sanitize to /dev/full exits 1" 1 "$rc"
expect_grep "sanitize names the write error" '^newsmill: write error: No space left on device$' "$NM_TMP/err"
# A large output fails in the middle, not only at the final flush.
for i in $(seq 2000); do cat "$seed"; done >"$NM_TMP/big.html"
"$NEWSMILL" sanitize <"$NM_TMP/big.html" >/dev/full 2>"$NM_TMP/err"
expect_eq "a large sanitize to /dev/full exits 1" 1 "$?"
expect_grep "and says write error" '^newsmill: write error: ' "$NM_TMP/err"
# The same commands still succeed with a writable stdout.
expect_exit "sanitize to a file exits 0" 0 "$NEWSMILL" sanitize <"$seed"
expect_exit "feeds export to a file exits 0" 0 "$NEWSMILL" -C "$S" feeds export
finish
