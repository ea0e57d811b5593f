#!/usr/bin/env bash
# deploy.sh — `newsmill deploy` to a local directory: the target equals
# public/ after each of several builds; a deploy killed with SIGKILL at
# random moments and run again converges; after every kill, no page of the
# target names a local file (image, CSS, script) the target lacks.
. "$NM_ROOT/tests/e2e/lib.sh"

site="$NM_TMP/site"
target="$NM_TMP/www"
mkdir -p "$site/source/_posts" "$site/source/img"
cat > "$site/_config.yml" <<'YML'
title: Deploy
url: http://example.com
per_page: 5
deploy:
  type: rsync
  root: ../www
YML

# post N [IMG]: a post that shows its own image /img/N.svg
post() {
  printf '<svg xmlns="http://www.w3.org/2000/svg"><text>%s</text></svg>\n' "$1" > "$site/source/img/$1.svg"
  printf -- "---\ntitle: Post %s\ndate: 2024-03-%02d %02d:%02d:00\ncategories:\n  - C%s\n---\n<p><img src=\"/img/%s.svg\"> text %s</p>\n" \
    "$1" $(( $1 % 28 + 1 )) $(( $1 % 24 )) $(( $1 % 60 )) $(( $1 % 4 )) "$1" "$1" > "$site/source/_posts/p$1.md"
}
unpost() { rm -f "$site/source/_posts/p$1.md" "$site/source/img/$1.svg"; }

# no page of the target names a local asset the target lacks
assets_whole() {
  python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
bad = []
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith(".html"):
            continue
        try:
            s = open(os.path.join(d, f), encoding="utf-8").read()
        except FileNotFoundError:
            continue
        for ref in re.findall(r'(?:src|href)="(/[^"#?]*)"', s):
            if ref.endswith("/") or ref.endswith(".html"):
                continue  # links to pages, not assets
            if not os.path.isfile(os.path.join(root, ref.lstrip("/"))):
                bad.append("%s -> %s" % (os.path.relpath(os.path.join(d, f), root), ref))
if bad:
    print("\n".join(bad[:5]))
    sys.exit(1)
PY
}

same_tree() { diff -r "$site/public" "$target" >"$NM_TMP/diff" 2>&1; }

for i in $(seq 1 150); do post "$i"; done
expect_exit "build exits 0" 0 "$NEWSMILL" -C "$site" build
expect_exit "first deploy exits 0" 0 "$NEWSMILL" -C "$site" deploy
check "after the first deploy the target equals public/" same_tree
expect_grep "the report counts files sent, deleted and bytes" 'deploy to .*www: [0-9]+ sent, 0 deleted, 0 unchanged, [0-9.]+ MB sent' "$NM_TMP/err"
expect_exit "a deploy with nothing new exits 0" 0 "$NEWSMILL" -C "$site" deploy
expect_grep "a deploy with nothing new sends nothing" ': 0 sent, 0 deleted, [0-9]+ unchanged' "$NM_TMP/err"

next=151
for round in 1 2 3 4; do
  for k in 1 2 3; do post $next; next=$((next + 1)); done
  unpost $((round * 7))
  unpost $((round * 7 + 1))
  sed -i 's/^title: Post 5$/title: Post 5 edited '"$round"'/' "$site/source/_posts/p5.md"
  expect_exit "round $round: build exits 0" 0 "$NEWSMILL" -C "$site" build
  expect_exit "round $round: deploy exits 0" 0 "$NEWSMILL" -C "$site" deploy
  expect_grep "round $round: only what changed is sent" ': [1-9][0-9]* sent, [1-9][0-9]* deleted, [1-9][0-9]* unchanged' "$NM_TMP/err"
  check "round $round: the target equals public/" same_tree
done

# kill -9 mid-deploy, again and again, with a build between
for round in 1 2 3 4; do
  for k in 1 2 3 4 5 6 7 8; do post $next; next=$((next + 1)); done
  unpost $((round * 11 + 40))
  "$NEWSMILL" -q -C "$site" build 2>/dev/null
  whole=0
  for delay in 0.005 0.015 0.04; do
    "$NEWSMILL" -q -C "$site" deploy 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    assets_whole "$target" >"$NM_TMP/missing" || whole=$((whole + 1))
  done
  expect_eq "kill round $round: after each kill every page's assets are there" 0 "$whole"
  [ "$whole" -eq 0 ] || cat "$NM_TMP/missing"
  expect_exit "kill round $round: the deploy run again exits 0" 0 "$NEWSMILL" -C "$site" deploy
  check "kill round $round: the target equals public/" same_tree
done

# a build that did not finish is not deployed
touch "$site/.newsmill/build-running"
expect_exit "public/ of an unfinished build is refused" 2 "$NEWSMILL" -C "$site" deploy
expect_grep "the refusal says why" 'did not finish' "$NM_TMP/err"
rm "$site/.newsmill/build-running"

# --to, and the rsync passes when rsync is installed
expect_exit "--to another directory exits 0" 0 "$NEWSMILL" -C "$site" deploy --to "$NM_TMP/www2"
check "--to: that directory equals public/" diff -r "$site/public" "$NM_TMP/www2"
if command -v rsync >/dev/null; then
  expect_exit "--rsync exits 0" 0 "$NEWSMILL" -C "$site" deploy --rsync --to "$NM_TMP/www3"
  check "--rsync: the directory equals public/" diff -r "$site/public" "$NM_TMP/www3"
  unpost 100
  "$NEWSMILL" -q -C "$site" build 2>/dev/null
  expect_exit "--rsync after a deletion exits 0" 0 "$NEWSMILL" -C "$site" deploy --rsync --to "$NM_TMP/www3"
  check "--rsync: deletions reach the directory" diff -r "$site/public" "$NM_TMP/www3"
  expect_grep "--rsync reports what it deleted" ' [1-9][0-9]* deleted' "$NM_TMP/err"
  # a page rewritten within the second of the last deploy, at the same size
  # (rsync's default quick check compares whole seconds)
  page=$(cd "$site/public" && ls ./*.html | head -1)
  t=$(stat -c %Y "$site/public/$page")
  sed -i 's/<title>/<title>#/; s/<\/html>/\/html>/' "$site/public/$page"
  touch -d "@$t.5" "$site/public/$page"
  touch -d "@$t.25" "$NM_TMP/www3/$page"
  "$NEWSMILL" -q -C "$site" deploy --rsync --to "$NM_TMP/www3" 2>/dev/null
  check "--rsync: a page changed within the same second at the same size is sent" \
    cmp "$site/public/$page" "$NM_TMP/www3/$page"
else
  echo "ok - # SKIP rsync is not installed"
fi
# newsmill run: fetch (no feeds), build, deploy
post $next
expect_exit "run exits 0" 0 "$NEWSMILL" -C "$site" run
expect_grep "run deploys after the build" 'deploy to .*www: [1-9][0-9]* sent' "$NM_TMP/err"
check "run: the target equals public/" same_tree
printf 'title: x\n' > "$NM_TMP/bare.yml"
cp "$NM_TMP/bare.yml" "$site/_config.yml"
expect_exit "no deploy: section and no --to is a usage error" 2 "$NEWSMILL" -C "$site" deploy
expect_grep "the error names the config" '_config.yml.*deploy' "$NM_TMP/err"
finish
