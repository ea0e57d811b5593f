#!/usr/bin/env bash
# bench/extract/run.sh — article extraction: newsmill vs Mozilla Readability.js,
# quality and speed, on the same pages in the same run.
#
#   bench/extract/run.sh [SET...]      SET: scrapinghub cjk mozilla ftr (default: all)
#
# Sets:
#   scrapinghub  ../shared/extract/scrapinghub/ (181 pages, ground truth), scored
#                as that benchmark defines it (score.py, \w+ tokens, 4-token
#                shingles, per-page P and R, F1 of the means);
#   cjk          bench/extract/cjk/ (69 Chinese news pages, UTF-8, GBK, GB2312,
#                GB18030 and Big5, some undeclared; ground truth by hand),
#                scored the same way per character (each Han/kana/Hangul
#                character a token);
#   mozilla      ../shared/extract/readability-test-pages/ (130 cases): the
#                similarity of each tool's text with Readability's own
#                expected.html (shingle F1, per character), its mean and the
#                cases below 0.9;
#   ftr          ../shared/extract/ftr-site-config/ (FiveFilters' public-domain
#                site rules) given as `--rules DIR`: every file must load
#                (unknown directives and XPath newsmill cannot compile are
#                warnings, not errors); the warnings are counted by kind and
#                the cjk and scrapinghub pages scored again with these rules.
# A set whose data is absent is skipped with a message.
#
# newsmill runs as ONE `extract --json --list LIST` process over a set; its
# CPU time is user+sys of that process (getrusage, cputime.py), start
# included; each tool runs BENCH_RUNS times (default 3), the least CPU
# time of each is compared.
# Readability.js (@mozilla/readability on linkedom, package-lock.json here;
# READABILITY_DOM=jsdom for jsdom) runs in one Node process; its CPU time is
# that of the extraction loop only (reading, decoding, parsing, extracting;
# Node's start and module loading excluded), which favours it.
#
# Environment: NEWSMILL=path of the binary (default build/newsmill, built
# with make); READABILITY_DOM=linkedom|jsdom; BENCH_RUNS (default 3);
# XBENCH_WORST=file to write newsmill's worst pages to, with the lines that
# differ from the truth (default build/bench/extract/worst.txt);
# XBENCH_NOTE=file of notes put at its head; NM_SHARED=the shared data
# directory (default ../shared).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
shared=$(cd "${NM_SHARED:-$root/../shared}" 2>/dev/null && pwd || echo "${NM_SHARED:-$root/../shared}")
out=$root/build/bench/extract
mkdir -p "$out"
worst=${XBENCH_WORST:-$out/worst.txt}
dom=${READABILITY_DOM:-linkedom}
runs=${BENCH_RUNS:-3}
sets=${*:-scrapinghub cjk mozilla ftr}
ran_sh=
ran_cjk=

python3 "$here/score.py" check >"$out/score-check.txt" || {
  cat "$out/score-check.txt"; echo "score.py self-check failed" >&2; exit 1; }
tail -1 "$out/score-check.txt"

if [ -z "${NEWSMILL:-}" ]; then
  make -s -j2 >/dev/null
  NEWSMILL=$root/build/newsmill
fi
if ! "$NEWSMILL" extract --help 2>&1 | grep -q -- '--list'; then
  echo "$NEWSMILL has no 'extract --list': nothing to measure" >&2
  exit 1
fi

have_node=1
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "(node/npm not found: the Readability.js anchor is skipped)"
  have_node=0
elif [ ! -d "$here/node_modules/@mozilla/readability" ] ||
     [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
rd_version=$(node -p "require('$here/node_modules/@mozilla/readability/package.json').version" 2>/dev/null || echo "?")
dom_version=$(node -p "require('$here/node_modules/$dom/package.json').version" 2>/dev/null || echo "?")

: >"$worst.new"
{
  echo "# newsmill extract: worst pages per set ($(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "# $NEWSMILL, bench/extract/run.sh). F1/P/R per page, then a guess at why."
  echo
  [ -z "${XBENCH_NOTE:-}" ] || { cat "$XBENCH_NOTE"; echo; }
} >"$worst.new"

# gunzip_list NAME — the pages of $out/NAME.list gunzipped under
# $out/html/NAME/ (both tools read plain files), the list rewritten to them
gunzip_list() {
  local name=$1 dir=$out/html/$1 path url base
  mkdir -p "$dir"
  while IFS=$'\t' read -r path url; do
    base=$(basename "$path" .gz)
    [ "$dir/$base" -nt "$path" ] || gzip -dc "$path" >"$dir/$base"
    printf '%s\t%s\n' "$dir/$base" "$url"
  done <"$out/$name.list" >"$out/$name.list.tmp"
  mv "$out/$name.list.tmp" "$out/$name.list"
}

# run_newsmill NAME LIST — newsmill over LIST, RUNS times; sets nm_cpu (s),
# the least CPU time of the runs (the machine is shared: the least is the
# one least disturbed)
run_newsmill() {
  local name=$1 list=$2 i t best=
  for ((i = 0; i < runs; i++)); do
    read -r _ t _ rc < <(python3 "$here/cputime.py" "$out/$name.nm.jsonl" "$out/$name.nm.err" \
      "$NEWSMILL" extract --json --list "$list")
    [ "$rc" = 0 ] || [ "$i" -gt 0 ] ||
      echo "  newsmill exited $rc ($(grep -c . "$out/$name.nm.err") lines on stderr, first: $(head -c 200 "$out/$name.nm.err"))"
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
  done
  nm_cpu=$best
}

# run_readability NAME LIST [CHARSET] — the same for Readability.js; sets
# rd_cpu (s, the loop's) and rd_proc (s, the whole Node process); empty
# without node
run_readability() {
  local name=$1 list=$2 i t p best= bestp=
  rd_cpu=
  [ "$have_node" = 1 ] || return 0
  for ((i = 0; i < runs; i++)); do
    read -r _ p _ _ < <(READABILITY_CHARSET=${3:-} python3 "$here/cputime.py" \
      "$out/$name.rd.jsonl" "$out/$name.rd.err" node "$here/readability.js" "$list" "$dom")
    t=$(sed -n 's/^CPU_S //p' "$out/$name.rd.err")
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    bestp=$(awk -v a="$p" -v b="$bestp" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
  done
  rd_cpu=$best
  rd_proc=$bestp
}

# report NAME TRUTH LIST TOKENS F1_TARGET — scores both, prints the table
report() {
  local name=$1 truth=$2 list=$3 tokens=$4 target=$5 n
  n=$(wc -l <"$list")
  python3 "$here/score.py" corpus --tokens "$tokens" --worst 15 --worst-out "$worst.new" \
    --label "$name, newsmill" "$truth" "$out/$name.nm.jsonl" "$list" >"$out/$name.nm.score"
  read -r nf np nr _ nmiss <"$out/$name.nm.score"
  printf '  %-22s F1 %s  P %s  R %s  %4d pages in %7.3f CPU s = %8.1f pages/CPU s%s\n' \
    "newsmill" "$nf" "$np" "$nr" "$n" "$nm_cpu" "$(awk -v n="$n" -v c="$nm_cpu" 'BEGIN { print (c > 0 ? n / c : 0) }')" \
    "$([ "$nmiss" = 0 ] || echo "  ($nmiss pages without a result)")"
  if [ -n "$rd_cpu" ]; then
    python3 "$here/score.py" corpus --tokens "$tokens" "$truth" "$out/$name.rd.jsonl" "$list" >"$out/$name.rd.score"
    read -r rf rp rr _ _ <"$out/$name.rd.score"
    printf '  %-22s F1 %s  P %s  R %s  %4d pages in %7.3f CPU s = %8.1f pages/CPU s (whole process %.3f s)\n' \
      "Readability.js $rd_version" "$rf" "$rp" "$rr" "$n" "$rd_cpu" \
      "$(awk -v n="$n" -v c="$rd_cpu" 'BEGIN { print (c > 0 ? n / c : 0) }')" "$rd_proc"
    awk -v a="$rd_cpu" -v b="$nm_cpu" -v nf="$nf" -v rf="$rf" -v t="$target" 'BEGIN {
      r = (b > 0 ? a / b : 0)
      printf "  speed: newsmill %.1fx the pages per CPU second of Readability.js (target >= 20x: %s)\n", r, (r >= 20 ? "met" : "NOT met")
      printf "  F1: newsmill %s vs Readability.js %s (target >= %s%s: %s)\n", nf, rf, t,
        (t == "0.95" ? " and ahead of Readability.js" : ""),
        ((nf + 0 >= t + 0 && (t != "0.95" || nf + 0 > rf + 0)) ? "met" : "NOT met") }'
  else
    awk -v nf="$nf" -v t="$target" 'BEGIN { printf "  F1 target >= %s: %s\n", t, (nf + 0 >= t + 0 ? "met" : "NOT met") }'
  fi
  echo "  newsmill's worst pages: $out/$name.nm.score"
}

echo "newsmill: $NEWSMILL; Readability.js $rd_version on $dom $dom_version (node $(node --version 2>/dev/null || echo none))"

for set in $sets; do
  case $set in
  scrapinghub)
    d=$shared/extract/scrapinghub
    echo
    echo "== scrapinghub article-extraction benchmark ($d) =="
    if [ ! -f "$d/ground-truth.json" ]; then
      echo "  skipped: $d not found (../shared is not part of the repository)"
      continue
    fi
    python3 - "$d" >"$out/scrapinghub.list" <<'EOF'
import json, os, sys
d = sys.argv[1]
t = json.load(open(os.path.join(d, "ground-truth.json"), encoding="utf-8"))
for k in sorted(t):
    print("%s\t%s" % (os.path.join(d, "html", k + ".html.gz"), t[k]["url"]))
EOF
    gunzip_list scrapinghub
    run_newsmill scrapinghub "$out/scrapinghub.list"
    ran_sh=1
    run_readability scrapinghub "$out/scrapinghub.list"
    echo "  (published F1: rs-trafilatura 0.970, go-trafilatura 0.960, Trafilatura 2.0 0.958, Readability.js 0.947)"
    report scrapinghub "$d/ground-truth.json" "$out/scrapinghub.list" words 0.97
    ;;
  cjk)
    d=$here/cjk
    echo
    echo "== Chinese news pages (bench/extract/cjk, scored per character) =="
    python3 - "$d" >"$out/cjk.list" <<'EOF'
import json, os, sys
d = sys.argv[1]
t = json.load(open(os.path.join(d, "ground-truth.json"), encoding="utf-8"))
for k in sorted(t):
    print("%s\t%s" % (os.path.join(d, "pages", k + ".html.gz"), t[k]["url"]))
EOF
    gunzip_list cjk
    run_newsmill cjk "$out/cjk.list"
    ran_cjk=1
    run_readability cjk "$out/cjk.list"
    report cjk "$d/ground-truth.json" "$out/cjk.list" chars 0.95
    ;;
  mozilla)
    d=$shared/extract/readability-test-pages
    echo
    echo "== Mozilla Readability test pages ($d): similarity with expected.html =="
    if [ ! -d "$d" ]; then
      echo "  skipped: $d not found (../shared is not part of the repository)"
      continue
    fi
    python3 "$here/mozcmp.py" list "$d" >"$out/mozilla.list"
    run_newsmill mozilla "$out/mozilla.list"
    # The pages are UTF-8 files (three declare gb2312); Readability's own
    # test harness reads them as UTF-8, and so does its anchor here.
    run_readability mozilla "$out/mozilla.list" utf-8
    echo "  similarity = shingle F1 (4 tokens, each CJK character a token) of the"
    echo "  extracted text against the text of Readability's expected.html"
    python3 "$here/mozcmp.py" score "$d" "$out/mozilla.nm.jsonl" --below 0.9 \
      --worst-out "$worst.new" --label "mozilla test pages, newsmill" >"$out/mozilla.nm.score"
    read -r mean n low <"$out/mozilla.nm.score"
    echo "  newsmill: mean similarity $mean over $n cases, $low below 0.9 ($(wc -l <"$out/mozilla.list") pages in ${nm_cpu} CPU s):"
    tail -n +2 "$out/mozilla.nm.score" | sed 's/^/    /'
    if [ -n "$rd_cpu" ]; then
      python3 "$here/mozcmp.py" score "$d" "$out/mozilla.rd.jsonl" --below 0.9 >"$out/mozilla.rd.score"
      read -r mean n low <"$out/mozilla.rd.score"
      echo "  anchor, Readability.js $rd_version on $dom itself: mean $mean, $low below 0.9 (the DOM differs from the jsdom of its tests)"
    fi
    ;;
  ftr)
    d=$shared/extract/ftr-site-config
    echo
    echo "== FiveFilters site rules ($d) as a user's rules directory =="
    if [ ! -d "$d" ]; then
      echo "  skipped: $d not found (../shared is not part of the repository)"
      continue
    fi
    # Every file must load: unknown directives and XPath newsmill cannot
    # compile are warnings (file:line), never an error (exit 2).
    [ -n "$ran_cjk" ] || { echo "  skipped: give the cjk set before ftr (its pages are scored again)"; continue; }
    nfiles=$(find "$d" -maxdepth 1 -name '*.txt' | wc -l)
    set +e
    "$NEWSMILL" extract --rules "$d" --json --list "$out/cjk.list" >"$out/ftr.cjk.jsonl" 2>"$out/ftr.err"
    rc=$?
    set -e
    nwarn=$(grep -c 'warning: ' "$out/ftr.err" || true)
    nfw=$(grep 'warning: ' "$out/ftr.err" | sed 's/^.*warning: \([^:]*\):.*/\1/' | sort -u | wc -l)
    printf '  %d rule files read; exit status %d (%s); %d warnings in %d files:\n' "$nfiles" "$rc" \
      "$([ "$rc" != 2 ] && echo "no error: target met" || echo "ERROR: target NOT met")" "$nwarn" "$nfw"
    grep 'warning: ' "$out/ftr.err" | sed "s/^.*warning: [^:]*:[0-9]*: //; s/'[^']*'/'…'/g" | sort | uniq -c | sort -rn | head -6 | sed 's/^/   /'
    python3 "$here/score.py" corpus --tokens chars "$here/cjk/ground-truth.json" "$out/ftr.cjk.jsonl" "$out/cjk.list" >"$out/ftr.cjk.score"
    read -r f p r _ _ <"$out/ftr.cjk.score"
    echo "  Chinese pages with these rules too: F1 $f  P $p  R $r (built-in rules and general extraction only: see above)"
    if [ -n "$ran_sh" ]; then
      "$NEWSMILL" extract --rules "$d" --json --list "$out/scrapinghub.list" >"$out/ftr.sh.jsonl" 2>/dev/null || true
      python3 "$here/score.py" corpus --tokens words "$shared/extract/scrapinghub/ground-truth.json" \
        "$out/ftr.sh.jsonl" "$out/scrapinghub.list" >"$out/ftr.sh.score"
      read -r f p r _ _ <"$out/ftr.sh.score"
      echo "  scrapinghub pages with these rules too: F1 $f  P $p  R $r"
    fi
    ;;
  *) echo "unknown set $set (scrapinghub, cjk, mozilla, ftr)" >&2; exit 2 ;;
  esac
done
mv "$worst.new" "$worst"
echo
echo "newsmill's worst pages of this run: $worst"
