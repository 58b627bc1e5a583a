#!/usr/bin/env bash
# `make bench`: wrk against a real seatkeeper (SQLite, synchronous=FULL) for list seats, claim info
# and the assign+revoke write cycle, each beside GET /healthz measured in the same run; then the
# Google Benchmark micro-benchmarks. Prints a Markdown table of ratios against /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
bin=build/seatkeeper
tmp=$(mktemp -d /tmp/seatkeeper-bench.XXXXXX)
db="sqlite://$tmp/bench.db"
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
admin() { "$bin" admin --database "$db" "$@"; }
"$bin" migrate --database "$db" >/dev/null
admin create-organization --name Bench --slug bench >/dev/null
token=$(admin create-token --organization bench --scopes "customer_seats:read customer_seats:write" | field token)
customer=$(admin create-customer --organization bench --email billing@bench.example | field id)
product=$(admin create-product --organization bench --name "Bench plan" | field id)
list_sub=$(admin create-subscription --customer "$customer" --product "$product" --seats 10 | field id)
claim_sub=$(admin create-subscription --customer "$customer" --product "$product" --seats 1 | field id)
write_sub=$(admin create-subscription --customer "$customer" --product "$product" --seats 100000000 | field id)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" serve --database "$db" --listen "127.0.0.1:$port" --public-url http://bench.example \
  --mail-log "$tmp/mail.log" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

assign() {
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"subscription_id\":\"$1\",\"email\":\"$2\"}" "$base/v1/customer-seats" >/dev/null
}
for i in $(seq 10); do assign "$list_sub" "member$i@bench.example"; done
assign "$claim_sub" "invitee@bench.example"
for _ in $(seq 50); do grep -q invitee "$tmp/mail.log" 2>/dev/null && break; sleep 0.1; done
invitation=$(grep invitee "$tmp/mail.log" | sed 's/.*token=//')

results="$tmp/results.txt"
run() {  # name script args...
  local name=$1 script=$2; shift 2
  echo "-- $name" >&2
  SCENARIO=$name wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "bench/wrk/$script" "$base" -- "$@" \
    | grep '^RESULT' | tee -a "$results" >&2
}
run healthz get.lua healthz /healthz
run list-seats get.lua list "/v1/customer-seats?subscription_id=$list_sub" "$token"
run claim-info get.lua claim "/v1/customer-seats/claim/$invitation"
run healthz-again get.lua healthz /healthz
run write-cycle assign_revoke.lua "$token" "$write_sub"

python3 - "$results" "$DURATION" "$CONNECTIONS" <<'PY'
import sys, re
rows = {}
for line in open(sys.argv[1]):
    kv = dict(re.findall(r"(\S+)=(\S+)", line))
    rows[kv["name"]] = kv
health = (float(rows["healthz"]["rps"]) + float(rows["healthz-again"]["rps"])) / 2
print(f"\nwrk, {sys.argv[3]} connections, {sys.argv[2]} per scenario; baseline GET /healthz = {health:.0f} req/s (mean of a run before and after)\n")
print("| scenario | req/s | p99 ms | ratio to /healthz | non-2xx |")
print("|---|---:|---:|---:|---:|")
for name in ["healthz", "list-seats", "claim-info", "assign+revoke", "assign", "revoke"]:
    r = rows.get(name)
    if not r: continue
    p99 = r.get("p99_ms", "")
    print(f"| {name} | {float(r['rps']):.0f} | {p99} | {float(r['rps'])/health:.2f} | {r.get('non2xx', '')} |")
fails = rows.get("write-failures", {}).get("count", "0")
print(f"\nwrite-cycle failures: {fails}")
PY

if [[ -x build/micro_benchmarks ]]; then
  echo
  echo "Google Benchmark micro-benchmarks:"
  build/micro_benchmarks --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|Benchmark|-)'
fi
