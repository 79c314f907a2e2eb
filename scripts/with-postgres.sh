#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster that this script creates, starts, and
# removes again, whatever the command's outcome. DATABASE_URL points at it for the command.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest
#
# initdb refuses to run as root, so as root the cluster belongs to the "postgres" user (or a
# "sohoi-pg" system user created on first use). PG_FAST=1 turns durability off (tests only).
set -euo pipefail

find_bin() {
  for dir in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
  echo "with-postgres: PostgreSQL binaries (initdb) not found; install postgresql-15" >&2
  exit 2
}
BIN=$(find_bin)

as_owner=()
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  if ! id "$owner" >/dev/null 2>&1; then
    owner=sohoi-pg
    id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi
  as_owner=(runuser -u "$owner" --)
fi

DIR=$(mktemp -d /tmp/sohoi-pg.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown "$owner" "$DIR"
PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

cleanup() {
  "${as_owner[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$BIN/initdb" -D "$DIR/data" -U sohoi -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR"
opts="$opts -c shared_buffers=${PG_SHARED_BUFFERS:-512MB} -c max_connections=100"
opts="$opts -c work_mem=${PG_WORK_MEM:-32MB} -c maintenance_work_mem=512MB -c max_wal_size=4GB"
if [ "${PG_FAST:-0}" = 1 ]; then
  opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${as_owner[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$opts" -w -t 60 start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
"$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U sohoi sohoi
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)" >&2

export DATABASE_URL="postgres://sohoi@127.0.0.1:$PORT/sohoi"
set +e
"$@"
status=$?
set -e
exit $status
