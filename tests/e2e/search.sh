# search.sh — `newsmill search` as a user runs it: a small site (the seed
# post plus generated ones), CJK and English queries, --json, paging, a
# query with quotes and operators, no match (exit 1), usage errors (exit
# 2), and an incremental update after an edit and a deletion.
# tsan: the indexer next to the build (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"

site=$NM_TMP/site
mkdir -p "$site/source/_posts/2022"
cp "$NM_ROOT/tests/fixtures/seed-post.md" "$site/source/_posts/seed.md"
for i in 1 2 3 4 5 6; do
  cat >"$site/source/_posts/2022/gen-$i.md" <<POST
---
title: 'Generated post $i about ports'
categories:
 - 科技
author: Robot
date: 2022-01-0$i 08:00:00
---

<p>Shipping news number $i: the harbour of Rotterdam. 数字经济 第$i号。</p>
POST
done
cat >"$site/source/_posts/quotes.md" <<'POST'
---
title: 'Operators: AND OR NOT'
date: 2021-05-05
---
He said "near" and (maybe) col:x — a star * too.
POST

nm() { "$NEWSMILL" -C "$site" "$@"; }

expect_exit "search 互联网 exits 0" 0 nm search 互联网
expect_grep "search 互联网 finds the seed post" '^  source/_posts/seed\.md$' "$NM_TMP/out"
expect_grep "the hit line has the date and the title" \
  '^2022-08-19  中央网信办：世界互联网大会国际组织' "$NM_TMP/out"
expect_grep "the snippet shows text around the match" '^  .*是互联网国际大家庭' "$NM_TMP/out"
expect_eq "search 互联网 finds only the seed post" 1 "$(grep -c '^  source/' "$NM_TMP/out")"
expect_eq "no terminal: no escape sequences" 0 "$(grep -c $'\x1b' "$NM_TMP/out")"
expect_grep "the first run reports what it indexed" 'search: 8 posts, 8 indexed, 0 removed' "$NM_TMP/err"

expect_exit "a single CJK character finds the seed post" 0 nm search 网
expect_grep "网 finds the seed post" '^  source/_posts/seed\.md$' "$NM_TMP/out"
expect_eq "the second run reads nothing and says nothing" "" "$(cat "$NM_TMP/err")"

expect_exit "full-width letters find ASCII ones" 0 nm search ＲＯＴＴＥＲＤＡＭ
expect_eq "ＲＯＴＴＥＲＤＡＭ finds the six generated posts" 6 "$(grep -c '^  source/' "$NM_TMP/out")"
expect_grep "equal scores list the newest first" '^2022-01-06  Generated post 6' "$NM_TMP/out"
expect_eq "results come newest first" "6 5 4 3 2 1" \
  "$(sed -n 's/^2022-01-0\([0-9]\)  Generated.*/\1/p' "$NM_TMP/out" | tr '\n' ' ' | sed 's/ $//')"

expect_exit "-n 2 --offset 1 pages" 0 nm search -n 2 --offset 1 harbour
expect_eq "-n 2 --offset 1 gives posts 5 and 4" "5 4" \
  "$(sed -n 's/^2022-01-0\([0-9]\)  Generated.*/\1/p' "$NM_TMP/out" | tr '\n' ' ' | sed 's/ $//')"
expect_exit "options after the words work too" 0 nm search harbour -n 1
expect_eq "… and are applied" 1 "$(grep -c '^  source/' "$NM_TMP/out")"

# ---- --json -------------------------------------------------------------
expect_exit "search --json exits 0" 0 nm search --json 互联网
json=$NM_TMP/out
expect_grep "--json has the query" '^  "query": "互联网",$' "$json"
expect_grep "--json has the path" '^      "path": "source/_posts/seed\.md",$' "$json"
expect_grep "--json has the date in UTC" '^      "date": "2022-08-19T03:48:41Z",$' "$json"
expect_grep "--json title_html marks the match" \
  '^      "title_html": "中央网信办：世界<mark>互联网</mark>大会' "$json"
expect_grep "--json snippet has no marks" '^      "snippet": ".*是互联网国际大家庭' "$json"
expect_grep "--json has a score" '^      "score": -?[0-9.e-]+,$' "$json"
expect_exit "search --json with no match exits 1" 1 nm search --json zzzzqqq
expect_eq "--json with no match prints an empty list" '{
  "query": "zzzzqqq",
  "hits": []
}' "$(cat "$NM_TMP/out")"

# ---- query syntax is never an error -----------------------------------------
for q in '"' 'AND(' 'col:x' '"near" (maybe)' 'NOT' 'a OR b' '*near'; do
  "$NEWSMILL" -C "$site" search "$q" >"$NM_TMP/out" 2>"$NM_TMP/err"
  rc=$?
  if [ "$rc" -le 2 ] && ! grep -qi 'syntax\|fts5' "$NM_TMP/err"; then
    ok "query [$q] is no syntax error (exit $rc)"
  else
    fail "query [$q] is no syntax error" "exit $rc: $(cat "$NM_TMP/err")"
  fi
done
expect_exit "operators are searched as words" 0 nm search 'AND(' '"near"'
expect_grep "… and find the post that has them" '^  source/_posts/quotes\.md$' "$NM_TMP/out"
expect_exit "a query of punctuation only is a usage error" 2 nm search '"' '*' '('
expect_grep "… that says so" "has no words to search for" "$NM_TMP/err"

# ---- no match, usage --------------------------------------------------------
expect_exit "no match exits 1" 1 nm search 不存在的词语
expect_eq "no match prints nothing" "" "$(cat "$NM_TMP/out")"
expect_exit "no query is a usage error" 2 nm search
expect_grep "… that says so" "give a QUERY" "$NM_TMP/err"
expect_exit "an unknown option is a usage error" 2 nm search --frob x
expect_exit "-n without a number is a usage error" 2 nm search -n x y
expect_exit "a directory without source/_posts exits 2" 2 "$NEWSMILL" -C "$NM_TMP" search x
expect_grep "… and names the problem" 'no source/_posts/ directory here' "$NM_TMP/err"

# ---- incremental updates --------------------------------------------------------
sed -i 's/Rotterdam/Antwerp/' "$site/source/_posts/2022/gen-3.md"
rm "$site/source/_posts/2022/gen-6.md"
expect_exit "search after an edit exits 0" 0 nm search antwerp
expect_grep "the edit is found" '^  source/_posts/2022/gen-3\.md$' "$NM_TMP/out"
expect_grep "the update reports one indexed, one removed" 'search: 7 posts, 1 indexed, 1 removed' \
  "$NM_TMP/err"
expect_exit "rotterdam after the edit" 0 nm search rotterdam
expect_eq "… the edited and the deleted post are gone" 4 "$(grep -c '^  source/' "$NM_TMP/out")"

printf -- '---\ntitle: [broken\n---\nrotterdam\n' >"$site/source/_posts/broken.md"
expect_exit "a broken post does not change the exit status" 0 nm search rotterdam
expect_grep "… and is named in a warning" \
  '^newsmill: warning: source/_posts/broken\.md:2: .*\(not searchable\)$' "$NM_TMP/err"
expect_exit "--reindex rebuilds" 0 nm search --reindex rotterdam
expect_grep "--reindex reads every post" 'search: 8 posts, 7 indexed, 0 removed' "$NM_TMP/err"
check "the index is in .newsmill/search.db" test -s "$site/.newsmill/search.db"

expect_exit "help search has examples" 0 "$NEWSMILL" help search
expect_grep "help search shows the usage" '^Usage: newsmill \[-C DIR\] search' "$NM_TMP/out"
finish
