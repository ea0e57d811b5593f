# fetch_faults.sh — `newsmill fetch` against every fault mode of the test
# server: the posts written and the feed state after each.
# tsan: the fetch threads (transfers, pool, store thread) (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
check "test server starts" testd_start
U=$TESTD_URL

# --- a good feed: posts in the seed's layout, then conditional requests only
site_with good "$U/feed/basic.xml"
expect_exit "good feed: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "good feed: summary line" '^feeds: 1 ok, 0 not modified, 0 failed, 0 not due; posts: 3 new, 0 duplicates$' "$NM_TMP/out"
expect_eq "good feed: 3 posts" 3 "$(posts "$SITE")"
p=$(grep -l '中央网信办' "$SITE"/source/_posts/*.md)
check "good feed: post named by 16 hex digits" bash -c "basename '$p' | grep -qE '^[0-9a-f]{16}\.md$'"
head -13 "$p" > "$NM_TMP/head"
cat > "$NM_TMP/want" <<'POST'
---
title: '中央网信办：世界互联网大会国际组织是始于中国、属于世界'
categories: 
 - G
 - S
 - F1
headimg: 'https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png'
author: S
comments: false
date: Fri, 19 Aug 2022 03:48:41 GMT
thumbnail: 'https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png'
---

POST
check "good feed: front matter in the seed's layout" cmp -s "$NM_TMP/want" "$NM_TMP/head"
expect_grep "good feed: body is one div" '^<div>.*</div>$' "$p"
check "good feed: script removed" bash -c "! grep -q 'alert(1)' '$p'"
expect_grep "undated item: dated when first seen" "^date: $(date -u '+%a, %d %b %Y')" "$(grep -l 'undated story' "$SITE"/source/_posts/*.md)"
check "good feed: posts are valid" valid_posts "$SITE"
expect_grep "good feed: state 200" $'\tstatus 200\t.*\terrors 0\titems 3$' <(state "$U/feed/basic.xml")
l=$(state "$U/feed/basic.xml")
last=$(printf '%s' "$l" | sed 's/.*\tlast \([^\t]*\)\t.*/\1/')
next=$(printf '%s' "$l" | sed 's/.*\tnext \([^\t]*\)\t.*/\1/')
expect_eq "good feed: its ttl of 60 minutes is respected" 3600 $(( $(date -ud "$next" +%s) - $(date -ud "$last" +%s) ))
ls -l --time-style=+%s "$SITE/source/_posts" > "$NM_TMP/before"
: > "$TESTD_LOG"
expect_exit "unchanged feed: fetch --all exits 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "unchanged feed: 304, nothing new" '^feeds: 0 ok, 1 not modified, 0 failed, 0 not due; posts: 0 new' "$NM_TMP/out"
ls -l --time-style=+%s "$SITE/source/_posts" > "$NM_TMP/after"
check "unchanged feed: nothing written" cmp -s "$NM_TMP/before" "$NM_TMP/after"
expect_eq "unchanged feed: only conditional requests" 0 "$(grep -c $'\tinm=\t' "$TESTD_LOG")"
expect_eq "unchanged feed: one request" 1 "$(wc -l < "$TESTD_LOG")"
: > "$TESTD_LOG"
expect_exit "not due: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "not due: counted" '0 failed, 1 not due' "$NM_TMP/out"
expect_eq "not due: no request" 0 "$(wc -l < "$TESTD_LOG")"

# --- failures: nothing written, state says why, exit 1
fault() { # fault NAME URL EXPECTED-REASON [fetch options]
  local name=$1 url=$2 reason=$3; shift 3
  site_with "$name" "$url"
  expect_exit "$name: fetch exits 1" 1 "$NEWSMILL" -C "$SITE" fetch "$@"
  expect_grep "$name: failure printed with URL and reason" "^failed: $url: $reason" "$NM_TMP/out"
  expect_eq "$name: no posts" 0 "$(posts "$SITE")"
  expect_grep "$name: feeds list shows the error" $'\terrors 1\titems 0\terror: '"$reason" <(state "$url")
}
fault slow "$U/slow/basic.xml" "timed out" --timeout 2
fault reset "$U/reset/basic.xml" "transfer closed"
fault http500 "$U/status/500" "HTTP 500 Internal Server Error"
fault http404 "$U/status/404" "HTTP 404 Not Found"
fault loop "$U/loop/a" "more than 5 redirects"
fault endless "$U/endless" "response larger than 20 MB"
fault notfeed "$U/status/200" "not a feed"
fault emptydoc "$U/feed/empty_document.xml" "not a feed: empty document .no XML element.$"
fault zerobytes "$U/feed/zero_bytes.xml" "not a feed: empty document"
fault refused "http://127.0.0.1:1/feed.xml" ".*"

# --- the disk refuses the posts: the feed fails, stays due, nothing is
# half-written, and the next fetch after the fix writes everything
site_with diskfull "$U/feed/basic.xml"
mkdir -p "$SITE/source"
: > "$SITE/source/_posts" # a file where the posts' directory should be
expect_exit "unwritable posts: fetch exits 1" 1 "$NEWSMILL" -C "$SITE" fetch
expect_grep "unwritable posts: failure names the feed and the directory" \
  "^failed: $U/feed/basic.xml: cannot write a post in $SITE/source/_posts: Not a directory" "$NM_TMP/out"
expect_eq "unwritable posts: no temp file left" 0 \
  "$(find "$SITE" -name '*nmtmp*' | wc -l)"
expect_grep "unwritable posts: the feed is undone and stays due" \
  $'\tlast never\tstatus 0\tnext now\terrors 0\titems 0$' <(state "$U/feed/basic.xml")
rm "$SITE/source/_posts"
expect_exit "unwritable posts fixed: fetch --all exits 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_eq "unwritable posts fixed: all 3 posts" 3 "$(posts "$SITE")"

# --- backoff: the second failure waits twice as long
site_with backoff "$U/status/503"
"$NEWSMILL" -C "$SITE" fetch >/dev/null 2>&1
"$NEWSMILL" -C "$SITE" fetch --all >/dev/null 2>&1
l=$(state "$U/status/503")
last=$(printf '%s' "$l" | sed 's/.*\tlast \([^\t]*\)\t.*/\1/')
next=$(printf '%s' "$l" | sed 's/.*\tnext \([^\t]*\)\t.*/\1/')
expect_eq "backoff: 2 errors, next try after 60 minutes" "2 3600" \
  "$(printf '%s' "$l" | sed 's/.*\terrors \([0-9]*\).*/\1/') $(( $(date -ud "$next" +%s) - $(date -ud "$last" +%s) ))"

# --- 429 / 503 with Retry-After: not before the server says
site_with retry "$U/retry/7200"
expect_exit "429: fetch exits 1" 1 "$NEWSMILL" -C "$SITE" fetch
expect_grep "429: reason has the Retry-After" "^failed: $U/retry/7200: HTTP 429 Too Many Requests \\(retry after 7200s\\)" "$NM_TMP/out"
l=$(state "$U/retry/7200")
last=$(printf '%s' "$l" | sed 's/.*\tlast \([^\t]*\)\t.*/\1/')
next=$(printf '%s' "$l" | sed 's/.*\tnext \([^\t]*\)\t.*/\1/')
expect_eq "429: next try after Retry-After" 7200 $(( $(date -ud "$next" +%s) - $(date -ud "$last" +%s) ))
site_with unavail "$U/unavailable/5400"
expect_exit "503: fetch exits 1" 1 "$NEWSMILL" -C "$SITE" fetch
l=$(state "$U/unavailable/5400")
last=$(printf '%s' "$l" | sed 's/.*\tlast \([^\t]*\)\t.*/\1/')
next=$(printf '%s' "$l" | sed 's/.*\tnext \([^\t]*\)\t.*/\1/')
expect_eq "503: next try after Retry-After" 5400 $(( $(date -ud "$next" +%s) - $(date -ud "$last" +%s) ))

# --- transport variants that must give the same posts as the plain feed
same_posts() { # same_posts NAME URL
  site_with "$1" "$2"
  expect_exit "$1: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
  expect_eq "$1: 3 posts" 3 "$(posts "$SITE")"
  expect_grep "$1: the Chinese title intact" "^title: '中央网信办" <(cat "$SITE"/source/_posts/*.md)
}
same_posts gzip "$U/gzip/basic.xml"
same_posts redirects "$U/redirect/3/basic.xml"
check "redirect chain: no permanent move recorded" bash -c "! '$NEWSMILL' -C '$SITE' feeds list | grep -q 'moved to'"
same_posts file "file://$TESTD_ROOT/basic.xml"

# --- a permanent redirect updates the URL used
site_with moved "$U/moved/basic.xml"
expect_exit "301: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "301: feeds list shows the new URL" $'\tmoved to '"$U/feed/basic.xml" <(state "$U/moved/basic.xml")
: > "$TESTD_LOG"
"$NEWSMILL" -C "$SITE" fetch --all >/dev/null 2>&1
expect_grep "301: the next fetch goes to the new URL" '^/feed/basic.xml	' "$TESTD_LOG"
check "301: the old URL is not asked again" bash -c "! grep -q '^/moved/' '$TESTD_LOG'"

# --- charsets
site_with gbk "$U/feed/gbk.xml"
expect_exit "GBK feed: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "GBK feed: title read as UTF-8" "^title: '人民币汇率保持基本稳定'$" <(cat "$SITE"/source/_posts/*.md)
expect_grep "GBK feed: body read as UTF-8" "外汇市场运行平稳" <(cat "$SITE"/source/_posts/*.md)
site_with charset "$U/charset/utf-8/gbk.xml"
expect_exit "wrong charset header: fetch exits 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "wrong charset header: GBK still read right" "^title: '人民币汇率保持基本稳定'$" <(cat "$SITE"/source/_posts/*.md)

# --- per-feed options: user_agent, referer, remove selectors
SITE="$NM_TMP/options"; mkdir -p "$SITE"
cat > "$SITE/feeds.yml" <<YML
g:
  s:
    - title: ads
      url: $U/feed/ads.xml
      user_agent: 'TestBot/1.0 (+http://example.org/bot)'
      referer: http://ads.example/
      remove: ['.promo']
YML
: > "$TESTD_LOG"
expect_exit "per-feed options: fetch" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "per-feed User-Agent sent" $'^/feed/ads.xml\t.*\tua=TestBot/1.0 \\(\\+http://example.org/bot\\)\t' "$TESTD_LOG"
expect_grep "per-feed Referer sent" $'^/feed/ads.xml\t.*\tref=http://ads.example/$' "$TESTD_LOG"
expect_grep "the article kept" "Evening crossings stay" <(cat "$SITE"/source/_posts/*.md)
check "remove: selectors applied" bash -c "! grep -q SUBSCRIBE-NOW-PROMO '$SITE'/source/_posts/*.md"

# --- comments from _config.yml; `run` = fetch, then build
site_with comments "$U/feed/gbk.xml"
printf 'title: Test\nnewsmill:\n  comments: true\n' > "$SITE/_config.yml"
expect_exit "run: fetch and build" 0 "$NEWSMILL" -C "$SITE" run
check "run: the site was built" test -f "$SITE/public/index.html"
expect_grep "run: the fetch summary" '^feeds: 1 ok, ' "$NM_TMP/out"
expect_grep "comments: true from _config.yml" '^comments: true$' <(cat "$SITE"/source/_posts/*.md)
expect_exit "run with a bad option is a usage error" 2 "$NEWSMILL" -C "$SITE" run --frob
expect_exit "fetch -j 0 is a usage error" 2 "$NEWSMILL" -C "$SITE" fetch -j 0
printf 'g:\n  s:\n    - title: t\n' > "$SITE/feeds.yml"
expect_exit "fetch with a broken feeds.yml exits 2" 2 "$NEWSMILL" -C "$SITE" fetch
expect_grep "fetch names the feeds.yml line" "feeds.yml:3: feed needs a url" "$NM_TMP/err"

testd_stop
finish
