#!/usr/bin/env bash
# bench/sanitize/run.sh — html_clean's speed next to a bare gumbo parse.
#
# Generates a 50 MB corpus of news article bodies (build/bench/sanitize/,
# gen_corpus.py), builds bench_sanitize.c against build/libnewsmill.a and
# prints MB/s of a bare gumbo parse and of newsmill's ARTICLE cleaner over
# the same bytes, in the same run, and their ratio (target: the cleaner at
# least 60 % of gumbo's speed). BENCH_MB=10 for a shorter run.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
command -v python3 >/dev/null || apt-get install -y python3
make -s >/dev/null
out=build/bench/sanitize
mkdir -p "$out"
mb=${BENCH_MB:-50}
corpus=$out/corpus-$mb.html
[ -f "$corpus" ] || python3 bench/sanitize/gen_corpus.py "$corpus" "$mb"
pkgs="libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd"
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs) -o "$out/bench_sanitize" \
  bench/sanitize/bench_sanitize.c build/libnewsmill.a $(pkg-config --libs $pkgs) -lpthread -lm
nice "$out/bench_sanitize" "$corpus"
