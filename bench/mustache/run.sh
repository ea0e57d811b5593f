#!/usr/bin/env bash
# run.sh — renders/s of a typical post page with newsmill's Mustache engine,
# against the memcpy floor of the same bytes and against mustache.js (npm).
#
#   bench/mustache/run.sh [N]      (default 100000 pages)
#
# Builds the library, compiles bench.c against it, installs mustache.js
# under build/bench/mustache/ (npm), renders bench/mustache/theme/post.mustache.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-100000}
out=build/bench/mustache
mkdir -p "$out"
make -j2 >/dev/null
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc bench/mustache/bench.c build/libnewsmill.a \
   $(pkg-config --libs libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd) \
   -lpthread -lm -o "$out/bench"
"$out/bench" bench/mustache/theme "$n" "$out/context.json" | tee "$out/newsmill.txt"
ours=$(sed -n 's/^RENDER_PER_S //p' "$out/newsmill.txt")
if command -v npm >/dev/null; then
  [ -d "$out/node_modules/mustache" ] || npm install --silent --prefix "$out" mustache@4 >/dev/null
  NODE_PATH="$out/node_modules" node bench/mustache/bench.js bench/mustache/theme "$out/context.json" "$n" \
    | tee "$out/mustachejs.txt"
  theirs=$(sed -n 's/^RENDER_PER_S //p' "$out/mustachejs.txt")
  awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "  newsmill / mustache.js: %.1fx the renders per second\n", a / b }'
else
  echo "  (npm not found: mustache.js anchor skipped)"
fi
