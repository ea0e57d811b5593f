# fetch_workers_full.sh — `newsmill fetch --worker` does full text and
# images: mirror as a plain fetch does: 24 loopback feeds over 4 hosts of
# 127.1.0.0/16, half `fulltext: always` (their article pages, on other
# hosts, carry images of their own), half with images in the feed's text,
# one of them a 404 that appears later. Four workers on PostgreSQL give,
# after `newsmill sync`, exactly the posts and the source/images/ files
# of one SQLite `fetch`, byte for byte, and after the late image appears
# (its retry due) those of the SQLite run that takes it in. Then again
# with workers killed by kill -9 at random moments and restarted, and a
# sync killed on the way. Then the guards: a plain fetch refuses to run
# beside live workers (naming them), and sync warns when its position is
# ahead of the store's (a site moved to a new database).
# tsan: workers' page and image rounds (fetch threads, store thread, pool), killed at any moment
. "$(dirname "$0")/lib.sh"
FEEDS=24
WWW="$NM_TMP/www"
mkdir -p "$WWW/images" "$WWW/f" "$WWW/a"
cp "$NM_ROOT/tests/fixtures/images/"{photo.jpg,photo.png,photo.gif,lossy.webp,late.jpg} "$WWW/images/"
mv "$WWW/images/late.jpg" "$NM_TMP/late.jpg" # served from the second round on
. "$NM_ROOT/tests/tools/workers.sh"

# Feeds F (host F%4), 3 items each. Odd F: fulltext: always, the item
# links to an article page on another host (answered after 40 ms) whose
# article names an image on a third host. Even F: fulltext: never, the
# images in the feed's text; feed 2's last item names late.jpg.
python3 - "$FEEDS" "$PORT" "$WWW" "$NM_TMP/feeds.yml" <<'PY'
import sys
feeds, port, www, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
pics = ["photo.jpg", "photo.png", "photo.gif", "lossy.webp"]
def host(n): return "http://127.1.0.%d:%s" % (n % 4 + 1, port)
def words(f, i, n): return " ".join("w%d%d%d" % (f, i, k) + ("." if k % 9 == 8 else "") for k in range(n))
with open(out, "w") as y:
    y.write("g:\n  s:\n")
    for f in range(1, feeds + 1):
        y.write("    - title: 'Gen'\n      url: '%s/feed/f/%d.xml'\n      fulltext: %s\n"
                % (host(f), f, "always" if f % 2 else "never"))
        items = []
        for i in range(3):
            pic = "%s/img/images/%s" % (host(f + i + 2), pics[(f + i) % 4])
            if f == 2 and i == 2:
                pic = "%s/img/images/late.jpg" % host(3)
            if f % 2:
                link = "%s/delay/40/a/%d-%d.html" % (host(f + 1), f, i)
                body = "<p>%s</p>" % words(f, i, 12)
                with open("%s/a/%d-%d.html" % (www, f, i), "w") as a:
                    a.write("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Story %d-%d"
                            "</title></head><body><nav><a href='/'>Home</a></nav><article>"
                            "<h1>Story %d-%d</h1><p>%s</p><p><img src='%s' alt='pic'></p>"
                            "<p>%s</p></article><footer>f</footer></body></html>\n"
                            % (f, i, f, i, words(f, i, 80), pic, words(f + 100, i, 80)))
            else:
                link = "http://story.example/%d/%d.html" % (f, i)
                body = "<p>%s</p><p><img src=\"%s\" alt=\"pic\"></p>" % (words(f, i, 60), pic)
            items.append("<item><title>Story %d-%d</title><link>%s</link><guid>s-%d-%d</guid>"
                         "<pubDate>Mon, 02 Jan 2023 10:%02d:00 GMT</pubDate>"
                         "<description><![CDATA[%s]]></description></item>"
                         % (f, i, link, f, i, i, body))
        with open("%s/f/%d.xml" % (www, f), "w") as x:
            x.write("<?xml version='1.0' encoding='UTF-8'?>\n<rss version='2.0'><channel>"
                    "<title>Feed %d</title><link>http://story.example/</link><description>d"
                    "</description>\n%s\n</channel></rss>\n" % (f, "\n".join(items)))
PY
CONF='title: News\nnewsmill:\n  images: mirror\n  page_interval: 50\n'
pgsite() { # NAME DB: a site whose store is a new database
  local d; d=$(site "$1")
  printf "$CONF  store: %s\n" "$(newdb "$2")" > "$d/_config.yml"
  echo "$d"
}
sums() { # the posts and the images, by path and bytes
  (cd "$1/source" && find _posts images -type f 2>/dev/null | sort | xargs -r sha256sum)
}
storeurl() { sed -n 's/^  store: //p' "$1/_config.yml"; }

# The reference: SQLite, then the late image appears and a second run
# (--all: its retry is due) takes it in.
LITE=$(site lite)
printf "$CONF" > "$LITE/_config.yml"
expect_exit "one SQLite fetch" 0 "$NEWSMILL" -C "$LITE" fetch -j 16
expect_grep "it writes every story" "posts: $((FEEDS * 3)) new" "$NM_TMP/out"
expect_grep "with the articles of the fulltext feeds" "posts: $((FEEDS * 3 / 2)) full text" "$NM_TMP/out"
expect_grep "and mirrors their images, one to retry" "images: .* 1 to retry" "$NM_TMP/out"
sums "$LITE" > "$NM_TMP/lite1.sums"
check "images are mirrored" grep -q ' images/' "$NM_TMP/lite1.sums"
check "the posts name them" grep -rqE '/images/[0-9a-f]{2}/[0-9a-f]{32}\.' "$LITE/source/_posts"
cp "$NM_TMP/late.jpg" "$WWW/images/late.jpg"
expect_exit "the SQLite site's second run" 0 "$NEWSMILL" -C "$LITE" fetch --all -j 16
sums "$LITE" > "$NM_TMP/lite2.sums"
check "it takes the late image in" test "$(wc -l < "$NM_TMP/lite2.sums")" -gt "$(wc -l < "$NM_TMP/lite1.sums")"
rm "$WWW/images/late.jpg"

workers() { # SITE: four workers at once; the number that failed
  local p rcs=0 pids=()
  for w in 1 2 3 4; do
    "$NEWSMILL" -q -C "$1" fetch --worker -j 8 --name "w$w" > "$NM_TMP/w$w.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
  echo "$rcs"
}
late_due() { sql "$(storeurl "$1")" "UPDATE post_images SET next_try = 0" >/dev/null; }

# 1. Four workers at once.
P1=$(pgsite pg1 full1)
expect_eq "four workers end well" 0 "$(workers "$P1")"
expect_eq "no file before sync" 0 "$(find "$P1/source" -type f | wc -l)"
full=$(cat "$NM_TMP"/w?.out | sed -n 's/^pages: .*posts: \([0-9]*\) full text.*/\1/p' | awk '{s += $1} END {print s + 0}')
expect_eq "the workers took every article in between them" "$((FEEDS * 3 / 2))" "$full"
check "and mirrored images" grep -q '^images: [1-9]' "$NM_TMP"/w?.out
expect_exit "sync" 0 "$NEWSMILL" -C "$P1" sync
expect_grep "sync writes the posts and the images" "sync: $((FEEDS * 3)) posts written into source/_posts, [1-9][0-9]* images into source/images" "$NM_TMP/err"
sums "$P1" > "$NM_TMP/p1.sums"
check "the posts and images of one SQLite run, byte for byte" cmp "$NM_TMP/lite1.sums" "$NM_TMP/p1.sums"
expect_exit "store status" 0 "$NEWSMILL" -C "$P1" store status
expect_grep "status counts posts, not images" "^posts in the store	$((FEEDS * 3))	unsynced here 0" "$NM_TMP/out"
cp "$NM_TMP/late.jpg" "$WWW/images/late.jpg"
late_due "$P1"
expect_eq "the late image: workers again" 0 "$(workers "$P1")"
expect_exit "sync again" 0 "$NEWSMILL" -C "$P1" sync
sums "$P1" > "$NM_TMP/p1b.sums"
check "the posts and images of the second SQLite run, byte for byte" cmp "$NM_TMP/lite2.sums" "$NM_TMP/p1b.sums"
rm "$WWW/images/late.jpg"

# 2. Workers killed at random moments and restarted; a sync killed.
P2=$(pgsite pg2 full2)
slot() { # NAME: a worker restarted until it ends well
  for _ in $(seq 1 100); do
    "$NEWSMILL" -q -C "$P2" fetch --worker -j 8 --lease 3 --name "$1" >> "$NM_TMP/$1.out" 2>&1 &
    echo $! > "$NM_TMP/$1.pid"
    wait $! && break
    sleep 0.1
  done
  rm -f "$NM_TMP/$1.pid"
}
for w in k1 k2 k3; do slot "$w" 2>/dev/null & SLOTS+=($!); done
for _ in $(seq 1 100); do ls "$NM_TMP"/k?.pid >/dev/null 2>&1 && break; sleep 0.05; done
( kills=0
  while [ "$kills" -lt 12 ]; do
    ls "$NM_TMP"/k?.pid >/dev/null 2>&1 || break
    sleep "0.$((RANDOM % 20 + 5))"
    pid=$(cat "$NM_TMP/k$((RANDOM % 3 + 1)).pid" 2>/dev/null) || continue
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  done
  echo "$kills" > "$NM_TMP/kills" ) &
KILLER=$!
for p in "${SLOTS[@]}"; do wait "$p"; done
SLOTS=()
wait "$KILLER"
echo "# $(cat "$NM_TMP/kills") workers killed"
check "workers were killed" test "$(cat "$NM_TMP/kills")" -ge 3
expect_exit "a last worker finds nothing left" 0 "$NEWSMILL" -C "$P2" fetch --worker
expect_grep "nothing claimed" '^worker: feeds: 0 claimed' "$NM_TMP/out"
expect_eq "no lease left" 0 "$(sql "$(storeurl "$P2")" "SELECT count(*) FROM hosts WHERE claimed_by IS NOT NULL")"
"$NEWSMILL" -q -C "$P2" sync & sp=$!
sleep 0.0$((RANDOM % 9 + 1)); kill -9 "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
expect_exit "sync after a killed sync" 0 "$NEWSMILL" -C "$P2" sync
check "no temporary file left" test -z "$(find "$P2/source" -name '.*' -print -quit)"
sums "$P2" > "$NM_TMP/p2.sums"
check "killed and restarted: still the SQLite run's posts and images" cmp "$NM_TMP/lite1.sums" "$NM_TMP/p2.sums"
cp "$NM_TMP/late.jpg" "$WWW/images/late.jpg"
late_due "$P2"
for w in k1 k2 k3; do slot "$w" 2>/dev/null & SLOTS+=($!); done
sleep 0.$((RANDOM % 5 + 2)); pid=$(cat "$NM_TMP/k1.pid" 2>/dev/null) && kill -9 "$pid" 2>/dev/null
for p in "${SLOTS[@]}"; do wait "$p"; done
SLOTS=()
expect_exit "sync" 0 "$NEWSMILL" -C "$P2" sync
sums "$P2" > "$NM_TMP/p2b.sums"
check "and the late image as the second SQLite run" cmp "$NM_TMP/lite2.sums" "$NM_TMP/p2b.sums"

# 3. The guards.
U1=$(storeurl "$P1")
now=$(date +%s)
sql "$U1" "UPDATE hosts SET claimed_by = 'w9', claimed_until = $((now + 60)) WHERE host = '127.1.0.1'" >/dev/null
expect_exit "a plain fetch beside a live worker fails" 1 "$NEWSMILL" -C "$P1" fetch
expect_grep "naming it" "1 fetch worker holds leases on this site's store \(w9\)" "$NM_TMP/err"
# run on a site of its own, with nothing to build (the build that run does
# next would probe P1's images through glib, whose slice allocator
# ThreadSanitizer does not see into)
G=$(pgsite guard guard)
UG=$(storeurl "$G")
"$NEWSMILL" -q -C "$G" store migrate >/dev/null
sql "$UG" "INSERT INTO hosts(host, claimed_by, claimed_until) VALUES ('h', 'w8', $((now + 60)))" >/dev/null
expect_exit "run fails the same way" 1 "$NEWSMILL" -C "$G" run
expect_grep "naming it" "\(w8\)" "$NM_TMP/err"
sql "$U1" "UPDATE hosts SET claimed_by = NULL, claimed_until = 0" >/dev/null
expect_exit "a plain fetch once the workers are gone" 0 "$NEWSMILL" -C "$P1" fetch --all
expect_grep "finds nothing new" "posts: 0 new" "$NM_TMP/out"
echo 99999999 > "$P1/.newsmill/sync"
expect_exit "sync with a position ahead of the store" 0 "$NEWSMILL" -C "$P1" sync
expect_grep "warns, saying how to recover" "this site synced up to post 99999999, but the store's last is [0-9]+: .*remove .*/.newsmill/sync and run 'newsmill sync'" "$NM_TMP/err"
rm "$P1/.newsmill/sync"
expect_exit "sync from the start" 0 "$NEWSMILL" -C "$P1" sync
sums "$P1" > "$NM_TMP/p1c.sums"
check "writes the same files again" cmp "$NM_TMP/lite2.sums" "$NM_TMP/p1c.sums"
finish
