# xss_browser.sh — every XSS vector of tests/fixtures/xss/, sanitized by
# `newsmill sanitize`, is idempotent and executes nothing in headless
# chromium (tests/browser/xss.mjs). Installs chromium and playwright-core
# when missing (tests/browser/setup.sh); if it cannot, this test FAILS.
. "$(dirname "$0")/lib.sh"

out="$NM_TMP/xss"
mkdir -p "$out"
n=0
for f in "$NM_ROOT"/tests/fixtures/xss/*.html; do
  name=$(basename "$f" .html)
  "$NEWSMILL" sanitize --base https://news.example.com/a/b.html <"$f" >"$out/$name.html" 2>"$NM_TMP/err" ||
    fail "sanitize $name" "$(head -c 300 "$NM_TMP/err")"
  "$NEWSMILL" sanitize --base https://news.example.com/a/b.html <"$out/$name.html" >"$NM_TMP/again" 2>/dev/null
  if cmp -s "$out/$name.html" "$NM_TMP/again"; then ok "idempotent $name"; else
    fail "idempotent $name" "$(diff "$out/$name.html" "$NM_TMP/again" | head -5)"; fi
  n=$((n + 1))
done
[ "$n" -ge 150 ] && ok "at least 150 vectors ($n)" || fail "at least 150 vectors" "only $n"

if "$NM_ROOT/tests/browser/setup.sh" 2>"$NM_TMP/setup.err"; then
  ok "browser set-up (chromium, playwright-core)"
  # The runner's lines are this test's lines.
  (cd "$NM_ROOT/tests/browser" && node xss.mjs "$out") >"$NM_TMP/browser.out" 2>&1
  rc=$?
  cat "$NM_TMP/browser.out"
  nok=$(grep -c '^not ok ' "$NM_TMP/browser.out")
  nok_ok=$(grep -c '^ok ' "$NM_TMP/browser.out")
  nm_failures=$((nm_failures + nok))
  [ "$nok_ok" -eq "$n" ] || [ "$nok" -gt 0 ] || fail "browser ran every vector" "exit $rc, $nok_ok of $n: $(tail -5 "$NM_TMP/browser.out")"
else
  fail "browser set-up (chromium, playwright-core)" "$(tail -5 "$NM_TMP/setup.err")"
fi
finish
