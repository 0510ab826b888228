#!/usr/bin/env bash
# The native local stack: etcd, and a Postgres and a Redis per service as
# deploy/topology says, all on 127.0.0.1, data under .local/ (git-ignored);
# `run` starts the services on it (testkit/cmd/run).
#
#   stack.sh deps     install what is missing (Debian/Ubuntu, through apt)
#   stack.sh up       start the infrastructure in the background (idempotent);
#                     `up postgres` starts only the Postgres servers
#   stack.sh stop-started FILE
#                     stop what an `up` run with STACK_STARTED=FILE started,
#                     and nothing that was running before it
#   stack.sh down     stop the infrastructure that `up` started
#   stack.sh status   show what runs
#   stack.sh run      deps + up, then build and start the services in the
#                     foreground (testkit/cmd/run); Ctrl-C or SIGTERM stops
#                     everything it started, nothing else
#   stack.sh clean    down, then wipe .local/ (all local data)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=ports.env
source "$ROOT/deploy/local/ports.env"
LOCAL=${ZSUITE_LOCAL_DIR:-$ROOT/.local}
# topology: the lines of deploy/topology, one service each:
#   service config port dev ready pg database redis tables
# Its stores' files and logs are named by the service without -rpc.
topology() { awk '!/^#/ && NF' "$ROOT/deploy/topology"; }

log() { printf '\033[1m[stack]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds what
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  die "$3 did not come up on 127.0.0.1:$1 (see the logs under $LOCAL/log)"
}
# Logs are appended to, never overwritten, so that why a store died stays
# after it restarts; each start first writes a line saying when.
log_start() { # logfile what
  printf '==== %s: starting %s (stack.sh)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" >>"$1"
}
# started records, in the file $STACK_STARTED names, what this run started.
started() { if [ -n "${STACK_STARTED:-}" ]; then echo "$1" >>"$STACK_STARTED"; fi; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] || die "PostgreSQL is not installed: run 'make deps'"
  echo "$d"
}
# Postgres refuses to run as root: as root, run its tools as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd_deps() {
  local missing=()
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v protoc >/dev/null || missing+=(protobuf-compiler)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them by hand"
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_etcd() {
  if port_open "$ETCD_PORT"; then log "etcd already answers on :$ETCD_PORT, using it"; return; fi
  mkdir -p "$LOCAL/etcd" "$LOCAL/log" "$LOCAL/run"
  log_start "$LOCAL/log/etcd.log" etcd
  nohup etcd --name zsuite --data-dir "$LOCAL/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "zsuite=http://127.0.0.1:$ETCD_PEER_PORT" \
    >>"$LOCAL/log/etcd.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/run/etcd.pid"
  started etcd
  wait_port "$ETCD_PORT" 30 etcd
  log "etcd on 127.0.0.1:$ETCD_PORT"
}

start_postgres() { # service port database
  local svc=$1 port=$2 db=$3 bin dir
  bin=$(pg_bin)
  dir="$LOCAL/pg/$svc"
  if port_open "$port"; then log "Postgres for $svc already answers on :$port, using it"; return; fi
  mkdir -p "$LOCAL/pg" "$LOCAL/log"
  if [ ! -s "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    local pw="$LOCAL/pg/.pw-$svc"
    printf '%s\n' "$PG_PASSWORD" >"$pw"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir" "$pw"; chmod 700 "$dir"; fi
    as_pg "$bin/initdb" -D "$dir" -U "$PG_USER" --pwfile="$pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$LOCAL/log/initdb-$svc.log" 2>&1 \
      || die "initdb for $svc failed (as the postgres user: can it reach $dir?): $(tail -n 3 "$LOCAL/log/initdb-$svc.log")"
    rm -f "$pw"
  fi
  log_start "$LOCAL/log/pg-$svc.log" "Postgres for $svc"
  [ "$(id -u)" = 0 ] && chown postgres: "$LOCAL/log" 2>/dev/null && chown postgres: "$LOCAL/log/pg-$svc.log"
  # Checkpoints every 15 min at most instead of 5: fewer full-page images in
  # the WAL after each. synchronous_commit stays on (docs/performance.md, "The
  # order database": a lost commit could hand a reserved order's id to another).
  as_pg "$bin/pg_ctl" -D "$dir" -l "$LOCAL/log/pg-$svc.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c checkpoint_timeout=15min -c max_wal_size=2GB" >/dev/null \
    || die "Postgres for $svc did not start: see $LOCAL/log/pg-$svc.log"
  started "postgres $svc"
  if ! PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
  fi
  log "Postgres for $svc on 127.0.0.1:$port (database $db)"
}

start_redis() { # name port
  local name=$1 port=$2
  if port_open "$port"; then log "Redis for $name already answers on :$port, using it"; return; fi
  mkdir -p "$LOCAL/redis/$name" "$LOCAL/log" "$LOCAL/run"
  log_start "$LOCAL/log/redis-$name.log" "Redis for $name"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$LOCAL/redis/$name" --save '' --appendonly no \
    --daemonize yes --pidfile "$LOCAL/run/redis-$name.pid" --logfile "$LOCAL/log/redis-$name.log"
  started "redis $name"
  wait_port "$port" 10 "Redis for $name"
  log "Redis for $name on 127.0.0.1:$port"
}

cmd_up() {
  pg_bin >/dev/null
  local svc pg db redis
  if [ "${1:-}" != postgres ]; then
    command -v etcd >/dev/null && command -v redis-server >/dev/null || die "etcd or redis-server is missing: run 'make deps'"
    start_etcd
  fi
  while read -r svc _ _ _ _ pg db redis _; do
    [ "$pg" = - ] || start_postgres "${svc%-rpc}" "$pg" "$db"
  done < <(topology)
  [ "${1:-}" = postgres ] && return
  while read -r svc _ _ _ _ _ _ redis _; do start_redis "${svc%-rpc}" "$redis"; done < <(topology)
}

stop_pid() { # pidfile
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$1"
}

stop_postgres() { # service
  local bin
  bin=$(pg_bin 2>/dev/null || true)
  if [ -n "$bin" ] && [ -f "$LOCAL/pg/$1/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$LOCAL/pg/$1" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

cmd_down() {
  local svc
  while read -r svc _; do stop_pid "$LOCAL/run/redis-${svc%-rpc}.pid"; done < <(topology)
  while read -r svc _; do stop_postgres "${svc%-rpc}"; done < <(topology)
  stop_pid "$LOCAL/run/etcd.pid"
  log "local infrastructure stopped"
}

cmd_stop_started() { # file written by `STACK_STARTED=file stack.sh up`
  [ -f "$1" ] || return 0
  local what name
  while read -r what name; do
    case $what in
      etcd) stop_pid "$LOCAL/run/etcd.pid" ;;
      postgres) stop_postgres "$name" ;;
      redis) stop_pid "$LOCAL/run/redis-$name.pid" ;;
    esac
    log "stopped ${what}${name:+ for $name} (started for this command)"
  done <"$1"
}

cmd_status() {
  local svc port dev ready pg redis
  show() { if port_open "$2"; then printf '%-22s :%-5s up\n' "$1" "$2"; else printf '%-22s :%-5s down\n' "$1" "$2"; fi; }
  show etcd "$ETCD_PORT"
  while read -r svc _ port dev ready pg _ redis _; do
    [ "$pg" = - ] || show "$svc Postgres" "$pg"
    show "$svc Redis" "$redis"
  done < <(topology)
  while read -r svc _ port _; do show "$svc" "$port"; done < <(topology)
}

cmd_clean() {
  cmd_down
  rm -rf "$LOCAL"
  log "removed $LOCAL"
}

# run: the whole suite in the foreground. The services run under
# testkit/cmd/run, which stops them at Ctrl-C; the infrastructure this command
# started is stopped after it.
INFRA_STARTED=0

stop_infra() {
  trap - INT TERM EXIT
  if [ "$INFRA_STARTED" = 1 ]; then cmd_down; fi
}

cmd_run() {
  cmd_deps
  if ! port_open "$ETCD_PORT"; then INFRA_STARTED=1; fi
  while read -r _ _ _ _ _ pg _ redis _; do
    { [ "$pg" = - ] || port_open "$pg"; } && port_open "$redis" || INFRA_STARTED=1
  done < <(topology)
  trap stop_infra INT TERM EXIT
  cmd_up
  mkdir -p "$LOCAL/bin" "$LOCAL/log"
  (cd "$ROOT" && go build -o "$LOCAL/bin/zsuite-run" ./testkit/cmd/run)
  # In the background, so that a signal to this script is handled at once:
  # passed on to the runner, which stops the services; then the trap on EXIT
  # stops the infrastructure this command started.
  (cd "$ROOT" && exec "$LOCAL/bin/zsuite-run" -bin "$LOCAL/bin" -log "$LOCAL/log") &
  local runner=$!
  trap 'kill -TERM "$runner" 2>/dev/null || true' INT TERM
  wait "$runner" || true
  wait "$runner" 2>/dev/null || true
}

case "${1:-}" in
  deps) cmd_deps ;;
  up) cmd_up "${2:-}" ;;
  stop-started) cmd_stop_started "${2:?stop-started needs the file STACK_STARTED named}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  run) cmd_run ;;
  clean) cmd_clean ;;
  *) echo "usage: $0 {deps|up [postgres]|stop-started FILE|down|status|run|clean}" >&2; exit 2 ;;
esac
