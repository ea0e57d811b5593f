# post.sh — `post show`, `post fmt` and `check` as a user runs them: the
# seed post read and rewritten byte for byte, and every malformed-post
# fixture reported as path:line: message, all in one `check` run.
. "$(dirname "$0")/lib.sh"

seed=$NM_ROOT/tests/fixtures/seed-post.md
bad=$NM_ROOT/tests/fixtures/posts/bad
good=$NM_ROOT/tests/fixtures/posts/good

# ---- post fmt on a copy of the seed: every byte from the first --- on ----
cp "$seed" "$NM_TMP/seed.md"
expect_exit "post fmt on the seed exits 0" 0 "$NEWSMILL" post fmt "$NM_TMP/seed.md"
from_marker() { awk 'f || /^---$/ {f=1; print}' "$1"; }
if cmp -s <(from_marker "$seed") <(from_marker "$NM_TMP/seed.md"); then
  ok "post fmt keeps the seed's bytes from the first --- to the end"
else
  fail "post fmt keeps the seed's bytes from the first --- to the end" \
    "$(diff <(from_marker "$seed") <(from_marker "$NM_TMP/seed.md") | head -5)"
fi
check "post fmt keeps the seed's leading blank line too" cmp -s "$seed" "$NM_TMP/seed.md"

# ---- post show --json on the seed ----------------------------------------
expect_exit "post show --json on the seed exits 0" 0 "$NEWSMILL" post show --json "$NM_TMP/seed.md"
json=$NM_TMP/out
# json_top FILE KEY: the value of a top-level key of `post show --json`
# (two-space indented, one key a line), as JSON text; no jq or python
# needed on a fresh machine.
json_top() { sed -n "s/^  \"$2\": \(.*\)\$/\1/p" "$1" | sed 's/,$//'; }
expect_eq "show --json: title" '"中央网信办：世界互联网大会国际组织是始于中国、属于世界 是互联网国际大家庭共同的平台"' \
  "$(json_top "$json" title)"
expect_eq "show --json: one 3-level hierarchy" '  "categories": [
    [
      "金融",
      "新浪财经",
      "新浪财经－国內"
    ]
  ],' "$(sed -n '/^  "categories": \[/,/^  \],/p' "$json")"
expect_eq "show --json: author" '"新浪财经"' "$(json_top "$json" author)"
expect_eq "show --json: comments false" "false" "$(json_top "$json" comments)"
expect_eq "show --json: date in UTC" '"2022-08-19T03:48:41Z"' "$(json_top "$json" date)"
expect_eq "show --json: headimg" '"https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"' \
  "$(json_top "$json" headimg)"
expect_eq "show --json: thumbnail" '"https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"' \
  "$(json_top "$json" thumbnail)"
expect_eq "show --json: body starts after the front matter" "14" "$(json_top "$json" body_line)"

expect_exit "post show (text) exits 0" 0 "$NEWSMILL" post show "$NM_TMP/seed.md"
expect_grep "post show prints the hierarchy" '^category: +金融 › 新浪财经 › 新浪财经－国內$' "$NM_TMP/out"
expect_grep "post show prints the author" '^author: +新浪财经$' "$NM_TMP/out"
expect_grep "post show prints the date in UTC" '^date: +2022-08-19T03:48:41Z$' "$NM_TMP/out"

# ---- post fmt: canonical layout, idempotent, untouched when canonical ------
cp "$good/json-members.md" "$NM_TMP/j.md"
expect_exit "post fmt rewrites JSON front matter" 0 "$NEWSMILL" post fmt "$NM_TMP/j.md"
expect_eq "post fmt writes the canonical layout" "---
title: 'JSON front matter'
categories: 
 - Diary
 - PlayStation
comments: true
date: Sat, 13 Jul 2013 20:46:25 GMT
tags: 
 - PS3
 - Games
rating: 4.5
---" "$(awk '{print} NR > 1 && /^---$/ {exit}' "$NM_TMP/j.md")"
cp "$NM_TMP/j.md" "$NM_TMP/j1.md"
expect_exit "post fmt again exits 0" 0 "$NEWSMILL" post fmt "$NM_TMP/j.md"
check "post fmt twice changes nothing" cmp -s "$NM_TMP/j.md" "$NM_TMP/j1.md"
touch -d '2001-01-01 00:00:00' "$NM_TMP/j.md"
"$NEWSMILL" post fmt "$NM_TMP/j.md"
expect_eq "post fmt does not touch a canonical file" "2001-01-01" "$(date -u -r "$NM_TMP/j.md" +%F)"

cp "$good/json-members.md" "$NM_TMP/nc.md"
cp "$seed" "$NM_TMP/canon.md"
expect_exit "post fmt --check with a non-canonical file exits 1" 1 "$NEWSMILL" post fmt --check "$NM_TMP/canon.md" "$NM_TMP/nc.md"
expect_eq "post fmt --check lists only the non-canonical file" "$NM_TMP/nc.md" "$(cat "$NM_TMP/out")"
check "post fmt --check writes nothing" cmp -s "$good/json-members.md" "$NM_TMP/nc.md"
expect_exit "post fmt --check of canonical files exits 0" 0 "$NEWSMILL" post fmt --check "$NM_TMP/canon.md"
expect_exit "post fmt with an unknown option exits 2" 2 "$NEWSMILL" post fmt --frob "$NM_TMP/canon.md"
cp "$good/json-braced.md" "$NM_TMP/-dash.md"
expect_exit "post fmt -- takes a file named like an option" 0 \
  sh -c 'cd "$1" && "$2" post fmt -- -dash.md' sh "$NM_TMP" "$NEWSMILL"
expect_grep "post fmt -- formatted it" "^title: 'Braced JSON'$" "$NM_TMP/-dash.md"

cp "$good/json-braced.md" "$NM_TMP/ok.md"
cp "$bad/10-duplicate-key.md" "$NM_TMP/dup.md"
expect_exit "post fmt with a bad file exits 1" 1 "$NEWSMILL" post fmt "$NM_TMP/dup.md" "$NM_TMP/ok.md"
expect_grep "post fmt names the bad file and line" "^newsmill: error: $NM_TMP/dup.md:4: duplicate key 'title'$" "$NM_TMP/err"
expect_grep "post fmt still formats the good file" "^title: 'Braced JSON'$" "$NM_TMP/ok.md"
check "post fmt leaves the bad file as it was" cmp -s "$bad/10-duplicate-key.md" "$NM_TMP/dup.md"

cp "$good/json-braced.md" "$NM_TMP/target.md"
ln -s "$NM_TMP/target.md" "$NM_TMP/link.md"
expect_exit "post fmt through a symbolic link exits 0" 0 "$NEWSMILL" post fmt "$NM_TMP/link.md"
check "post fmt keeps a symbolic link a link" test -L "$NM_TMP/link.md"
expect_grep "post fmt rewrites the file the link points to" "^title: 'Braced JSON'$" "$NM_TMP/target.md"
mkfifo "$NM_TMP/fifo.md"
expect_exit "post fmt on a FIFO fails without hanging" 1 timeout 10 "$NEWSMILL" post fmt "$NM_TMP/fifo.md"
expect_grep "post fmt on a FIFO says why" "fifo.md: not a regular file, not a post$" "$NM_TMP/err"

# Dates without a zone are read in the site's timezone, never shifted.
zs=$NM_TMP/zonesite
mkdir -p "$zs/source/_posts"
printf 'title: Zoned\ntimezone: Asia/Shanghai\n' >"$zs/_config.yml"
printf -- "---\ntitle: 'local'\ndate: 2022-08-19 11:48:41\n---\nbody\n" >"$zs/source/_posts/local.md"
expect_exit "post show in a site with a timezone" 0 "$NEWSMILL" -C "$zs" post show --json "$zs/source/_posts/local.md"
expect_eq "a zone-less date is read in the site's timezone" '"2022-08-19T03:48:41Z"' \
  "$(json_top "$NM_TMP/out" date)"
expect_exit "post fmt in a site with a timezone" 0 "$NEWSMILL" -C "$zs" post fmt "$zs/source/_posts/local.md"
expect_grep "post fmt writes that instant in GMT" '^date: Fri, 19 Aug 2022 03:48:41 GMT$' "$zs/source/_posts/local.md"
expect_exit "check in a site with a timezone" 0 "$NEWSMILL" -C "$zs" check
printf 'title: Zoned\ntimezone: Mars/Olympus\n' >"$zs/_config.yml"
expect_exit "an unknown timezone is a configuration error" 2 "$NEWSMILL" -C "$zs" check
expect_grep "an unknown timezone is named with its line" "_config.yml:2: timezone: unknown time zone 'Mars/Olympus'" "$NM_TMP/err"
expect_exit "post show with an unknown timezone exits 2" 2 "$NEWSMILL" -C "$zs" post show "$zs/source/_posts/local.md"

expect_exit "post without a subcommand is a usage error" 2 "$NEWSMILL" post
expect_exit "post frob is a usage error" 2 "$NEWSMILL" post frob
expect_exit "post show without a file is a usage error" 2 "$NEWSMILL" post show
expect_exit "post show of a missing file exits 1" 1 "$NEWSMILL" post show "$NM_TMP/nope.md"
expect_grep "post show of a missing file says so" "nope.md: cannot open: No such file or directory" "$NM_TMP/err"

# ---- every malformed fixture: one path:line: message each -----------------
site=$NM_TMP/site
posts=$site/source/_posts
mkdir -p "$posts/sub"
cp "$bad"/*.md "$posts/"
cp "$seed" "$posts/sub/good-seed.md"
cp "$good"/json-*.md "$posts/sub/"
# Generated here rather than committed: a 10 MB title, and names like a
# post that are not readable regular files. Tests run as root, and chmod
# 000 does not stop root, so "unreadable" is a dangling link, a link loop
# and a FIFO (which must not hang the reader).
{ printf -- "---\ntitle: '"; head -c 10485760 /dev/zero | tr '\0' x; printf "'\n---\nbody\n"; } \
  >"$posts/40-ten-megabyte-title.md"
mkdir "$posts/41-directory.md"
ln -s "$NM_TMP/does-not-exist" "$posts/42-dangling-link.md"
mkfifo "$posts/43-fifo.md"
ln -s 44-link-loop.md "$posts/44-link-loop.md"
{
  sed "s|^|$posts/|" "$bad/expected.txt"
  echo "$posts/40-ten-megabyte-title.md:2: front matter is 10485770 bytes, more than the limit of 1048576 bytes"
  echo "$posts/41-directory.md: is a directory, not a post"
  echo "$posts/42-dangling-link.md: cannot open: No such file or directory"
  echo "$posts/43-fifo.md: not a regular file, not a post"
  echo "$posts/44-link-loop.md: cannot open: Too many levels of symbolic links"
} >"$NM_TMP/expected"
n_bad=$(wc -l <"$NM_TMP/expected")
[ "$n_bad" -ge 30 ] && ok "at least 25 malformed posts ($n_bad)" || fail "at least 25 malformed posts ($n_bad)"

expect_exit "check with problems exits 1" 1 timeout 60 "$NEWSMILL" -C "$site" check
if diff "$NM_TMP/expected" "$NM_TMP/out" >"$NM_TMP/diff"; then
  ok "check reports every malformed post in one run, exactly"
else
  fail "check reports every malformed post in one run, exactly" "$(head -20 "$NM_TMP/diff")"
fi
expect_grep "check summarises on stderr" "check: $n_bad of $((n_bad + 3)) posts have problems" "$NM_TMP/err"

# Each one alone, through post show: the same message, exit 1, no crash.
while IFS= read -r line; do
  f=${line%%:*}
  msg=${line#"$f"}
  expect_exit "post show $f fails cleanly" 1 timeout 20 "$NEWSMILL" post show "$posts/$f"
  expect_eq "post show $f: message" "newsmill: error: $posts/$f$msg" "$(cat "$NM_TMP/err")"
done <"$bad/expected.txt"

# Many posts are read in parallel; the report stays in sorted order.
big=$NM_TMP/big
mkdir -p "$big/source/_posts/b"
for i in $(seq -w 1 300); do cp "$seed" "$big/source/_posts/p$i.md"; done
cp "$bad/10-duplicate-key.md" "$big/source/_posts/p150.md"
cp "$bad/02-bad-yaml-colon.md" "$big/source/_posts/b/x.md"
cp "$bad/21-date-is-a-list.md" "$big/source/_posts/p007.md"
expect_exit "check of 301 posts with 3 bad ones exits 1" 1 "$NEWSMILL" -C "$big" check
expect_eq "check reports them in sorted order" "$big/source/_posts/b/x.md:2: bad YAML: mapping values are not allowed in this context
$big/source/_posts/p007.md:3: date: expected a date, found a list
$big/source/_posts/p150.md:4: duplicate key 'title'" "$(cat "$NM_TMP/out")"
expect_grep "check counts every post" "check: 3 of 301 posts have problems" "$NM_TMP/err"

rm -rf "$posts"/[0-9]*
expect_exit "check of good posts exits 0" 0 "$NEWSMILL" -C "$site" check
expect_eq "check of good posts prints nothing on stdout" "" "$(cat "$NM_TMP/out")"
expect_exit "check without source/_posts exits 2" 2 "$NEWSMILL" -C "$NM_TMP" check
finish
