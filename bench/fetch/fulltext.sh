#!/usr/bin/env bash
# bench/fetch/fulltext.sh — what full text costs: `newsmill fetch` on the
# same generated feeds without and with each item's page.
#
# FEEDS generated feeds of ITEMS items each, every feed on its own host
# name (fN.localhost, loopback), their items linking to generated article
# pages on the same host (nm_testd /gen/N.xml?page=1). Then, alternating,
# best of BENCH_RUNS (default 3), each run in a site of its own:
#   - anchor: fulltext: never   (the feeds only, as bench/fetch/run.sh)
#   - fulltext: always, page_interval: 0   (every page fetched, 2 per host
#     at once, extracted, cleaned, the post rewritten)
# and prints wall and CPU seconds of both, pages/s of the second and the
# cost per page (extra wall and CPU time over the anchor, divided by the
# pages). page_interval is 0 so that the figure measures newsmill, not
# the politeness delay (at the default 1000 ms a host's pages take a
# second each by design).
#
#   bench/fetch/fulltext.sh [FEEDS] [ITEMS]      defaults: 100 10
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
FEEDS=${1:-100}
ITEMS=${2:-10}
RUNS=${BENCH_RUNS:-3}
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
make -s -j2 >/dev/null
make -s -j2 NM_INNER=1 tests >/dev/null
total=$((FEEDS * ITEMS))
W=$root/build/bench/fulltext
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null' EXIT

measure() { # measure NAME CMD... — sets wall and cpu (s) of CMD
  local name=$1; shift
  /usr/bin/time -v -o "$W/$name.time" "$@" > "$W/$name.out" 2>&1 || {
    echo "$name failed:"; tail -5 "$W/$name.out"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$W/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$W/$name.time")
}

rm -rf "$W"; mkdir -p "$W"
build/tests/tools/nm_testd "$W" > "$W/port" 2>/dev/null &
server=$!
for i in $(seq 1 50); do [ -s "$W/port" ] && break; sleep 0.1; done
port=$(cat "$W/port")
feeds_yml() { # feeds_yml MODE
  echo "bench:"; echo "  gen:"
  for i in $(seq 1 "$FEEDS"); do
    printf "    - title: 'Feed %d'\n      url: 'http://f%d.localhost:%s/gen/%d.xml?items=%d&page=1'\n      fulltext: %s\n" \
      "$i" "$i" "$port" "$i" "$ITEMS" "$1"
  done
}
aw= ac= fw= fc= aws= fws= pages=
for k in $(seq 1 "$RUNS"); do
  for mode in never always; do
    s="$W/$mode$k"; mkdir -p "$s"
    feeds_yml "$mode" > "$s/feeds.yml"
    printf 'newsmill:\n  page_interval: 0\n' > "$s/_config.yml"
    measure "$mode" build/newsmill -C "$s" fetch -j 8
    if [ "$mode" = never ]; then
      aws="$aws $wall"
      if [ -z "$aw" ] || awk -v a="$wall" -v b="$aw" 'BEGIN {exit !(a < b)}'; then aw=$wall ac=$cpu; fi
    else
      fws="$fws $wall"
      grep -q "^pages: $total fetched; posts: $total full text" "$W/always.out" ||
        { echo "not every page was taken:"; cat "$W/always.out"; exit 1; }
      if [ -z "$fw" ] || awk -v a="$wall" -v b="$fw" 'BEGIN {exit !(a < b)}'; then fw=$wall fc=$cpu; fi
    fi
  done
done
awk -v t="$total" -v aw="$aw" -v ac="$ac" -v fw="$fw" -v fc="$fc" -v aws="$aws" -v fws="$fws" \
    -v runs="$RUNS" -v feeds="$FEEDS" 'BEGIN {
  printf "full-text benchmark: %d feeds on %d hosts, %d items, %d article pages (best of %d; all runs: never%s s, always%s s)\n", feeds, feeds, t, t, runs, aws, fws
  printf "  fulltext: never  (anchor)  %6.2f s  cpu %6.2f s  %8.0f items/s\n", aw, ac, t / aw
  printf "  fulltext: always           %6.2f s  cpu %6.2f s  %8.0f items/s  %6.0f pages/s\n", fw, fc, t / fw, t / fw
  printf "  per page: %.2f ms wall, %.2f ms CPU over the anchor; always/never wall %.2fx\n", (fw - aw) * 1000 / t, (fc - ac) * 1000 / t, fw / aw
}'
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=
rm -rf "$W"
