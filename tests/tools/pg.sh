#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL server for tests and benches: Debian's
# initdb and pg_ctl (package postgresql) in a directory of the caller's,
# on a free loopback port, trusted connections from 127.0.0.1 only.
#
#   tests/tools/pg.sh start DIR   DIR: a new empty directory (mktemp -d);
#                                 prints the server's URL,
#                                 postgresql://newsmill@127.0.0.1:PORT/postgres
#   tests/tools/pg.sh restart DIR stops it at once (-m immediate: clients
#                                 cut off, as by a crash) and starts it
#                                 again on the same port
#   tests/tools/pg.sh stop DIR    stops it (the caller removes DIR)
#
# PostgreSQL refuses to run as root: as root, DIR is given to the user
# nobody and the server runs as nobody (runuser). Durability is switched
# off (fsync, synchronous_commit): the data is thrown away anyway, and a
# test's commits cost microseconds instead of a disk flush each.
set -eu
cmd=${1:-} dir=${2:-}
[ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: pg.sh start|restart|stop DIR (an existing directory)" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL's server is not installed (scripts/deps.sh installs the postgresql package)" >&2; exit 2; }
dir=$(cd "$dir" && pwd)

as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u nobody -- "$@"); else (cd "$dir" && "$@"); fi
}

case "$cmd" in
start)
  [ "$(id -u)" != 0 ] || chown nobody "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U newsmill --auth=trust --encoding=UTF8 --locale=C -N \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  # A free port: asked of the OS, then tried; another process may take it
  # between the two, so a failed start tries another.
  for attempt in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
         "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         >/dev/null 2>&1; then
      echo "$port" > "$dir/port"
      echo "postgresql://newsmill@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  echo "pg.sh: the server did not start; its log:" >&2
  tail -20 "$dir/server.log" >&2
  exit 1
  ;;
restart)
  port=$(cat "$dir/port")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null 2>&1 || { echo "pg.sh: the server did not start again; its log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  [ -f "$dir/data/postmaster.pid" ] || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  ;;
*)
  echo "usage: pg.sh start|restart|stop DIR" >&2
  exit 2
  ;;
esac
