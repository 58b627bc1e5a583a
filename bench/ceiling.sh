#!/usr/bin/env bash
# The HTTP ceiling (`make bench`, setup "ceiling"): seatkeeper's GET /healthz beside a minimal
# Beast keep-alive server answering a small JSON body (bench/beast_ceiling.cpp, built with the
# project) on as many threads, measured alternately in BENCH_ROUNDS (3) rounds of one run, since
# the machine may be shared. Measured: seatkeeper as `make bench` runs it (access log on), with
# `--log-level warn` (no access log), and BENCH_BASELINE_BIN (another seatkeeper, e.g. main's) when
# set. Prints one Markdown table: req/s, the ratio to the ceiling of the same round, and the
# server's CPU time per request (from /proc, user + system). Exits non-zero when a request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-${BENCH_DURATION:-10s}}
CONNECTIONS=${CONNECTIONS:-${BENCH_CONNECTIONS:-64}}
WRK_THREADS=${WRK_THREADS:-${BENCH_WRK_THREADS:-2}}
ROUNDS=${BENCH_ROUNDS:-3}
IO_THREADS=${BENCH_IO_THREADS:-2}
BIN=${BENCH_BIN:-build/seatkeeper}
CEILING=${BENCH_CEILING_BIN:-$(dirname "$BIN")/beast_ceiling}
source bench/lib.sh
bench_init ceiling

names=() ports=() servers=()
measured() { names+=("$1") ports+=("${server_base##*:}") servers+=("$server_pid"); }
seatkeeper() {  # seatkeeper NAME BINARY [flags...]
  local name=$1 bin=$2; shift 2
  "$bin" migrate --database "sqlite://$tmp/$name.db" >/dev/null
  start_server "$tmp/$name.log" "$bin" "sqlite://$tmp/$name.db" --io-threads "$IO_THREADS" "$@"
  measured "$name"
}

port=$(free_port)
"$CEILING" --threads "$IO_THREADS" --listen "127.0.0.1:$port" >"$tmp/ceiling.out" 2>"$tmp/ceiling.log" &
server_pid=$! server_base="http://127.0.0.1:$port"
bench_track "$server_pid"
wait_up "$server_base"
measured ceiling
seatkeeper healthz "$BIN"
seatkeeper healthz-no-access-log "$BIN" --log-level warn
[[ -n ${BENCH_BASELINE_BIN:-} ]] && seatkeeper baseline-healthz "$BENCH_BASELINE_BIN"

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for ((round = 1; round <= ROUNDS; round++)); do
  for i in "${!names[@]}"; do
    echo "-- ceiling round $round: ${names[$i]}" >&2
    before=$(cpu_ticks "${servers[$i]}")
    line=$(SCENARIO=${names[$i]} wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/wrk/get.lua \
      "http://127.0.0.1:${ports[$i]}" -- "${names[$i]}" /healthz | grep '^RESULT')
    after=$(cpu_ticks "${servers[$i]}")
    echo "$line round=$round cpu_ticks=$((after - before)) ticks_per_second=$ticks" >>"$tmp/results.txt"
  done
done
python3 - "$tmp/results.txt" "$DURATION" "$CONNECTIONS" "$IO_THREADS" "$(uptime | sed 's/.*load average: //')" <<'EOF'
import statistics, sys
path, duration, connections, threads, load = sys.argv[1:]
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in open(path)]
ceiling = {r["round"]: float(r["rps"]) for r in rows if r["name"] == "ceiling"}
print(f"\nHTTP ceiling: wrk, {connections} connections, {duration} per run, {len(ceiling)} alternating rounds, "
      f"{threads} network threads each (load average at the end: {load})\n")
print("| server | req/s (median) | req/s per round | ratio to the ceiling (median) | CPU µs per request | non-2xx + socket errors |")
print("|---|---:|---|---:|---:|---:|")
failed = 0
for name in dict.fromkeys(r["name"] for r in rows):
    mine = [r for r in rows if r["name"] == name]
    rps = [float(r["rps"]) for r in mine]
    ratios = [float(r["rps"]) / ceiling[r["round"]] for r in mine]
    cpu = [int(r["cpu_ticks"]) / int(r["ticks_per_second"]) * 1e6 / max(1, int(r["requests"])) for r in mine]
    errors = sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in mine)
    failed += errors
    print(f"| {name} | {statistics.median(rps):.0f} | {' / '.join(f'{x:.0f}' for x in rps)} | "
          f"{statistics.median(ratios):.2f} | {statistics.median(cpu):.1f} | {errors} |")
sys.exit(1 if failed else 0)
EOF
