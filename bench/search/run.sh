#!/usr/bin/env bash
# bench/search — the search index at 100,000 posts.
#
# Generates N (default 100,000) posts with varied Chinese and English text
# under build/bench/search/site/ (the seed's sentences and a few English
# ones, fixed PRNG), then prints:
#   anchor parse   post_read_file + body text of every post on one core
#                  (what reading the site costs before any indexing)
#   index          search_update --reindex on all cores, and its ratio to
#                  the anchor; then an incremental run with nothing changed
#   db size        .newsmill/search.db, and per post
#   query          median latency of search_query (10 hits with snippets)
#                  for CJK and English queries, against the anchor of a
#                  LIKE '%q%' scan over the stored bodies
# Needs only what `make` needs.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-100000}
out=build/bench/search
site=$out/site
make -s -j2 >/dev/null
mkdir -p "$out"
PKGS="libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd"
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -o "$out/search_bench" bench/search/search_bench.c build/libnewsmill.a \
  $(pkg-config --cflags --libs $PKGS) -lpthread -lm
if [ ! -f "$site/source/_posts/$(printf '%07d' $((N - 1))).md" ]; then
  rm -rf "$site"; mkdir -p "$site"
  echo "generating $N posts in $site ..."
  "$out/search_bench" gen "$site" "$N" tests/fixtures/seed-post.md
fi
echo "posts: $N, $(du -sm "$site/source/_posts" | cut -f1) MB on disk"
parse=$("$out/search_bench" parse "$site" "$N"); echo "$parse"
idx=$("$out/search_bench" index "$site"); echo "$idx"
db=$site/.newsmill/search.db
size=$(stat -c %s "$db")
echo "db size: $((size / 1048576)) MB ($((size / N)) bytes/post)"
a=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$parse")
i=$(sed -nE '1s/.* in ([0-9.]+) s .*/\1/p' <<<"$idx")
awk -v a="$a" -v i="$i" 'BEGIN { printf "index time = %.2f x the one-core read+parse anchor\n", i / a }'
"$out/search_bench" query "$site" 互联网 网 数字经济 国际合作 harbour internet post99999 zzzz
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
