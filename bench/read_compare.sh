#!/usr/bin/env bash
# Compares the read scenarios of `make bench` (GET /healthz, list seats of a 10-seat subscription,
# claim info) across several server variants in one run, alternating: each round measures every
# variant once, in a rotated order, so load that comes and goes on a shared machine touches all
# of them alike. A variant is LABEL=BINARY, or LABEL=BINARY@LIBRARY to start the server with
# LD_PRELOAD=LIBRARY (another malloc, say) and nothing else preloaded.
#   bash bench/read_compare.sh main=/tmp/seatkeeper-main new=build/seatkeeper \
#        new+jemalloc=build/seatkeeper@/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
# BENCH_ROUNDS (3), BENCH_DURATION (5s), BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2).
# Prints one Markdown table: mean req/s per scenario and the ratios to the same variant's /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."
(($#)) || { sed -n 2,9p "$0" >&2; exit 2; }
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
source bench/lib.sh
bench_init read-compare

labels=()
declare -A base list_path claim_path token_of
for variant in "$@"; do
  label=${variant%%=*}
  spec=${variant#*=}
  bin=${spec%%@*}
  preload=
  [[ $spec == *@* ]] && preload=${spec#*@}
  labels+=("$label")
  dir="$tmp/${#labels[@]}"
  mkdir -p "$dir"
  db="sqlite://$dir/bench.db"
  bench_org "$bin" "$db" bench
  token=$org_token
  list_sub=$(new_subscription "$bin" "$db" 10)
  claim_sub=$(new_subscription "$bin" "$db" 1)
  server_preload=$preload start_server "$dir/server.log" "$bin" "$db" --mail-log "$dir/mail.log"
  base[$label]=$server_base
  seed_reads "$server_base" "$token" "$list_sub" "$claim_sub" "$dir/mail.log"
  token_of[$label]=$token
  list_path[$label]="/v1/customer-seats?subscription_id=$list_sub"
  claim_path[$label]="/v1/customer-seats/claim/$invitation"
done

results="$tmp/results.txt"
measure() {  # label scenario path [token]
  SCENARIO=$2 wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/wrk/get.lua "${base[$1]}" -- "$2" "$3" "${4:-}" \
    | grep '^RESULT' | sed "s/^RESULT/RESULT variant=$1/" >>"$results"
}
n=${#labels[@]}
for ((round = 0; round < ROUNDS; round++)); do
  for ((k = 0; k < n; k++)); do
    label=${labels[(round + k) % n]}
    echo "-- round $((round + 1)): $label" >&2
    measure "$label" healthz /healthz
    measure "$label" list-seats "${list_path[$label]}" "${token_of[$label]}"
    measure "$label" claim-info "${claim_path[$label]}"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$results" "$ROUNDS" "$DURATION" "$CONNECTIONS" "${labels[@]}" <<'EOF'
import re, sys
path, rounds, duration, connections, *labels = sys.argv[1:]
rps, failures = {}, {}
for line in open(path):
    kv = dict(re.findall(r"(\S+)=(\S+)", line))
    key = (kv["variant"], kv["name"])
    rps.setdefault(key, []).append(float(kv["rps"]))
    failures[key] = failures.get(key, 0) + int(kv.get("non2xx", "0") or 0)
mean = lambda k: sum(rps.get(k, [0])) / max(1, len(rps.get(k, [])))
print(f"\nwrk {connections} connections, {duration} per scenario, {rounds} alternating rounds; req/s are means over the rounds\n")
print("| variant | /healthz req/s | list-seats req/s | claim-info req/s | list ÷ /healthz | claim ÷ /healthz | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label in labels:
    h, l, c = (mean((label, s)) for s in ("healthz", "list-seats", "claim-info"))
    bad = sum(failures.get((label, s), 0) for s in ("healthz", "list-seats", "claim-info"))
    print(f"| {label} | {h:.0f} | {l:.0f} | {c:.0f} | {l / h:.2f} | {c / h:.2f} | {bad} |")
first = labels[0]
print(f"\nEach variant against {first}, same run (req/s ratio):\n")
print("| variant | /healthz | list-seats | claim-info |")
print("|---|---:|---:|---:|")
for label in labels[1:]:
    print("| " + label + " | " + " | ".join(f"{mean((label, s)) / mean((first, s)):.2f}" for s in ("healthz", "list-seats", "claim-info")) + " |")
EOF
