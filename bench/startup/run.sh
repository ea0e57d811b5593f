#!/usr/bin/env bash
# bench/startup/run.sh — what a command costs before it does anything:
# task-clock (CPU ms, `perf stat -r RUNS`, default 20) of commands that
# never touch the network, next to two anchors measured in the same run:
# /bin/true (the floor of starting any process) and a C program linked
# with libcurl that calls nothing (what start-up cost while newsmill
# linked libcurl and libmicrohttpd; they are now loaded with dlopen when a
# fetch or serve starts). Target (issue 10): at most 10 ms each, and
# well under the libcurl anchor. Also prints how many shared objects the
# binary maps. BEFORE=/path/to/an/older/newsmill adds its rows (e.g. a
# build of the commit before the change) for a before/after in one run.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${BENCH_RUNS:-20}
out=build/bench/startup
mkdir -p "$out"
command -v perf >/dev/null || { echo "bench/startup: needs perf (apt-get install linux-perf)" >&2; exit 2; }
[ -x build/newsmill ] || make -j2 >/dev/null
printf 'int main(void){return 0;}\n' >"$out/anchor.c"
cc -O2 -o "$out/anchor_curl" "$out/anchor.c" -Wl,--no-as-needed \
  $(pkg-config --libs libcurl libmicrohttpd libxml-2.0)
seed=tests/fixtures/seed-post.md
mkdir -p "$out/site/source/_posts" && cp "$seed" "$out/site/source/_posts/seed.md"

ms() { # CMD... -> task-clock ms (mean of $runs)
  perf stat -x, -e task-clock -r "$runs" "$@" 2>&1 >/dev/null </dev/null | awk -F, '/task-clock/ {printf "%.2f", $1}'
}
t_true=$(ms /bin/true)
t_curl=$(ms "$out/anchor_curl")
printf '%-34s %8s  %s\n' "command" "ms" "x /bin/true"
row() { printf '%-34s %8s  %.1f\n' "$1" "$2" "$(awk -v a="$2" -v b="$t_true" 'BEGIN { print a / b }')"; }
row "/bin/true (anchor)" "$t_true"
row "empty program linking libcurl+mhd" "$t_curl"
row "newsmill --version" "$(ms build/newsmill --version)"
row "newsmill post show SEED" "$(ms build/newsmill post show "$seed")"
row "newsmill check (a one-post site)" "$(ms build/newsmill -C "$out/site" check)"
row "newsmill sanitize < SEED" "$(ms bash -c "build/newsmill sanitize < $seed")"
row "bash -c true (for the row above)" "$(ms bash -c true)"
if [ -n "${BEFORE:-}" ]; then
  row "BEFORE --version" "$(ms "$BEFORE" --version)"
  row "BEFORE post show SEED" "$(ms "$BEFORE" post show "$seed")"
  row "BEFORE check (a one-post site)" "$(ms "$BEFORE" -C "$out/site" check)"
  echo "shared objects mapped by BEFORE: $(ldd "$BEFORE" | wc -l)"
fi
echo "shared objects mapped by build/newsmill: $(ldd build/newsmill | wc -l)" \
     "(the libcurl anchor: $(ldd "$out/anchor_curl" | wc -l))"
