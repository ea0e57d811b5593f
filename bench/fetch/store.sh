#!/usr/bin/env bash
# bench/fetch/store.sh — what the store's back end costs a fetch: the same
# `newsmill fetch -j 8` of FEEDS generated feeds × ITEMS items (loopback
# test server, one host name per feed, as bench/fetch/run.sh) into an
# SQLite store and into a PostgreSQL one (a throwaway server,
# tests/tools/pg.sh, on the same machine, durability off as in the tests),
# in the same run. Prints wall time, items/s, newsmill's CPU, the server's
# CPU (its backends', read from the postmaster's reaped children), peak RSS,
# the ratio, and whether the two runs wrote the same posts byte for byte.
# Everything lives in /dev/shm when it exists: the disk's noise is not the
# store's cost.
#
# Each back end runs BENCH_RUNS times (default 3), alternating, each into a
# new site (and a new database); the best wall time of each is compared.
#
#   bench/fetch/store.sh [FEEDS] [ITEMS]      defaults: 500 25
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
FEEDS=${1:-500}
ITEMS=${2:-25}
RUNS=${BENCH_RUNS:-3}
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
make -s -j2 >/dev/null
make -s -j2 NM_INNER=1 tests >/dev/null
total=$((FEEDS * ITEMS))
base=build/bench
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
W=$(mktemp -d "$base/newsmill-store-bench.XXXXXX")
PGD=$(mktemp -d "$base/newsmill-store-pg.XXXXXX")
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  tests/tools/pg.sh stop "$PGD" || true
  rm -rf "$W" "$PGD"
}
trap cleanup EXIT
PG=$(tests/tools/pg.sh start "$PGD")
PGB=${PG%/postgres}
postmaster=$(head -1 "$PGD/data/postmaster.pid")
# CPU seconds of the server's exited backends so far (utime+stime of the
# reaped children of the postmaster, fields 16 and 17 of /proc/PID/stat).
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($16 + $17) / hz}' "/proc/$postmaster/stat"; }

build/tests/tools/nm_testd "$W" > "$W/port" 2>/dev/null &
server=$!
for i in $(seq 1 50); do [ -s "$W/port" ] && break; sleep 0.1; done
port=$(cat "$W/port")
{
  echo "bench:"; echo "  gen:"
  for i in $(seq 1 "$FEEDS"); do
    printf "    - title: 'Feed %d'\n      url: 'http://f%d.localhost:%s/gen/%d.xml?items=%d'\n      fulltext: never\n" "$i" "$i" "$port" "$i" "$ITEMS"
  done
} > "$W/feeds.yml"

measure() { # measure NAME CMD... — sets wall, cpu (s) and rss (KiB)
  local name=$1; shift
  /usr/bin/time -v -o "$W/$name.time" "$@" > "$W/$name.out" 2>&1 || {
    echo "$name failed:"; tail -5 "$W/$name.out"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$W/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$W/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/$name.time")
}
better() { [ -z "$2" ] || awk -v a="$1" -v b="$2" 'BEGIN {exit !(a < b)}'; }

sw= sc= sr= pw= pc= pr= ps= sws= pws= same=yes
for k in $(seq 1 "$RUNS"); do
  mkdir -p "$W/lite$k" "$W/pg$k"
  cp "$W/feeds.yml" "$W/lite$k/"; cp "$W/feeds.yml" "$W/pg$k/"
  measure lite build/newsmill -q -C "$W/lite$k" fetch -j 8
  sws="$sws $wall"
  if better "$wall" "$sw"; then sw=$wall sc=$cpu sr=$rss; fi
  psql -q "$PG" -c "CREATE DATABASE bench$k" >/dev/null
  before=$(server_cpu)
  measure pg env NEWSMILL_STORE="$PGB/bench$k" build/newsmill -q -C "$W/pg$k" fetch -j 8
  after=$(server_cpu)
  pws="$pws $wall"
  if better "$wall" "$pw"; then pw=$wall pc=$cpu pr=$rss ps=$(awk -v a="$after" -v b="$before" 'BEGIN {print a - b}'); fi
  diff -rq "$W/lite$k/source/_posts" "$W/pg$k/source/_posts" >/dev/null || same=no
done
posts=$(find "$W/pg1/source/_posts" -name '*.md' | wc -l)
echo "store benchmark: newsmill fetch -j 8 of $FEEDS feeds x $ITEMS items = $total items from loopback, data in $base"
awk -v t="$total" -v sw="$sw" -v sc="$sc" -v sr="$sr" -v pw="$pw" -v pc="$pc" -v pr="$pr" -v ps="$ps" \
    -v sws="$sws" -v pws="$pws" -v runs="$RUNS" -v posts="$posts" -v same="$same" 'BEGIN {
  printf "best of %d; all runs: sqlite%s s, postgresql%s s\n", runs, sws, pws
  printf "  sqlite      %7.2f s %8.0f items/s  newsmill cpu %6.2f s                     peak RSS %6.1f MiB\n", sw, t / sw, sc, sr / 1024
  printf "  postgresql  %7.2f s %8.0f items/s  newsmill cpu %6.2f s  server cpu %6.2f s  peak RSS %6.1f MiB\n", pw, t / pw, pc, ps, pr / 1024
  printf "  postgresql / sqlite: wall %.2fx, items/s %.2fx, CPU (newsmill + server) %.2fx\n", pw / sw, sw / pw, (pc + ps) / sc
  printf "  posts: %d in each run; every PostgreSQL run wrote the same files, byte for byte, as the SQLite run next to it: %s\n", posts, same
}'
