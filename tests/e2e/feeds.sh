# feeds.sh — `newsmill feeds`: feeds.yml edited, OPML in and out, errors
# with file:line.
. "$(dirname "$0")/lib.sh"
S="$NM_TMP/site"; mkdir -p "$S"
expect_exit "feeds add" 0 "$NEWSMILL" -C "$S" feeds add https://rsshub.app/sina/finance --category '金融/新浪财经/新浪财经－国內'
expect_grep "feeds.yml has the group" "^'金融':$" "$S/feeds.yml"
expect_grep "feeds.yml has the feed title" "^    - title: '新浪财经－国內'$" "$S/feeds.yml"
expect_exit "feeds add with two parts and an interval" 0 "$NEWSMILL" -C "$S" feeds add 'https://x.example/it'"'"'s.xml' --category "Tech/X" --interval 90
expect_grep "a quote in a URL is doubled" "url: 'https://x.example/it''s.xml'" "$S/feeds.yml"
expect_grep "interval written" "^      interval: 90$" "$S/feeds.yml"
expect_exit "adding a URL twice fails" 1 "$NEWSMILL" -C "$S" feeds add https://rsshub.app/sina/finance --category 'a/b/c'
expect_grep "adding twice says so" "already in the feed list" "$NM_TMP/err"
expect_exit "add without --category is a usage error" 2 "$NEWSMILL" -C "$S" feeds add https://y.example/
expect_exit "feeds list" 0 "$NEWSMILL" -C "$S" feeds list
expect_grep "list shows a never-fetched feed" $'^https://rsshub.app/sina/finance\t金融/新浪财经/新浪财经－国內\tnever fetched$' "$NM_TMP/out"
expect_grep "a missing site part repeats the one before" $'\tTech/X/X\t' "$NM_TMP/out"

expect_exit "feeds export" 0 "$NEWSMILL" -C "$S" feeds export
cp "$NM_TMP/out" "$NM_TMP/x.opml"
expect_grep "export is OPML 2.0" '<opml version="2.0">' "$NM_TMP/x.opml"
mkdir -p "$NM_TMP/s2"
expect_exit "feeds import" 0 "$NEWSMILL" -C "$NM_TMP/s2" feeds import "$NM_TMP/x.opml"
expect_grep "import counts" "imported 2 feeds" "$NM_TMP/out"
"$NEWSMILL" -C "$NM_TMP/s2" feeds export > "$NM_TMP/y.opml"
check "export, import, export gives the same OPML" cmp -s "$NM_TMP/x.opml" "$NM_TMP/y.opml"
cat > "$NM_TMP/nested.opml" <<'OPML'
<?xml version="1.0"?>
<opml version="1.0"><head><title>x</title></head><body>
<outline text="News"><outline text="BBC"><outline text="BBC World" xmlUrl="http://bbc.example/world.xml"/></outline></outline>
<outline text="Loose" xmlUrl="http://loose.example/feed"/>
</body></opml>
OPML
mkdir -p "$NM_TMP/s3"
expect_exit "nested OPML imports" 0 "$NEWSMILL" -C "$NM_TMP/s3" feeds import "$NM_TMP/nested.opml"
"$NEWSMILL" -C "$NM_TMP/s3" feeds list > "$NM_TMP/l3"
expect_grep "nested outlines give group and site" $'^http://bbc.example/world.xml\tNews/BBC/BBC World\t' "$NM_TMP/l3"
expect_grep "an outline at the top goes to Feeds" $'^http://loose.example/feed\tFeeds/Loose/Loose\t' "$NM_TMP/l3"
echo '<opml><body>' > "$NM_TMP/bad.opml"
expect_exit "broken OPML fails" 1 "$NEWSMILL" -C "$NM_TMP/s3" feeds import "$NM_TMP/bad.opml"
expect_grep "broken OPML names the file" "bad.opml" "$NM_TMP/err"

expect_exit "feeds rm" 0 "$NEWSMILL" -C "$S" feeds rm https://rsshub.app/sina/finance
check "rm removed it" bash -c "! grep -q sina '$S/feeds.yml'"
expect_exit "rm of an unknown URL fails" 1 "$NEWSMILL" -C "$S" feeds rm https://nope.example/
expect_grep "rm names the URL" "https://nope.example/: not in the feed list" "$NM_TMP/err"

B="$NM_TMP/bad"; mkdir -p "$B"
printf 'g:\n  s:\n    - title: t\n      interval: 0\n      url: http://a/\n' > "$B/feeds.yml"
expect_exit "bad interval is a config error" 2 "$NEWSMILL" -C "$B" feeds list
expect_grep "bad interval: file:line" "feeds.yml:4: interval: expected minutes" "$NM_TMP/err"
printf 'g:\n  s:\n    - title: t\n' > "$B/feeds.yml"
expect_exit "feed without url" 2 "$NEWSMILL" -C "$B" feeds list
expect_grep "missing url: file:line" "feeds.yml:3: feed needs a url" "$NM_TMP/err"
printf 'g:\n  s:\n    - url: http://a/\n      colour: red\n' > "$B/feeds.yml"
expect_exit "unknown key" 2 "$NEWSMILL" -C "$B" feeds list
expect_grep "unknown key: file:line" "feeds.yml:4: unknown feed key 'colour'" "$NM_TMP/err"
printf 'g:\n  s: [\n' > "$B/feeds.yml"
expect_exit "YAML syntax error" 2 "$NEWSMILL" -C "$B" feeds list
expect_grep "syntax error: file:line" "feeds.yml:[0-9]+: " "$NM_TMP/err"
printf 'g:\n  s:\n    - url: http://a/\n    - url: http://a/\n' > "$B/feeds.yml"
expect_exit "duplicate URL" 2 "$NEWSMILL" -C "$B" feeds list
expect_grep "duplicate URL: file:line" "feeds.yml:4: http://a/ is listed twice" "$NM_TMP/err"
printf 'g:\n  s:\n    - url: http://a/\n      remove: [".ad", "#x"]\n      enabled: false\n      user_agent: Bot/1\n      referer: http://r/\n' > "$B/feeds.yml"
expect_exit "all options read" 0 "$NEWSMILL" -C "$B" feeds list
expect_grep "a feed without title takes the site's name; disabled shown" $'^http://a/\tg/s/s\tnever fetched\tdisabled$' "$NM_TMP/out"
finish
