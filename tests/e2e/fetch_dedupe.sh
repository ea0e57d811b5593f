# fetch_dedupe.sh — nothing is written twice: a feed that changes between
# requests (a new item, an edited guid), the same story in two feeds.
# tsan: the fetch threads; which story wins must not race (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
check "test server starts" testd_start
U=$TESTD_URL

site_with changing "$U/changing/changing"
expect_exit "changing feed: first fetch" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "changing feed: 2 new posts" 'posts: 2 new, 0 duplicates$' "$NM_TMP/out"
ls "$SITE/source/_posts" > "$NM_TMP/first"
expect_exit "changing feed: second fetch" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "changing feed: the new item is new, the edited guid a duplicate" \
  'feeds: 1 ok, 0 not modified, 0 failed, 0 not due; posts: 1 new, 1 duplicates$' "$NM_TMP/out"
expect_eq "changing feed: 3 posts in all" 3 "$(posts "$SITE")"
expect_eq "changing feed: one post about the harbor" 1 "$(grep -l 'Harbor reopens' "$SITE"/source/_posts/*.md | wc -l)"
check "changing feed: first posts untouched" bash -c "ls '$SITE/source/_posts' | grep -qxf '$NM_TMP/first'"
expect_exit "changing feed: third fetch" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "changing feed: unchanged now (304)" '1 not modified' "$NM_TMP/out"
check "changing feed: posts are valid" valid_posts "$SITE"

site_with cross "$U/feed/cross-a.xml" "$U/feed/cross-b.xml"
expect_exit "two feeds, one story: fetch" 0 "$NEWSMILL" -C "$SITE" fetch -j 1
expect_grep "two feeds, one story: written once" 'posts: 2 new, 1 duplicates$' "$NM_TMP/out"
expect_eq "two feeds, one story: one glacier post" 1 "$(grep -l 'Glacier retreat' "$SITE"/source/_posts/*.md | wc -l)"
expect_eq "two feeds, one story: the other story kept" 1 "$(grep -l 'Violin maker' "$SITE"/source/_posts/*.md | wc -l)"
"$NEWSMILL" -C "$SITE" feeds list > "$NM_TMP/l"
expect_grep "the alias is not counted as an item" $'cross-b.xml\t.*\titems 1$' "$NM_TMP/l"
expect_exit "two feeds, one story: again" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "two feeds, one story: nothing new again" 'posts: 0 new, 0 duplicates$' "$NM_TMP/out"

# A post deleted by hand is a row without a file: reconciled and written again.
victim=$(ls "$SITE"/source/_posts/*.md | head -1)
rm "$victim"
printf 'x' > "$SITE/source/_posts/.abc.md.nmtmp-1-1"
expect_exit "after a post was deleted: fetch" 0 "$NEWSMILL" -C "$SITE" fetch --all
check "temporary files swept" bash -c "! ls -a '$SITE/source/_posts' | grep -q nmtmp"
expect_eq "after a post was deleted: 2 posts again (state forgot the row)" 2 "$(posts "$SITE")"

# One fetch per site at a time.
flock "$SITE/.newsmill/fetch.lock" sleep 3 &
locker=$!
sleep 0.3
expect_exit "a second fetch on the same site fails" 1 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "a second fetch says why" "another newsmill fetch is running" "$NM_TMP/err"
kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null

testd_stop
finish
