# extract.sh — `newsmill extract` as a user runs it: a GBK Sina page with
# its <meta charset> after 2 KB of head (built-in rule, lazy image, next
# page, metadata), an English page through the general extractor, --json
# and --list for many pages in one process, stdin, a page fetched over
# HTTP, user rules with their warnings, and every error path (missing
# file, empty page, HTTP 500, bad list line, missing rules dir, misuse).
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"

P="$NM_ROOT/tests/fixtures/extract/pages"
SINA=https://finance.sina.com.cn/stock/relnews/cn/2020-08-31/doc-iivhvpwy3979123.shtml

expect_exit "extract --text a GBK Sina page" 0 "$NEWSMILL" extract --text --url "$SINA" "$P/sina-gbk.html"
expect_eq "first paragraph, decoded from GB2312" \
  "　　中国人民银行31日发布公告称，为维护银行体系流动性合理充裕，当日开展了逆回购操作。" \
  "$(head -1 "$NM_TMP/out")"
check "QR promo stripped by the built-in rule" bash -c "! grep -q 二维码 '$NM_TMP/out'"
check "no navigation or side list" bash -c "! grep -q -e 新浪首页 -e 热门文章 '$NM_TMP/out'"

expect_exit "extract --json the same page" 0 "$NEWSMILL" extract --json --url "$SINA" "$P/sina-gbk.html"
j() { jq -r "$1" "$NM_TMP/out"; }
expect_eq "one JSON line" 1 "$(wc -l <"$NM_TMP/out")"
expect_eq "title from the rule" "央行：保持流动性合理充裕" "$(j .title)"
expect_eq "byline from the rule" "中国证券报" "$(j .byline)"
expect_eq "date in China time, written in UTC" "2020-08-31T04:56:00Z" "$(j .published)"
expect_eq "charset" "GB18030" "$(j .charset)"
expect_eq "not bozo" "false" "$(j .bozo)"
expect_eq "rule used" ".sina.com.cn.txt" "$(j .rule)"
expect_eq "lead image from og:image" "https://n.sinaimg.cn/finance/cover.jpg" "$(j .lead_image)"
expect_eq "next page" "${SINA%.shtml}_2.shtml" "$(j .next_page)"
expect_eq "lazy image made real" "https://n.sinaimg.cn/finance/chart.jpg" \
  "$(j .html | grep -o 'src="[^"]*"' | head -1 | sed 's/^src="//; s/"$//')"
expect_eq "no error" "null" "$(j .error)"
jq -r .html "$NM_TMP/out" >"$NM_TMP/cut.html"
expect_exit "the cut goes through sanitize" 0 "$NEWSMILL" sanitize --base "$SINA" <"$NM_TMP/cut.html"
expect_grep "editor credit kept for the cleaner" '^<p class="editor">责任编辑：王蒙</p>$' "$NM_TMP/out"

expect_exit "general extractor on an English page" 0 "$NEWSMILL" extract --json --url https://news.example.com/2024/03/bridge.html "$P/bridge.html"
expect_eq "title from JSON-LD" "Council approves the new bridge" "$(j .title)"
expect_eq "byline from JSON-LD" "Pat Lee" "$(j .byline)"
expect_eq "date from JSON-LD" "2024-03-05T15:00:00Z" "$(j .published)"
expect_eq "no rule" "null" "$(j .rule)"
expect_eq "three paragraphs of prose" 3 "$(j .text | grep -c .)"
check "figure kept in the html" bash -c "jq -r .html '$NM_TMP/out' | grep -q '<figcaption>A drawing of the planned bridge.</figcaption>'"
check "share bar, related links, nav and footer gone" bash -c "! jq -r .html '$NM_TMP/out' | grep -q -e Tweet -e 'Bridge costs' -e Sports -e Copyright"

expect_exit "stdin" 0 bash -c "'$NEWSMILL' extract --text - < '$P/bridge.html'"
expect_grep "stdin page extracted" '^Opponents, who argued' "$NM_TMP/out"

# --list: many pages, one process; bad entries are reported and the run goes on.
printf '%s\t%s\n' "$P/sina-gbk.html" "$SINA" >"$NM_TMP/list.tsv"
printf '# a comment line\n' >>"$NM_TMP/list.tsv"
printf '%s\t%s\n' "$NM_TMP/missing.html" "https://example.com/m" >>"$NM_TMP/list.tsv"
printf '\thttps://example.com/nofile\n' >>"$NM_TMP/list.tsv"
printf '<html><body><nav><a href="/">x</a></nav></body></html>' >"$NM_TMP/empty.html"
printf '%s\n' "$NM_TMP/empty.html" >>"$NM_TMP/list.tsv"
printf '%s\t%s\n' "$P/bridge.html" "https://news.example.com/b.html" >>"$NM_TMP/list.tsv"
expect_exit "--list with bad entries exits 1" 1 "$NEWSMILL" extract --json --list "$NM_TMP/list.tsv"
expect_eq "one JSON line per entry" 5 "$(wc -l <"$NM_TMP/out")"
expect_eq "sources in list order" "$P/sina-gbk.html|$NM_TMP/missing.html|$NM_TMP/list.tsv|$NM_TMP/empty.html|$P/bridge.html" \
  "$(jq -r .source "$NM_TMP/out" | paste -sd'|')"
expect_eq "good pages have no error" "null null" "$(jq -r 'select(.title != null and .title != "") | .error' "$NM_TMP/out" | paste -sd' ')"
expect_grep "missing file named" "missing.html" "$NM_TMP/err"
expect_grep "bad list line named with its line" "list.tsv:4: no file before the tab" "$NM_TMP/err"
expect_grep "empty page said" "empty.html: no article text found on the page" "$NM_TMP/err"

# Over HTTP: fetched like a feed; a failing URL is an error, the run goes on.
check "test server starts" testd_start
cp "$P/bridge.html" "$TESTD_ROOT/bridge.html"
expect_exit "a 500 and a good URL" 1 "$NEWSMILL" extract --json "$TESTD_URL/status/500" "$TESTD_URL/feed/bridge.html"
expect_eq "two lines" 2 "$(wc -l <"$NM_TMP/out")"
expect_eq "the page fetched and extracted" "Council approves the new bridge" "$(sed -n 2p "$NM_TMP/out" | jq -r .title)"
expect_eq "the 500 reported in its line" "true" "$(sed -n 1p "$NM_TMP/out" | jq '.error | test("500")')"

# User rules: a file there replaces the built-in; warnings name file:line.
mkdir -p "$NM_TMP/rules"
printf 'body: //div[@id="artibody"]\nstrip: //div[@class="img_wrapper"] | //p[last()]\nfrobnicate: yes\n' >"$NM_TMP/rules/.sina.com.cn.txt"
expect_exit "built-in rule keeps the image and its caption" 0 "$NEWSMILL" extract --text --url "$SINA" "$P/sina-gbk.html"
expect_grep "caption there" '^图为公开市场操作走势$' "$NM_TMP/out"
expect_exit "--rules DIR" 0 "$NEWSMILL" extract --text --rules "$NM_TMP/rules" --url "$SINA" "$P/sina-gbk.html"
expect_eq "the user's rule replaced the built-in (QR text kept, editor line stripped)" "扫二维码下载新浪财经APP" "$(tail -1 "$NM_TMP/out")"
check "the user's rule stripped the image" bash -c "! grep -q 图为 '$NM_TMP/out'"
expect_grep "unknown directive warned with file:line" ".sina.com.cn.txt:3: unknown directive 'frobnicate'; ignored" "$NM_TMP/err"
expect_exit "--no-builtin-rules uses the general extractor" 0 "$NEWSMILL" extract --json --no-builtin-rules --url "$SINA" "$P/sina-gbk.html"
expect_eq "no rule" "null" "$(j .rule)"
expect_exit "a missing rules dir exits 2" 2 "$NEWSMILL" extract --rules "$NM_TMP/nope" "$P/bridge.html"
expect_grep "missing rules dir named" "nope: cannot read the rules directory" "$NM_TMP/err"

expect_exit "no page is a usage error" 2 "$NEWSMILL" extract --json
expect_exit "--url with two files is a usage error" 2 "$NEWSMILL" extract --url https://x/ "$P/bridge.html" "$P/bridge.html"
expect_exit "unknown option" 2 "$NEWSMILL" extract --frob "$P/bridge.html"
expect_exit "a missing file exits 1" 1 "$NEWSMILL" extract "$NM_TMP/missing.html"
finish
