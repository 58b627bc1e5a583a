#!/usr/bin/env bash
# A million seats (`make bench`, setup "million"): the list seats scenario (a 10-seat subscription)
# on a database holding BENCH_SMALL_SEATS (1,000) seats and on one holding BENCH_MILLION_SEATS
# (1,000,000), each beside GET /healthz of the same server, in BENCH_ROUNDS (3) alternating
# rounds; then a write cycle (assign+revoke) on each server and its memory from /proc/PID/status
# (VmRSS, VmHWM, RssAnon, RssFile). The other seats belong to other customers' subscriptions.
# Then the whole database is touched: the first page of every subscription, and the write cycle
# spread over all of them, and the memory is read again: what a server that has served every
# customer for a while holds (page caches and mapped pages grow with what was read, not at once).
#
# The fill: the server assigns a seed of BENCH_FILL_SEED (1,000) seats to one customer's
# subscription (one bulk request, half claimed at once), is stopped, and bench/fill_seats.py
# copies that customer with its members, subscription, seats and seat history until the database
# holds the wanted number of seats; then the server starts again on it and must list a copied
# subscription (the seed's seats under a new id) before anything is measured.
# BENCH_MILLION_STORE=postgres runs it on a throwaway durable PostgreSQL cluster (the server's RSS,
# not PostgreSQL's). BENCH_BIN picks the binary (default build/seatkeeper); BENCH_BASELINE_BIN adds
# another, measured in the same rounds (its database is a copy of the first's when the two have
# the same migrations, else filled again). Exits non-zero when a request failed, a list came back
# empty, the kept counts are wrong or the memory could not be read, so `make test` runs a smoke:
#   BENCH_MILLION_SEATS=3000 BENCH_DURATION=1s BENCH_ROUNDS=1 BENCH_CONNECTIONS=8 bash bench/million.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
LARGE=${BENCH_MILLION_SEATS:-1000000}
SMALL=${BENCH_SMALL_SEATS:-1000}
SEED=${BENCH_FILL_SEED:-1000}
STORE=${BENCH_MILLION_STORE:-sqlite}
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${DURATION:-${BENCH_DURATION:-10s}}
CONNECTIONS=${CONNECTIONS:-${BENCH_CONNECTIONS:-64}}
WRK_THREADS=${WRK_THREADS:-${BENCH_WRK_THREADS:-2}}
bench_init million
[[ $STORE == postgres ]] && bench_pg_start
results="$tmp/results.txt"
declare -A db_of bin_of token_of list_of write_of copy_of seed_of base_of pid_of
keys=()

# The schema versions a binary's migrations write (to know whether two binaries can share a database).
schema_of() {
  "$1" migrate --database "sqlite://$tmp/schema-$2.db" >/dev/null
  sqlite3 "$tmp/schema-$2.db" "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY 1)"
}

new_database() {  # new_database NAME [TEMPLATE_NAME]: prints the database URL
  if [[ $STORE == postgres ]]; then
    psql -X -q -d "$PG_CLUSTER_URL" -c "CREATE DATABASE $1${2:+ TEMPLATE $2}" >/dev/null
    echo "${PG_CLUSTER_URL%/postgres}/$1"
  else
    [[ -n ${2:-} ]] && cp "$tmp/$2.db" "$tmp/$1.db"
    echo "sqlite://$tmp/$1.db"
  fi
}

# seed_bulk BASE TOKEN SUBSCRIPTION COUNT: one bulk request of COUNT rows, every other claimed at once.
seed_bulk() {
  python3 - "$@" <<'EOF'
import http.client, json, sys, urllib.parse
base, token, subscription, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
seats = [{"email": f"seed-{i}@bench.example", "immediate_claim": i % 2 == 0, "metadata": {"desk": i}}
         for i in range(count)]
conn.request("POST", "/v1/customer-seats/bulk", json.dumps({"subscription_id": subscription, "seats": seats}),
             {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
answer = conn.getresponse()
body = answer.read()
if answer.status != 200 or json.loads(body)["assigned"] != count:
    sys.exit(f"seed: bulk assignment answered {answer.status} {body[:300]!r}")
EOF
}

outbox_pending() { curl -sf "$1/metrics" | awk '/^seatkeeper_outbox_pending/ {n += $2} END {print n + 0}'; }

# prepare KEY BINARY SEATS: a stopped server's database holding about SEATS seats.
prepare() {
  local key=$1 bin=$2 seats=$3 dir="$tmp/$1"
  mkdir -p "$dir"
  local db; db=$(new_database "${key//-/_}")
  bench_org "$bin" "$db" bench
  local list_sub claim_sub write_sub seed_customer seed_sub
  list_sub=$(new_subscription "$bin" "$db" 10)
  claim_sub=$(new_subscription "$bin" "$db" 1)
  write_sub=$(new_subscription "$bin" "$db" 100000000)
  local others=$((seats - 11)) seed
  seed=$((others < SEED ? others : SEED))
  local copies=$(((others + seed / 2) / seed - 1))
  seed_customer=$("$bin" admin --database "$db" create-customer --organization bench --email seed@bench.example | field id)
  seed_sub=$("$bin" admin --database "$db" create-subscription --customer "$seed_customer" --product "$org_product" \
    --seats $((2 * seed)) | field id)  # room for the spread write cycle
  start_server "$dir/seed-server.log" "$bin" "$db" --mail-log "$dir/mail.log"
  seed_reads "$server_base" "$org_token" "$list_sub" "$claim_sub" "$dir/mail.log"
  seed_bulk "$server_base" "$org_token" "$seed_sub" "$seed"
  for _ in $(seq 300); do (($(outbox_pending "$server_base") == 0)) && break; sleep 0.2; done
  bench_stop "$server_pid"
  echo "-- million ($key): copying the seed customer $copies times" >&2
  python3 bench/fill_seats.py "$db" "$seed_customer" "$seed_sub" "$copies" | sed "s/^RESULT /RESULT key=$key /" >>"$results"
  db_of[$key]=$db token_of[$key]=$org_token list_of[$key]=$list_sub write_of[$key]=$write_sub seed_of[$key]=$seed
  copy_of[$key]=$seed_sub
  ((copies > 0)) && copy_of[$key]="$(printf %08x 1)${seed_sub:8}"  # the first copy (fill_seats.py's ids)
  # Every filled subscription: the seed's and its copies'.
  { echo "$seed_sub"; for ((i = 1; i <= copies; i++)); do printf '%08x%s\n' "$i" "${seed_sub:8}"; done; } >"$tmp/$key.subs"
  return 0
}

# share KEY FROM BINARY: KEY's database is a copy of FROM's (same migrations), for another binary.
share() {
  db_of[$1]=$(new_database "${1//-/_}" "${2//-/_}")
  local field_name
  for field_name in token_of list_of write_of copy_of seed_of; do
    declare -n map=$field_name
    map[$1]=${map[$2]}
    unset -n map
  done
  grep "key=$2 name=fill" "$results" | sed "s/key=$2 /key=$1 /" >>"$results"
  cp "$tmp/$2.subs" "$tmp/$1.subs"
}

# The same list a client gets, checked: a full first page of at least the seats it was given.
check_list() {  # check_list KEY SUBSCRIPTION SEATS (at least 10)
  curl -sf -H "Authorization: Bearer ${token_of[$1]}" "${base_of[$1]}/v1/customer-seats?subscription_id=$2&limit=10" |
    python3 -c "import json,sys; a=json.load(sys.stdin); t=a['pagination']['total_count']; n=len(a['seats'])
sys.exit(0 if t >= $3 and n == 10 else f'list of $2 on $1: {n} seats of {t}, expected 10 of at least $3')"
}

binaries=("after=${BENCH_BIN:-build/seatkeeper}")
[[ -n ${BENCH_BASELINE_BIN:-} ]] && binaries=("before=$BENCH_BASELINE_BIN" "${binaries[@]}")
first_label= first_schema=
for entry in "${binaries[@]}"; do
  label=${entry%%=*} bin=${entry#*=} schema=$(schema_of "${entry#*=}" "${entry%%=*}")
  for size in small large; do
    key="$label-$size" seats=$SMALL
    [[ $size == large ]] && seats=$LARGE
    keys+=("$key") bin_of[$key]=$bin
    if [[ -n $first_label && $schema == "$first_schema" ]]; then
      share "$key" "$first_label-$size"
    else
      echo "-- million ($key): a database of about $seats seats" >&2
      prepare "$key" "$bin" "$seats"
    fi
  done
  [[ -z $first_label ]] && first_label=$label first_schema=$schema
done

for key in "${keys[@]}"; do
  start_server "$tmp/$key.log" "${bin_of[$key]}" "${db_of[$key]}" --mail-log "$tmp/$key.mail.log"
  base_of[$key]=$server_base pid_of[$key]=$server_pid
  check_list "$key" "${list_of[$key]}" 10
  check_list "$key" "${copy_of[$key]}" "${seed_of[$key]}"
done

measure() {  # measure KEY ROUND SCENARIO SCRIPT ARGS...
  local key=$1 round=$2 scenario=$3 script=$4; shift 4
  echo "-- million round $round: $key $scenario" >&2
  SCENARIO=$scenario wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "bench/wrk/$script" "${base_of[$key]}" -- "$@" |
    grep '^RESULT' | sed "s/^RESULT /RESULT key=$key round=$round /" >>"$results"
}
memory() {  # memory KEY PHASE: the server's memory now, in kB
  local fields
  fields=$(awk '/^(VmRSS|VmHWM|RssAnon|RssFile):/ {printf " %s=%s", $1, $2}' "/proc/${pid_of[$1]}/status" | tr -d :)
  [[ $fields == *VmRSS=* && $fields == *VmHWM=* ]] || { echo "cannot read the memory of $1" >&2; exit 1; }
  echo "RESULT key=$1 name=memory-$2$fields" >>"$results"
}

echo "RESULT name=load-before value=$(cut -d' ' -f1 /proc/loadavg)" >>"$results"
n=${#keys[@]}
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < n; k++)); do
    key=${keys[(round + k) % n]}
    measure "$key" "$round" healthz get.lua healthz /healthz
    measure "$key" "$round" list-seats get.lua list "/v1/customer-seats?subscription_id=${list_of[$key]}" "${token_of[$key]}"
  done
done
for key in "${keys[@]}"; do
  memory "$key" after-list
  measure "$key" 0 write-cycle assign_revoke.lua "${token_of[$key]}" "${write_of[$key]}"
  memory "$key" after-writes
done
for key in "${keys[@]}"; do
  measure "$key" 0 list-each get_each.lua "$tmp/$key.subs" "/v1/customer-seats?subscription_id={}&limit=10" "${token_of[$key]}"
  measure "$key" 0 write-each assign_revoke.lua "${token_of[$key]}" "$(paste -sd, "$tmp/$key.subs")" each-
  memory "$key" after-all
  check_list "$key" "${copy_of[$key]}" "${seed_of[$key]}"
done
echo "RESULT name=load-after value=$(cut -d' ' -f1 /proc/loadavg)" >>"$results"
bench_stop_all
python3 bench/million_table.py "$results" "$STORE" "$DURATION" "$CONNECTIONS" "${keys[@]}"
