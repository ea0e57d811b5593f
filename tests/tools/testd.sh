# testd.sh — start and stop the loopback test server (nm_testd) from an
# e2e test. Source it after lib.sh:
#
#   . "$NM_ROOT/tests/tools/testd.sh"
#   testd_start            # serves a copy of tests/fixtures/fetch in $TESTD_ROOT
#   curl "$TESTD_URL/feed/basic.xml"
#
# The server's port is chosen by the OS; every request is logged in
# $TESTD_LOG. The server is stopped by the EXIT trap.
TESTD_BIN="$NM_BUILD/tests/tools/nm_testd"
TESTD_ROOT="$NM_TMP/fixtures"
TESTD_LOG="$NM_TMP/testd.log"
TESTD_PID=
testd_stop() {
  if [ -n "$TESTD_PID" ]; then kill "$TESTD_PID" 2>/dev/null; wait "$TESTD_PID" 2>/dev/null; fi
  TESTD_PID=
}
testd_start() {
  mkdir -p "$TESTD_ROOT"
  cp -r "$NM_ROOT/tests/fixtures/fetch/." "$TESTD_ROOT/"
  for f in "$TESTD_ROOT"/*.xml; do gzip -kf "$f"; done
  : > "$TESTD_LOG"
  "$TESTD_BIN" "$TESTD_ROOT" --log "$TESTD_LOG" > "$NM_TMP/testd.port" 2>"$NM_TMP/testd.err" &
  TESTD_PID=$!
  trap 'testd_stop; rm -rf "$NM_TMP"' EXIT
  local i
  for i in $(seq 1 50); do
    [ -s "$NM_TMP/testd.port" ] && break
    sleep 0.1
  done
  TESTD_PORT=$(cat "$NM_TMP/testd.port")
  TESTD_URL="http://127.0.0.1:$TESTD_PORT"
  [ -n "$TESTD_PORT" ]
}

# site_with NAME URL... — a fresh site $NM_TMP/NAME whose feeds.yml lists
# each URL as group G, site S, feed title F<i>, without full text (the
# fixtures' links name sites on the internet).
site_with() {
  local name=$1 i=0 u; shift
  SITE="$NM_TMP/$name"
  mkdir -p "$SITE"
  for u in "$@"; do
    i=$((i + 1))
    "$NEWSMILL" -q -C "$SITE" feeds add "$u" --category "G/S/F$i" --fulltext never || return 1
  done
}
# posts DIR — number of posts in DIR/source/_posts
posts() { find "$1/source/_posts" -name '*.md' 2>/dev/null | wc -l; }
# state URL — the `feeds list` line of URL in $SITE
state() { "$NEWSMILL" -C "$SITE" feeds list | grep -F "$1	"; }
# valid_posts — `newsmill check` when this build has it, else true
valid_posts() {
  if "$NEWSMILL" help check >/dev/null 2>&1; then "$NEWSMILL" -q -C "$1" check; else return 0; fi
}
