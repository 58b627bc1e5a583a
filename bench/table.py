"""Turns the RESULT lines of one bench setup into a Markdown table of ratios to /healthz."""
import re
import sys

path, setup, duration, connections = sys.argv[1:5]
rows = {}
for line in open(path):
    kv = dict(re.findall(r"(\S+)=(\S+)", line))
    rows[kv["name"]] = kv
health = (float(rows["healthz"]["rps"]) + float(rows["healthz-again"]["rps"])) / 2
print(f"\n### {setup}\n")
print(f"wrk, {connections} connections, {duration} per scenario; baseline GET /healthz = {health:.0f} req/s "
      "(mean of a run before and after)\n")
print("| scenario | req/s | p99 ms | ratio to /healthz | non-2xx |")
print("|---|---:|---:|---:|---:|")
for name in ["healthz", "list-seats", "claim-info", "assign+revoke", "assign", "revoke",
             "spread-assign+revoke", "spread-assign", "spread-revoke"]:
    r = rows.get(name)
    if not r:
        continue
    print(f"| {name} | {float(r['rps']):.0f} | {r.get('p99_ms', '')} | {float(r['rps']) / health:.2f} | {r.get('non2xx', '')} |")
print(f"\nwrite-cycle failures: {rows.get('write-failures', {}).get('count', '0')}"
      + (f"; spread: {rows['spread-write-failures']['count']}" if "spread-write-failures" in rows else ""))
