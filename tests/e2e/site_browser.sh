# site_browser.sh — the demo site in a real browser: headless Chromium opens
# the home page, a post, a category page and page 2 at 375 px and 1280 px;
# no console error, no failed or external request, no sideways scrolling;
# the shared sidebar with and without script (check-sidebar.mjs).
# Screenshots go to build/screenshots/. Installs Debian's chromium and npm's
# playwright-core (into build/browser/) and CJK fonts when they are missing.
. "$(dirname "$0")/lib.sh"

pw="$NM_ROOT/build/browser"
if ! command -v chromium >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >"$NM_TMP/apt.log" 2>&1; }
fi
check "chromium is installed" test -x "$(command -v chromium)"
# CJK fonts, so that the screenshots show Chinese text rather than boxes
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
post=$(grep -o 'href="/20[0-9/]*[0-9a-f]\{16\}/"' "$site/public/index.html" | head -1 | sed 's/href="//; s/"$//')
category=$(grep -o 'href="/categories/[^"]*/"' "$site/public/index.html" | sed -n 2p | sed 's/href="//; s/"$//')
check "the home page links a post" test -n "$post"
check "the home page links a category" test -n "$category"
check "the demo has a page 2" test -f "$site/public/page/2/index.html"
shots="$NM_ROOT/build/screenshots"
NM_PLAYWRIGHT="$pw/node_modules" node "$NM_ROOT/tests/e2e/browser/check-pages.mjs" \
  "$site/public" "$shots" / "$post" "$category" /page/2/ >"$NM_TMP/browser.log" 2>&1
cat "$NM_TMP/browser.log"
grep -q '^not ok' "$NM_TMP/browser.log" && nm_failures=$((nm_failures + 1))
expect_grep "the browser checked every page" '^ok - /page/2/ at 1280px loads' "$NM_TMP/browser.log"
check "screenshots are saved" test -f "$shots/home-375.png"
# the shared sidebar, with and without script
NM_PLAYWRIGHT="$pw/node_modules" node "$NM_ROOT/tests/e2e/browser/check-sidebar.mjs" \
  "$site/public" "$shots" "$post" >"$NM_TMP/sidebar.log" 2>&1
cat "$NM_TMP/sidebar.log"
grep -q '^not ok' "$NM_TMP/sidebar.log" && nm_failures=$((nm_failures + 1))
expect_grep "the sidebar was checked without script" '^ok - no script, 375px: sidebar.html shows the sidebar' "$NM_TMP/sidebar.log"
finish
