#!/usr/bin/env bash
# PostgreSQL reads, binary against binary, alternating in one run (A B A B), on a throwaway cluster
# with fsync on: for each round and each LABEL=BINARY, a fresh database, one instance, then wrk on
# /healthz, list seats (10 seats) and claim info; prints requests/s and each read's ratio to
# /healthz in that round. usage: bench/pg_read_ab.sh before=/path/to/old/seatkeeper after=build/seatkeeper
# AB_ROUNDS (2), AB_DURATION (5s), AB_CONNECTIONS (64) tune it. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_init pg-read-ab
bench_pg_start
rate() {  # name path [token]
  SCENARIO=$1 wrk -t2 -c${AB_CONNECTIONS:-64} -d${AB_DURATION:-5s} -s bench/wrk/get.lua "$base" -- "$@" \
    | grep "name=$1 " | sed 's/.*rps=//; s/ .*//'
}
for round in $(seq ${AB_ROUNDS:-2}); do
for entry in "$@"; do
  label=${entry%%=*} bin=${entry#*=}
  ab_database "rab_${label//-/_}_$round"
  url=$ab_url
  bench_org "$bin" "$url" b
  list_sub=$(new_subscription "$bin" "$url" 10)
  claim_sub=$(new_subscription "$bin" "$url" 1)
  rm -f "$tmp/mail-$label-$round.log"
  start_server "$tmp/server-$label.log" "$bin" "$url" --log-level warn --mail-log "$tmp/mail-$label-$round.log"
  base=$server_base pid=$server_pid
  seed_reads "$base" "$org_token" "$list_sub" "$claim_sub" "$tmp/mail-$label-$round.log"
  health=$(rate healthz /healthz)
  list=$(rate list "/v1/customer-seats?subscription_id=$list_sub" "$org_token")
  claim=$(rate claim "/v1/customer-seats/claim/$invitation")
  python3 -c "import sys; h,l,c=map(float,sys.argv[1:4]); print(f'round $round $label: healthz={h:.0f} list={l:.0f} ({l/h:.3f}x) claim={c:.0f} ({c/h:.3f}x) load={sys.argv[4]}')" \
    "$health" "$list" "$claim" "$(cut -d' ' -f1 /proc/loadavg)"
  bench_stop $pid
done
done
