# serve_watch.sh — `newsmill serve --watch` on the demo site: it builds,
# serves pages with the reload script (public/ never holds it), answers
# /__newsmill/live; in headless Chromium an edited post shows within 1 s,
# a broken post shows its error in the page, fixing it recovers
# (tests/e2e/browser/watch.mjs). Needs chromium and playwright-core as
# site_browser.sh installs them.
. "$(dirname "$0")/lib.sh"

pw="$NM_ROOT/build/browser"
if ! command -v chromium >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1; }
fi
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  mkdir -p "$pw"
  [ -f "$pw/package.json" ] || echo '{"name":"nm-browser","private":true}' > "$pw/package.json"
  (cd "$pw" && npm install --no-audit --no-fund --loglevel=error playwright-core >"$NM_TMP/npm.log" 2>&1)
fi
check "chromium and playwright-core are installed" test -d "$pw/node_modules/playwright-core"

site="$NM_TMP/demo"
mkdir -p "$site"
cp -r "$NM_ROOT/examples/demo/_config.yml" "$NM_ROOT/examples/demo/source" "$site/"
expect_exit "--watch does not go with --dir" 2 "$NEWSMILL" -C "$site" serve --watch --dir /tmp
"$NEWSMILL" -C "$site" serve --watch -p 0 >"$NM_TMP/serve.out" 2>"$NM_TMP/serve.err" &
pid=$!
for _ in $(seq 1 100); do grep -q '^rebuilt in' "$NM_TMP/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$NM_TMP/serve.out" | head -1)
check "serve --watch starts and builds" test -n "$url" -a -f "$site/public/index.html"
file=$(ls "$site"/source/_posts/*.md | head -1)
post=$(grep -o 'href="/20[0-9/]*[0-9a-f]\{16\}/"' "$site/public/index.html" | head -1 | sed 's/href="//; s/"$//')
name=$(basename "$file" .md)
post=$(cd "$site/public" && ls -d 20*/*/*/"$name" | head -1)
check "the post's page is built" test -n "$post"
curl -s "$url$post/" >"$NM_TMP/page.html"
expect_grep "served HTML has the reload script" 'newsmill serve --watch' "$NM_TMP/page.html"
curl -s "${url}__newsmill/live" >"$NM_TMP/live.json"
expect_grep "/__newsmill/live answers the build state" '^\{"gen":1,"error":null\}' "$NM_TMP/live.json"
NM_PLAYWRIGHT="$pw/node_modules" node "$NM_ROOT/tests/e2e/browser/watch.mjs" "$url$post/" "$file" \
  "$NM_ROOT/build/screenshots" >"$NM_TMP/browser.log" 2>&1
cat "$NM_TMP/browser.log"
nm_failures=$((nm_failures + $(grep -c '^not ok' "$NM_TMP/browser.log")))
expect_grep "the browser saw the edit" '^ok - an edited title shows' "$NM_TMP/browser.log"
expect_eq "public/ never holds the reload script" "" "$(grep -rl '__newsmill' "$site/public")"
kill "$pid"
wait "$pid"
expect_eq "serve --watch exits 0 on SIGTERM" 0 "$?"
expect_grep "the broken post was named in the terminal" 'build error, shown in the open pages' "$NM_TMP/serve.out"
finish
