# fetch_transport.sh — the HTTP layer alone (fetch_all through the
# nm_fetch tool) against every fault mode of the test server.
# tsan: libcurl multi from the fetch tool (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
F="$NM_BUILD/tests/tools/nm_fetch"
check "test server starts" testd_start
U=$TESTD_URL
field() { # field NAME LINE
  printf '%s\n' "$2" | tr '\t' '\n' | sed -n "s/^$1=//p"
}
run() { "$F" --timeout 3 "$@" 2>/dev/null | tail -1; }

l=$(run "$U/feed/basic.xml")
expect_eq "plain feed: 200" 200 "$(field status "$l")"
expect_eq "plain feed: whole body" "$(wc -c < "$TESTD_ROOT/basic.xml")" "$(field bytes "$l")"
etag=$(field etag "$l")
expect_eq "plain feed: Last-Modified kept" "Sat, 01 Jan 2022 00:00:00 GMT" "$(field lm "$l")"
expect_grep "User-Agent names newsmill and its version" $'ua=newsmill/[0-9]+\\.[0-9]+\\.[0-9]+ ' "$TESTD_LOG"

l=$(run --etag "$etag" "$U/feed/basic.xml")
expect_eq "304 with a matching ETag, no body" "304 1 0" "$(field status "$l") $(field nm "$l") $(field bytes "$l")"
expect_grep "If-None-Match sent" "^/feed/basic.xml	inm=$etag	" "$TESTD_LOG"
l=$(run --lm "Sat, 01 Jan 2022 00:00:00 GMT" "$U/feed/basic.xml")
expect_eq "304 with a matching If-Modified-Since" 304 "$(field status "$l")"

l=$(run "$U/slow/basic.xml")
expect_eq "slow body: not ok" 0 "$(field ok "$l")"
expect_grep "slow body: timed out" "timed out" <(echo "$l")

l=$(run "$U/reset/basic.xml")
expect_eq "reset: not ok" 0 "$(field ok "$l")"
expect_grep "reset: says the transfer was cut" "transfer closed" <(echo "$l")

l=$(run "$U/status/500")
expect_grep "500 reported" "error=.*/status/500: HTTP 500 Internal Server Error" <(echo "$l")
l=$(run "$U/status/404")
expect_grep "404 reported" "error=.*/status/404: HTTP 404 Not Found" <(echo "$l")

l=$(run "$U/retry/120")
expect_eq "429: Retry-After read" "429 120" "$(field status "$l") $(field retry "$l")"
l=$(run "$U/unavailable/60")
expect_eq "503: Retry-After read" "503 60" "$(field status "$l") $(field retry "$l")"

l=$(run "$U/gzip/basic.xml")
expect_eq "gzip: decompressed body" "$(wc -c < "$TESTD_ROOT/basic.xml")" "$(field bytes "$l")"
expect_eq "gzip: ok" 1 "$(field ok "$l")"

l=$(run "$U/charset/iso-8859-1/basic.xml")
expect_eq "charset label passed on" "application/rss+xml; charset=iso-8859-1" "$(field type "$l")"

l=$(run "$U/redirect/3/basic.xml")
expect_eq "redirect chain of 4 followed" "200 4" "$(field status "$l") $(field redirects "$l")"
expect_eq "temporary redirects are no move" "" "$(field moved "$l")"
l=$(run "$U/redirect/7/basic.xml")
expect_grep "more than 5 redirects refused" "more than 5 redirects" <(echo "$l")
l=$(run "$U/loop/a")
expect_grep "redirect loop stops" "more than 5 redirects" <(echo "$l")
l=$(run "$U/moved/basic.xml")
expect_eq "301 is a permanent move" "$U/feed/basic.xml" "$(field moved "$l")"

l=$("$F" --timeout 20 "$U/endless" 2>/dev/null)
expect_grep "endless body stops at the 20 MB cap" "response larger than 20 MB" <(echo "$l")

l1=$(run "$U/changing/changing")
l2=$(run "$U/changing/changing")
expect_eq "changing feed: first version" "$(wc -c < "$TESTD_ROOT/changing-1.xml")" "$(field bytes "$l1")"
expect_eq "changing feed: second version" "$(wc -c < "$TESTD_ROOT/changing-2.xml")" "$(field bytes "$l2")"

l=$(run "file://$TESTD_ROOT/basic.xml")
expect_eq "file:// reads a local feed" "200 $(wc -c < "$TESTD_ROOT/basic.xml")" "$(field status "$l") $(field bytes "$l")"
l=$(run "file://$TESTD_ROOT/nope.xml")
expect_eq "missing file:// fails" 0 "$(field ok "$l")"

l=$(run "http://127.0.0.1:1/feed.xml")
expect_grep "refused connection names the URL" "error=http://127.0.0.1:1/feed.xml: .*onnect" <(echo "$l")
testd_stop
finish
