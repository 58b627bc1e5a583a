"""Turns bench/million.sh's RESULT lines into Markdown tables, and fails on a broken run.

Fails (exit 1) when a request failed, a scenario or a memory reading is missing.
usage: million_table.py RESULTS STORE DURATION CONNECTIONS KEY... (KEY = LABEL-small | LABEL-large)"""
import re
import statistics
import sys

path, store, duration, connections, *keys = sys.argv[1:]
lines = [dict(re.findall(r"(\S+)=(\S+)", line)) for line in open(path)]
problems = []


def rows(key, name):
    return [r for r in lines if r.get("key") == key and r["name"] == name]


def one(key, name):
    found = rows(key, name)
    if not found:
        problems.append(f"{key}: no {name}")
        return {}
    return found[-1]


for r in lines:
    failed = int(r.get("non2xx", 0)) + int(r.get("socket_errors", 0))
    if r["name"].endswith("write-failures"):
        failed += int(r["count"])
    if failed:
        problems.append(f"{r.get('key')}: {failed} failed requests in {r['name']}")


def per_round(key, name):
    return {r["round"]: float(r["rps"]) for r in rows(key, name)}


def mb(kb):
    return f"{int(kb) / 1024:.1f}" if kb else "?"


load = [r["value"] for r in lines if r["name"].startswith("load-")]
print(f"\n### A million seats: {store}, list seats (10) on a small and a large database\n")
print(f"wrk, {connections} connections, {duration} per scenario, {len(per_round(keys[0], 'healthz'))} alternating "
      f"rounds for /healthz and the list (medians); load average {'–'.join(load)}. Then, once each: the write "
      "cycle (assign+revoke) on one subscription, the first page of every subscription in turn (\"pages of all\"), "
      "and the write cycle spread over all of them.\n")
print("| binary, database | seats | fill s | /healthz req/s | list req/s | list ÷ /healthz | assigns/s | "
      "pages of all req/s | spread assigns/s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
memory = []
for key in keys:
    health, listing = per_round(key, "healthz"), per_round(key, "list-seats")
    if not health or not listing:
        problems.append(f"{key}: no /healthz or list figures")
        continue
    ratio = statistics.median(listing[r] / health[r] for r in listing if r in health)
    fill, writes, pages, spread = one(key, "fill"), one(key, "assign"), one(key, "list-each"), one(key, "each-assign")
    print(f"| {key} | {int(fill.get('seats', 0)):,} | {fill.get('seconds', '?')} | {statistics.median(health.values()):.0f} | "
          f"{statistics.median(listing.values()):.0f} | {ratio:.2f} | {float(writes.get('rps', 0)):.0f} | "
          f"{float(pages.get('rps', 0)):.0f} | {float(spread.get('rps', 0)):.0f} |")
    memory.append((key, [one(key, f"memory-{phase}") for phase in ("after-list", "after-writes", "after-all")]))

print("\nThe server's memory (MB, /proc/PID/status; RssAnon is heap and page caches, RssFile the binary and "
      "mapped database pages):\n")
print("| binary, database | VmRSS after the list | VmRSS after the write cycle | VmRSS after touching all "
      "| VmHWM | RssAnon / RssFile at the end |")
print("|---|---:|---:|---:|---:|---|")
for key, (after_list, after_writes, after_all) in memory:
    if not after_writes.get("VmRSS") or not after_all.get("VmRSS"):
        problems.append(f"{key}: the server's memory was not read")
    print(f"| {key} | {mb(after_list.get('VmRSS'))} | **{mb(after_writes.get('VmRSS'))}** | "
          f"**{mb(after_all.get('VmRSS'))}** | {mb(after_all.get('VmHWM'))} | "
          f"{mb(after_all.get('RssAnon'))} / {mb(after_all.get('RssFile'))} |")

labels = list(dict.fromkeys(k.rsplit("-", 1)[0] for k in keys))
print("\n| binary | list large ÷ list small (median of the rounds' ratios) | /healthz large ÷ small |")
print("|---|---:|---:|")
for label in labels:
    small_list, large_list = per_round(f"{label}-small", "list-seats"), per_round(f"{label}-large", "list-seats")
    small_health, large_health = per_round(f"{label}-small", "healthz"), per_round(f"{label}-large", "healthz")
    common = [r for r in large_list if r in small_list]
    if not common:
        continue
    print(f"| {label} | **{statistics.median(large_list[r] / small_list[r] for r in common):.2f}** | "
          f"{statistics.median(large_health[r] / small_health[r] for r in common):.2f} |")
for p in problems:
    print(f"FAILED: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
