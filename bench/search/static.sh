#!/usr/bin/env bash
# bench/search/static.sh — the static search of a built site against
# Pagefind, at N generated posts (default 10000; N=100000 for the big run).
#
# Generates N posts (search_bench gen, the seed's text; needs
# ../shared/fixtures/seed-post.md, skips cleanly without it), builds the
# site with `newsmill -v build` (the log gives the search index's own
# time), indexes the same built posts with Pagefind (npm `pagefind`,
# installed into build/bench/pagefind/), and prints for both: index build
# time, total index bytes (raw and gzipped) and per post, then
# bench/search/static.mjs's browser figures (headless Chromium, files
# served gzipped): first query bytes (client included), p50/p95 bytes of
# 100 later queries, recall against a substring scan of the posts, and
# how many first pages show fewer results than the scan has (up to 10).
# ENGINES=ours skips Pagefind (its index takes ~13 minutes at 100,000).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-10000}
seedpost=../shared/fixtures/seed-post.md
if [ ! -f "$seedpost" ]; then echo "bench/search/static.sh: $seedpost is missing, skipping"; exit 0; fi
out=build/bench/search
site=$out/static-$N
make -s -j2 >/dev/null
mkdir -p "$out"
PKGS="libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 libutf8proc libxxhash libmicrohttpd"
[ -x "$out/search_bench" ] || cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -o "$out/search_bench" bench/search/search_bench.c \
  build/libnewsmill.a $(pkg-config --cflags --libs $PKGS) -lpthread -lm
if [ ! -f "$site/source/_posts/$(printf '%07d' $((N - 1))).md" ]; then
  rm -rf "$site"; mkdir -p "$site"
  echo "generating $N posts in $site ..."
  "$out/search_bench" gen "$site" "$N" "$seedpost"
fi
pw=$root/build/browser
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  mkdir -p "$pw"; [ -f "$pw/package.json" ] || echo '{"name":"nm-browser","private":true}' >"$pw/package.json"
  (cd "$pw" && npm install --no-audit --no-fund --loglevel=error playwright-core >/dev/null)
fi
pf=$root/build/bench/pagefind
if [ ! -x "$pf/node_modules/.bin/pagefind" ]; then
  mkdir -p "$pf"; [ -f "$pf/package.json" ] || echo '{"name":"nm-pagefind-bench","private":true}' >"$pf/package.json"
  (cd "$pf" && npm install --no-audit --no-fund --loglevel=error pagefind >/dev/null)
fi

echo "posts: $N"
rm -rf "$site/public" "$site/.newsmill"
load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s.%N)
build/newsmill -v -C "$site" build 2>"$out/build-$N.log" >/dev/null
t1=$(date +%s.%N)
idx_s=$(sed -nE 's/.*search index: [0-9]+ posts .* in ([0-9.]+) s/\1/p' "$out/build-$N.log")
# raw and gzip -9 bytes of every index file, in one process (a gzip per
# file took minutes for the 45,000 files of 100,000 posts)
read -r ours_raw ours_gz ours_files < <(python3 -c '
import gzip, os, sys
raw = gz = n = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f == "index.html" and d == sys.argv[1]:
            continue
        b = open(os.path.join(d, f), "rb").read()
        raw += len(b); gz += len(gzip.compress(b, compresslevel=9, mtime=0)); n += 1
print(raw, gz, n)' "$site/public/search")
awk -v t="$(echo "$t1 - $t0" | bc)" -v l="$load0" -v i="$idx_s" -v r="$ours_raw" -v g="$ours_gz" -v f="$ours_files" -v n="$N" 'BEGIN {
  printf "newsmill: site build %.1f s (load %s at its start), of which the search index %.1f s; index %d files, %.1f MB raw (%.0f B/post), %.1f MB gzipped (%.0f B/post)\n",
    t, l, i, f, r / 1e6, r / n, g / 1e6, g / n }'
ENGINES=${ENGINES:-ours,pagefind}
if [[ $ENGINES == *pagefind* ]]; then
cp bench/search/pf-bench.html "$site/public/pf-bench.html"
rm -rf "$site/public/pagefind"
load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s.%N)
"$pf/node_modules/.bin/pagefind" --site "$site/public" --glob '20*/**/*.html' >"$out/pagefind-$N.log" 2>&1
t1=$(date +%s.%N)
pf_raw=$(find "$site/public/pagefind" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
pf_files=$(find "$site/public/pagefind" -type f | wc -l)
awk -v t="$(echo "$t1 - $t0" | bc)" -v l="$load0" -v r="$pf_raw" -v f="$pf_files" -v n="$N" 'BEGIN {
  printf "pagefind: index %.1f s (load %s at its start); %d files, %.1f MB as written (its index files are gzipped already; %.0f B/post)\n", t, l, f, r / 1e6, r / n }'
fi
NM_PLAYWRIGHT="$pw/node_modules" node bench/search/static.mjs "$site/public" "$site/source/_posts" "$ENGINES" | tee "$out/static-$N.json" |
  node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const r = JSON.parse(s);
  console.log(`queries: ${r.queries} (median ${r.median_hits} posts match, substring scan)`);
  for (const k of ["ours", "pagefind"]) {
    const m = r[k]; if (!m) continue;
    console.log(`${k.padEnd(8)}: first query ${(m.first / 1024).toFixed(1)} KB, later p50 ${(m.p50 / 1024).toFixed(1)} KB, ` +
      `p95 ${(m.p95 / 1024).toFixed(1)} KB, max ${(m.max / 1024).toFixed(1)} KB; recall ${(100 * m.recall).toFixed(2)}%; ` +
      `${m.short} of ${r.queries} first pages short` +
      (m.extra !== undefined ? `, ${m.extra} results the scan does not have` : "") + (m.errors ? `, ${m.errors} page errors` : ""));
  }
});'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
