#!/usr/bin/env bash
# PostgreSQL write cycle, binary against binary, alternating in one run, on a throwaway cluster
# with fsync on: for each round and each LABEL=BINARY, a fresh database, the write cycle on one
# hot subscription, then spread over AB_SPREAD (20) subscriptions; prints assigns/s and jobs per
# COMMIT. usage: bench/pg_write_ab.sh before=/path/to/old/seatkeeper after=build/seatkeeper
# AB_ROUNDS (2), AB_DURATION (5s) tune it. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(PG_DURABLE=1 scripts/pg-cluster.sh start)"
trap 'scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"' EXIT
export SEATKEEPER_SECRET=bench-secret-bench-secret-bench-secret
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for round in $(seq ${AB_ROUNDS:-2}); do
for entry in "$@"; do
  label=${entry%%=*} bin=${entry#*=}
  port=$(free_port)
  db="ab_${label//-/_}_$round"
  psql -X -q -d "$PG_CLUSTER_URL" -c "CREATE DATABASE $db" >/dev/null
  url="${PG_CLUSTER_URL%/postgres}/$db"
  "$bin" migrate --database "$url" >/dev/null
  "$bin" admin --database "$url" create-organization --name B --slug b >/dev/null
  T=$("$bin" admin --database "$url" create-token --organization b --scopes "customer_seats:read customer_seats:write" | field token)
  C=$("$bin" admin --database "$url" create-customer --organization b --email x@y.example | field id)
  P=$("$bin" admin --database "$url" create-product --organization b --name P | field id)
  S=$("$bin" admin --database "$url" create-subscription --customer $C --product $P --seats 100000000 | field id)
  ids=()
  for i in $(seq ${AB_SPREAD:-20}); do ids+=("$("$bin" admin --database "$url" create-subscription --customer $C --product $P --seats 100000000 | field id)"); done
  spread=$(IFS=,; echo "${ids[*]}")
  "$bin" serve --database "$url" --listen 127.0.0.1:$port --public-url http://b.example --mail-log "$PG_CLUSTER_DIR/mail.log" --claim-rate-limit off --api-rate-limit off --log-level warn 2>"$PG_CLUSTER_DIR/server-$label.log" &
  pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
  hot=$(SCENARIO=x wrk -t2 -c64 -d${AB_DURATION:-5s} -s bench/wrk/assign_revoke.lua http://127.0.0.1:$port -- "$T" "$S" | grep 'name=assign ' | sed 's/.*rps=//')
  spr=$(SCENARIO=x wrk -t2 -c64 -d${AB_DURATION:-5s} -s bench/wrk/assign_revoke.lua http://127.0.0.1:$port -- "$T" "$spread" | grep 'name=assign ' | sed 's/.*rps=//')
  batch=$(curl -s http://127.0.0.1:$port/metrics | awk '/commit_batch_size_sum/{s=$2} /commit_batch_size_count/{c=$2} END{printf "%.1f", s/c}')
  echo "round $round $label: hot assigns/s=$hot spread(${AB_SPREAD:-20}) assigns/s=$spr mean batch=$batch load=$(cut -d' ' -f1 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null || true
done
done
