#!/bin/bash
# publish.sh — the cost of publishing 10 new posts, per layout mode.
#
#   bench/build/publish.sh [SIZES]    default SIZES="10000 100000"
#   NM_BENCH_1M=1                     also 1,000,000 posts (generated here,
#                                     removed after; needs ~6 GB of disk)
#
# For each size and each mode — hexo pagination with the sidebar inline
# in every page (the old way), hexo with the shared sidebar.html, stable
# pagination with the shared sidebar — on the default theme: a clean
# build, a no-op rebuild, and a rebuild after adding the same 10 posts
# (gen-posts.py, as run.sh), each timed with /usr/bin/time (wall seconds,
# peak RSS). After the +10 build: the files rewritten and their bytes
# (files whose mtime moved), public/search/ counted apart. At 10,000 also
# Hugo's rebuild after the same 10 posts (and Hexo's when run.sh has
# installed it), with the files they rewrite. Sites of each mode are kept
# until the end (no timing just after deleting a big tree: ext4 creates
# files slowly for a minute after mass deletions). Prints a Markdown table
# and writes it to build/bench/build/publish.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/build"
work="$root/build/bench/build"
sizes=${1:-"10000 100000"}
nm="$root/build/newsmill"
mkdir -p "$work"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
[ -x "$nm" ] || make -C "$root" -j2 >/dev/null
# the binary as it is now: a rebuild of build/newsmill during the bench
# would change its identity (and make every page "changed")
cp "$nm" "$work/newsmill.bench"; nm="$work/newsmill.bench"

timed() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.out" nice "$@" >"$work/$label.log" 2>&1 ||
    { echo "$label failed, see $work/$label.log" >&2; tail -5 "$work/$label.log" >&2; return 1; }
  read -r secs kb < "$work/time.out"
  rss_mb=$((kb / 1024))
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
  echo "| posts | mode | clean s | clean RSS MB | no-op s | no-op RSS MB | +10 posts s | +10 RSS MB | files rewritten (+10) | post pages among them | MB written | search/ files (MB) | files |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$rows"
made=()
for n in $sizes; do
  posts="$work/posts-$n"
  if [ ! -f "$posts/.done" ]; then
    rm -rf "$posts"; nice python3 "$here/gen-posts.py" "$n" "$posts"; touch "$posts/.done"
    [ "$n" -ge 1000000 ] && made+=("$posts")
  fi
  more="$work/more-$n"
  [ -d "$more" ] || nice python3 "$here/gen-posts.py" 10 "$more" "$n"
  for mode in "hexo inline" "hexo shared" "stable shared"; do
    set -- $mode
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
    timed pub-clean "$nm" -C "$s" build --clean; c=$secs; crss=$rss_mb
    timed pub-noop "$nm" -C "$s" build; noop=$secs; nrss=$rss_mb
    touch "$work/mark"; sleep 1.1
    cp -l "$more"/*.md "$s/source/_posts/"
    timed pub-add "$nm" -C "$s" build; add=$secs; arss=$rss_mb
    changed "$s/public" "$work/mark"
    total=$(grep -o '[0-9]* files' "$work/pub-add.log" | head -1 | cut -d' ' -f1)
    echo "| $n | $1 + $2 sidebar | $c | $crss | $noop | $nrss | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | $sfiles ($(awk -v b="$sbytes" 'BEGIN{printf "%.1f", b/1e6}')) | $total |" >> "$rows"
    cat "$rows" | tail -1
  done

  if [ "$n" -eq 10000 ]; then
    # --- Hugo and Hexo: the same 10 posts on the same 10,000 ---
    if command -v hugo >/dev/null || apt-get install -y -qq hugo >/dev/null 2>&1; then
      h="$work/publish-hugo-$n"
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
        echo "| $n | Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $c | $crss | $noop | $nrss | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | | $(find "$h/public" -type f | wc -l) |" >> "$rows"
        tail -1 "$rows"
      fi
    fi
    hexo_mods="$work/hexo-deps"
    if [ -x "$hexo_mods/node_modules/.bin/hexo" ]; then
      x="$work/publish-hexo-$n"; mkdir -p "$x/source"
      cp -rl "$posts" "$x/source/_posts"; rm -f "$x/source/_posts/.done"
      cp "$hexo_mods/package.json" "$x/"; ln -s "$hexo_mods/node_modules" "$x/node_modules"
      printf 'title: bench\nurl: http://example.com\ntheme: landscape\nlanguage: zh-CN\ntimezone: UTC\nper_page: 10\n' > "$x/_config.yml"
      export NODE_OPTIONS=--max-old-space-size=16384
      timed hexo-clean sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; c=$secs; crss=$rss_mb
      touch "$work/mark"; sleep 1.1
      cp -l "$more"/*.md "$x/source/_posts/"
      timed hexo-add sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; add=$secs; arss=$rss_mb
      changed "$x/public" "$work/mark"
      echo "| $n | Hexo + landscape | $c | $crss | | | $add | $arss | $nfiles | $pfiles | $(awk -v b="$nbytes" 'BEGIN{printf "%.1f", b/1e6}') | | |" >> "$rows"
    else
      echo "| $n | Hexo | not installed here (bench/build/run.sh installs it); see run.sh's +10 column | | | | | | | | | | |" >> "$rows"
    fi
  fi
done
{ echo "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u +%Y-%m-%d)."; echo; cat "$rows"; } > "$results"
rm -f "$rows"
cat "$results"
echo "sites kept under $work/publish-*; remove them when done (then wait a minute before timing anything)" >&2
for p in "${made[@]}"; do rm -rf "$p"; done
