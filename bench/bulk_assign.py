"""Bulk assignment against a running server: one POST /v1/customer-seats/bulk of 1,000 rows,
beside its baseline in the same run, 1,000 single POST /v1/customer-seats one after another on
one keep-alive connection (what a client does without bulk). Prints a Markdown table.

usage: bulk_assign.py BASE_URL TOKEN SUBSCRIPTION_ID [ROWS] [REPEATS]
The subscription needs (ROWS * (REPEATS + 1)) free seats.
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse
import uuid

base, token, subscription = sys.argv[1:4]
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def post(path, body):
    conn.request("POST", path, json.dumps(body), headers)
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit(f"{path} -> {response.status} {data[:300]!r}")
    return json.loads(data)


def emails(tag):
    return [f"{tag}-{i}-{uuid.uuid4().hex[:8]}@bench.example" for i in range(rows)]


start = time.perf_counter()
for address in emails("single"):
    post("/v1/customer-seats", {"subscription_id": subscription, "email": address})
singles = time.perf_counter() - start

bulk_times = []
for r in range(repeats):
    seats = [{"email": address} for address in emails(f"bulk{r}")]
    start = time.perf_counter()
    answer = post("/v1/customer-seats/bulk", {"subscription_id": subscription, "seats": seats})
    bulk_times.append(time.perf_counter() - start)
    if answer["assigned"] != rows:
        sys.exit(f"bulk assigned {answer['assigned']} of {rows}: {answer['results'][0]}")
bulk = statistics.median(bulk_times)

print(f"\nBulk assignment, {rows} rows: median of {repeats} requests; baseline {rows} single assigns in sequence\n")
print("| scenario | time ms | seats/s | ratio to the single assigns |")
print("|---|---:|---:|---:|")
print(f"| {rows} single assigns | {singles * 1000:.0f} | {rows / singles:.0f} | 1.00 |")
print(f"| bulk, {rows} rows | {bulk * 1000:.0f} | {rows / bulk:.0f} | {singles / bulk:.2f}x faster |")
