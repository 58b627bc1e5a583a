#!/usr/bin/env bash
# SQLite write cycle, binary against binary, alternating in one run: for each round and each
# LABEL=BINARY, a fresh database, the server, one wrk write cycle (assign then revoke, 64
# connections) on one subscription; prints assigns/s, the server's CPU (user + system) per write
# request, and the database's bytes (file + WAL) per assigned seat after the run.
# usage: bench/write_cpu_ab.sh base=/tmp/base/seatkeeper new=build/seatkeeper
# AB_ROUNDS (3), AB_DURATION (5s) tune it. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_init write-cpu-ab
ticks=$(getconf CLK_TCK)
duration=${AB_DURATION:-5s}
for round in $(seq ${AB_ROUNDS:-3}); do
for entry in "$@"; do
  label=${entry%%=*} bin=${entry#*=}
  db="$tmp/$label-$round.db"
  bench_org "$bin" "$db" b
  sub=$(new_subscription "$bin" "$db" 100000000)
  start_server "$tmp/server-$label.log" "$bin" "$db" --log-level warn
  port=${server_base##*:}
  before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  out=$(wrk -t2 -c64 -d"$duration" -s bench/wrk/assign_revoke.lua "http://127.0.0.1:$port" -- "$org_token" "$sub")
  after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  bench_stop "$server_pid"
  a=$(grep 'name=assign ' <<<"$out" | sed 's/.*rps=//')
  r=$(grep 'name=revoke ' <<<"$out" | sed 's/.*rps=//')
  bytes=$(( $(stat -c %s "$db") + $( [[ -f $db-wal ]] && stat -c %s "$db-wal" || echo 0) ))
  python3 - "$round" "$label" "$a" "$r" "$((after - before))" "$ticks" "${duration%s}" "$bytes" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
round_, label, a, r, cpu, ticks, secs, size, load = sys.argv[1:]
requests = (float(a) + float(r)) * float(secs)
seats = max(1.0, float(a) * float(secs))
print(f"round {round_} {label}: assigns/s={float(a):.0f} revokes/s={float(r):.0f} "
      f"cpu_us_per_request={int(cpu) / int(ticks) * 1e6 / max(1.0, requests):.0f} "
      f"bytes_per_seat={int(size) / seats:.0f} load={load}")
PY
done
done
