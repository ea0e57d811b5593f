#!/usr/bin/env bash
# bench/fetch/run.sh — end-to-end ingest speed: newsmill fetch vs newsboat.
#
# Serves FEEDS generated RSS feeds of ITEMS items each from the loopback
# test server (tests/tools/nm_testd), each feed on its own host name
# (fN.localhost, which libcurl resolves to loopback itself), as real feeds
# live on many sites. Then, in the same run and on the same data:
#   - newsmill -C SITE fetch -j 8   fetch, parse, clean, dedupe, store, and
#                                   export one post file per item
#   - newsboat -x reload            fetch, parse, store in its cache
#                                   (reload-threads 8)
# and prints items/s, CPU seconds and peak RSS (GNU time -v) of each and
# the ratio. It runs twice: with the data on disk (build/bench/fetch) and
# in memory (/dev/shm), because newsmill creates one file per item where
# newsboat creates none, and file creation on a virtual disk is slow and
# noisy. Installs newsboat and GNU time with apt-get when missing.
#
# Each side runs BENCH_RUNS times (default 3), alternating; the best wall
# time of each is compared.
#
#   bench/fetch/run.sh [FEEDS] [ITEMS]      defaults: 1000 25
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
FEEDS=${1:-1000}
ITEMS=${2:-25}
RUNS=${BENCH_RUNS:-3}
command -v newsboat >/dev/null || { echo "installing newsboat" >&2; apt-get install -y -q newsboat >/dev/null; }
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
command -v sqlite3 >/dev/null || apt-get install -y -q sqlite3 >/dev/null
make -s -j2 >/dev/null
make -s -j2 NM_INNER=1 tests >/dev/null
total=$((FEEDS * ITEMS))
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null' EXIT

# measure W NAME CMD... — sets wall, cpu (s) and rss (KiB) of CMD
measure() {
  local w=$1 name=$2; shift 2
  /usr/bin/time -v -o "$w/$name.time" "$@" > "$w/$name.out" 2>&1 || {
    echo "$name failed:"; tail -5 "$w/$name.out"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$w/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$w/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$w/$name.time")
}

bench_in() { # bench_in DIR LABEL
  local W=$1 label=$2 k
  rm -rf "$W"; mkdir -p "$W/site" "$W/newsboat"
  build/tests/tools/nm_testd "$W" > "$W/port" 2>/dev/null &
  server=$!
  for i in $(seq 1 50); do [ -s "$W/port" ] && break; sleep 0.1; done
  local port; port=$(cat "$W/port")
  {
    echo "bench:"; echo "  gen:"
    for i in $(seq 1 "$FEEDS"); do
      printf "    - title: 'Feed %d'\n      url: 'http://f%d.localhost:%s/gen/%d.xml?items=%d'\n      fulltext: never\n" "$i" "$i" "$port" "$i" "$ITEMS"
    done
  } > "$W/site/feeds.yml"
  for i in $(seq 1 "$FEEDS"); do echo "http://f$i.localhost:$port/gen/$i.xml?items=$ITEMS"; done > "$W/newsboat/urls"
  printf 'reload-threads 8\n' > "$W/newsboat/config"
  # Best of RUNS for each, alternating. Every newsmill run gets a site of
  # its own and nothing is deleted until the end: ext4 without a journal
  # (this VM's disk) skips inodes freed in the last ~30-60 s when it
  # allocates new ones, so creating files right after deleting many costs
  # several times more (find_inode_bit/recently_deleted in perf).
  local nw= nc= nr= bw= bc= br= nws= bws= posts bi
  for k in $(seq 1 "$RUNS"); do
    mkdir -p "$W/site$k"; cp "$W/site/feeds.yml" "$W/site$k/"
    measure "$W" newsmill build/newsmill -q -C "$W/site$k" fetch -j 8
    nws="$nws $wall"
    if [ -z "$nw" ] || awk -v a="$wall" -v b="$nw" 'BEGIN {exit !(a < b)}'; then
      nw=$wall nc=$cpu nr=$rss
      posts=$(find "$W/site$k/source/_posts" -name '*.md' | wc -l)
    fi
    measure "$W" newsboat newsboat -u "$W/newsboat/urls" -c "$W/newsboat/cache$k.db" \
      -C "$W/newsboat/config" -x reload
    bws="$bws $wall"
    if [ -z "$bw" ] || awk -v a="$wall" -v b="$bw" 'BEGIN {exit !(a < b)}'; then
      bw=$wall bc=$cpu br=$rss
      bi=$(sqlite3 "$W/newsboat/cache$k.db" "SELECT count(*) FROM rss_item" 2>/dev/null || echo "?")
    fi
  done
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=
  awk -v t="$total" -v p="$posts" -v nw="$nw" -v nc="$nc" -v nr="$nr" -v bw="$bw" -v bc="$bc" \
      -v br="$br" -v bi="$bi" -v label="$label" -v nws="$nws" -v bws="$bws" -v runs="$RUNS" 'BEGIN {
    printf "%s (best of %d; all runs: newsmill%s s, newsboat%s s):\n", label, runs, nws, bws
    printf "  newsmill fetch -j 8  %7.2f s %8.0f items/s  cpu %6.2f s  peak RSS %6.1f MiB  (%d posts)\n", nw, t / nw, nc, nr / 1024, p
    printf "  newsboat -x reload   %7.2f s %8.0f items/s  cpu %6.2f s  peak RSS %6.1f MiB  (%s items)\n", bw, t / bw, bc, br / 1024, bi
    r = bw / nw
    printf "  ratio (items/s): newsmill %.2fx newsboat (target >= 5x: %s); per CPU second: %.2fx\n", r, (r >= 5 ? "ok" : "MISSED"), bc / nc
  }'
  rm -rf "$W"
}

echo "fetch benchmark: $FEEDS feeds x $ITEMS items = $total items from loopback; targets: >= 5x newsboat, RSS < 200 MiB"
bench_in "$root/build/bench/fetch" "on disk (build/bench/fetch)"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  bench_in "/dev/shm/newsmill-bench-$$" "in memory (/dev/shm)"
fi
