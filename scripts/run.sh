#!/usr/bin/env bash
# `make run`: start seatkeeper on SQLite; on a new database first create a demo organization,
# token, customer, product and 5-seat subscription with the admin CLI and print them.
set -euo pipefail
cd "$(dirname "$0")/.."
db_url=$1
listen=$2
bin=build/seatkeeper
db_path=${db_url#sqlite://}
data_dir=$(dirname "$db_path")
mkdir -p "$data_dir"
demo="$data_dir/demo.json"
mail_log="$data_dir/mail.log"

if [[ ! -f $db_path ]]; then
  "$bin" migrate --database "$db_url" >/dev/null
  admin() { "$bin" admin --database "$db_url" "$@"; }
  field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
  org=$(admin create-organization --name "Demo Inc" --slug demo)
  token=$(admin create-token --organization demo --scopes "customer_seats:read customer_seats:write \
customers:read customers:write products:read products:write subscriptions:read subscriptions:write \
orders:read orders:write members:read members:write customer_sessions:write")
  customer=$(admin create-customer --organization demo --email billing@demo.example --name "Demo Billing")
  product=$(admin create-product --organization demo --name "Demo Team Plan")
  subscription=$(admin create-subscription --customer "$(echo "$customer" | field id)" \
    --product "$(echo "$product" | field id)" --seats 5)
  cat >"$demo" <<JSON
{"organization": $org,
 "token": $token,
 "customer": $customer,
 "product": $product,
 "subscription": $subscription}
JSON
  chmod 600 "$demo"
fi

if [[ -f $demo ]]; then
  base="http://$listen"
  sub=$(sed -n 's/.*"subscription": {"id":"\([^"]*\)".*/\1/p' "$demo")
  tok=$(sed -n 's/.*"token":"\(polar_oat_[^"]*\)".*/\1/p' "$demo")
  cat <<TXT
Demo data (also in $demo):
  organization slug: demo
  subscription id:   $sub  (5 seats)
  access token:      $tok
Try:
  curl -s -H "Authorization: Bearer $tok" "$base/v1/customer-seats?subscription_id=$sub"
  curl -s -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \\
       -d '{"subscription_id":"$sub","email":"alice@example.com"}' $base/v1/customer-seats
Invitation links go to $mail_log
TXT
fi
exec "$bin" serve --database "$db_url" --listen "$listen" --public-url "http://$listen" --mail-log "$mail_log"
