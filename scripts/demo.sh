#!/bin/sh
# demo.sh — `make demo`: build the demo news site from examples/demo.
#
# With the `run` command in the binary, the demo fetches the feed files
# shipped in examples/demo/feeds/ (file: URLs, no network), writes posts and
# builds the site; without it, it builds the posts shipped in
# examples/demo/source/_posts/. Either way it prints where the site is and
# how to look at it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
nm="$root/build/newsmill"
site="$root/examples/demo"
if "$nm" help run >/dev/null 2>&1; then
  "$nm" -C "$site" run
else
  "$nm" -C "$site" build
fi
pages=$(find "$site/public" -name '*.html' | wc -l)
cat <<MSG

The demo site is in $site/public ($pages pages).
Serve it and open http://127.0.0.1:4000/ :
  build/newsmill -C examples/demo serve
  (or any static server on examples/demo/public)
MSG
