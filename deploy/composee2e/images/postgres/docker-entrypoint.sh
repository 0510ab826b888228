#!/bin/bash
# What the official image's entrypoint does, as far as the compose file uses
# it. On the first start (an empty $PGDATA): initdb with POSTGRES_USER as the
# superuser and POSTGRES_PASSWORD as its password, scram-sha-256 for every
# connection over TCP, then POSTGRES_DB created by a server that listens on
# the socket only (so a TCP healthcheck passes only once the real server is
# up). Then postgres runs as the user postgres, listening on every address.
# Started as another user (Kubernetes' runAsUser: 70, the official image's
# postgres, which this image's postgres is too), it runs everything as itself,
# as the official entrypoint does: no chown, no change of user.
set -euo pipefail
if [ "${1:-}" != postgres ]; then
  exec "$@"
fi
shift
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
  echo "POSTGRES_PASSWORD is not set: the database would be open to anyone who reaches it" >&2
  exit 1
fi
root=false
[ "$(id -u)" != 0 ] || root=true
as_postgres() { if $root; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }
mkdir -p "$PGDATA"
! $root || chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  ! $root || chown postgres "$pwfile"
  as_postgres initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    as_postgres psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q \
      -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
$root || exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@"
