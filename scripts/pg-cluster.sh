#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary directory,
# start on a free loopback port with the socket in that directory, stop and delete it afterwards.
#
#   eval "$(scripts/pg-cluster.sh start)"   # sets PG_CLUSTER_DIR and PG_CLUSTER_URL (database postgres)
#   scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"
#
# PG_DURABLE=1 keeps fsync on (benchmarks that should pay for durability); by default the cluster
# trades crash safety for speed, which is all a test database needs. PG_PORT picks the port.
# As root the server runs as the `postgres` user (postgres refuses root); otherwise as the caller.
set -euo pipefail

pgbin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [[ -x $dir/pg_ctl ]] && { echo "$dir"; return; }; done
  echo "pg-cluster: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A random high port nothing answers on. pg_ctl fails if another process takes it first; start()
# then tries another.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

start() {
  local bin dir port fast
  bin=$(pgbin)
  dir=$(mktemp -d /tmp/seatkeeper-pg.XXXXXX)
  chmod 755 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ ${PG_DURABLE:-0} == 1 ]] && fast=""
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2; exit 1; }
  for attempt in 1 2 3 4 5; do
    port=${PG_PORT:-$(free_port)}
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $fast" start >/dev/null; then
      echo "export PG_CLUSTER_DIR=$dir PG_CLUSTER_URL=postgresql://postgres@127.0.0.1:$port/postgres"
      return
    fi
    [[ -n ${PG_PORT:-} ]] && break
  done
  cat "$dir/server.log" >&2
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir=${1:?usage: pg-cluster.sh stop DIR}
  [[ -d $dir/data ]] && as_owner "$(pgbin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case ${1:-} in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
