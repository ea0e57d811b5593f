#!/bin/bash
# publish.sh — the cost of publishing 10 new posts, per layout mode.
#
#   bench/build/publish.sh [SIZES]    default SIZES="10000 100000"
#   NM_BENCH_1M=1                     also 1,000,000 posts (generated here,
#                                     removed with its sites after all the
#                                     timing; needs ~30 GB of disk)
#   MODES="stable shared,hexo shared" only these modes (default: the three;
#                                     at 1,000,000 only "stable shared")
#   NM_BENCH_WORK=DIR                 work here (default build/bench/build)
#   NM_BENCH_KEEP=1                   keep the 1,000,000-post corpus and sites
#                                     (another timing may still be running)
#   NM_BENCH_OTHERS=0                 skip Hugo and Hexo at 10,000
#   NM_BENCH_BIN=FILE                 time this newsmill (default build/newsmill)
#
# For each size and each mode — hexo pagination with the sidebar inline
# in every page (the old way), hexo with the shared sidebar.html, stable
# pagination with the shared sidebar — on the default theme: a clean
# build, a no-op rebuild, and a rebuild after adding the same 10 posts
# (gen-posts.py, as run.sh), each timed with /usr/bin/time (wall seconds,
# peak RSS); a `sync` (not timed) after the clean build. After the +10 build: the files rewritten and their bytes
# (files whose mtime moved): the files outside public/search/ (the
# target's count) and the search shards the new posts' tokens touched,
# reported apart. At 10,000 also Hugo's and Hexo's clean, no-op and +10
# builds of the same posts (Hexo 8 installed from npm as run.sh does),
# with the files their +10 rewrites. Beside every row the load average (1 min) when it started: the
# machine may be shared; and the CPU seconds (user + system) of each
# build. newsmill runs with -v: WORK/pub-{clean,noop,add}-N-MODE.log
# keep its phase lines (seconds, resident and peak MB, malloc's MB in use and free, after each phase). Sites of each mode are kept
# until the end (no timing just after deleting a big tree: ext4 creates
# files slowly for a minute after mass deletions). Prints a Markdown table
# and writes it to build/bench/build/publish.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/build"
work=${NM_BENCH_WORK:-$root/build/bench/build}
sizes=${1:-"10000 100000"}
[ "${NM_BENCH_1M:-0}" = 1 ] && sizes="$sizes 1000000"
nm=${NM_BENCH_BIN:-$root/build/newsmill}
mkdir -p "$work"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
[ -x "$nm" ] || make -C "$root" -j2 >/dev/null
# the binary as it is now: a rebuild of build/newsmill during the bench
# would change its identity (and make every page "changed")
cp "$nm" "$work/newsmill.bench"; nm="$work/newsmill.bench"
hexo_mods="$work/hexo-deps"
if [ ! -x "$hexo_mods/node_modules/.bin/hexo" ] && command -v npm >/dev/null; then
  mkdir -p "$hexo_mods"
  (cd "$hexo_mods" && echo '{"name":"bench-hexo","private":true}' > package.json &&
   npm install --no-audit --no-fund --loglevel=error hexo@8 hexo-generator-index \
     hexo-generator-archive hexo-generator-category hexo-generator-tag hexo-generator-feed \
     hexo-renderer-marked hexo-renderer-ejs hexo-renderer-stylus hexo-theme-landscape >/dev/null) ||
    echo "npm could not install Hexo: its row is left out" >&2
fi
load() { cut -d' ' -f1 /proc/loadavg; }

timed() {
  local label=$1; shift
  l0=$(load)
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.out" nice "$@" >"$work/$label.log" 2>&1 ||
    { echo "$label failed, see $work/$label.log" >&2; tail -5 "$work/$label.log" >&2; return 1; }
  read -r secs kb user sys < "$work/time.out"
  rss_mb=$((kb / 1024))
  loads="${loads:+$loads/}$l0"
  cpus="${cpus:+$cpus/}$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}')"
}

# changed DIR MARK — files under DIR newer than MARK: $nfiles $nbytes
# outside DIR/search/, $sfiles $sbytes inside, $pfiles post pages
# (YYYY/MM/DD/...) among them.
changed() {
  read -r nfiles nbytes sfiles sbytes pfiles < <(find "$1" -type f -newer "$2" -printf '%s %P\n' |
    awk '{ if ($2 ~ /^search\//) { sf++; sb += $1 } else { f++; b += $1 }
           if ($2 ~ /^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9]\//) p++ }
         END { printf "%d %d %d %d %d\n", f, b, sf, sb, p }')
}

results="$work/publish.md"
rows="$results.rows"
{
  echo "| posts | mode | clean s | clean RSS MB | no-op s | no-op RSS MB | +10 posts s | +10 RSS MB | files rewritten outside public/search/ (+10) | post pages among them | MB written | search files rewritten (MB) | files | load clean/no-op/+10 | CPU s (user + sys) clean/no-op/+10 |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
} > "$rows"
made=(); made_sites=()
for n in $sizes; do
  posts="$work/posts-$n"
  if [ ! -f "$posts/.done" ]; then
    rm -rf "$posts"; nice python3 "$here/gen-posts.py" "$n" "$posts"; touch "$posts/.done"
    [ "$n" -ge 1000000 ] && made+=("$posts")
  fi
  more="$work/more-$n"
  [ -d "$more" ] || nice python3 "$here/gen-posts.py" 10 "$more" "$n"
  modes=${MODES:-"hexo inline,hexo shared,stable shared"}
  [ -z "${MODES:-}" ] && [ "$n" -ge 1000000 ] && modes="stable shared"
  IFS=, read -ra mlist <<< "$modes"
  for mode in "${mlist[@]}"; do
    set -- $mode; loads=; cpus=
    made_sites+=("$n:$work/publish-$n-$1-$2")
    s="$work/publish-$n-$1-$2"
    if [ -d "$s" ]; then
      echo "$s exists: remove it (and wait a minute) before timing again" >&2; exit 1
    fi
    mkdir -p "$s/source"
    cp -rl "$posts" "$s/source/_posts"; rm -f "$s/source/_posts/.done"
    # a post whose file changed in the 2 s before it was read is read
    # again by the next build (the cache's guard against same-tick
    # rewrites); the links just made would make the no-op read thousands
    sleep 3
    printf 'title: bench\nurl: http://example.com\nlanguage: zh-CN\nnewsmill:\n  pagination: %s\n  sidebar: %s\n' "$1" "$2" > "$s/_config.yml"
    id="$n-$1-$2"
    timed "pub-clean-$id" "$nm" -v -C "$s" build --clean; c=$secs; crss=$rss_mb
    # the clean build leaves gigabytes to write back: flushed (not timed)
    # so that the no-op and +10 builds do not wait for them (the +10
    # build's fsync of the manifest would)
    sync
    timed "pub-noop-$id" "$nm" -v -C "$s" build; noop=$secs; nrss=$rss_mb
    touch "$work/mark"; sleep 1.1
    cp -l "$more"/*.md "$s/source/_posts/"
    timed "pub-add-$id" "$nm" -v -C "$s" build; add=$secs; arss=$rss_mb
    changed "$s/public" "$work/mark"
    total=$(sed -n 's/.*: built .* into .*: \([0-9]*\) files.*/\1/p' "$work/pub-add-$id.log")
    echo "| $n | $1 + $2 sidebar | $c | $crss | $noop | $nrss | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | $sfiles ($(awk -v b="$sbytes" 'BEGIN{printf "%.1f", b/1e6}')) | $total | $loads | $cpus |" >> "$rows"
    cat "$rows" | tail -1
  done

  if [ "$n" -eq 10000 ] && [ "${NM_BENCH_OTHERS:-1}" != 0 ]; then
    # --- Hugo and Hexo: the same 10 posts on the same 10,000 ---
    if command -v hugo >/dev/null || apt-get install -y -qq hugo >/dev/null 2>&1; then
      h="$work/publish-hugo-$n"; loads=; cpus=
      if [ ! -d "$h" ]; then
        mkdir -p "$h/content"
        cp -r "$here/hugo/hugo.toml" "$here/hugo/layouts" "$h/"
        cp -rl "$posts" "$h/content/posts"; rm -f "$h/content/posts/.done"
        timed hugo-clean hugo -s "$h" --quiet; c=$secs; crss=$rss_mb
        timed hugo-noop hugo -s "$h" --quiet; noop=$secs; nrss=$rss_mb
        touch "$work/mark"; sleep 1.1
        cp -l "$more"/*.md "$h/content/posts/"
        timed hugo-add hugo -s "$h" --quiet; add=$secs; arss=$rss_mb
        changed "$h/public" "$work/mark"
        echo "| $n | Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $c | $crss | $noop | $nrss | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | | $(find "$h/public" -type f | wc -l) | $loads | $cpus |" >> "$rows"
        tail -1 "$rows"
      fi
    fi
    x="$work/publish-hexo-$n"; loads=; cpus=
    if [ -x "$hexo_mods/node_modules/.bin/hexo" ] && [ ! -d "$x" ]; then
      mkdir -p "$x/source"
      cp -rl "$posts" "$x/source/_posts"; rm -f "$x/source/_posts/.done"
      cp "$hexo_mods/package.json" "$x/"; ln -s "$hexo_mods/node_modules" "$x/node_modules"
      printf 'title: bench\nurl: http://example.com\ntheme: landscape\nlanguage: zh-CN\ntimezone: UTC\nper_page: 10\n' > "$x/_config.yml"
      # Hexo loads only the plugins its package.json lists (as run.sh)
      (cd "$x" && node -e 'const p=require("./package.json");p.hexo={version:"8"};p.dependencies={};for(const m of require("fs").readdirSync("node_modules"))if(/^hexo-(generator|renderer|theme)/.test(m))p.dependencies[m]="*";require("fs").writeFileSync("package.json",JSON.stringify(p))')
      export NODE_OPTIONS=--max-old-space-size=16384
      timed hexo-clean sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; c=$secs; crss=$rss_mb
      timed hexo-noop sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; noop=$secs; nrss=$rss_mb
      touch "$work/mark"; sleep 1.1
      cp -l "$more"/*.md "$x/source/_posts/"
      timed hexo-add sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; add=$secs; arss=$rss_mb
      changed "$x/public" "$work/mark"
      echo "| $n | Hexo $(node -p "require('$hexo_mods/node_modules/hexo/package.json').version") + landscape | $c | $crss | $noop | $nrss | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | | $(find "$x/public" -type f | wc -l) | $loads | $cpus |" >> "$rows"
    else
      echo "| $n | Hexo | not run (npm could not install it, or $x is left from an earlier run) | | | | | | | | | | | | |" >> "$rows"
    fi
  fi
done
{ echo "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u +%Y-%m-%d)."; echo; cat "$rows"; } > "$results"
rm -f "$rows"
cat "$results"
echo "sites kept under $work/publish-*; remove them when done (then wait a minute before timing anything)" >&2
# all timing is done: now the 1,000,000-post corpus and its sites may go
[ "${NM_BENCH_KEEP:-0}" = 1 ] && exit 0
for p in "${made[@]}"; do rm -rf "$p"; done
for e in "${made_sites[@]}"; do [ "${e%%:*}" -ge 1000000 ] && rm -rf "${e#*:}"; done
exit 0
