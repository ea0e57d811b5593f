# site_build.sh — `newsmill build`: Hexo's URLs, outputs, incremental
# rebuilds, thread-count independence, errors.
# tsan: the build's pool_for, -j1 against -j4 (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"

fixture="$NM_ROOT/tests/fixtures/hexo-site"
site="$NM_TMP/site"
cp -r "$fixture" "$site"
mkdir -p "$site/source/images" "$site/source/_drafts"
echo 'User-agent: *' > "$site/source/robots.txt"
echo '<svg xmlns="http://www.w3.org/2000/svg"/>' > "$site/source/images/logo.svg"
echo 'draft' > "$site/source/_drafts/wip.md"

expect_exit "build of the Hexo fixture exits 0" 0 "$NEWSMILL" -C "$site" build
expect_grep "build reports its files" 'built 37 posts into .*: 111 files \(111 written, 0 unchanged, 0 deleted\)' "$NM_TMP/err"
check "static files of source/ are copied" cmp "$site/source/images/logo.svg" "$site/public/images/logo.svg"
check "robots.txt is copied" test -f "$site/public/robots.txt"
check "files under _ directories are not copied" test ! -e "$site/public/_drafts"

# --- Hexo parity: every URL Hexo 8 makes, plus only our index extras and the search page ---
(cd "$site/public" && find . -name index.html | sed -e 's|^\.||' -e 's|index\.html$||' | LC_ALL=C sort) > "$NM_TMP/ours"
LC_ALL=C comm -23 "$fixture/urls.txt" "$NM_TMP/ours" > "$NM_TMP/missing"
LC_ALL=C comm -13 "$fixture/urls.txt" "$NM_TMP/ours" > "$NM_TMP/extra"
expect_eq "every URL Hexo makes is there" "" "$(cat "$NM_TMP/missing")"
expect_eq "extras are only the category and tag indexes and the search page" "/categories/ /search/ /tags/" "$(echo $(cat "$NM_TMP/extra"))"
check "the seed post lands at /2022/08/19/<name>/" test -f "$site/public/2022/08/19/69149324b0712aa3/index.html"
expect_grep "the seed post is listed on its deepest category" 'href="/2022/08/19/69149324b0712aa3/"' \
  "$site/public/categories/金融/新浪财经/新浪财经－国內/index.html"
expect_grep "category hrefs are percent-encoded UTF-8" 'href="/categories/%E9%87%91%E8%9E%8D/"' "$site/public/index.html"
expect_grep "same name under two parents is two categories" 'href="/2022/06/30/several-hierarchies/"' \
  "$site/public/categories/财经/新闻/index.html"
expect_grep "page 2 of the home links back to page 1" 'rel="prev" href="/"' "$site/public/page/2/index.html"
expect_grep "the Markdown post is rendered" '<strong>Markdown</strong>' "$site/public/2022/03/05/hello-world/index.html"
expect_grep "the more marker becomes Hexo's anchor" '<span id="more"></span>' "$site/public/2022/03/05/hello-world/index.html"
expect_grep "the excerpt before the marker is the summary" '<p class="sum">Welcome to a Markdown post.</p>' "$site/public/page/3/index.html"
expect_grep "thumbnails are lazy and send no referrer" 'loading="lazy" decoding="async" referrerpolicy="no-referrer"' "$site/public/index.html"

# --- feeds and sitemap ---
for f in atom.xml rss2.xml sitemap.xml; do
  check "$f is well-formed XML" xmllint --noout "$site/public/$f"
done
expect_exit "feed.json is valid JSON Feed 1.1" 0 jq -e '.version == "https://jsonfeed.org/version/1.1"' "$site/public/feed.json"
expect_eq "feed.json holds the 20 newest posts" 20 "$(jq '.items | length' "$site/public/feed.json")"
expect_eq "feed.json starts with the newest post" "http://example.com/2022/08/19/69149324b0712aa3/" \
  "$(jq -r '.items[0].url' "$site/public/feed.json")"
expect_eq "atom.xml has 20 entries" 20 "$(grep -c '<entry>' "$site/public/atom.xml")"
expect_eq "sitemap lists every page" 87 "$(grep -c '<url>' "$site/public/sitemap.xml")"
if "$NEWSMILL" help parse >/dev/null 2>&1; then
  for f in atom.xml rss2.xml feed.json; do
    expect_exit "newsmill parse reads $f back" 0 "$NEWSMILL" parse --json "$site/public/$f"
    expect_eq "$f reads back to 20 items" 20 "$(jq '.entries | length' "$NM_TMP/out")"
    expect_eq "$f reads back the newest title" "$(jq -r '.items[0].title' "$site/public/feed.json")" \
      "$(jq -r '.entries[0].title' "$NM_TMP/out")"
  done
fi

# --- incremental ---
post="$site/public/2022/08/19/69149324b0712aa3/index.html"
before=$(stat -c %Y.%N "$post")
sleep 1
expect_exit "a rebuild exits 0" 0 "$NEWSMILL" -C "$site" build
expect_grep "a rebuild with nothing changed writes nothing" '\(0 written, 111 unchanged, 0 deleted\), [0-9.]+ MB, 0 rendered' "$NM_TMP/err"
expect_eq "an unchanged file keeps its mtime" "$before" "$(stat -c %Y.%N "$post")"
sed -i "s/^title: 'Hello World'/title: 'Hello again'/; s/^title: Hello World/title: Hello again/" "$site/source/_posts/hello-world.md"
expect_exit "a rebuild after an edit exits 0" 0 "$NEWSMILL" -C "$site" build
# (and the search index files whose bytes changed: new names, the old ones deleted)
expect_grep "an edit rewrites only the pages that show it" '\(([1-2][0-9]|[1-9]) written, [0-9]+ unchanged, [0-9]+ deleted\)' "$NM_TMP/err"
expect_eq "a page that does not show the edit keeps its mtime" "$before" "$(stat -c %Y.%N "$post")"
rm "$site/source/_posts/hello-world.md"
expect_exit "a rebuild after a delete exits 0" 0 "$NEWSMILL" -C "$site" build
check "a deleted post's page is gone" test ! -e "$site/public/2022/03/05/hello-world"
check "a category left empty is gone" test ! -e "$site/public/categories/杂谈"
expect_grep "stale files are counted" '[1-9][0-9]* deleted\)' "$NM_TMP/err"
echo "stray" > "$site/public/2022/08/19/69149324b0712aa3/index.html"
expect_exit "a rebuild trusts the manifest for unchanged inputs" 0 "$NEWSMILL" -C "$site" build
expect_grep "a file changed behind its back is not looked at" '\(0 written' "$NM_TMP/err"
expect_exit "build --verify repairs a file changed behind its back" 0 "$NEWSMILL" -C "$site" build --verify
expect_grep "the repaired file is written" '\(1 written' "$NM_TMP/err"
rm -rf "$site/public"
expect_exit "a rebuild after public/ was removed exits 0" 0 "$NEWSMILL" -C "$site" build
check "public/ removed by hand is made again" test -f "$site/public/2022/08/19/69149324b0712aa3/index.html"

# --- same bytes whatever the thread count; --clean ---
cp -rp "$fixture" "$NM_TMP/j1"
cp -rp "$fixture" "$NM_TMP/j4"
check "-j 1 builds" "$NEWSMILL" -q -C "$NM_TMP/j1" build -j 1
check "-j 4 builds" "$NEWSMILL" -q -C "$NM_TMP/j4" build -j 4
check "the output is byte-identical with 1 and 4 threads" diff -r "$NM_TMP/j1/public" "$NM_TMP/j4/public"
expect_exit "--clean builds again" 0 "$NEWSMILL" -C "$NM_TMP/j1" build --clean
expect_grep "--clean writes everything" '109 files \(109 written' "$NM_TMP/err"
check "--clean gives the same bytes" diff -r "$NM_TMP/j1/public" "$NM_TMP/j4/public"

# --- a killed build leaves no half file; the next build repairs all ---
big="$NM_TMP/big"
mkdir -p "$big/source/_posts"
for i in $(seq 1 1500); do
  printf -- "---\ntitle: '第%d条'\ncategories:\n - 甲\n - 乙%d\ndate: 2022-0%d-1%d 10:00:00\n---\n<div><p>正文 %d</p></div>\n" \
    "$i" $((i % 7)) $((i % 9 + 1)) $((i % 10)) "$i" > "$big/source/_posts/p$i.md"
done
cp -rp "$big" "$NM_TMP/big-ref"
"$NEWSMILL" -q -C "$big" build -j 2 >/dev/null 2>&1 &
pid=$!
sleep 0.15
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_exit "a build after a killed one exits 0" 0 "$NEWSMILL" -q -C "$big" build
expect_eq "no temporary file is left" "" "$(find "$big/public" -name '*.nmtmp-*')"
check "reference build" "$NEWSMILL" -q -C "$NM_TMP/big-ref" build
check "the repaired site equals a fresh build" diff -r "$big/public" "$NM_TMP/big-ref/public"

# --- sitemap index past the limit ---
printf 'newsmill:\n  sitemap_limit: 40\n' >> "$NM_TMP/j4/_config.yml"
check "a build with a small sitemap limit" "$NEWSMILL" -q -C "$NM_TMP/j4" build
expect_grep "sitemap.xml becomes an index" '<sitemapindex' "$NM_TMP/j4/public/sitemap.xml"
expect_eq "87 URLs make three sitemap files" "3" "$(ls "$NM_TMP/j4/public"/sitemap-*.xml | wc -l)"
check "a sitemap part is well-formed" xmllint --noout "$NM_TMP/j4/public/sitemap-3.xml"
# pagination: stable lists posts oldest first: a new post leaves the
# sitemap files of older posts as they were (37 posts, 16 URLs a file)
cp -r "$NM_TMP/j4" "$NM_TMP/j5"
sed -i 's/sitemap_limit: 40/sitemap_limit: 16/' "$NM_TMP/j5/_config.yml"
printf '  pagination: stable\n' >> "$NM_TMP/j5/_config.yml"
check "a stable build with a small sitemap limit" "$NEWSMILL" -q -C "$NM_TMP/j5" build
cp "$NM_TMP/j5/public/sitemap-1.xml" "$NM_TMP/j5/public/sitemap-2.xml" "$NM_TMP/"
printf -- '---\ntitle: the newest\ndate: 2030-01-01 00:00:00\n---\n\nnew\n' > "$NM_TMP/j5/source/_posts/the-newest.md"
check "a stable build after a new post" "$NEWSMILL" -q -C "$NM_TMP/j5" build
check "the first sitemap file did not change" cmp "$NM_TMP/sitemap-1.xml" "$NM_TMP/j5/public/sitemap-1.xml"
check "the second sitemap file did not change" cmp "$NM_TMP/sitemap-2.xml" "$NM_TMP/j5/public/sitemap-2.xml"
expect_grep "the new post is in the third, after the older ones" '/2030/01/01/the-newest/' "$NM_TMP/j5/public/sitemap-3.xml"
expect_eq "the third lists the 6 newest posts first, the newest last of them" "the-newest" \
  "$(grep -o '<loc>[^<]*</loc>' "$NM_TMP/j5/public/sitemap-3.xml" | sed -n 6p | sed 's|.*/\([^/]*\)/</loc>|\1|')"

# --- an empty site (no _config.yml, no source/) still builds ---
mkdir -p "$NM_TMP/empty"
expect_exit "an empty site builds" 0 "$NEWSMILL" -C "$NM_TMP/empty" build
check "an empty site has a home page" test -f "$NM_TMP/empty/public/index.html"
check "an empty site has a valid feed" xmllint --noout "$NM_TMP/empty/public/atom.xml"

# --- errors ---
bad="$NM_TMP/bad"
cp -r "$fixture" "$bad"
printf -- "---\ntitle: [unclosed\n---\nbody\n" > "$bad/source/_posts/broken.md"
expect_exit "a bad post makes exit 1" 1 "$NEWSMILL" -C "$bad" build
expect_grep "a bad post is named with file and line" 'broken\.md:[0-9]+:' "$NM_TMP/err"
check "the other posts are built anyway" test -f "$bad/public/2022/08/19/69149324b0712aa3/index.html"
printf 'timezone: Mars/Olympus\n' >> "$bad/_config.yml"
expect_exit "an unknown time zone is a config error" 2 "$NEWSMILL" -C "$bad" build
expect_grep "the config error names _config.yml" '_config\.yml.*Mars/Olympus' "$NM_TMP/err"
expect_exit "-j 0 is a usage error" 2 "$NEWSMILL" -C "$site" build -j 0
expect_exit "an extra argument is a usage error" 2 "$NEWSMILL" -C "$site" build now

# --- themes ---
expect_exit "theme export exits 0" 0 "$NEWSMILL" -C "$site" theme export
check "theme export writes the templates" test -f "$site/themes/custom/post.mustache"
check "theme export writes the CSS" test -f "$site/themes/custom/css/newsmill.css"
sed -i 's|<div class="body">|<div class="body" data-theme="custom">|' "$site/themes/custom/card.mustache"
printf '<!-- custom footer -->\n' > "$site/themes/custom/foot.mustache"
rm "$site/themes/custom/post.mustache"
sed -i 's/^theme: landscape/theme: custom/' "$site/_config.yml"
expect_exit "a build with a custom theme exits 0" 0 "$NEWSMILL" -C "$site" build
expect_grep "the site's theme overrides a template" 'data-theme="custom"' "$site/public/index.html"
expect_grep "an overridden partial is used everywhere" 'custom footer' "$site/public/2022/08/19/69149324b0712aa3/index.html"
expect_grep "a template the theme lacks comes from the built-in theme" '<article class="post">' "$site/public/2022/08/19/69149324b0712aa3/index.html"
printf '{{#broken}}\n' > "$site/themes/custom/card.mustache"
expect_exit "a broken template is a config error" 2 "$NEWSMILL" -C "$site" build
expect_grep "a broken template is named" 'card' "$NM_TMP/err"
finish
