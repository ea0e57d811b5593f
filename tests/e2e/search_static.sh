# search_static.sh — the static search a build writes under public/search/:
# on 300 generated posts (Chinese, English, mixed; tests/e2e/search/gen.mjs),
# search.js (run in Node on the built files) tokenizes like the C tokenizer
# and returns, for 225 queries, exactly the posts `newsmill search` returns,
# both equal to a brute-force substring scan (tests/e2e/search/check.mjs);
# the index files are named by their hash, a rebuild with nothing changed
# writes none, and adding posts rewrites only some shards.
# tsan: the build's parallel index writing
. "$(dirname "$0")/lib.sh"

if ! command -v node >/dev/null 2>&1; then
  fail "node is installed (needed to run search.js)"
  finish
fi
site=$NM_TMP/site
node "$NM_ROOT/tests/e2e/search/gen.mjs" "$site" 300
expect_exit "the generated site builds" 0 "$NEWSMILL" -C "$site" build
check "public/search/index.json is written" test -s "$site/public/search/index.json"
check "the search page is written" test -s "$site/public/search/index.html"
check "search.js is written" test -s "$site/public/js/search.js"
expect_grep "every page has the search box" 'class="searchbox" action="/search/"' "$site/public/index.html"
bad=$(find "$site/public/search" -type f ! -name index.json ! -name index.html |
  while read -r f; do
    h=$(basename "$f"); h=${h%%.*}
    [[ $h =~ ^[0-9a-f]{12}$ ]] || echo "$f"
  done)
expect_eq "index files are named by a hash" "" "$bad"

node "$NM_ROOT/tests/e2e/search/check.mjs" lines "$site"
"$NM_BUILD/tests/tools/nm_tokens" doc <"$site/lines.txt" >"$NM_TMP/tok-doc.txt"
"$NM_BUILD/tests/tools/nm_tokens" query <"$site/lines.txt" >"$NM_TMP/tok-query.txt"
node "$NM_ROOT/tests/e2e/search/check.mjs" run "$site" "$NEWSMILL" "$NM_TMP/tok-doc.txt" \
  "$NM_TMP/tok-query.txt" >"$NM_TMP/check.log" 2>&1
cat "$NM_TMP/check.log"
nm_failures=$((nm_failures + $(grep -c '^not ok' "$NM_TMP/check.log")))
expect_grep "the query suite ran" '^ok - 2[0-9][0-9] queries run' "$NM_TMP/check.log"

# incremental: nothing changed writes nothing; 10 new posts rewrite some shards
before=$(find "$site/public/search" -type f | sort)
expect_exit "a second build succeeds" 0 "$NEWSMILL" -C "$site" build
cat "$NM_TMP/out" "$NM_TMP/err" >"$NM_TMP/both"
expect_grep "a rebuild with no change writes nothing" ' \(0 written,' "$NM_TMP/both"
after=$(find "$site/public/search" -type f | sort)
expect_eq "a rebuild keeps the same index files" "$before" "$after"
for i in 1 2 3 4 5 6 7 8 9 10; do
  printf -- '---\ntitle: "新增 post %s"\ndate: 2030-01-%02d 08:00:00\n---\n\n<p>新增的文章 extra%s</p>\n' \
    "$i" "$i" "$i" >"$site/source/_posts/new-$i.md"
done
expect_exit "a build after 10 new posts succeeds" 0 "$NEWSMILL" -C "$site" build
total=$(find "$site/public/search" -type f -name '*.bin' | wc -l)
kept=$(comm -12 <(echo "$before" | grep '\.bin$') <(find "$site/public/search" -type f -name '*.bin' | sort) | wc -l)
check "10 new posts keep some shard files as they were ($kept of $total)" test "$kept" -gt 0
expect_eq "old shard files are deleted" "$total" "$(find "$site/public/search" -name '*.bin' | wc -l)"
node -e '
const S = require(process.argv[1]);
const fs = require("fs");
const idx = new S.Index(process.argv[2] + "/", (u) => fs.promises.readFile(u));
idx.query("新增的文章").then((r) => idx.docs(r.ids)).then((d) => console.log(d.length, d[0].title));
' "$NM_ROOT/themes/default/js/search.js" "$site/public/search" >"$NM_TMP/new.txt"
expect_eq "the new posts are found, newest first" "10 新增 post 10" "$(cat "$NM_TMP/new.txt")"
finish
