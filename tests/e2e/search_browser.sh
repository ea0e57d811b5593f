# search_browser.sh — the demo site's static search in headless Chromium:
# type a Chinese query into the search box of the home page, find the
# expected article in the results, follow it; prints the bytes transferred
# (gzipped, as a static host serves them). Screenshots go to
# build/screenshots/search-*.png. Installs Debian's chromium and npm's
# playwright-core (into build/browser/) when they are missing, as
# site_browser.sh does.
. "$(dirname "$0")/lib.sh"

pw="$NM_ROOT/build/browser"
if ! command -v chromium >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1; }
fi
check "chromium is installed" test -x "$(command -v chromium)"
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >>"$NM_TMP/apt.log" 2>&1
fi
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  mkdir -p "$pw"
  [ -f "$pw/package.json" ] || echo '{"name":"nm-browser","private":true}' > "$pw/package.json"
  (cd "$pw" && npm install --no-audit --no-fund --loglevel=error playwright-core >"$NM_TMP/npm.log" 2>&1)
fi
check "playwright-core is installed" test -d "$pw/node_modules/playwright-core"

site="$NM_TMP/demo"
mkdir -p "$site"
cp -r "$NM_ROOT/examples/demo/_config.yml" "$NM_ROOT/examples/demo/source" "$site/"
expect_exit "the demo site builds" 0 "$NEWSMILL" -C "$site" build
shots="$NM_ROOT/build/screenshots"
NM_PLAYWRIGHT="$pw/node_modules" node "$NM_ROOT/tests/e2e/browser/search.mjs" \
  "$site/public" "$shots" 大飞机 国产商用大飞机 >"$NM_TMP/browser.log" 2>&1
cat "$NM_TMP/browser.log"
nm_failures=$((nm_failures + $(grep -c '^not ok' "$NM_TMP/browser.log")))
expect_grep "the browser followed the result" '^ok - following the result opens the post' "$NM_TMP/browser.log"
expect_grep "the bytes transferred are reported" '^bytes: [0-9]+ in' "$NM_TMP/browser.log"
check "screenshots are saved" test -f "$shots/search-results.png"
finish
