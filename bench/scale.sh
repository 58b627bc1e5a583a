#!/usr/bin/env bash
# The shape of the write cost (`make bench`, setup "scale"), on SQLite: the assign rate of the
# assign+revoke cycle on an empty subscription and on one holding BENCH_SEATS (40,000) occupied
# seats, and the bytes on disk (database + WAL) per seat after loading those seats through the
# API. BENCH_BASELINE_BIN=/path/to/another/seatkeeper runs the same steps against that binary
# first (e.g. main's), in the same run, so the table compares before and after.
# BENCH_BIN picks the binary measured (default build/seatkeeper). Exits non-zero when a request
# failed or the kept occupied count differs from the real one, so `make test` runs a small smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
SEATS=${BENCH_SEATS:-40000}
DURATION=${DURATION:-${BENCH_DURATION:-10s}}
CONNECTIONS=${CONNECTIONS:-${BENCH_CONNECTIONS:-64}}
WRK_THREADS=${WRK_THREADS:-${BENCH_WRK_THREADS:-2}}
source bench/lib.sh
bench_init scale

# scale_run LABEL BINARY: appends RESULT lines to $tmp/results.txt, each tagged with the label.
scale_run() {
  local label=$1 bin=$2 dir="$tmp/$1"
  mkdir -p "$dir"
  local file="$dir/scale.db" db="sqlite://$dir/scale.db"
  bench_org "$bin" "$db" scale
  local token=$org_token empty full
  empty=$(new_subscription "$bin" "$db" 100000000)
  full=$(new_subscription "$bin" "$db" 100000000)
  start_server "$dir/server.log" "$bin" "$db" --mail-log "$dir/mail.log"
  local base=$server_base

  run() {  # scenario duration script args...
    local scenario=$1 duration=$2 script=$3; shift 3
    echo "-- scale ($label): $scenario" >&2
    SCENARIO=$scenario wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$duration" -s "bench/wrk/$script" "$base" -- "$@" \
      | grep '^RESULT' | sed "s/^RESULT /RESULT binary=$label phase=$scenario /" >>"$tmp/results.txt"
  }
  echo "RESULT binary=$label phase=load name=load-before value=$(cut -d' ' -f1 /proc/loadavg)" >>"$tmp/results.txt"
  run healthz "$DURATION" get.lua healthz /healthz
  run at-0 "$DURATION" assign_revoke.lua "$token" "$empty"
  # The fill: wrk assigns until the subscription holds SEATS occupied seats, timed from here.
  occupied() {
    sqlite3 -cmd ".timeout 5000" "$file" \
      "SELECT count(*) FROM customer_seats WHERE subscription_id = '$full' AND status IN ('pending', 'claimed')"
  }
  echo "-- scale ($label): fill to $SEATS seats" >&2
  local start counted=0
  start=$(date +%s.%N)
  SCENARIO=fill wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d1800s -s bench/wrk/assign_fill.lua "$base" -- \
    "$token" "$full" "$SEATS" "$WRK_THREADS" >"$dir/fill.txt" &
  local filler=$!
  while kill -0 "$filler" 2>/dev/null; do
    counted=$(occupied)
    ((counted >= SEATS)) && break
    sleep 0.2
  done
  local elapsed; elapsed=$(python3 -c "import time; print(time.time() - $start)")
  kill -INT "$filler" 2>/dev/null || true
  wait "$filler" || true
  grep '^RESULT name=fill-failures' "$dir/fill.txt" | sed "s/^RESULT /RESULT binary=$label phase=fill /" >>"$tmp/results.txt"
  counted=$(occupied)
  echo "RESULT binary=$label phase=fill name=fill-assigns count=$counted rps=$(python3 -c "print(round($counted / $elapsed))")" \
    >>"$tmp/results.txt"
  # Occupied seats held, counted, and (where the schema keeps it) the kept count beside it.
  local kept bytes seats
  kept=$(sqlite3 -cmd ".timeout 5000" "$file" "SELECT occupied_seats FROM subscriptions WHERE id = '$full'" 2>/dev/null || echo none)
  seats=$(sqlite3 -cmd ".timeout 5000" "$file" "SELECT count(*) FROM customer_seats")
  bytes=$(($(stat -c %s "$file") + $(stat -c %s "$file-wal" 2>/dev/null || echo 0)))
  echo "RESULT binary=$label phase=disk name=disk seats=$seats occupied=$counted kept=$kept bytes=$bytes" >>"$tmp/results.txt"
  # The fill leaves a backlog of invitation e-mails and events; the delivery workers' writes would
  # share the writer with the cycle below, so it waits (up to 5 minutes) until they are delivered.
  local drain_start; drain_start=$(date +%s)
  while (($(sqlite3 -cmd ".timeout 5000" "$file" "SELECT count(*) FROM outbox WHERE delivered_at IS NULL") > 0)); do
    (($(date +%s) - drain_start > 300)) && break
    sleep 0.5
  done
  echo "RESULT binary=$label phase=drain name=drain seconds=$(($(date +%s) - drain_start))" >>"$tmp/results.txt"
  run at-full "$DURATION" assign_revoke.lua "$token" "$full"
  run healthz-again "$DURATION" get.lua healthz /healthz
  echo "RESULT binary=$label phase=load name=load-after value=$(cut -d' ' -f1 /proc/loadavg)" >>"$tmp/results.txt"
  bench_stop "$server_pid"
}

[[ -n ${BENCH_BASELINE_BIN:-} ]] && scale_run before "$BENCH_BASELINE_BIN"
scale_run after "${BENCH_BIN:-build/seatkeeper}"
python3 bench/scale_table.py "$tmp/results.txt" "$SEATS" "$DURATION" "$CONNECTIONS"
