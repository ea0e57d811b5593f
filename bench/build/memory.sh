#!/bin/bash
# memory.sh — peak RSS of newsmill's build without the static search index,
# before and after a change, at several sizes (issue 14's memory targets).
#
#   bench/build/memory.sh [SIZES]      default SIZES="100000 200000"
#   REVS="857cd06 HEAD"                commits to compare (default: these two)
#   NM_BENCH_WORK=DIR                  work here (default build/bench/memory)
#
# Each commit is exported (git archive) into WORK/src-REV and built there
# with the call of site_search_index() in src/site/build.c replaced by
# "no failure": the search index (issue 13, reworked apart) holds every
# post's postings in memory and would hide the rest of the build. For
# each size the posts of gen-posts.py (posts 0..N-1, hard links of a
# bigger corpus in WORK when there is one) are built with the default
# theme, `pagination: stable` and the shared sidebar: a clean build, a
# no-op rebuild, and a rebuild after 10 new posts (N..N+9), each timed
# with /usr/bin/time (wall seconds, peak RSS in MB) and with -v, whose
# "build: PHASE: S s, X MB resident (F MB of files mapped), Y MB peak; malloc: U MB
# in use, F MB free" lines say which phase the peak
# follows (kept in WORK/*.log). Sites are kept (no timing right after
# deleting a big tree); remove WORK by hand when done. Prints a Markdown
# table and writes it to WORK/memory.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/build"
work=${NM_BENCH_WORK:-$root/build/bench/memory}
sizes=${1:-"100000 200000"}
revs=${REVS:-"857cd06 HEAD"}
mkdir -p "$work"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

build_rev() { # REV -> $bin
  local rev=$1 id; id=$(git -C "$root" rev-parse --short "$rev")
  local d="$work/src-$id"
  bin="$d/build/newsmill"
  [ -x "$bin" ] && return 0
  rm -rf "$d"; mkdir -p "$d"
  git -C "$root" archive "$id" | tar -x -C "$d"
  python3 - "$d/src/site/build.c" <<'P'
import re, sys
p = sys.argv[1]; s = open(p).read()
s2 = re.sub(r"bool search_failed = site_search_index\([^;]*\) < 0;",
            "bool search_failed = false; (void)search_err;", s, flags=re.S)
if s2 == s:
    sys.exit("memory.sh: no site_search_index() call to take out in " + p)
open(p, "w").write(s2)
P
  make -C "$d" -j2 >/dev/null
}

corpus() { # N -> $posts
  local n=$1
  posts="$work/posts-$n"
  [ -f "$posts/.done" ] && return 0
  rm -rf "$posts"
  local big; big=$(ls -d "$work"/posts-* 2>/dev/null | while read -r p; do
      m=${p##*-}; [ -f "$p/.done" ] && [ "$m" -gt "$n" ] && echo "$m $p"; done | sort -n | head -1 | cut -d' ' -f2)
  if [ -n "$big" ]; then
    mkdir -p "$posts"
    python3 -c 'import hashlib,sys
for i in range(int(sys.argv[1])): print(hashlib.sha256(b"bench-%d" % i).hexdigest()[:16] + ".md")' "$n" |
      (cd "$big" && xargs ln -t "$posts")
  else
    nice python3 "$here/gen-posts.py" "$n" "$posts"
  fi
  touch "$posts/.done"
}

timed() { # LABEL CMD... -> $secs $mb
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.out" nice "$@" >"$work/$label.log" 2>&1 ||
    { echo "$label failed, see $work/$label.log" >&2; tail -5 "$work/$label.log" >&2; return 1; }
  read -r secs kb < "$work/time.out"
  mb=$((kb / 1024))
}

rows="$work/memory.md.rows"
echo "| posts | commit | clean s | clean MB | no-op s | no-op MB | +10 s | +10 MB | files | load at start |" > "$rows"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|" >> "$rows"
for n in $sizes; do
  corpus "$n"
  more="$work/more-$n"
  [ -d "$more" ] || nice python3 "$here/gen-posts.py" 10 "$more" "$n"
  for rev in $revs; do
    build_rev "$rev"; id=$(git -C "$root" rev-parse --short "$rev")
    s="$work/site-$n-$id"
    if [ -d "$s" ]; then
      echo "$s exists: remove it (and wait a minute) before timing again" >&2; exit 1
    fi
    mkdir -p "$s/source"
    cp -rl "$posts" "$s/source/_posts"; rm -f "$s/source/_posts/.done"
    printf 'title: bench\nurl: http://example.com\nlanguage: zh-CN\nnewsmill:\n  pagination: stable\n  sidebar: shared\n' > "$s/_config.yml"
    sleep 3 # the post cache does not trust files changed in the last 2 s
    load=$(cut -d' ' -f1 /proc/loadavg)
    timed "clean-$n-$id" "$bin" -v -C "$s" build; c=$secs; cm=$mb
    timed "noop-$n-$id" "$bin" -v -C "$s" build; o=$secs; om=$mb
    sleep 1.1; cp -l "$more"/*.md "$s/source/_posts/"; sleep 3
    timed "add-$n-$id" "$bin" -v -C "$s" build; a=$secs; am=$mb
    files=$(grep -o '[0-9]* files' "$work/add-$n-$id.log" | head -1 | cut -d' ' -f1)
    echo "| $n | $id | $c | $cm | $o | $om | $a | $am | $files | $load |" | tee -a "$rows"
  done
done
{ echo "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u '+%Y-%m-%d %H:%M UTC')."; echo; cat "$rows"; } > "$work/memory.md"
rm -f "$rows"
cat "$work/memory.md"
