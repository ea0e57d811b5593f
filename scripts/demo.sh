#!/bin/sh
# demo.sh — `make demo`: build the demo news site from examples/demo.
#
# With the `run` command in the binary, the demo fetches the feed files
# shipped in examples/demo/feeds/ (feeds.yml, file: URLs, no network),
# writes posts and builds the site, in a copy under build/demo/ (so the
# fetched posts and the store never land in the source tree). Without it,
# it builds the posts shipped in examples/demo/source/_posts/ in place.
# Either way it prints where the site is and how to look at it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
nm="$root/build/newsmill"
if "$nm" help run >/dev/null 2>&1; then
  site="$root/build/demo"
  rm -rf "$site"
  mkdir -p "$site/source"
  cp -r "$root/examples/demo/_config.yml" "$root/examples/demo/feeds.yml" \
    "$root/examples/demo/feeds" "$site/"
  cp -r "$root/examples/demo/source/images" "$site/source/"
  "$nm" -C "$site" run
else
  site="$root/examples/demo"
  "$nm" -C "$site" build
fi
pages=$(find "$site/public" -name '*.html' | wc -l)
cat <<MSG

The demo site is in $site/public ($pages pages).
Serve it and open http://127.0.0.1:4000/ :
  build/newsmill -C ${site#"$root"/} serve
MSG
