#!/usr/bin/env bash
# bench/post-read — how fast newsmill reads the front matter of posts.
#
# Generates N (default 100,000) seed-format posts under build/bench/post-read/
# (post_write, the seed's own body, varied titles, categories and dates),
# then reads them all on one core three ways:
#   raw      open + read + close of each file, nothing parsed (the anchor:
#            what the file reads alone cost)
#   fast     post_read_file() as `newsmill build` and `check` use it
#   libyaml  post_read_file() with the seed-layout fast path off
# and prints posts/s, MB/s and the ratios. Target (issue 2): fast >= 100,000
# posts/s including the file reads. Needs only what `make` needs.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-100000}
out=build/bench/post-read
make -s -j2 >/dev/null
mkdir -p "$out"
PKGS="libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd"
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -o "$out/post_read" bench/post-read/post_read.c build/libnewsmill.a \
  $(pkg-config --cflags --libs $PKGS) -lpthread -lm
seed=tests/fixtures/seed-post.md
if [ ! -f "$out/posts/$(printf '%07d' $((N - 1))).md" ]; then
  rm -rf "$out/posts"; mkdir -p "$out/posts"
  echo "generating $N posts in $out/posts ..."
  "$out/post_read" gen "$out/posts" "$N" "$seed"
fi
"$out/post_read" read "$out/posts" "$N" raw >/dev/null   # warm the page cache
raw=$("$out/post_read" read "$out/posts" "$N" raw)
fast=$("$out/post_read" read "$out/posts" "$N" fast)
lib=$("$out/post_read" read "$out/posts" "$N" libyaml)
echo "$raw"; echo "$fast"; echo "$lib"
# Rates per CPU second (the figure that does not depend on other load).
rate() { sed -E 's/.*per CPU second: ([0-9]+) posts\/s.*/\1/' <<<"$1"; }
awk -v r="$(rate "$raw")" -v f="$(rate "$fast")" -v l="$(rate "$lib")" 'BEGIN {
  printf "per CPU second: fast path %.0f posts/s = %.2f x the raw-read rate, %.1f x libyaml; target 100000 posts/s: %s\n",
         f, f / r, f / l, (f >= 100000 ? "met" : "NOT met") }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall-clock rates suffer when it is above 1)"
