"""Turns bench/scale.sh's RESULT lines into a Markdown table, and fails on a broken run.

Fails (exit 1) when a request failed, the fill fell short, or the occupied count a container
keeps differs from the seats it really holds."""
import re
import sys

path, target, duration, connections = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = {}
for line in open(path):
    kv = dict(re.findall(r"(\S+)=(\S+)", line))
    runs.setdefault(kv["binary"], {})[(kv["phase"], kv["name"])] = kv

problems = []
rows = []
for binary, r in runs.items():
    def rps(phase, name):
        return float(r[(phase, name)]["rps"])
    health = (rps("healthz", "healthz") + rps("healthz-again", "healthz-again")) / 2
    at0, atn = rps("at-0", "assign"), rps("at-full", "assign")
    disk = r[("disk", "disk")]
    seats, occupied, bytes_ = int(disk["seats"]), int(disk["occupied"]), int(disk["bytes"])
    failures = sum(int(r[(p, "write-failures")]["count"]) for p in ("at-0", "at-full"))
    failures += int(r[("fill", "fill-failures")]["count"])
    failures += sum(int(v.get("non2xx", 0)) + int(v.get("socket_errors", 0)) for v in r.values())
    if failures:
        problems.append(f"{binary}: {failures} failed requests")
    if occupied < target:
        problems.append(f"{binary}: the fill reached {occupied} occupied seats, not {target}")
    if disk["kept"] != "none" and int(disk["kept"]) != occupied:
        problems.append(f"{binary}: the subscription keeps {disk['kept']} occupied seats but holds {occupied}")
    load = f"{r[('load', 'load-before')]['value']}–{r[('load', 'load-after')]['value']}"
    drain = r[("drain", "drain")]["seconds"]
    rows.append((binary, health, at0, atn, rps("fill", "fill-assigns"), occupied, bytes_ / max(seats, 1), drain, load))

print(f"\n### SQLite, one subscription at 0 and at {target:,} occupied seats\n")
print(f"wrk, {connections} connections, {duration} per timed scenario; assigns/s from the assign+revoke cycle "
      "(the container keeps its size); the fill assigns without revoking until the target\n")
print("| binary | /healthz req/s | assigns/s at 0 | assigns/s at target | at target ÷ at 0 | fill assigns/s | "
      "occupied after fill | bytes per seat (db+WAL) | outbox drain s | load avg (1 min) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for binary, health, at0, atn, fill, occupied, per_seat, drain, load in rows:
    print(f"| {binary} | {health:.0f} | {at0:.0f} | {atn:.0f} | **{atn / at0:.2f}** | {fill:.0f} | {occupied} | "
          f"{per_seat:.0f} | {drain} | {load} |")
if len(rows) == 2:
    (_, hb, b0, bn, bf, *_), (_, ha, a0, an, af, *_) = rows
    print(f"\nafter ÷ before, same run: assigns at 0 {a0 / b0:.2f}×, at target {an / bn:.2f}×, fill {af / bf:.2f}×"
          f" (/healthz {ha / hb:.2f}×)")
for p in problems:
    print(f"FAILED: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
