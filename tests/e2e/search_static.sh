# search_static.sh — the static search a build writes under public/search/:
# on 300 generated posts (Chinese, English, mixed; tests/e2e/search/gen.mjs),
# search.js (run in Node on the built files) tokenizes like the C tokenizer
# and returns, for 225 queries, exactly the posts `newsmill search` returns,
# both equal to a brute-force substring scan (tests/e2e/search/check.mjs);
# the index files are named by their hash, a rebuild with nothing changed
# writes none; with segments of 64 posts (5 here), 10 new posts rewrite
# only the last segment's files and index.json, and the result equals a
# clean build byte for byte; the client asked for a page reads only the
# newest segments.
# tsan: the build's parallel index writing
. "$(dirname "$0")/lib.sh"

if ! command -v node >/dev/null 2>&1; then
  fail "node is installed (needed to run search.js)"
  finish
fi
site=$NM_TMP/site
node "$NM_ROOT/tests/e2e/search/gen.mjs" "$site" 300
printf 'newsmill:\n  search_segment: 64\n' >"$site/_config.yml"
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

# the older segments' filters also hold their CJK 4-grams: a query of 4+
# characters skips a segment whose filters hold each of its bigrams but
# not its 4-grams, and never one that holds it (the suite above: recall)
node -e '
const S = require(process.argv[1]);
const fs = require("fs");
const posts = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const runs = posts.flatMap((p) => [p.title, p.body].join(" ").normalize("NFKC").match(/[\u4e00-\u9fff]{4,}/g) || []);
let seed = 99;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const idx = new S.Index(process.argv[2] + "/", (u) => fs.promises.readFile(u));
(async () => {
  const t = await idx.open();
  let asked = 0, skipped = 0, wrong = 0;
  for (let i = 0; i < 60; i++) {
    const r = runs[rnd(runs.length)], n = 4 + rnd(3), at = rnd(Math.max(1, r.length - n + 1)), q = r.slice(at, at + n);
    if (q.length < 4) continue;
    const ps = S.pieces(q), gs = S.grams(ps), res = await idx.query(q);
    const has = new Set(res.ids.map((d) => Math.floor(d / t.Z)));
    for (let k = 0; k < t.f[0]; k++) {
      const terms = (await Promise.all(ps[0].terms.map((x) => idx.maybe(k, x)))).every(Boolean);
      const grams = (await Promise.all(gs.map((x) => idx.maybe(k, x)))).every(Boolean);
      if (has.has(k) && !grams) wrong++;
      if (terms && !has.has(k)) { asked++; skipped += !grams; }
    }
  }
  console.log(asked + " " + skipped + " " + wrong);
})();
' "$NM_ROOT/themes/default/js/search.js" "$site/public/search" "$site/posts.json" >"$NM_TMP/grams.txt"
read -r g_asked g_skipped g_wrong <"$NM_TMP/grams.txt"
check "4-gram filters skip segments the term filters let through ($(cat "$NM_TMP/grams.txt"): asked, skipped, wrong)" \
  test "${g_wrong:-1}" -eq 0 -a "${g_skipped:-0}" -gt 0 -a "${g_skipped:-0}" -ge $((${g_asked:-1} * 9 / 10))

# incremental: nothing changed writes nothing; 10 new posts rewrite some shards
before=$(find "$site/public/search" -type f | sort)
expect_exit "a second build succeeds" 0 "$NEWSMILL" -C "$site" build
cat "$NM_TMP/out" "$NM_TMP/err" >"$NM_TMP/both"
expect_grep "a rebuild with no change writes nothing" ' \(0 written,' "$NM_TMP/both"
after=$(find "$site/public/search" -type f | sort)
expect_eq "a rebuild keeps the same index files" "$before" "$after"
seg_files() { (cd "$site/public/search" && find . -path "./$1/*" -type f -printf '%p %s %T@\n' | sort); }
old_segs=$(for k in 0 1 2 3 f; do seg_files $k; done)
old_last=$(seg_files 4)
check "the index has 5 segments (300 posts, 64 a segment)" \
  test "$(find "$site/public/search" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*' | wc -l)" -eq 5
for i in 1 2 3 4 5 6 7 8 9 10; do
  printf -- '---\ntitle: "新增 post %s"\ndate: 2030-01-%02d 08:00:00\n---\n\n<p>新增的文章 extra%s</p>\n' \
    "$i" "$i" "$i" >"$site/source/_posts/new-$i.md"
done
expect_exit "a build after 10 new posts succeeds" 0 "$NEWSMILL" -C "$site" -v build
expect_grep "10 new posts make only the last segment again" '1 made, 54 posts read' "$NM_TMP/err"
expect_grep "and tokenize only the new posts (the segment's terms kept in .newsmill/)" \
  'segment 4: 54 posts read .*(10 tokenized)' "$NM_TMP/err"
expect_eq "10 new posts leave the older segments' files and their filters as they were (names, sizes, mtimes)" \
  "$old_segs" "$(for k in 0 1 2 3 f; do seg_files $k; done)"
check "10 new posts rewrite the last segment" test "$old_last" != "$(seg_files 4)"
total=$(find "$site/public/search" -type f -name '*.bin' | wc -l)
expect_eq "old shard files are deleted" "$total" "$(find "$site/public/search" -name '*.bin' | wc -l)"
stale=$(comm -23 <(echo "$old_last" | cut -d' ' -f1) <(seg_files 4 | cut -d' ' -f1) | head -1)
check "the last segment's replaced files are deleted" test -n "$stale" -a ! -e "$site/public/search/$stale"
mkdir -p "$NM_TMP/clean"
cp -r "$site/source" "$site/_config.yml" "$NM_TMP/clean/"
expect_exit "a clean build of the same posts succeeds" 0 "$NEWSMILL" -C "$NM_TMP/clean" build
check "the incremental index equals a clean build's, byte for byte" \
  diff -r "$site/public/search" "$NM_TMP/clean/public/search"
node -e '
const S = require(process.argv[1]);
const fs = require("fs");
const idx = new S.Index(process.argv[2] + "/", (u) => fs.promises.readFile(u));
idx.query("新增的文章").then((r) => idx.docs(r.ids)).then((d) => console.log(d.length, d[0].title));
' "$NM_ROOT/themes/default/js/search.js" "$site/public/search" >"$NM_TMP/new.txt"
expect_eq "the new posts are found, newest first" "10 新增 post 10" "$(cat "$NM_TMP/new.txt")"

# a page of results for a frequent word reads the newest segment only;
# asking for more reads older ones; a word nowhere reads the older
# segments' Bloom filters (search/f/) and the last segment only
node -e '
const S = require(process.argv[1]);
const fs = require("fs");
const got = [];
const idx = new S.Index(process.argv[2] + "/", (u) => { got.push(u); return fs.promises.readFile(u); });
const segs = () => new Set(got.filter((u) => /\/\d+\//.test(u)).map((u) => u.match(/\/(\d+)\//)[1]));
(async () => {
  const r = await idx.query("网", { need: 10 });
  const first = [...segs()].join(",") + " " + r.ids.length + " " + r.done;
  await r.more(Infinity);
  const all = [...segs()].sort().join(",") + " " + r.done;
  const full = await idx.query("网");
  const same = full.ids.length === r.ids.length && full.ids.every((d, i) => d === r.ids[i]);
  got.length = 0;
  await new S.Index(process.argv[2] + "/", (u) => { got.push(u); return fs.promises.readFile(u); })
    .query("zzqx", { need: 10 });
  console.log(first + " | " + all + " | " + same + " | " + [...segs()].sort().join(","));
})();
' "$NM_ROOT/themes/default/js/search.js" "$site/public/search" >"$NM_TMP/paging.txt"
ids=$(sed -E 's/^4 ([0-9]+) false.*/\1/' "$NM_TMP/paging.txt")
check "a page of 网 reads only the newest segment ($(cat "$NM_TMP/paging.txt"))" test "$ids" -ge 10 2>/dev/null
expect_eq "paging on reads every segment, in the same order as one full query; no match reads the last only" \
  "0,1,2,3,4 true | true | 4" "$(cut -d'|' -f2- "$NM_TMP/paging.txt" | sed 's/^ //')"
# with a byte budget (the page's: one page may load that many bytes of
# index files) a call stops after the segment that spends it, even with
# too few results, and each more() goes on from there: here a budget of 1
# byte reads one segment a call, and the calls together find what one
# full query finds
node -e '
const S = require(process.argv[1]);
const fs = require("fs");
let got = [];
const idx = new S.Index(process.argv[2] + "/", (u) => { got.push(u); return fs.promises.readFile(u); });
const segs = () => [...new Set(got.filter((u) => /\/\d+\//.test(u)).map((u) => u.match(/\/(\d+)\//)[1]))].sort().join(",");
(async () => {
  const r = await idx.query("网", { need: Infinity, budget: 1 });
  const out = [segs() + " " + r.done];
  got = [];
  await r.more(Infinity);
  out.push(segs() + " " + r.done);
  let calls = 2;
  while (!r.done) { await r.more(Infinity); calls++; }
  const full = await new S.Index(process.argv[2] + "/", (u) => fs.promises.readFile(u)).query("网");
  out.push(calls + " " + (full.ids.length === r.ids.length && full.ids.every((d, i) => d === r.ids[i])));
  console.log(out.join(" | "));
})();
' "$NM_ROOT/themes/default/js/search.js" "$site/public/search" >"$NM_TMP/budget.txt"
expect_eq "a byte budget reads one segment a call, and the calls find what one query finds" \
  "4 false | 3 false | 5 true" "$(cat "$NM_TMP/budget.txt")"
# 20 more fill the last segment and start a sixth: the filters of search/f/
# gain segment 4, the older ones' taken from .newsmill/search-bloom/
for i in $(seq 11 30); do
  printf -- '---\ntitle: "新增 post %s"\ndate: 2030-02-%02d 08:00:00\n---\n\n<p>新增的文章 extra%s</p>\n' \
    "$i" "$((i - 10))" "$i" >"$site/source/_posts/new-$i.md"
done
expect_exit "a build after 20 more posts succeeds" 0 "$NEWSMILL" -C "$site" -v build
expect_grep "the filled segment and the new one are made, no older one" '2 made, 74 posts read' "$NM_TMP/err"
expect_grep "the filled one from its kept terms and its 10 new posts" \
  'segment 4: 64 posts read .*(10 tokenized)' "$NM_TMP/err"
rm -rf "$NM_TMP/clean"; mkdir -p "$NM_TMP/clean"
cp -r "$site/source" "$site/_config.yml" "$NM_TMP/clean/"
expect_exit "a clean build of the 330 posts succeeds" 0 "$NEWSMILL" -C "$NM_TMP/clean" build
check "the index with a sixth segment equals a clean build's" \
  diff -r "$site/public/search" "$NM_TMP/clean/public/search"
# without the cached filters, a segment that fills makes the older ones again;
# a damaged copy of the last segment's terms is not used
rm -rf "$site/.newsmill/search-bloom"
head -c 200 "$site/.newsmill/search-tail.bin" >"$NM_TMP/tail" && cp "$NM_TMP/tail" "$site/.newsmill/search-tail.bin"
for i in $(seq 31 90); do
  printf -- '---\ntitle: "新增 post %s"\ndate: 2030-03-%02d 08:%02d:00\n---\n\n<p>新增的文章 extra%s</p>\n' \
    "$i" "$(((i - 31) / 20 + 1))" "$(((i - 31) % 20))" "$i" >"$site/source/_posts/new-$i.md"
done
expect_exit "a build without the cached filters succeeds" 0 "$NEWSMILL" -C "$site" -v build
expect_grep "it makes every segment again" '7 made, 390 posts read' "$NM_TMP/err"
expect_eq "it tokenizes every post (the damaged terms file is not used)" "" \
  "$(sed -nE 's/.*segment [0-9]+: ([0-9]+) posts read .*\(([0-9]+) tokenized\).*/\1 \2/p' "$NM_TMP/err" | awk '$1 != $2')"
rm -rf "$NM_TMP/clean"; mkdir -p "$NM_TMP/clean"
cp -r "$site/source" "$site/_config.yml" "$NM_TMP/clean/"
expect_exit "a clean build of the 390 posts succeeds" 0 "$NEWSMILL" -C "$NM_TMP/clean" build
check "and equals a clean build's" diff -r "$site/public/search" "$NM_TMP/clean/public/search"
# a cached filter with one byte changed is not used: its segment is made
# again (search/f/ is made from the cache files a window at a time)
# (segment 0's: the manifest gives its files' inputs hash, which names it)
bad=$(grep -m1 ' search/0/' "$site/.newsmill/build-manifest" | cut -d' ' -f4).bin
check "segment 0's filters are cached" test -f "$site/.newsmill/search-bloom/$bad"
printf '\xff' | dd of="$site/.newsmill/search-bloom/$bad" bs=1 seek=100 conv=notrunc status=none
for i in $(seq 91 150); do
  printf -- '---\ntitle: "新增 post %s"\ndate: 2030-04-%02d 08:%02d:00\n---\n\n<p>新增的文章 extra%s</p>\n' \
    "$i" "$(((i - 91) / 20 + 1))" "$(((i - 91) % 20))" "$i" >"$site/source/_posts/new-$i.md"
done
expect_exit "a build with a damaged cached filter succeeds" 0 "$NEWSMILL" -C "$site" -v build
expect_grep "it makes that segment again, with the filled one and the new one" \
  '3 made, 130 posts read' "$NM_TMP/err"
rm -rf "$NM_TMP/clean"; mkdir -p "$NM_TMP/clean"
cp -r "$site/source" "$site/_config.yml" "$NM_TMP/clean/"
expect_exit "a clean build of the 450 posts succeeds" 0 "$NEWSMILL" -C "$NM_TMP/clean" build
check "and equals a clean build's" diff -r "$site/public/search" "$NM_TMP/clean/public/search"
# a manifest that names one search file twice (an older build could write
# two files of the same bytes under one name): the next build keeps it
dup=$(grep -m1 ' search/0/q/' "$site/.newsmill/build-manifest")
printf '%s\n' "$dup" >>"$site/.newsmill/build-manifest"
expect_exit "a build with a search file twice in the manifest succeeds" 0 "$NEWSMILL" -C "$site" build
check "it keeps that file" test -f "$site/public/${dup##* }"
# filters that cannot be kept in .newsmill/search-bloom/ (a file is in
# the way) are used from memory: search/f/ is made all the same
rm -rf "$NM_TMP/nocache"; mkdir -p "$NM_TMP/nocache/.newsmill"
cp -r "$site/source" "$site/_config.yml" "$NM_TMP/nocache/"
: >"$NM_TMP/nocache/.newsmill/search-bloom"
expect_exit "a build that cannot keep its filters succeeds" 0 "$NEWSMILL" -C "$NM_TMP/nocache" build
expect_grep "and says which file it could not write" 'search-bloom/' "$NM_TMP/err"
check "its index equals a clean build's" \
  diff -r "$NM_TMP/nocache/public/search" "$NM_TMP/clean/public/search"
finish
