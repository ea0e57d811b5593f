#!/usr/bin/env bash
# bench/html-depth/run.sh — every HTML entry point of newsmill on hostile
# nesting (N nested <div>; N from the arguments, default "10000 50000
# 100000"), next to a bare gumbo parse of the same bytes without the
# nesting bound (the anchor, measured in the same run; skipped past
# BENCH_GUMBO_MAX, default 20,000: it grows as N², 26 s at 50,000). Entry points:
# html_clean (ARTICLE with its lead image, FEED), html_to_text (both
# modes), search's body text, the site's summary, feed_parse's HTML fields.
# tests/unit/html/test_depth.c checks that each applies the bound; this
# prints what it costs. Milliseconds, best of 3 (the anchor: one run).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
make -s >/dev/null
out=build/bench/html-depth
mkdir -p "$out"
pkgs="libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd"
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs) -o "$out/bench_depth" \
  bench/html-depth/bench_depth.c build/libnewsmill.a $(pkg-config --libs $pkgs) -lpthread -lm
if [ $# -eq 0 ]; then set -- 10000 50000 100000; fi
nice "$out/bench_depth" "$@"
