#!/usr/bin/env bash
# PostgreSQL write cycle, binary against binary, alternating in one run, on a throwaway cluster
# with fsync on: for each round and each LABEL=BINARY, a fresh database, the write cycle on one
# hot subscription, then spread over AB_SPREAD (20) subscriptions; prints assigns/s and jobs per
# COMMIT. usage: bench/pg_write_ab.sh before=/path/to/old/seatkeeper after=build/seatkeeper
# AB_ROUNDS (2), AB_DURATION (5s) tune it. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_init pg-write-ab
bench_pg_start
for round in $(seq ${AB_ROUNDS:-2}); do
for entry in "$@"; do
  label=${entry%%=*} bin=${entry#*=}
  ab_database "ab_${label//-/_}_$round"
  url=$ab_url
  bench_org "$bin" "$url" b
  T=$org_token
  S=$(new_subscription "$bin" "$url" 100000000)
  ids=()
  for i in $(seq ${AB_SPREAD:-20}); do ids+=("$(new_subscription "$bin" "$url" 100000000)"); done
  spread=$(IFS=,; echo "${ids[*]}")
  start_server "$tmp/server-$label.log" "$bin" "$url" --log-level warn
  port=${server_base##*:} pid=$server_pid
  hot=$(SCENARIO=x wrk -t2 -c64 -d${AB_DURATION:-5s} -s bench/wrk/assign_revoke.lua http://127.0.0.1:$port -- "$T" "$S" | grep 'name=assign ' | sed 's/.*rps=//')
  spr=$(SCENARIO=x wrk -t2 -c64 -d${AB_DURATION:-5s} -s bench/wrk/assign_revoke.lua http://127.0.0.1:$port -- "$T" "$spread" | grep 'name=assign ' | sed 's/.*rps=//')
  batch=$(curl -s http://127.0.0.1:$port/metrics | awk '/commit_batch_size_sum/{s=$2} /commit_batch_size_count/{c=$2} END{printf "%.1f", s/c}')
  echo "round $round $label: hot assigns/s=$hot spread(${AB_SPREAD:-20}) assigns/s=$spr mean batch=$batch load=$(cut -d' ' -f1 /proc/loadavg)"
  bench_stop $pid
done
done
