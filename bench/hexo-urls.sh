#!/bin/sh
# hexo-urls.sh — produce tests/fixtures/hexo-site/urls.txt with real Hexo.
#
# Installs Hexo 8 and its standard generators plus the landscape theme from
# npm into build/hexo-urls/, generates the fixture site there and lists every
# public/**/index.html as a URL path (sorted, one a line). The list is
# committed; tests/e2e/site_hexo_urls.sh compares newsmill's output with it,
# so this script runs only when the fixture changes (it needs the npm
# registry; the tests do not).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/build/hexo-urls"
fixture="$root/tests/fixtures/hexo-site"
mkdir -p "$work"
cd "$work"
if [ ! -x node_modules/.bin/hexo ]; then
  [ -f package.json ] || echo '{"name":"hexo-urls","private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error \
    hexo@8 hexo-generator-index hexo-generator-archive hexo-generator-category \
    hexo-generator-tag hexo-renderer-marked hexo-renderer-ejs hexo-renderer-stylus \
    hexo-theme-landscape >/dev/null
fi
rm -rf site && mkdir site
cp -r "$fixture/_config.yml" "$fixture/source" site/
cp package.json site/
ln -s ../node_modules site/node_modules
cd site
# Hexo loads plugins listed in package.json's dependencies.
node -e '
const p = require("../package.json");
p.dependencies = p.dependencies || {};
p.hexo = { version: require("../node_modules/hexo/package.json").version };
require("fs").writeFileSync("package.json", JSON.stringify(p, null, 2));'
TZ=UTC ../node_modules/.bin/hexo generate --silent
(cd public && find . -name index.html | sed -e 's|^\.||' -e 's|index\.html$||' | LC_ALL=C sort) \
  > "$fixture/urls.txt"
echo "hexo $(node -p 'require("../node_modules/hexo/package.json").version'):" \
  "$(wc -l < "$fixture/urls.txt") URLs written to tests/fixtures/hexo-site/urls.txt"
