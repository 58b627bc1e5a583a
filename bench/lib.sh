# Shell helpers every bench script sources (`source bench/lib.sh` after `cd` to the repository):
# a temporary directory and the trap that cleans up after the run, free ports, waiting for a
# server, starting seatkeeper the way the benchmarks do, an organization with a token, a customer
# and a product, and a throwaway durable PostgreSQL cluster. Loopback only.
#
#   bench_init NAME          $tmp = a fresh /tmp/seatkeeper-NAME.XXXXXX; on exit every process
#                            started through bench_track is stopped, the cluster (if any) too, and
#                            $tmp is removed (BENCH_KEEP=1 keeps it for a look).
#   bench_track PID          stop PID on exit; bench_stop PID stops it now, bench_stop_all all of them.
#   free_port                prints a free loopback port.
#   wait_up URL              waits (up to 15 s) until URL/healthz answers, or exits 1.
#   field NAME               prints NAME of the JSON object on stdin.
#   start_server LOG BIN DB [flags...]
#                            `BIN serve` on a free port with the benchmarks' flags (rate limits off,
#                            e-mails to $tmp/mail.log unless --mail-log is given), stderr to LOG;
#                            sets server_pid and server_base, and waits until it is up;
#                            server_preload=LIBRARY start_server ... runs it with LD_PRELOAD=LIBRARY.
#   bench_org BIN DB SLUG    migrates DB and creates an organization SLUG with a read+write token,
#                            a customer and a product; sets org_token, org_customer, org_product.
#   new_subscription BIN DB SEATS   prints the id of a new subscription of org_customer to org_product.
#   assign_seat BASE TOKEN SUBSCRIPTION EMAIL   one POST /v1/customer-seats; fails on a non-2xx.
#   seed_reads BASE TOKEN LIST_SUB CLAIM_SUB MAIL_LOG
#                            what the read scenarios read: 10 seats in LIST_SUB, one invitation in
#                            CLAIM_SUB; sets invitation (its claim token, from MAIL_LOG).
#   bench_pg_start           starts a durable throwaway PostgreSQL cluster once (PG_CLUSTER_URL,
#                            PG_CLUSTER_DIR) and sets the SEATKEEPER_SECRET PostgreSQL needs.

bench_pids=()
bench_pg_dir=

bench_stop_all() {
  local p
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  bench_pids=()
}

bench_cleanup() {
  bench_stop_all
  [[ -n $bench_pg_dir ]] && scripts/pg-cluster.sh stop "$bench_pg_dir" >/dev/null 2>&1
  [[ -n ${BENCH_KEEP:-} ]] && { echo "kept $tmp" >&2; return 0; }
  rm -rf "$tmp"
}

bench_init() {
  tmp=$(mktemp -d "/tmp/seatkeeper-$1.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_track() { bench_pids+=("$1"); }

bench_stop() {
  local p kept=()
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for p in "${bench_pids[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
  bench_pids=("${kept[@]}")
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_up() {
  for _ in $(seq 150); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "no server at $1" >&2
  exit 1
}

field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

start_server() {
  local log=$1 bin=$2 db=$3 port; shift 3
  port=$(free_port)
  local mail=(--mail-log "$tmp/mail.log")
  [[ " $* " == *" --mail-log "* ]] && mail=()
  local preload=()
  [[ -n ${server_preload:-} ]] && preload=(env "LD_PRELOAD=$server_preload")
  # Rate limits off: the benchmarks measure the work, not the limiter.
  "${preload[@]}" "$bin" serve --database "$db" --listen "127.0.0.1:$port" --public-url http://bench.example \
    "${mail[@]}" --claim-rate-limit off --api-rate-limit off "$@" 2>"$log" &
  server_pid=$!
  bench_track "$server_pid"
  server_base="http://127.0.0.1:$port"
  wait_up "$server_base"
}

bench_org() {
  local bin=$1 db=$2 slug=$3
  "$bin" migrate --database "$db" >/dev/null
  "$bin" admin --database "$db" create-organization --name "$slug" --slug "$slug" >/dev/null
  org_token=$("$bin" admin --database "$db" create-token --organization "$slug" \
    --scopes "customer_seats:read customer_seats:write" | field token)
  org_customer=$("$bin" admin --database "$db" create-customer --organization "$slug" \
    --email "billing@$slug.example" | field id)
  org_product=$("$bin" admin --database "$db" create-product --organization "$slug" --name "$slug plan" | field id)
}

new_subscription() {
  "$1" admin --database "$2" create-subscription --customer "$org_customer" --product "$org_product" --seats "$3" | field id
}

assign_seat() {
  curl -sf -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"subscription_id\":\"$3\",\"email\":\"$4\"}" "$1/v1/customer-seats" >/dev/null
}

seed_reads() {
  local base=$1 token=$2 list_sub=$3 claim_sub=$4 mail_log=$5 i
  for i in $(seq 10); do assign_seat "$base" "$token" "$list_sub" "member$i@bench.example"; done
  assign_seat "$base" "$token" "$claim_sub" "invitee@bench.example"
  for _ in $(seq 100); do grep -q invitee "$mail_log" 2>/dev/null && break; sleep 0.1; done
  invitation=$(grep invitee "$mail_log" | head -1 | sed 's/.*token=//')
  [[ -n $invitation ]] || { echo "no invitation e-mail in $mail_log" >&2; exit 1; }
}

# A/B scripts: a fresh database NAME on the bench cluster; its URL in ab_url.
ab_database() {
  psql -X -q -d "$PG_CLUSTER_URL" -c "CREATE DATABASE $1" >/dev/null
  ab_url="${PG_CLUSTER_URL%/postgres}/$1"
}

bench_pg_start() {
  [[ -n $bench_pg_dir ]] && return 0
  local cluster
  cluster=$(PG_DURABLE=1 scripts/pg-cluster.sh start) || { echo "cannot start PostgreSQL" >&2; exit 1; }
  eval "$cluster"
  bench_pg_dir=$PG_CLUSTER_DIR
  export SEATKEEPER_SECRET=${SEATKEEPER_SECRET:-bench-secret-bench-secret-bench-secret}
}
