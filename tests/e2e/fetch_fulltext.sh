# fetch_fulltext.sh — full text from article pages: a summary-only feed
# whose pages are GBK, lazy-loaded and split over two pages, a page that
# fails three times, a page that answers 503 with Retry-After, a page
# behind a redirect (its relative links resolved against the final URL), a section
# page without a feed (type: html), a site rule's single_page_link followed
# (and a failing single page leaving the first page's article); the posts are compared with the
# expected files of tests/fixtures/fulltext/expected/ (the server's port
# written as PORT), and politeness is read from the server's request log.
#
# NM_UPDATE_EXPECTED=1 writes the expected files from this run instead
# (review them before committing).
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
check "test server starts" testd_start
cp -r "$NM_ROOT/tests/fixtures/fulltext" "$TESTD_ROOT/fulltext"
U=$TESTD_URL
EXP="$NM_ROOT/tests/fixtures/fulltext/expected"
SITE="$NM_TMP/site"
mkdir -p "$SITE"
printf 'title: Full text test\nnewsmill:\n  page_interval: 300\n' > "$SITE/_config.yml"
check "feeds add --fulltext" "$NEWSMILL" -q -C "$SITE" feeds add "$U/feed/fulltext/summary.xml" \
  --category '财经/Example/Summaries' --fulltext auto
check "feeds add --type html --selector" "$NEWSMILL" -q -C "$SITE" feeds add "$U/html/fulltext/section.html" \
  --category '新闻/澎湃/时事' --type html --selector 'main article'
expect_grep "feeds.yml: type html written" '^      type: html$' "$SITE/feeds.yml"
expect_exit "feeds add: --item without --type html is refused" 2 \
  "$NEWSMILL" -q -C "$SITE" feeds add "$U/feed/x.xml" --category 'a/b/c' --item '.x a'

page_lines() { # the log's article page requests (not the feeds)
  grep -E '^/(html/fulltext/[a-z][0-9]?\.html|delay/|seq/)' "$TESTD_LOG" | grep -v 'section\.html'
}
field() { sed -E "s/.*\t$1=([^\t]*).*/\1/"; }

expect_exit "first run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch
cp "$NM_TMP/out" "$NM_TMP/run1"
expect_grep "first run: 10 new posts" '^feeds: 2 ok, 0 not modified, 0 failed, 0 not due; posts: 10 new, 0 duplicates$' "$NM_TMP/run1"
expect_grep "first run: pages summary" '^pages: 10 fetched; posts: 7 full text, 0 kept the feed.s text, 2 to retry, 0 given up$' "$NM_TMP/run1"
expect_eq "10 posts" 10 "$(posts "$SITE")"
page_lines > "$NM_TMP/pages1"
expect_eq "the long item's page is never asked for" 0 "$(grep -c '/g\.html' "$NM_TMP/pages1")"
expect_eq "the second page of the GBK article is fetched" 1 "$(grep -c '^/html/fulltext/a2\.html' "$NM_TMP/pages1")"
expect_eq "section: the links found, each once, nav/footer/other sites not" \
  "/html/fulltext/s1.html /html/fulltext/s2.html" \
  "$(grep -oE '^/html/fulltext/s[0-9]\.html' "$NM_TMP/pages1" | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "pages identify newsmill" 0 "$(grep -vc $'\tua=newsmill/' "$NM_TMP/pages1")"
# Politeness, from the server's clock: never more than 2 at once, starts
# at least page_interval (300 ms) apart, nothing for 2 s after a 503 with
# Retry-After: 2.
expect_eq "at most 2 page requests at once" 0 \
  "$(field active < "$NM_TMP/pages1" | awk '$1 > 2' | wc -l)"
expect_eq "page requests start about 300 ms apart (at least 250 at the server)" 0 \
  "$(field t < "$NM_TMP/pages1" | sort -n | awk 'NR > 1 && $1 - p < 250 { print } { p = $1 }' | wc -l)"
t503=$(grep '^/seq/503r2/' "$NM_TMP/pages1" | head -1 | field t)
expect_eq "Retry-After: no request to the host for 2 s after the 503" 0 \
  "$(field t < "$NM_TMP/pages1" | awk -v t="$t503" '$1 > t && $1 < t + 1990' | wc -l)"
check "every post valid" valid_posts "$SITE"
h=$(grep -l "^title: 'Night trains return to the Alps'$" "$SITE"/source/_posts/*.md)
expect_grep "after a redirect, relative links resolve against the final URL" \
  "src=\"$U/html/fulltext/img/sleeper.jpg\"" "${h:-/dev/null}"

# Two more runs: the failing page is tried again each time (--all ignores
# its backoff), then given up; the 503 page comes through the second time.
expect_exit "second run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "second run: no new post" 'posts: 0 new, 0 duplicates$' "$NM_TMP/out"
expect_grep "second run: the 503 page taken, the 500 page to retry" \
  '^pages: 2 fetched; posts: 1 full text, 0 kept the feed.s text, 1 to retry, 0 given up$' "$NM_TMP/out"
expect_exit "third run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "third run: the page that failed three times is given up" \
  '^pages: 1 fetched; posts: 0 full text, 0 kept the feed.s text, 0 to retry, 1 given up$' "$NM_TMP/out"
expect_grep "third run: giving up is said with the URL" "/seq/500,500,500,500/fulltext/b.html: given up after 3 attempts" "$NM_TMP/err"
before=$(page_lines | wc -l)
expect_exit "fourth run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_eq "fourth run: no page asked for" "$before" "$(page_lines | wc -l)"
expect_eq "the 500 page was asked for 3 times in all" 3 "$(grep -c '^/seq/500' "$TESTD_LOG")"
expect_eq "still 10 posts: none lost, none twice" 10 "$(posts "$SITE")"
expect_eq "no title twice" 0 "$(grep -h '^title:' "$SITE"/source/_posts/*.md | sort | uniq -d | wc -l)"
expect_eq "no page left in the store" 0 "$(sqlite3 "$SITE/.newsmill/newsmill.db" 'SELECT count(*) FROM pages')"

# A host whose Retry-After (120 s) is longer than a run waits (30 s): its
# other pages are not sent, and that is not an attempt; the 429 is one.
B="$NM_TMP/blocked"
mkdir -p "$B"
printf 'newsmill:\n  page_interval: 200\n' > "$B/_config.yml"
check "blocked: feeds add" "$NEWSMILL" -q -C "$B" feeds add "$U/feed/fulltext/blocked.xml" --category 'a/b/c'
: > "$TESTD_LOG"
expect_exit "blocked: fetch exits 0" 0 "$NEWSMILL" -C "$B" fetch
expect_grep "blocked: both pages to retry" '^pages: 1 fetched; posts: 0 full text, 0 kept the feed.s text, 2 to retry, 0 given up$' "$NM_TMP/out"
expect_eq "blocked: the second page was not asked for" 0 "$(grep -c '^/html/fulltext/e\.html' "$TESTD_LOG")"
expect_eq "blocked: attempts 1 (the 429) and 0 (not sent), both after the Retry-After" "1 1 0 1" \
  "$(sqlite3 "$B/.newsmill/newsmill.db" "SELECT attempts, next_try >= strftime('%s','now') + 100 FROM pages ORDER BY item_id" | tr '|\n' '  ' | sed 's/ $//')"

# A site rule's single_page_link (site_rules: a directory of FiveFilters
# files): the page's "one page" link is fetched and its whole article
# written, the first page's next page not; when the single page fails the
# first page's article stands.
P="$NM_TMP/single"
mkdir -p "$P"
printf 'newsmill:\n  page_interval: 100\n  site_rules: %s\n' "$TESTD_ROOT/fulltext/rules" > "$P/_config.yml"
check "single: feeds add" "$NEWSMILL" -q -C "$P" feeds add "$U/feed/fulltext/single.xml" --category 'a/b/c'
: > "$TESTD_LOG"
expect_exit "single: fetch exits 0" 0 "$NEWSMILL" -C "$P" fetch
expect_grep "single: both posts full text" '^pages: 4 fetched; posts: 2 full text, 0 kept the feed.s text, 0 to retry, 0 given up$' "$NM_TMP/out"
expect_eq "single: the single-page version asked for once" 1 "$(grep -c '^/html/fulltext/p-print\.html' "$TESTD_LOG")"
expect_eq "single: the first page's next page not asked for" 0 "$(grep -c '^/html/fulltext/p2\.html' "$TESTD_LOG")"
h=$(grep -l "^title: .*Lighthouse keepers return" "$P"/source/_posts/*.md)
expect_grep "single: the whole article from the single page" "Applications for next year.s keepers open in March" "${h:-/dev/null}"
expect_eq "single: the first page's pager not in it" 0 "$(grep -c 'Page 1 of 2' "${h:-/dev/null}")"
h=$(grep -l "^title: .*Orchard growers try" "$P"/source/_posts/*.md)
expect_grep "single: a failed single page leaves the first page's article" "a single frost can cost a year.s crop" "${h:-/dev/null}"
expect_grep "single: the failure is said with the URL" "/seq/500/fulltext/q-print.html: .*the article's first page is used" "$NM_TMP/err"

# The posts, byte for byte (the port written as PORT).
if [ "${NM_UPDATE_EXPECTED:-}" = 1 ]; then
  mkdir -p "$EXP"
  rm -f "$EXP"/*.md
  for f in "$SITE"/source/_posts/*.md; do
    key=$(grep -m1 '^title:' "$f" | md5sum | cut -c1-8)
    sed "s/127\.0\.0\.1:$TESTD_PORT/127.0.0.1:PORT/g" "$f" > "$EXP/$key.md"
  done
  echo "# wrote $(ls "$EXP" | wc -l) expected posts to $EXP"
fi
expect_eq "as many expected posts as posts" "$(posts "$SITE")" "$(ls "$EXP"/*.md 2>/dev/null | wc -l)"
bad=0
for want in "$EXP"/*.md; do
  title=$(grep -m1 '^title:' "$want")
  got=$(grep -lxF -- "$title" "$SITE"/source/_posts/*.md | head -1)
  if [ -z "$got" ] || ! sed "s/127\.0\.0\.1:$TESTD_PORT/127.0.0.1:PORT/g" "$got" | cmp -s - "$want"; then
    bad=$((bad + 1))
    echo "# differs: $want ($title)"
    [ -n "$got" ] && sed "s/127\.0\.0\.1:$TESTD_PORT/127.0.0.1:PORT/g" "$got" | diff - "$want" | head -20
  fi
done
expect_eq "every post identical to its expected file" 0 "$bad"
testd_stop
finish
