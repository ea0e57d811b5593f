#!/usr/bin/env bash
# bench/parse/run.sh — how fast `newsmill parse --json` reads feeds, next to
# the floor (a bare libxml2 xmlReadMemory of the same bytes, bare_libxml2.c)
# and the reference (Python feedparser, Debian's python3-feedparser), all
# measured in this run on the same generated inputs:
#   big:   one ~50 MB RSS 2.0 feed of Chinese news items (RSSHub style)
#   small: 1,000 small feeds (RSS 2.0, Atom 1.0, RSS 1.0 in turn)
# newsmill and the floor each run in one process over all the files (best
# of BENCH_RUNS, default 3); feedparser runs once. Times are CPU seconds
# (user + sys) of the process: the machine is shared, and wall time measures
# the neighbours. Targets (issue 3): newsmill items/s >= 50x feedparser's,
# newsmill MB/s >= 0.5x bare libxml2's.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/bench/parse
runs=${BENCH_RUNS:-3}
mkdir -p "$out"

# what the bench needs
if ! /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-feedparser >/dev/null
  else
    echo "bench/parse: needs python3-feedparser: apt-get install python3-feedparser" >&2; exit 2
  fi
fi
[ -x build/newsmill ] || make -j2 >/dev/null
cc -O2 -o "$out/bare" bench/parse/bare_libxml2.c $(pkg-config --cflags --libs libxml-2.0)
[ -f "$out/big.xml" ] && [ -f "$out/small/0999.xml" ] || python3 bench/parse/gen.py "$out" >/dev/null

big=("$out/big.xml")
mapfile -t small < <(ls "$out"/small/*.xml)

# cpu_of CMD...: the best CPU time (user+sys of the child, seconds, with
# getrusage's microseconds) of BENCH_RUNS runs
cpu_of() {
  python3 - "$runs" "$@" <<'PY'
import resource, subprocess, sys
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
print("%.4f" % best)
PY
}

report() { # NAME FILES...
  local name=$1; shift
  local bytes items nm bare fp
  bytes=$(cat "$@" | wc -c)
  # entries as newsmill counts them (also a check that every file parses)
  items=$(build/newsmill parse "$@" | awk '/^entries: /{n += $2} END{print n}')
  nm=$(cpu_of build/newsmill parse --json "$@")
  bare=$(cpu_of "$out/bare" "$@")
  read -r _ fp_items fp < <(/usr/bin/python3 bench/parse/fp_bench.py "$@")
  awk -v name="$name" -v bytes="$bytes" -v items="$items" -v fpi="$fp_items" \
      -v nm="$nm" -v bare="$bare" -v fp="$fp" 'BEGIN {
    mb = bytes / 1e6
    printf "%s: %.1f MB, %d items (feedparser found %d)\n", name, mb, items, fpi
    printf "  %-26s %8.3f s cpu %9.1f MB/s %11.0f items/s\n", "newsmill parse --json", nm, mb / nm, items / nm
    printf "  %-26s %8.3f s cpu %9.1f MB/s %11s\n", "bare libxml2 xmlReadMemory", bare, mb / bare, "-"
    printf "  %-26s %8.3f s cpu %9.1f MB/s %11.0f items/s\n", "feedparser 6.0.10", fp, mb / fp, fpi / fp
    r1 = (mb / nm) / (mb / bare); r2 = (items / nm) / (fpi / fp)
    printf "  newsmill / bare libxml2 MB/s:  %.2fx (target >= 0.5x) %s\n", r1, ((r1 >= 0.5) ? "ok" : "MISSED")
    printf "  newsmill / feedparser items/s: %.0fx (target >= 50x) %s\n", r2, ((r2 >= 50) ? "ok" : "MISSED")
  }'
}

echo "bench/parse ($(date -u +%Y-%m-%dT%H:%M:%SZ), best of $runs, CPU time)"
report big "${big[@]}"
report small "${small[@]}"
