# fetch_crash.sh — kill -9 `newsmill fetch -j 8` at 20 random moments while
# it takes in 200 feeds, restart it each time, and check that the posts on
# disk are exactly those of an uninterrupted run: no duplicates, no
# temporary or partial files, every post valid, store and disk agreeing.
# tsan: the fetch threads killed at any moment (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
check "test server starts" testd_start
U=$TESTD_URL
FEEDS=200
ITEMS=25
make_site() { # make_site DIR — feeds.yml with the generated feeds
  mkdir -p "$1"
  {
    echo "gen:"
    echo "  site:"
    for i in $(seq 1 $FEEDS); do
      printf "    - title: 'Feed %d'\n      url: '%s/gen/%d.xml?items=%d'\n      fulltext: never\n" "$i" "$U" "$i" "$ITEMS"
    done
  } > "$1/feeds.yml"
}
REF="$NM_TMP/ref"
make_site "$REF"
expect_exit "reference run completes" 0 "$NEWSMILL" -C "$REF" fetch -j 8
expect_eq "reference run: every item once" $((FEEDS * ITEMS)) "$(posts "$REF")"

S="$NM_TMP/crash"
# Kill moments follow the run's progress, not the clock: the machine's
# speed varies too much for fixed delays.
wait_for() { # wait_for PID TEST... — until TEST holds or PID ends (max 30 s)
  local pid=$1 i; shift
  for i in $(seq 1 3000); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}
ms_sleep() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
# One kill at the worst moment first: while the first batch's files are
# renamed into place, before their rows commit. A restart that is given
# none of those feeds (so it writes nothing) must remove exactly those
# files, which only the crash journal names.
# The window is milliseconds wide, so a few attempts may be needed.
for attempt in 1 2 3 4 5 6 7 8; do
  rm -rf "$S"; make_site "$S"
  "$NEWSMILL" -q -C "$S" fetch -j 8 >/dev/null 2>&1 &
  pid=$!
  wait_for "$pid" test -f "$S/.newsmill/pending"
  # A busy loop of shell builtins only: the renames take milliseconds.
  while kill -0 "$pid" 2>/dev/null && ! compgen -G "$S/source/_posts/*.md" >/dev/null; do :; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rows=$(sqlite3 "$S/.newsmill/newsmill.db" "SELECT count(*) FROM items")
  [ "$(posts "$S")" -gt "$rows" ] && break
done
echo "# killed while renaming at attempt $attempt"
check "killed while renaming: posts without rows on disk" test "$(posts "$S")" -gt "$rows"
cp "$S/feeds.yml" "$NM_TMP/feeds.all"
sqlite3 "$S/.newsmill/newsmill.db" "SELECT url FROM feeds WHERE last_ok > 0" > "$NM_TMP/done"
if [ -s "$NM_TMP/done" ]; then
  { echo "gen:"; echo "  site:"; sed "s/.*/    - url: '&'\n      fulltext: never/" "$NM_TMP/done"; } > "$S/feeds.yml"
else
  echo '{}' > "$S/feeds.yml"
fi
"$NEWSMILL" -q -C "$S" fetch -j 8 >/dev/null 2>&1
(cd "$S/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/got"
sqlite3 "$S/.newsmill/newsmill.db" "SELECT substr(post_path, 15) FROM items ORDER BY 1" > "$NM_TMP/rows"
check "after restart: one file per stored row, no temporary or orphan files" cmp -s "$NM_TMP/rows" "$NM_TMP/got"
cp "$NM_TMP/feeds.all" "$S/feeds.yml"

# Then 20 kills at random moments that follow the run's progress:
# (0) anywhere in its first 300 ms, (1) while a batch is being written
# (the journal exists), (2) just after a batch committed. Each killed run
# still commits some batches, so on a fast machine the 200 feeds are all
# taken in after a few kills: a run that ends before its kill completes a
# "generation", which must then equal the uninterrupted run exactly, and
# the next generation starts from an empty site, until 20 kills happened.
same_as_ref() { # same_as_ref DIR — the posts of DIR are those of $REF
  (cd "$REF/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/want"
  (cd "$1/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/got"
  cmp -s "$NM_TMP/want" "$NM_TMP/got" && diff -rq "$REF/source/_posts" "$1/source/_posts" >/dev/null
}
RANDOM=$$
kills=0
modes=""
generations=0
bad_generations=0
for round in $(seq 1 200); do
  [ "$kills" -ge 20 ] && break
  "$NEWSMILL" -q -C "$S" fetch -j 8 >/dev/null 2>&1 &
  pid=$!
  mode=$(( RANDOM % 3 ))
  case $mode in
    0) ms_sleep $(( RANDOM % 300 )) ;;
    1) wait_for "$pid" test -f "$S/.newsmill/pending" && ms_sleep $(( RANDOM % 100 )) ;;
    2) wait_for "$pid" test -f "$S/.newsmill/pending" &&
       wait_for "$pid" test ! -f "$S/.newsmill/pending" && ms_sleep $(( RANDOM % 50 )) ;;
  esac
  if kill -9 "$pid" 2>/dev/null; then
    kills=$((kills + 1)); modes="$modes$mode"
    wait "$pid" 2>/dev/null
  else
    wait "$pid" 2>/dev/null
    generations=$((generations + 1))
    same_as_ref "$S" || bad_generations=$((bad_generations + 1))
    rm -rf "$S"; make_site "$S"
  fi
done
echo "# $kills runs killed, at moments $modes; $generations generations completed in between"
expect_eq "20 runs were killed mid-way" 20 "$kills"
expect_eq "every generation completed after kills equals the uninterrupted run" 0 "$bad_generations"
expect_exit "the run after the kills completes" 0 "$NEWSMILL" -C "$S" fetch -j 8
(cd "$REF/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/want"
(cd "$S/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/got"
check "exactly the expected post files" cmp -s "$NM_TMP/want" "$NM_TMP/got"
check "every post byte for byte as in the uninterrupted run" diff -r "$REF/source/_posts" "$S/source/_posts"
expect_eq "no temporary file left anywhere in the site" 0 \
  "$(find "$S" -name '*nmtmp*' | wc -l)"
expect_eq "no title twice" 0 "$(grep -h '^title:' "$S"/source/_posts/*.md | sort | uniq -d | wc -l)"
check "every post valid" valid_posts "$S"
expect_exit "a further run writes nothing" 0 "$NEWSMILL" -C "$S" fetch --all
expect_grep "a further run: all not modified" "^feeds: 0 ok, $FEEDS not modified, 0 failed, 0 not due; posts: 0 new, 0 duplicates$" "$NM_TMP/out"
sqlite3 "$S/.newsmill/newsmill.db" "SELECT count(*) FROM items" > "$NM_TMP/items"
expect_eq "the store holds one row per post" "$((FEEDS * ITEMS))" "$(cat "$NM_TMP/items")"

# --- the same with full text on: every item's page is fetched after the
# feeds and its summary post rewritten with the article. Kills at random
# moments of a run (feeds, pages, rewrites), then a run to the end: the
# posts must be those of an uninterrupted run, byte for byte, none twice,
# no page left to fetch.
FT_FEEDS=20
FT_ITEMS=10
make_ft_site() {
  mkdir -p "$1"
  printf 'newsmill:\n  page_interval: 0\n' > "$1/_config.yml"
  {
    echo "gen:"
    echo "  site:"
    for i in $(seq 1 $FT_FEEDS); do
      printf "    - title: 'Page feed %d'\n      url: '%s/gen/%d.xml?items=%d&page=1'\n      fulltext: always\n" \
        "$i" "$U" "$((1000 + i))" "$FT_ITEMS"
    done
  } > "$1/feeds.yml"
}
FREF="$NM_TMP/ftref"
make_ft_site "$FREF"
t0=$(date +%s%N)
expect_exit "full text: reference run completes" 0 "$NEWSMILL" -C "$FREF" fetch -j 8
ref_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_grep "full text: every page taken" "^pages: $((FT_FEEDS * FT_ITEMS)) fetched; posts: $((FT_FEEDS * FT_ITEMS)) full text" "$NM_TMP/out"
FS="$NM_TMP/ftcrash"
make_ft_site "$FS"
same_posts() { # same_posts A B — the posts of A and B, names and bytes
  (cd "$1/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/want"
  (cd "$2/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/got"
  cmp -s "$NM_TMP/want" "$NM_TMP/got" && diff -rq "$1/source/_posts" "$2/source/_posts" >/dev/null
}
# As above: a run that ends before its kill completes a generation, which
# must equal the reference; the next starts from an empty site.
fkills=0
fgens=0
fbad=0
for round in $(seq 1 100); do
  [ "$fkills" -ge 10 ] && break
  "$NEWSMILL" -q -C "$FS" fetch -j 8 >/dev/null 2>&1 &
  pid=$!
  ms_sleep $(( RANDOM % (ref_ms + 1) ))
  if kill -9 "$pid" 2>/dev/null; then
    fkills=$((fkills + 1))
    wait "$pid" 2>/dev/null
  else
    wait "$pid" 2>/dev/null
    fgens=$((fgens + 1))
    same_posts "$FREF" "$FS" || fbad=$((fbad + 1))
    rm -rf "$FS"; make_ft_site "$FS"
  fi
done
echo "# full text: $fkills runs killed within ${ref_ms} ms of their start; $fgens generations completed in between"
expect_eq "full text: 10 runs were killed mid-way" 10 "$fkills"
expect_eq "full text: every generation completed after kills equals the uninterrupted run" 0 "$fbad"
# a kill while the journal itself was written leaves its temp file: swept
touch "$FS/.newsmill/.pending.nmtmp-99999-1"
expect_exit "full text: the run after the kills completes" 0 "$NEWSMILL" -C "$FS" fetch -j 8
(cd "$FREF/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/want"
(cd "$FS/source/_posts" && ls -a | grep -v '^\.\.\?$') > "$NM_TMP/got"
check "full text: exactly the expected post files" cmp -s "$NM_TMP/want" "$NM_TMP/got"
check "full text: every post byte for byte as in the uninterrupted run" diff -r "$FREF/source/_posts" "$FS/source/_posts"
expect_eq "full text: every post has its article" "$((FT_FEEDS * FT_ITEMS))" \
  "$(grep -lE 'page [0-9]+-[0-9]+\.</p>' "$FS"/source/_posts/*.md | wc -l)"
expect_eq "full text: no page left to fetch" 0 "$(sqlite3 "$FS/.newsmill/newsmill.db" 'SELECT count(*) FROM pages')"
find "$FS" -name '*nmtmp*' | sed "s/^/# left: /"
expect_eq "full text: no temporary file left" 0 "$(find "$FS" -name '*nmtmp*' | wc -l)"
testd_stop
finish
