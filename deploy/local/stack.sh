#!/usr/bin/env bash
# The native local stack: etcd, a Postgres and a Redis per data-owning service,
# and the four services, all on 127.0.0.1, data under .local/ (git-ignored).
#
#   stack.sh deps     install what is missing (Debian/Ubuntu, through apt)
#   stack.sh up       start the infrastructure in the background (idempotent)
#   stack.sh down     stop the infrastructure that `up` started
#   stack.sh status   show what runs
#   stack.sh run      deps + up + build + start the services in the foreground;
#                     Ctrl-C or SIGTERM stops everything it started, nothing else
#   stack.sh clean    down, then wipe .local/ (all local data)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=ports.env
source "$ROOT/deploy/local/ports.env"
LOCAL=${ZSUITE_LOCAL_DIR:-$ROOT/.local}
PG_SERVICES=(user order inventory)
DBNAME_user=users
DBNAME_order=orders
DBNAME_inventory=inventory
REDIS_NAMES=(user-api user order inventory)

log() { printf '\033[1m[stack]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
upper() { tr 'a-z-' 'A-Z_' <<<"$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds what
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  die "$3 did not come up on 127.0.0.1:$1 (see the logs under $LOCAL/log)"
}
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
  nohup etcd --name zsuite --data-dir "$LOCAL/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "zsuite=http://127.0.0.1:$ETCD_PEER_PORT" \
    >"$LOCAL/log/etcd.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/run/etcd.pid"
  wait_port "$ETCD_PORT" 30 etcd
  log "etcd on 127.0.0.1:$ETCD_PORT"
}

start_postgres() { # service
  local svc=$1 port bin dir db
  port=$(eval echo "\$$(upper "$svc")_PG_PORT")
  db=$(eval echo "\$DBNAME_$svc")
  bin=$(pg_bin)
  dir="$LOCAL/pg/$svc"
  if port_open "$port"; then log "Postgres for $svc already answers on :$port, using it"; return; fi
  mkdir -p "$LOCAL/pg" "$LOCAL/log"
  if [ ! -s "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    local pw="$LOCAL/pg/.pw-$svc"
    printf '%s\n' "$PG_PASSWORD" >"$pw"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir" "$pw"; chmod 700 "$dir"; fi
    as_pg "$bin/initdb" -D "$dir" -U "$PG_USER" --pwfile="$pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$LOCAL/log/initdb-$svc.log" 2>&1 \
      || die "initdb for $svc failed: see $LOCAL/log/initdb-$svc.log"
    rm -f "$pw"
  fi
  [ "$(id -u)" = 0 ] && chown postgres: "$LOCAL/log" 2>/dev/null && touch "$LOCAL/log/pg-$svc.log" && chown postgres: "$LOCAL/log/pg-$svc.log"
  # A development server: a commit does not wait for its WAL to reach the disk
  # (synchronous_commit=off: a crash of the machine, not of Postgres, loses
  # the last few hundred ms of commits, never consistency). With it on, every
  # order waited for two fsyncs of this shared disk and orders stalled at
  # 150/s (docs/performance.md, "The order database"); production keeps it on
  # (docs/operations.md). Checkpoints every 15 min at most instead of 5: fewer
  # full-page images in the WAL after each.
  as_pg "$bin/pg_ctl" -D "$dir" -l "$LOCAL/log/pg-$svc.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c synchronous_commit=off -c checkpoint_timeout=15min -c max_wal_size=2GB" >/dev/null \
    || die "Postgres for $svc did not start: see $LOCAL/log/pg-$svc.log"
  if ! PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -qc "CREATE DATABASE $db" >/dev/null
  fi
  log "Postgres for $svc on 127.0.0.1:$port (database $db)"
}

start_redis() { # name
  local name=$1 port
  port=$(eval echo "\$$(upper "$name")_REDIS_PORT")
  if port_open "$port"; then log "Redis for $name already answers on :$port, using it"; return; fi
  mkdir -p "$LOCAL/redis/$name" "$LOCAL/log" "$LOCAL/run"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$LOCAL/redis/$name" --save '' --appendonly no \
    --daemonize yes --pidfile "$LOCAL/run/redis-$name.pid" --logfile "$LOCAL/log/redis-$name.log"
  wait_port "$port" 10 "Redis for $name"
  log "Redis for $name on 127.0.0.1:$port"
}

cmd_up() {
  command -v etcd >/dev/null && command -v redis-server >/dev/null || die "etcd or redis-server is missing: run 'make deps'"
  pg_bin >/dev/null
  start_etcd
  local s
  for s in "${PG_SERVICES[@]}"; do start_postgres "$s"; done
  for s in "${REDIS_NAMES[@]}"; do start_redis "$s"; done
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

cmd_down() {
  local s bin
  for s in "${REDIS_NAMES[@]}"; do stop_pid "$LOCAL/run/redis-$s.pid"; done
  bin=$(pg_bin 2>/dev/null || true)
  for s in "${PG_SERVICES[@]}"; do
    if [ -n "$bin" ] && [ -f "$LOCAL/pg/$s/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$LOCAL/pg/$s" -m fast -w stop >/dev/null 2>&1 || true
    fi
  done
  stop_pid "$LOCAL/run/etcd.pid"
  log "local infrastructure stopped"
}

cmd_status() {
  local name port
  for name in ETCD USER_PG ORDER_PG INVENTORY_PG USER_API_REDIS USER_REDIS ORDER_REDIS INVENTORY_REDIS \
    USER_API USER_RPC ORDER_RPC INVENTORY_RPC; do
    port=$(eval echo "\$${name}_PORT")
    if port_open "$port"; then printf '%-16s :%-5s up\n' "$name" "$port"; else printf '%-16s :%-5s down\n' "$name" "$port"; fi
  done
}

cmd_clean() {
  cmd_down
  rm -rf "$LOCAL"
  log "removed $LOCAL"
}

# run: the whole suite in the foreground.
SERVICES=(user-rpc inventory-rpc order-rpc user-api)
CONFIG_user_rpc=user.yaml
CONFIG_inventory_rpc=inventory.yaml
CONFIG_order_rpc=order.yaml
CONFIG_user_api=user-api.yaml
CHILDREN=()
INFRA_STARTED=0

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  local pid
  for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$INFRA_STARTED" = 1 ]; then cmd_down; fi
  exit 0
}

cmd_run() {
  cmd_deps
  if ! port_open "$ETCD_PORT" || ! port_open "$USER_PG_PORT" || ! port_open "$USER_REDIS_PORT"; then INFRA_STARTED=1; fi
  trap stop_all INT TERM EXIT
  cmd_up
  log "building the services"
  mkdir -p "$LOCAL/bin" "$LOCAL/log"
  (cd "$ROOT" && go build -o "$LOCAL/bin/" ./user-api ./user-rpc ./order-rpc ./inventory-rpc)
  local svc cfg var
  for svc in "${SERVICES[@]}"; do
    var="CONFIG_${svc//-/_}"
    cfg="$ROOT/$svc/etc/${!var}"
    # The local stack shows a demo catalogue on first start.
    (cd "$ROOT/$svc" && DEMO_CATALOGUE=true exec "$LOCAL/bin/$svc" -f "$cfg" >>"$LOCAL/log/$svc.log" 2>&1) &
    CHILDREN+=($!)
  done
  for svc in "${SERVICES[@]}"; do
    local port
    port=$(eval echo "\$$(upper "$svc")_READY_PORT")
    local ok=0
    for _ in $(seq 300); do
      if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ok=1; break; fi
      for pid in "${CHILDREN[@]}"; do kill -0 "$pid" 2>/dev/null || die "a service exited at start; see $LOCAL/log/"; done
      sleep 0.1
    done
    [ "$ok" = 1 ] || die "$svc is not ready after 30s; see $LOCAL/log/$svc.log"
    log "$svc ready"
  done
  cat <<INFO

  The suite is up.
    user-api (HTTP)   http://127.0.0.1:$USER_API_PORT
    metrics, pprof    http://127.0.0.1:$USER_API_DEV_PORT/metrics  (user-rpc :$USER_RPC_DEV_PORT, order-rpc :$ORDER_RPC_DEV_PORT, inventory-rpc :$INVENTORY_RPC_DEV_PORT)
    readiness         http://127.0.0.1:$USER_API_READY_PORT/readyz  (user-rpc :$USER_RPC_READY_PORT, order-rpc :$ORDER_RPC_READY_PORT, inventory-rpc :$INVENTORY_RPC_READY_PORT)
    etcd              127.0.0.1:$ETCD_PORT
    logs              $LOCAL/log/

  Try:
    curl -s -X POST http://127.0.0.1:$USER_API_PORT/v1/users/login -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin12345"}'

  Ctrl-C stops everything this command started.

INFO
  while true; do
    for pid in "${CHILDREN[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then log "a service exited; see $LOCAL/log/"; stop_all; fi
    done
    sleep 1 &
    wait $! || true
  done
}

case "${1:-}" in
  deps) cmd_deps ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  run) cmd_run ;;
  clean) cmd_clean ;;
  *) echo "usage: $0 {deps|up|down|status|run|clean}" >&2; exit 2 ;;
esac
