# demo_run.sh — `newsmill run` on the demo site: feeds.yml with relative
# file: URLs, a GBK feed, Atom and JSON Feed, posts in the seed's layout,
# the site built, a second run writing nothing; and the lead image
# fallback chain (article image, feed image, the site's default_image).
# tsan: fetch and build threads end to end (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"

site="$NM_TMP/demo"
mkdir -p "$site"
cp -r "$NM_ROOT/examples/demo/_config.yml" "$NM_ROOT/examples/demo/feeds.yml" \
  "$NM_ROOT/examples/demo/feeds" "$site/"

expect_exit "run on the demo exits 0" 0 "$NEWSMILL" -C "$site" --no-progress run
expect_grep "all five demo feeds were read" '^feeds: 5 ok, 0 not modified, 0 failed' "$NM_TMP/out"
expect_eq "24 posts were written" 24 "$(ls "$site/source/_posts" | wc -l)"
gbk=$(grep -l "^ - 新浪财经－国內$" "$site/source/_posts"/*.md | head -1)
expect_grep "the GBK feed's title is read as UTF-8" "^title: '前三季度国内生产总值同比增长5.2%'$" "${gbk:-/dev/null}"
expect_grep "the post's author is the site" '^author: 新浪财经$' "${gbk:-/dev/null}"
expect_grep "the post's date is RFC 1123 GMT" '^date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' "${gbk:-/dev/null}"
check "the site was built" test -f "$site/public/index.html"
check "the category page of the GBK feed exists" test -f "$site/public/categories/金融/新浪财经/新浪财经－国內/index.html"
check "every post passes check" "$NEWSMILL" -C "$site" check

expect_exit "a second run exits 0" 0 "$NEWSMILL" -C "$site" --no-progress run --all
expect_grep "a second run writes no post" 'posts: 0 new' "$NM_TMP/out"

# Lead image fallback: none in the article -> the feed's image -> default_image.
s2="$NM_TMP/images"
mkdir -p "$s2/feeds"
printf 'title: t\nnewsmill:\n  default_image: '"'"'https://img.example/default.png'"'"'\n' >"$s2/_config.yml"
cat >"$s2/feeds/with-image.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>有图</title><link>https://a.example/</link>
<image><url>https://a.example/logo.png</url><title>有图</title><link>https://a.example/</link></image>
<item><title>无图文章</title><link>https://a.example/1</link><guid>a1</guid>
<pubDate>Fri, 19 Aug 2022 03:48:41 GMT</pubDate><description>&lt;p&gt;正文&lt;/p&gt;</description></item>
<item><title>有图文章</title><link>https://a.example/2</link><guid>a2</guid>
<pubDate>Fri, 19 Aug 2022 04:48:41 GMT</pubDate><description>&lt;p&gt;正文&lt;img src="https://a.example/photo.jpg" width="640"&gt;&lt;/p&gt;</description></item>
</channel></rss>
XML
cat >"$s2/feeds/no-image.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>无图</title><link>https://b.example/</link>
<item><title>另一篇</title><link>https://b.example/1</link><guid>b1</guid>
<pubDate>Fri, 19 Aug 2022 05:48:41 GMT</pubDate><description>纯文本</description></item>
</channel></rss>
XML
printf '组:\n  甲:\n    - title: 有图\n      url: file:feeds/with-image.xml\n      fulltext: never\n  乙:\n    - title: 无图\n      url: file:feeds/no-image.xml\n      fulltext: never\n' >"$s2/feeds.yml"
expect_exit "fetch of the image feeds exits 0" 0 "$NEWSMILL" -C "$s2" --no-progress fetch
p1=$(grep -l "^title: '无图文章'$" "$s2/source/_posts"/*.md)
p2=$(grep -l "^title: '有图文章'$" "$s2/source/_posts"/*.md)
p3=$(grep -l "^title: '另一篇'$" "$s2/source/_posts"/*.md)
expect_grep "an article's own image is its headimg" "^headimg: 'https://a.example/photo.jpg'$" "${p2:-/dev/null}"
expect_grep "no image in the article: the feed's image" "^headimg: 'https://a.example/logo.png'$" "${p1:-/dev/null}"
expect_grep "the thumbnail follows the headimg" "^thumbnail: 'https://a.example/logo.png'$" "${p1:-/dev/null}"
expect_grep "no image anywhere: the site's default_image" "^headimg: 'https://img.example/default.png'$" "${p3:-/dev/null}"
finish
