#!/bin/bash
# run.sh — build the same news site with newsmill, Hugo and Hexo 8.
#
#   bench/build/run.sh [SIZES]     default SIZES="1000 10000"; e.g. "1000 10000 100000"
#   SKIP_HEXO_ABOVE=N              skip Hexo above N posts (default 10000)
#   HUGO_CLEAN_ONLY_ABOVE=N        above N posts, time only Hugo's clean build
#                                  (default 10000: three 100k Hugo builds take
#                                  half an hour on a shared 2-CPU machine)
#
# For each size: posts in the seed's format from gen-posts.py (CJK titles,
# 3-level categories, 2-8 KB bodies with images), then for each tool a
# clean build, a rebuild with nothing changed, and a rebuild after adding
# 10 posts, each timed with /usr/bin/time (wall seconds, peak RSS), plus the
# files and bytes of the output and the time of `cp -r` of newsmill's output
# (the floor). Installs what it needs: hugo and time from Debian, hexo 8 and
# its generators and hexo-theme-landscape from npm (into build/bench/).
# Everything runs under nice. Prints a Markdown table and writes it to
# build/bench/build/results.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/build"
work="$root/build/bench/build"
sizes=${1:-"1000 10000"}
skip_hexo_above=${SKIP_HEXO_ABOVE:-10000}
hugo_clean_only_above=${HUGO_CLEAN_ONLY_ABOVE:-10000}
nm="$root/build/newsmill"
mkdir -p "$work"

command -v hugo >/dev/null || apt-get install -y -qq hugo >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
[ -x "$nm" ] || make -C "$root" -j2 >/dev/null
hexo_mods="$work/hexo-deps"
if [ ! -x "$hexo_mods/node_modules/.bin/hexo" ]; then
  mkdir -p "$hexo_mods"
  (cd "$hexo_mods" && echo '{"name":"bench-hexo","private":true}' > package.json &&
   npm install --no-audit --no-fund --loglevel=error hexo@8 hexo-generator-index \
     hexo-generator-archive hexo-generator-category hexo-generator-tag hexo-generator-feed \
     hexo-renderer-marked hexo-renderer-ejs hexo-renderer-stylus hexo-theme-landscape >/dev/null)
fi

# timed LABEL CMD... — runs CMD under nice and /usr/bin/time; sets $secs, $rss_mb.
timed() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.out" nice "$@" >"$work/$label.log" 2>&1 ||
    { echo "$label failed, see $work/$label.log" >&2; tail -5 "$work/$label.log" >&2; return 1; }
  read -r secs kb < "$work/time.out"
  rss_mb=$((kb / 1024))
}

count() { files=$(find "$1" -type f | wc -l); bytes=$(du -sb "$1" | cut -f1); }

results="$work/results.md"
{
  echo "| posts | tool | clean s | no-op s | +10 posts s | peak RSS MB | files | MB |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} > "$results.rows"
declare -A clean hugo_rss
for n in $sizes; do
  posts="$work/posts-$n"
  if [ ! -f "$posts/.done" ]; then
    rm -rf "$posts"; nice python3 "$here/gen-posts.py" "$n" "$posts"; touch "$posts/.done"
  fi
  more="$work/more-$n"
  [ -d "$more" ] || nice python3 "$here/gen-posts.py" 10 "$more" "$n"

  # --- newsmill ---
  s="$work/newsmill-$n"; rm -rf "$s"; mkdir -p "$s/source" "$s/themes"
  cp -rl "$posts" "$s/source/_posts"; rm -f "$s/source/_posts/.done"
  cp -r "$here/newsmill-theme" "$s/themes/bench"
  printf 'title: bench\nurl: http://example.com\ntheme: bench\nlanguage: zh-CN\n' > "$s/_config.yml"
  timed nm-clean "$nm" -C "$s" build --clean; c=$secs; peak=$rss_mb
  timed nm-noop "$nm" -C "$s" build; noop=$secs
  cp -l "$more"/*.md "$s/source/_posts/"
  timed nm-add "$nm" -C "$s" build; add=$secs
  written=$(grep -o '[0-9]* written' "$work/nm-add.log" | cut -d' ' -f1)
  count "$s/public"
  echo "| $n | newsmill | $c | $noop | $add ($written files written) | $peak | $files | $((bytes / 1000000)) |" >> "$results.rows"
  clean[newsmill-$n]=$c
  nm_rss=$peak
  rm -rf "$work/floor"
  timed floor cp -r "$s/public" "$work/floor"; floor=$secs
  rm -rf "$work/floor"
  echo "| $n | cp -r of newsmill's output (floor) | $floor | | | | $files | $((bytes / 1000000)) |" >> "$results.rows"
  clean[floor-$n]=$floor

  # --- Hugo ---
  h="$work/hugo-$n"; rm -rf "$h"; mkdir -p "$h/content"
  cp -r "$here/hugo/hugo.toml" "$here/hugo/layouts" "$h/"
  cp -rl "$posts" "$h/content/posts"; rm -f "$h/content/posts/.done"
  timed hugo-clean hugo -s "$h" --quiet; c=$secs; peak=$rss_mb
  noop=skipped; add=skipped
  if [ "$n" -le "$hugo_clean_only_above" ]; then
    timed hugo-noop hugo -s "$h" --quiet; noop=$secs
    cp -l "$more"/*.md "$h/content/posts/"
    timed hugo-add hugo -s "$h" --quiet; add=$secs
  fi
  count "$h/public"
  echo "| $n | Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $c | $noop | $add | $peak | $files | $((bytes / 1000000)) |" >> "$results.rows"
  clean[hugo-$n]=$c; hugo_rss[$n]=$peak

  # --- Hexo ---
  if [ "$n" -le "$skip_hexo_above" ]; then
    x="$work/hexo-$n"; rm -rf "$x"; mkdir -p "$x/source"
    cp -rl "$posts" "$x/source/_posts"; rm -f "$x/source/_posts/.done"
    cp "$hexo_mods/package.json" "$x/"
    ln -s "$hexo_mods/node_modules" "$x/node_modules"
    printf 'title: bench\nurl: http://example.com\ntheme: landscape\nlanguage: zh-CN\ntimezone: UTC\nper_page: 10\nfeed:\n  type: rss2\n  path: rss2.xml\n  limit: 20\n' > "$x/_config.yml"
    (cd "$x" && node -e 'const p=require("./package.json");p.hexo={version:"8"};p.dependencies={};for(const m of require("fs").readdirSync("node_modules"))if(/^hexo-(generator|renderer|theme)/.test(m))p.dependencies[m]="*";require("fs").writeFileSync("package.json",JSON.stringify(p))')
    export NODE_OPTIONS=--max-old-space-size=16384
    timed hexo-clean sh -c "cd '$x' && node_modules/.bin/hexo clean --silent && node_modules/.bin/hexo generate --silent"; c=$secs; peak=$rss_mb
    timed hexo-noop sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; noop=$secs
    cp -l "$more"/*.md "$x/source/_posts/"
    timed hexo-add sh -c "cd '$x' && node_modules/.bin/hexo generate --silent"; add=$secs
    count "$x/public"
    echo "| $n | Hexo $(node -p "require('$hexo_mods/node_modules/hexo/package.json').version") + landscape | $c | $noop | $add | $peak | $files | $((bytes / 1000000)) |" >> "$results.rows"
    clean[hexo-$n]=$c
    rm -rf "$x"
  else
    echo "| $n | Hexo | skipped above $skip_hexo_above posts: 3.7 GB at 10,000 grows past this machine's RAM, and Hexo 8 stops with \"too many open files\" (see bench/README.md) | | | | | |" >> "$results.rows"
  fi
  rm -rf "$h"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
  echo "| $n | ratios | Hugo/newsmill $(ratio "${clean[hugo-$n]}" "${clean[newsmill-$n]}")× · Hexo/newsmill $(ratio "${clean[hexo-$n]:-0}" "${clean[newsmill-$n]}")× · newsmill/floor $(ratio "${clean[newsmill-$n]}" "${clean[floor-$n]}")× · RSS newsmill/Hugo $(ratio "$nm_rss" "${hugo_rss[$n]}") | | | | | |" >> "$results.rows"
done
{ echo "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u +%Y-%m-%d)."; echo; cat "$results.rows"; } > "$results"
rm -f "$results.rows"
cat "$results"
