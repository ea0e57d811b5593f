# workers.sh — what the `fetch --worker` e2e tests share: a throwaway
# PostgreSQL server (pg.sh) and the loopback test server (nm_testd
# --all-loopback, every 127.x.y.z host) serving $WWW, both stopped on exit
# together with the workers still running. Source it after lib.sh, once
# $WWW (default $NM_TMP/www) holds what nm_testd serves:
#
#   . "$NM_ROOT/tests/tools/workers.sh"
#
# It gives PG (the server's URL), PORT (nm_testd's), SLOTS (pids killed on
# exit; so are those in $NM_TMP/*.pid, resumed first should they be
# stopped), newdb NAME (a new database: prints its URL), sql URL QUERY and
# site NAME (a new site $NM_TMP/NAME with $NM_TMP/feeds.yml: prints its
# directory). A server that does not start is a failed check, and the end.
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nm-pg.XXXXXX")
PG=$("$NM_ROOT/tests/tools/pg.sh" start "$PG_DIR")
if [ -z "$PG" ]; then fail "the throwaway PostgreSQL server starts"; rm -rf "$PG_DIR"; finish; fi
ok "the throwaway PostgreSQL server starts"
WWW=${WWW:-$NM_TMP/www}
mkdir -p "$WWW"
"$NM_BUILD/tests/tools/nm_testd" "$WWW" --all-loopback > "$NM_TMP/port" 2>/dev/null &
TESTD=$!
SLOTS=()
cleanup() {
  for p in "${SLOTS[@]}"; do kill "$p" 2>/dev/null; done
  for f in "$NM_TMP"/*.pid; do [ -f "$f" ] && kill -CONT "$(cat "$f")" 2>/dev/null && kill -9 "$(cat "$f")" 2>/dev/null; done
  kill "$TESTD" 2>/dev/null
  wait 2>/dev/null
  "$NM_ROOT/tests/tools/pg.sh" stop "$PG_DIR"; rm -rf "$PG_DIR" "$NM_TMP"
}
trap cleanup EXIT
for _ in $(seq 1 50); do [ -s "$NM_TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$NM_TMP/port")
PGB=${PG%/postgres}
newdb() { psql -q "$PG" -c "CREATE DATABASE $1" >/dev/null && echo "$PGB/$1"; }
sql() { psql -qtA "$1" -c "$2"; }
site() { mkdir -p "$NM_TMP/$1/source/_posts"; cp "$NM_TMP/feeds.yml" "$NM_TMP/$1/"; echo "$NM_TMP/$1"; }
