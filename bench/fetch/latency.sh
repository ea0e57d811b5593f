#!/usr/bin/env bash
# bench/fetch/latency.sh — fetching when the network, not the CPU, is the
# cost: FEEDS feeds, each answering after 100-1,000 ms, spread over HOSTS
# hosts, each host an address of its own in 127.0.0.0/8 (127.1.X.Y), so
# the per-host connection limit applies as it would on the internet.
#
# The loopback server (tests/tools/nm_testd --all-loopback) generates each
# feed (ITEMS items) and sleeps ?delay=MS before answering; feed i gets
# 100 + (i * 7919) % 901 ms and host i % HOSTS, so every run and every tool
# sees the same delays. In the same run, on the same feeds:
#   - newsmill -C SITE fetch -j J   for J in JOBS (default "8 32 128"),
#                                   each into a new site (SQLite store)
#   - newsboat -x reload            reload-threads T for T in NB_THREADS
#                                   (default "8 32")
#   - newsmill fetch --worker       W worker processes at once for W in
#                                   WORKERS (default "1 2 4"), each -j WJ
#                                   (default 128), on a PostgreSQL store
#                                   (a throwaway server, tests/tools/pg.sh,
#                                   fsync off), a new database each; then
#                                   `newsmill sync` writes their posts
#                                   (timed apart), checked against the
#                                   SQLite -j 128 site's (same bytes)
# With FULLTEXT=always the feeds are `fulltext: always` and their items
# link to generated article pages on the feed's host (/genpage/), which
# every newsmill run (SQLite and workers) fetches after the feeds, paced
# by newsmill.page_interval (PAGE_INTERVAL ms, default newsmill's 1000);
# newsboat fetches no pages, so compare it only without FULLTEXT.
# It prints wall time, feeds/s, CPU seconds and peak RSS (GNU time) of
# each (for workers: wall from the first start to the last end, CPU of all
# workers, the peak RSS of the largest, and the server's CPU apart), the floor the delays allow at that concurrency (sum of delays / J:
# no tool can beat it), and newsmill's ratio to newsboat at equal
# concurrency. Targets (issue 16): at least 100 feeds/s; under 200 MiB.
#
# Everything lives in /dev/shm (one directory per run, removed only at the
# end): the posts newsmill writes would otherwise meet this disk's slow
# file creation after a deletion, which newsboat (one SQLite file) does not
# pay. Installs newsboat and GNU time with apt-get when missing.
#
#   bench/fetch/latency.sh [FEEDS] [HOSTS] [ITEMS]     defaults: 10000 500 5
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
FEEDS=${1:-10000}
HOSTS=${2:-500}
ITEMS=${3:-5}
JOBS=${JOBS-8 32 128}
FULLTEXT=${FULLTEXT:-never}
PAGE_INTERVAL=${PAGE_INTERVAL:-}
conf() { # conf SITE [STORE-URL]: the site's _config.yml
  printf 'newsmill:\n' > "$1/_config.yml"
  [ -n "${2:-}" ] && printf '  store: %s\n' "$2" >> "$1/_config.yml"
  [ -n "$PAGE_INTERVAL" ] && printf '  page_interval: %s\n' "$PAGE_INTERVAL" >> "$1/_config.yml"
  return 0
}
NB_THREADS=${NB_THREADS-8 32}
command -v newsboat >/dev/null || { echo "installing newsboat" >&2; apt-get install -y -q newsboat >/dev/null; }
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
command -v sqlite3 >/dev/null || apt-get install -y -q sqlite3 >/dev/null
make -s -j2 >/dev/null
make -s -j2 NM_INNER=1 tests >/dev/null
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base="$root/build/bench"
W=$(mktemp -d "$base/newsmill-latency.XXXXXX")
server=
WORKERS=${WORKERS-1 2 4}
WJ=${WJ:-128}
PGD=
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -n "$PGD" ] && tests/tools/pg.sh stop "$PGD" && rm -rf "$PGD"; wait 2>/dev/null; rm -rf "$W"' EXIT
if [ -n "$WORKERS" ]; then
  # not under $W: as root the server runs as nobody, who must reach it
  PGD=$(mktemp -d "${TMPDIR:-/tmp}/nm-pg.XXXXXX")
  PG=$(tests/tools/pg.sh start "$PGD")
fi

build/tests/tools/nm_testd "$W" --all-loopback > "$W/port" 2>/dev/null &
server=$!
for _ in $(seq 1 50); do [ -s "$W/port" ] && break; sleep 0.1; done
port=$(cat "$W/port")

# the feeds: URL and delay of each
python3 - "$FEEDS" "$HOSTS" "$ITEMS" "$port" "$W" "$FULLTEXT" <<'PY'
import sys
feeds, hosts, items, port, w = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
fulltext = sys.argv[6]
total = 0
with open(w + "/feeds.yml", "w") as y, open(w + "/urls", "w") as u:
    y.write("latency:\n  gen:\n")
    for i in range(1, feeds + 1):
        h = i % hosts
        delay = 100 + (i * 7919) % 901
        total += delay
        url = "http://127.1.%d.%d:%s/gen/%d.xml?items=%d&delay=%d" % (h // 250, h % 250 + 1, port, i, items, delay)
        if fulltext == "always":
            url += "&page=1"
        y.write("    - title: 'Feed %d'\n      url: '%s'\n      fulltext: %s\n" % (i, url, fulltext))
        u.write(url + "\n")
open(w + "/delay_ms", "w").write(str(total))
PY
total_delay=$(cat "$W/delay_ms")

# measure NAME CMD... — sets wall, cpu (s) and rss (KiB) of CMD
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$W/$name.time" "$@" > "$W/$name.out" 2>&1 || {
    echo "$name failed:"; tail -5 "$W/$name.out"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$W/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$W/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/$name.time")
}

row() { # row LABEL CONCURRENCY COUNT WHAT
  awk -v l="$1" -v j="$2" -v n="$3" -v what="$4" -v w="$wall" -v c="$cpu" -v r="$rss" \
      -v f="$FEEDS" -v d="$total_delay" 'BEGIN {
    floor = d / 1000 / j
    printf "  %-28s %8.2f s %7.1f feeds/s  cpu %6.2f s  peak RSS %6.1f MiB  floor %6.2f s  (%s %s)\n",
      l, w, f / w, c, r / 1024, floor, n, what }'
}

echo "latency-bound fetch: $FEEDS feeds x $ITEMS items, $HOSTS hosts (127.1.x.y), 100-1,000 ms each (sum $((total_delay / 1000)) s), fulltext: $FULLTEXT${PAGE_INTERVAL:+, page_interval $PAGE_INTERVAL ms}; load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A nm_wall nb_wall
for j in $JOBS; do
  mkdir -p "$W/site$j"
  cp "$W/feeds.yml" "$W/site$j/"
  conf "$W/site$j"
  measure "newsmill$j" build/newsmill -q -C "$W/site$j" fetch -j "$j"
  posts=$(find "$W/site$j/source/_posts" -name '*.md' | wc -l)
  row "newsmill fetch -j $j" "$j" "$posts" "posts"
  nm_wall[$j]=$wall
done
for t in $NB_THREADS; do
  printf 'reload-threads %s\n' "$t" > "$W/newsboat$t.conf"
  measure "newsboat$t" newsboat -u "$W/urls" -c "$W/newsboat$t.db" -C "$W/newsboat$t.conf" -x reload
  items=$(sqlite3 "$W/newsboat$t.db" "SELECT count(*) FROM rss_item" 2>/dev/null || echo "?")
  row "newsboat reload-threads $t" "$t" "$items" "items"
  nb_wall[$t]=$wall
done
# the server's CPU so far (its processes, reaped children included), in s
pg_cpu() {
  local pid; pid=$(head -1 "$PGD/data/postmaster.pid")
  awk '{print ($14 + $15 + $16 + $17) / 100}' "/proc/$pid/stat"
}
for nw in $WORKERS; do
  db="workers$nw"
  psql -q "$PG" -c "CREATE DATABASE $db" >/dev/null
  site="$W/pg$nw"; mkdir -p "$site"
  cp "$W/feeds.yml" "$site/"
  conf "$site" "${PG%/postgres}/$db"
  build/newsmill -q -C "$site" store migrate >/dev/null
  c0=$(pg_cpu)
  t0=$(date +%s.%N)
  pids=()
  for i in $(seq 1 "$nw"); do
    /usr/bin/time -v -o "$W/w$nw.$i.time" build/newsmill -q -C "$site" fetch --worker -j "$WJ" \
      > "$W/w$nw.$i.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { echo "worker failed:"; tail -5 "$W"/w$nw.*.out; exit 1; }; done
  t1=$(date +%s.%N)
  c1=$(pg_cpu)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')
  cpu=$(cat "$W"/w$nw.*.time | awk -F': ' '/User time|System time/ {s+=$2} END {print s}')
  rss=$(cat "$W"/w$nw.*.time | awk -F': ' '/Maximum resident set size/ {if ($2 > m) m = $2} END {print m}')
  claimed=$(cat "$W"/w$nw.*.out | sed -n 's/^worker: feeds: \([0-9]*\) claimed.*/\1/p' | awk '{s += $1} END {print s}')
  s0=$(date +%s.%N)
  build/newsmill -q -C "$site" sync
  s1=$(date +%s.%N)
  posts=$(find "$site/source/_posts" -name '*.md' | wc -l)
  row "$nw x newsmill fetch --worker -j $WJ" "$((nw * WJ))" "$posts" "posts"
  same=no
  j=$(echo $JOBS | awk '{print $NF}')
  if diff -q <(cd "$W/site$j/source/_posts" && sha256sum -- *.md | cut -d' ' -f1 | sort) \
             <(cd "$site/source/_posts" && sha256sum -- *.md | cut -d' ' -f1 | sort) >/dev/null; then same=yes; fi
  awk -v c="$claimed" -v sc="$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')" \
      -v sy="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')" -v same="$same" -v j="$j" 'BEGIN {
    printf "  %-28s feeds claimed %d, server cpu %.2f s, sync %.2f s; posts the same bytes as -j %s: %s\n",
      "", c, sc, sy, j, same }'
done
for t in $NB_THREADS; do
  [ -n "${nm_wall[$t]:-}" ] || continue
  awk -v t="$t" -v a="${nm_wall[$t]}" -v b="${nb_wall[$t]}" 'BEGIN {
    printf "  at %s at once: newsmill %.2fx newsboat (feeds/s)\n", t, b / a }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
