# fetch_workers.sh — `newsmill fetch --worker` on a PostgreSQL store:
# 4 worker processes and N loopback feeds (NM_WORKER_FEEDS, default
# 1,000 of 2 items, over 50 hosts of 127.1.0.0/16, 20-200 ms each; the
# last tenth repeat the stories of other feeds on other hosts) give, after
# `newsmill sync`, exactly the posts one SQLite `fetch` gives: the same
# number, the same bytes (every feed has the same categories, so a post's
# bytes are its story's, whichever feed won it). Then again with workers
# killed by kill -9 at random moments and restarted (at least 20 kills),
# the server restarted once in the middle (-m immediate), and one worker
# frozen by SIGSTOP past its lease (its feeds are taken over; resumed, it
# writes nothing another wrote). Then sync killed mid-way and run again.
# The server is a throwaway one (tests/tools/pg.sh, via tests/tools/workers.sh).
# tsan: a worker's claims (main thread), store thread and pool, killed at any moment (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"
FEEDS=${NM_WORKER_FEEDS:-1000}
HOSTS=50
. "$NM_ROOT/tests/tools/workers.sh"

python3 - "$FEEDS" "$HOSTS" "$PORT" "$NM_TMP/feeds.yml" <<'PY'
import sys
feeds, hosts, port, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
dup_from = feeds - feeds // 10
with open(out, "w") as y:
    y.write("g:\n  s:\n")
    for i in range(1, feeds + 1):
        of = i - feeds // 10 - 1 if i > dup_from else i  # another feed's stories, another host
        delay = 20 + (i * 7919) % 181
        y.write("    - title: 'Gen'\n      url: 'http://127.1.0.%d:%s/gen/%d.xml?items=2&of=%d&delay=%d'\n"
                "      fulltext: never\n" % (i % hosts + 1, port, i, of, delay))
PY
sums() { (cd "$1/source/_posts" && sha256sum -- *.md | cut -d' ' -f1 | sort); }

# The reference: one SQLite fetch.
echo "# $(date +%T.%N | cut -c1-12) start"
LITE=$(site lite)
expect_exit "one SQLite fetch of $FEEDS feeds" 0 "$NEWSMILL" -q -C "$LITE" fetch -j 64
sums "$LITE" > "$NM_TMP/lite.sums"
NPOSTS=$(wc -l < "$NM_TMP/lite.sums")
expect_eq "it writes every story once" "$((FEEDS * 2 - FEEDS / 10 * 2))" "$NPOSTS"

# --worker refuses the SQLite store, and --all.
expect_exit "fetch --worker on SQLite fails" 1 "$NEWSMILL" -C "$LITE" fetch --worker
expect_grep "saying it needs PostgreSQL" "fetch --worker needs a PostgreSQL store" "$NM_TMP/err"
expect_exit "fetch --worker --all is a usage error" 2 "$NEWSMILL" -C "$LITE" fetch --worker --all

# 1. Four workers at once.
echo "# $(date +%T.%N | cut -c1-12) four workers"
P1=$(site pg1)
URL1=$(newdb workers1)
printf 'title: News\nnewsmill:\n  store: %s\n' "$URL1" > "$P1/_config.yml"
for w in 1 2 3 4; do
  "$NEWSMILL" -q -C "$P1" fetch --worker -j 16 --name "w$w" > "$NM_TMP/p1.w$w.out" 2>&1 &
  SLOTS+=($!)
done
rcs=0
for p in "${SLOTS[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
SLOTS=()
expect_eq "four workers end well" 0 "$rcs"
# a worker that did not: its own words, for the log
[ "$rcs" = 0 ] || tail -n 5 "$NM_TMP"/p1.w*.out
expect_eq "no post file before sync" 0 "$(find "$P1/source/_posts" -name '*.md' | wc -l)"
claimed=$(cat "$NM_TMP"/p1.w*.out | sed -n 's/^worker: feeds: \([0-9]*\) claimed.*/\1/p' | awk '{s += $1} END {print s}')
expect_eq "the workers claimed every feed once between them" "$FEEDS" "$claimed"
busy=$(cat "$NM_TMP"/p1.w*.out | grep -c '^worker: feeds: [1-9][0-9]* claimed')
# (not "all four": a worker that starts late under a loaded or instrumented
# run may find every feed claimed already)
check "the work was shared: at least two workers took feeds" test "$busy" -ge 2
expect_exit "store status" 0 "$NEWSMILL" -C "$P1" store status
expect_grep "status: 4 workers seen, no lease left" '^workers	4 seen in the last hour	leases held 0$' "$NM_TMP/out"
expect_grep "status: posts waiting for sync" "^posts in the store	$NPOSTS	unsynced here $NPOSTS	oldest unsynced 2" "$NM_TMP/out"
expect_exit "sync" 0 "$NEWSMILL" -C "$P1" sync
expect_grep "sync says what it wrote" "sync: $NPOSTS posts written" "$NM_TMP/err"
sums "$P1" > "$NM_TMP/p1.sums"
check "the posts of one SQLite run, byte for byte" cmp "$NM_TMP/lite.sums" "$NM_TMP/p1.sums"
expect_exit "sync again" 0 "$NEWSMILL" -C "$P1" sync
expect_grep "writes nothing" "sync: 0 posts written" "$NM_TMP/err"
expect_exit "status after sync" 0 "$NEWSMILL" -C "$P1" store status
expect_grep "nothing unsynced" "unsynced here 0	oldest unsynced never" "$NM_TMP/out"
expect_exit "a worker finds nothing due" 0 "$NEWSMILL" -C "$P1" fetch --worker
expect_grep "and ends" '^worker: feeds: 0 claimed' "$NM_TMP/out"
expect_exit "fetch (not a worker) on the synced site: nothing new" 0 "$NEWSMILL" -C "$P1" fetch --all -j 64
expect_grep "every item known" "posts: 0 new, 0 duplicates" "$NM_TMP/out"
expect_eq "and no post forgotten" "$NPOSTS" "$(find "$P1/source/_posts" -name '*.md' | wc -l)"

# A lease outlives a slow transfer: renewed while the worker waits.
R=$(site renew)
printf "g:\n  s:\n    - title: 'Gen'\n      url: 'http://127.1.0.1:%s/gen/1.xml?items=2&delay=4500'\n" "$PORT" > "$R/feeds.yml"
URLR=$(newdb renew)
printf 'title: News\nnewsmill:\n  store: %s\n' "$URLR" > "$R/_config.yml"
"$NEWSMILL" -C "$R" fetch --worker --lease 3 --name slow > "$NM_TMP/slow.out" 2>&1 &
SLOW=$!
sleep 3.8
expect_exit "a second worker while the first waits 4.5 s with a 3 s lease" 0 \
  "$NEWSMILL" -C "$R" fetch --worker --lease 3 --name second
expect_grep "takes nothing: the lease was renewed" '^worker: feeds: 0 claimed' "$NM_TMP/out"
wait "$SLOW"
expect_grep "the first writes the feed's posts" '^worker: feeds: 1 claimed, 1 ok.*posts: 2 new' "$NM_TMP/slow.out"

# 2. Killed, restarted, the server restarted, one worker frozen.
echo "# $(date +%T.%N | cut -c1-12) killed and frozen"
P2=$(site pg2)
URL2=$(newdb workers2)
printf 'title: News\nnewsmill:\n  store: %s\n' "$URL2" > "$P2/_config.yml"
slot() { # NAME: a worker restarted until it ends well (100 times at most)
  for _ in $(seq 1 100); do
    "$NEWSMILL" -C "$P2" fetch --worker -j 8 --lease 3 --name "$1" >> "$NM_TMP/$1.out" 2>> "$NM_TMP/$1.err" &
    echo $! > "$NM_TMP/$1.pid"
    wait $! && break
    sleep 0.1
  done
  rm -f "$NM_TMP/$1.pid"
}
for w in k1 k2 k3; do slot "$w" 2>/dev/null & SLOTS+=($!); done
"$NEWSMILL" -C "$P2" fetch --worker -j 8 --lease 3 --name frozen > "$NM_TMP/frozen.out" 2> "$NM_TMP/frozen.err" &
FROZEN=$!
echo "$FROZEN" > "$NM_TMP/frozen.pid"
# Freeze the last worker while it holds leases, past them (before the
# killer starts: the server's restart must find it frozen, not working).
held=0
for _ in $(seq 1 600); do
  held=$(sql "$URL2" "SELECT count(*) FROM feeds WHERE claimed_by = 'frozen'" 2>/dev/null || echo 0)
  [ "${held:-0}" -gt 0 ] && kill -STOP "$FROZEN" && break
  sleep 0.05
done
check "a worker is frozen holding leases" test "${held:-0}" -gt 0
( # the killer: kill -9 a random worker every 0.05-0.3 s; the server restarted after the 10th
  kills=0
  while [ "$kills" -lt 24 ]; do
    ls "$NM_TMP"/k?.pid >/dev/null 2>&1 || break # every slot has ended
    sleep "0.$((RANDOM % 25 + 5))"
    w=k$((RANDOM % 3 + 1))
    pid=$(cat "$NM_TMP/$w.pid" 2>/dev/null) || continue
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
    if [ "$kills" -eq 10 ] && [ ! -e "$NM_TMP/restarted" ]; then
      "$NM_ROOT/tests/tools/pg.sh" restart "$PG_DIR" && touch "$NM_TMP/restarted"
    fi
  done
  echo "$kills" > "$NM_TMP/kills"
) &
KILLER=$!
sleep 5 # the lease is 3 s
for _ in $(seq 1 60); do # the others take its feeds over (slower while they are killed)
  left=$(sql "$URL2" "SELECT count(*) FROM feeds WHERE claimed_by = 'frozen'" 2>/dev/null || echo '?')
  [ "$left" = 0 ] && break
  sleep 0.5
done
expect_eq "its feeds are taken over by the others" 0 "$left"
kill -CONT "$FROZEN"
wait "$FROZEN"; frc=$?
rm -f "$NM_TMP/frozen.pid"
expect_eq "the frozen worker, resumed, ends well" 0 "$frc"
check "and drops what was taken over (or lost its session)" \
  grep -Eq 'worker: .*( [1-9][0-9]* taken over| [1-9][0-9]* reconnects)' "$NM_TMP/frozen.out"
for p in "${SLOTS[@]}"; do wait "$p"; done
SLOTS=()
wait "$KILLER"
cat "$NM_TMP"/k?.out "$NM_TMP/frozen.out" | sed "s/^/# /"
kills=$(cat "$NM_TMP/kills" 2>/dev/null || echo 0)
check "at least 20 workers killed with kill -9 ($kills)" test "$kills" -ge 20
check "the server was restarted mid-run" test -e "$NM_TMP/restarted"
check "a worker reconnected after the restart" grep -q 'reconnecting in' "$NM_TMP"/k?.err "$NM_TMP/frozen.err"
expect_exit "a last worker finds nothing left" 0 "$NEWSMILL" -C "$P2" fetch --worker
expect_grep "nothing claimed" '^worker: feeds: 0 claimed' "$NM_TMP/out"
expect_eq "no lease left" 0 "$(sql "$URL2" "SELECT count(*) FROM feeds WHERE claimed_by IS NOT NULL")"
expect_eq "one item per story" "$NPOSTS" "$(sql "$URL2" "SELECT count(*) FROM items")"
# sync, killed twice on the way, then to the end
for _ in 1 2; do
  "$NEWSMILL" -q -C "$P2" sync & sp=$!
  sleep 0.0$((RANDOM % 9 + 1)); kill -9 "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
done
expect_exit "sync after two killed syncs" 0 "$NEWSMILL" -C "$P2" sync
check "no temporary file left" test -z "$(find "$P2/source/_posts" -name '.*' -print -quit)"
sums "$P2" > "$NM_TMP/p2.sums"
check "killed, restarted, frozen: still the posts of one SQLite run, byte for byte" \
  cmp "$NM_TMP/lite.sums" "$NM_TMP/p2.sums"
expect_eq "the store's posts are the files" "$NPOSTS" "$(sql "$URL2" "SELECT count(*) FROM posts")"

# build syncs first on a PostgreSQL site (a small one: 10 feeds)
echo "# $(date +%T.%N | cut -c1-12) build"
B=$(site b)
python3 - "$NM_TMP/feeds.yml" "$B/feeds.yml" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
open(sys.argv[2], "w").write("\n".join(lines[:2 + 3 * 10]) + "\n")
PY
URL3=$(newdb workers3)
printf 'title: News\nnewsmill:\n  store: %s\n' "$URL3" > "$B/_config.yml"
expect_exit "a worker on a small site" 0 "$NEWSMILL" -C "$B" fetch --worker
expect_grep "takes its 10 feeds" '^worker: feeds: 10 claimed, 10 ok.*posts: 20 new' "$NM_TMP/out"
expect_exit "build on a PostgreSQL site" 0 "$NEWSMILL" -C "$B" build
expect_grep "syncs first" "sync: 20 posts written" "$NM_TMP/err"
expect_grep "and builds them" "built 20 posts" "$NM_TMP/err"
finish
