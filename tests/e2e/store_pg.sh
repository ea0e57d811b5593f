# store_pg.sh — a site on a PostgreSQL store: `fetch` writes the same posts
# as on SQLite; `store export` → `store import` moves a site between the
# two with nothing lost (export → import → export is the identity, both
# ways); `store status` and `store migrate`; clear errors naming the
# server's URL, never its password. The server is a throwaway one
# (tests/tools/pg.sh), stopped at the end.
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nm-pg.XXXXXX")
pg_stop() { "$NM_ROOT/tests/tools/pg.sh" stop "$PG_DIR"; rm -rf "$PG_DIR"; }
PG=$("$NM_ROOT/tests/tools/pg.sh" start "$PG_DIR")
if [ -z "$PG" ]; then fail "the throwaway PostgreSQL server starts"; rm -rf "$PG_DIR"; finish; fi
ok "the throwaway PostgreSQL server starts"
check "test server starts" testd_start
trap 'testd_stop; pg_stop; rm -rf "$NM_TMP"' EXIT
PGB=${PG%/postgres}   # the server's URL without a database
newdb() { psql -q "$PG" -c "CREATE DATABASE $1" >/dev/null && echo "$PGB/$1"; }
U=$TESTD_URL
FEEDS=("$U/feed/cross-a.xml" "$U/feed/cross-b.xml" "$U/feed/gbk.xml" "$U/feed/ads.xml")

# The same feeds into a SQLite site and into a PostgreSQL one.
site_with lite "${FEEDS[@]}"; LITE=$SITE
site_with pg "${FEEDS[@]}"; PGSITE=$SITE
URL1=$(newdb site1)
printf 'title: News\nnewsmill:\n  store: %s\n' "$URL1" > "$PGSITE/_config.yml"
expect_exit "fetch into SQLite" 0 "$NEWSMILL" -C "$LITE" fetch -j 1
cp "$NM_TMP/out" "$NM_TMP/lite.out"
expect_exit "fetch into PostgreSQL" 0 "$NEWSMILL" -C "$PGSITE" fetch -j 1
expect_eq "the same summary" "$(cat "$NM_TMP/lite.out")" "$(cat "$NM_TMP/out")"
expect_grep "posts and a cross-feed duplicate" 'posts: 4 new, 1 duplicates$' "$NM_TMP/out"
check "no store file beside a PostgreSQL site" test ! -e "$PGSITE/.newsmill/newsmill.db"
check "the same posts, byte for byte" diff -r "$LITE/source/_posts" "$PGSITE/source/_posts"
expect_eq "4 posts" 4 "$(posts "$PGSITE")"
expect_exit "fetch --all again into SQLite" 0 "$NEWSMILL" -C "$LITE" fetch --all -j 4
cp "$NM_TMP/out" "$NM_TMP/lite.out"
expect_exit "fetch --all again into PostgreSQL" 0 "$NEWSMILL" -C "$PGSITE" fetch --all -j 4
expect_eq "again the same summary (all known)" "$(cat "$NM_TMP/lite.out")" "$(cat "$NM_TMP/out")"
"$NEWSMILL" -C "$LITE" feeds list | cut -f1,2,4,6,7 > "$NM_TMP/lite.list"
"$NEWSMILL" -C "$PGSITE" feeds list | cut -f1,2,4,6,7 > "$NM_TMP/pg.list"
check "feeds list: the same status, errors and item counts" diff "$NM_TMP/lite.list" "$NM_TMP/pg.list"
# Rows match too, once the clock's fields (when fetched, first seen) are set aside.
strip() { # python, not jq: jq reads 64-bit hashes as doubles
  python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    for k in ("last_fetch", "last_ok", "next_due", "first_seen"): o.pop(k, None)
    print(json.dumps(o, sort_keys=True))' "$1"
}
"$NEWSMILL" -C "$LITE" store export > "$NM_TMP/lite.jsonl"
"$NEWSMILL" -C "$PGSITE" store export > "$NM_TMP/pg.jsonl"
check "the two stores hold the same rows" diff <(strip "$NM_TMP/lite.jsonl") <(strip "$NM_TMP/pg.jsonl")

# store status and migrate
expect_exit "store status" 0 "$NEWSMILL" -C "$PGSITE" store status
expect_grep "status names the back end and the URL" "^store	postgresql $URL1\$" "$NM_TMP/out"
expect_grep "status counts feeds" '^feeds	4	due now 0	failing 0	never fetched 0$' "$NM_TMP/out"
expect_grep "status counts items and aliases" '^items	4	aliases 1$' "$NM_TMP/out"
URL2=$(newdb fresh)
expect_exit "store migrate on an empty database" 0 env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$LITE" store migrate
expect_eq "it says from which schema" "postgresql $URL2: schema 4, migrated from 0" "$(cat "$NM_TMP/out")"
expect_exit "store migrate again" 0 env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$LITE" store migrate
expect_eq "up to date" "postgresql $URL2: schema 4, up to date" "$(cat "$NM_TMP/out")"

# SQLite → export → import into PostgreSQL → export: identical, and back.
expect_exit "export the SQLite store to a file" 0 "$NEWSMILL" -C "$LITE" store export "$NM_TMP/a.jsonl"
check "the file is the dump on stdout" cmp "$NM_TMP/a.jsonl" "$NM_TMP/lite.jsonl"
expect_exit "import it into PostgreSQL" 0 env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$LITE" store import "$NM_TMP/a.jsonl"
expect_grep "import says what it loaded" "imported 4 feeds, 4 items, 1 aliases, 0 pages into postgresql $URL2" "$NM_TMP/err"
env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$LITE" store export > "$NM_TMP/b.jsonl"
check "export from PostgreSQL is byte for byte the SQLite one" cmp "$NM_TMP/a.jsonl" "$NM_TMP/b.jsonl"
expect_exit "import into a store that is not empty fails" 1 env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$LITE" store import "$NM_TMP/a.jsonl"
expect_grep "and says why" "the store is not empty" "$NM_TMP/err"
mkdir -p "$NM_TMP/back"
expect_exit "PostgreSQL's dump into a new SQLite site (stdin)" 0 \
  bash -c "'$NEWSMILL' -C '$NM_TMP/back' store import - < '$NM_TMP/pg.jsonl'"
"$NEWSMILL" -C "$NM_TMP/back" store export > "$NM_TMP/c.jsonl"
check "and back again: the same bytes" cmp "$NM_TMP/pg.jsonl" "$NM_TMP/c.jsonl"
# The moved site goes on where it was: nothing is new.
cp -r "$LITE/source" "$LITE/feeds.yml" "$NM_TMP/back/"
expect_exit "fetch --all on the site moved to PostgreSQL" 0 env NEWSMILL_STORE="$URL2" "$NEWSMILL" -C "$NM_TMP/back" fetch --all
expect_grep "nothing new after the move" 'posts: 0 new, 0 duplicates$' "$NM_TMP/out"

# Errors: the server's URL without its password; a bad setting, its line.
expect_exit "an unreachable server fails the fetch" 1 \
  env NEWSMILL_STORE="postgresql://news:hunter2@127.0.0.1:1/news" "$NEWSMILL" -C "$LITE" fetch
expect_grep "naming the URL" '^newsmill: error: postgresql://news@127.0.0.1:1/news: cannot connect to the store: ' "$NM_TMP/err"
check "never the password" bash -c "! grep -q hunter2 '$NM_TMP/err' '$NM_TMP/out'"
expect_exit "store status too" 1 env NEWSMILL_STORE="postgresql://news:hunter2@127.0.0.1:1/news" "$NEWSMILL" -C "$LITE" store status
expect_grep "status names the URL" 'postgresql://news@127.0.0.1:1/news: cannot connect' "$NM_TMP/err"
printf 'newsmill:\n  store: mysql://x/y\n' > "$LITE/_config.yml"
expect_exit "a store that is neither" 1 "$NEWSMILL" -C "$LITE" store status
expect_grep "names the config line" "_config.yml:2: store must be 'sqlite' or a postgresql:// URL, not 'mysql://x/y'" "$NM_TMP/err"
expect_exit "bad usage" 2 "$NEWSMILL" -C "$LITE" store frobnicate
finish
