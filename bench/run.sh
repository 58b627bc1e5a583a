#!/usr/bin/env bash
# `make bench`: wrk against real seatkeeper servers for list seats, claim info and the
# assign+revoke write cycle, each beside GET /healthz measured in the same run, and one bulk
# assignment of 1,000 rows beside 1,000 single assigns (bench/bulk_assign.py), on
#   1. SQLite (synchronous=FULL), one instance;
#   2. PostgreSQL (fsync on), one instance;
#   3. PostgreSQL, two instances behind nginx (deploy/nginx.conf's shape);
#   4. "scale" (bench/scale.sh): SQLite assigns at 0 and at BENCH_SEATS (40,000) occupied seats in
#      one subscription, and bytes on disk per seat; BENCH_BASELINE_BIN adds another binary's run;
#   5. "ceiling" (bench/ceiling.sh): GET /healthz as a ratio to a minimal Beast server (the HTTP
#      ceiling), alternately in one run; BENCH_BASELINE_BIN adds another binary's /healthz;
#   6. "million" (bench/million.sh): list seats with 1,000 and with BENCH_MILLION_SEATS (1,000,000)
#      seats in the database, each beside /healthz, and the server's RSS after a write cycle;
#      BENCH_MILLION_STORE=postgres runs it on PostgreSQL; BENCH_BASELINE_BIN adds another binary;
# then the Google Benchmark micro-benchmarks. Prints one Markdown table of ratios per setup.
# BENCH_SETUPS picks setups (default "ceiling sqlite scale million pg1 pg2"); BENCH_DURATION, BENCH_CONNECTIONS tune wrk.
# The write cycle runs twice: on one hot subscription, and spread over 100 subscriptions.
# BENCH_BIN picks the binary (default build/seatkeeper). BENCH_BASELINE_BIN=/path/to/other/seatkeeper
# measures that binary too, each setup "before" (it) then "after" (BENCH_BIN) on fresh databases,
# BENCH_ROUNDS times (default 1) alternating, so the two are compared within one run.
# BENCH_MICRO=0 leaves out the micro-benchmarks.
# The servers run with --claim-rate-limit off --api-rate-limit off (their nginx has no limit_req):
# the figures are the work's, not the limiter's.
set -euo pipefail
cd "$(dirname "$0")/.."
export DURATION=${BENCH_DURATION:-10s}
export CONNECTIONS=${BENCH_CONNECTIONS:-64}
export WRK_THREADS=${BENCH_WRK_THREADS:-2}
SETUPS=${BENCH_SETUPS:-ceiling sqlite scale million pg1 pg2}
source bench/lib.sh
bench_init bench

# bench_setup SLUG NAME DATABASE_URL INSTANCES BINARY
bench_setup() {
  local dir="$tmp/$1" name=$2 db=$3 instances=$4 bin=$5
  mkdir -p "$dir"
  bench_org "$bin" "$db" bench
  local token=$org_token list_sub claim_sub write_sub bulk_sub
  list_sub=$(new_subscription "$bin" "$db" 10)
  claim_sub=$(new_subscription "$bin" "$db" 1)
  write_sub=$(new_subscription "$bin" "$db" 100000000)
  bulk_sub=$(new_subscription "$bin" "$db" 100000)
  local spread_subs=() i
  for i in $(seq 100); do spread_subs+=("$(new_subscription "$bin" "$db" 100000000)"); done
  local spread_ids; spread_ids=$(IFS=,; echo "${spread_subs[*]}")

  local ports=()
  for ((i = 1; i <= instances; i++)); do
    start_server "$dir/server$i.log" "$bin" "$db" --mail-log "$dir/mail.log"
    ports+=("${server_base##*:}")
  done
  local base="http://127.0.0.1:${ports[0]}"
  if ((instances > 1)); then
    local front; front=$(free_port)
    {
      echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx.err warn;"
      echo "events { worker_connections 4096; }"
      echo "http { access_log off; upstream seatkeeper {"
      for p in "${ports[@]}"; do echo "  server 127.0.0.1:$p max_fails=3 fail_timeout=10s;"; done
      echo "  keepalive 64; }"
      echo "  server { listen 127.0.0.1:$front; client_max_body_size 64k;"
      echo "    location / { proxy_pass http://seatkeeper; proxy_http_version 1.1; proxy_set_header Connection \"\"; }"
      echo "    location = /v1/customer-seats/bulk { client_max_body_size 1m; proxy_pass http://seatkeeper;"
      echo "      proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
    } >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/nginx.log" &
    bench_track $!
    base="http://127.0.0.1:$front"
    wait_up "$base"
  fi

  seed_reads "$base" "$token" "$list_sub" "$claim_sub" "$dir/mail.log"

  local results="$dir/results.txt"
  run() {  # scenario script args...
    local scenario=$1 script=$2; shift 2
    echo "-- $name: $scenario" >&2
    SCENARIO=$scenario wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "bench/wrk/$script" "$base" -- "$@" \
      | grep '^RESULT' >>"$results"
  }
  run healthz get.lua healthz /healthz
  run list-seats get.lua list "/v1/customer-seats?subscription_id=$list_sub" "$token"
  run claim-info get.lua claim "/v1/customer-seats/claim/$invitation"
  run healthz-again get.lua healthz /healthz
  run write-cycle assign_revoke.lua "$token" "$write_sub"
  run write-spread assign_revoke.lua "$token" "$spread_ids" spread-
  python3 bench/table.py "$results" "$name" "$DURATION" "$CONNECTIONS"
  echo "-- $name: bulk assignment" >&2
  python3 bench/bulk_assign.py "$base" "$token" "$bulk_sub"

  bench_stop_all
}

binaries=("after:${BENCH_BIN:-build/seatkeeper}")
[[ -n ${BENCH_BASELINE_BIN:-} ]] && binaries=("before:$BENCH_BASELINE_BIN" "${binaries[@]}")
echo "Rate limits: off in every setup (--claim-rate-limit off --api-rate-limit off): these figures measure the work."
for setup in $SETUPS; do
  if [[ $setup == scale ]]; then bash bench/scale.sh; continue; fi
  if [[ $setup == ceiling ]]; then bash bench/ceiling.sh; continue; fi
  if [[ $setup == million ]]; then bash bench/million.sh; continue; fi
  for round in $(seq "${BENCH_ROUNDS:-1}"); do
    for entry in "${binaries[@]}"; do
      label=${entry%%:*} bin=${entry#*:} slug="${setup}_${label}_$round" title=
      [[ -n ${BENCH_BASELINE_BIN:-} ]] && title=" — $label ($bin), round $round"
      case $setup in
        sqlite) bench_setup "$slug" "SQLite, 1 instance$title" "sqlite://$tmp/$slug.db" 1 "$bin" ;;
        pg1|pg2)
          bench_pg_start
          db="bench_$slug"
          psql -X -q -d "$PG_CLUSTER_URL" -c "CREATE DATABASE $db" >/dev/null
          instances=${setup#pg}
          bench_setup "$slug" "PostgreSQL, $instances instance(s)$([[ $instances == 2 ]] && echo ' behind nginx')$title" \
            "${PG_CLUSTER_URL%/postgres}/$db" "$instances" "$bin" ;;
        *) echo "unknown setup $setup" >&2; exit 2 ;;
      esac
    done
  done
done

if [[ -x build/micro_benchmarks && ${BENCH_MICRO:-1} == 1 ]]; then
  echo
  echo "Google Benchmark micro-benchmarks:"
  build/micro_benchmarks --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|Benchmark|-)'
fi
