"""Fills a stopped seatkeeper database with copies of one seed customer: its row, its members, its
subscription and that subscription's seats and seat history, each copy a new customer with its
own subscription. The seed is written by the server itself (the bench assigns its seats through
the API), so every copy is a row the server could have written: the same columns (read from the
database's catalogue, so a column added later is copied too), fresh ids of the same shape, e-mails
made unique per copy, token hashes of the same shape and unique, and the occupied and per-status
counts of each new subscription kept by the server's own triggers as the seats go in. Loading a
million seats through the API takes hours; this takes a minute or two.

usage: fill_seats.py DATABASE_URL SEED_CUSTOMER_ID SEED_SUBSCRIPTION_ID COPIES [COPIES_PER_TRANSACTION]
DATABASE_URL is the server's (sqlite://PATH or postgres://...); the server must not be running.
Prints one line `RESULT name=fill copies=N seats=S seconds=T` and fails (exit 1) when a copied
subscription's kept counts differ from the seats it holds.
"""
import functools
import subprocess
import sys
import time

url, seed_customer, seed_subscription = sys.argv[1:4]
copies = int(sys.argv[4])
per_transaction = int(sys.argv[5]) if len(sys.argv) > 5 else 50
sqlite = url.startswith("sqlite://")

# The counts a container keeps and the statuses each counts (columns missing from the schema are skipped).
COUNTERS = {"occupied_seats": ("pending", "claimed"), "pending_seats": ("pending",),
            "claimed_seats": ("claimed",), "revoked_seats": ("revoked",)}


def run_sql(script, capture=False):
    if sqlite:
        command = ["sqlite3", "-bail", "-batch", "-noheader", url[len("sqlite://"):]]
        script = ".timeout 10000\n" + script
    else:
        command = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url]
    done = subprocess.run(command, input=script, text=True, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"fill_seats: the database refused the fill: {done.stderr.strip()[:2000]}")
    return done.stdout.split() if capture else None


@functools.cache
def columns(table):
    if sqlite:
        return run_sql(f"SELECT name FROM pragma_table_info('{table}');", capture=True)
    return run_sql("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                   f"AND table_name = '{table}' ORDER BY ordinal_position;", capture=True)


def fresh(expr):
    """The copy's value of an id or token hash: its first 8 hex digits replaced by the copy number.

    Same length and alphabet (a UUID keeps its version and variant digits); unique, because the
    seed's rows differ in the other digits and the copies in these."""
    if sqlite:
        return f"(printf('%08x', dup.n) || substr({expr}, 9))"
    return f"(lpad(to_hex(dup.n), 8, '0') || substr({expr}, 9))"


def seed_only(expr, seed):
    return f"(CASE WHEN {expr} = '{seed}' THEN {fresh(expr)} ELSE {expr} END)"


def value(table, column):
    """What a copy writes into COLUMN: everything not named here is copied as the seed has it."""
    if column in ("id", "seat_id", "member_id", "invitation_token_hash", "token_hash"):
        return f"(CASE WHEN {column} IS NULL THEN NULL ELSE {fresh(column)} END)"
    if column == "customer_id":
        return seed_only(column, seed_customer)
    if column == "subscription_id":
        return seed_only(column, seed_subscription)
    if column in ("email", "email_lower"):
        return f"('c' || dup.n || '.' || {column})"
    if column == "external_id":
        return f"({column} || '.c' || dup.n)"
    if table == "subscriptions" and column in COUNTERS:
        return "0"  # the triggers count the copied seats as they go in
    return column


# Parents before children, so the foreign keys hold row by row.
SEED_ROWS = [
    ("customers", f"id = '{seed_customer}'"),
    ("members", f"customer_id = '{seed_customer}'"),
    ("subscriptions", f"id = '{seed_subscription}'"),
    ("customer_seats", f"subscription_id = '{seed_subscription}'"),
    ("seat_events", f"subscription_id = '{seed_subscription}'"),
]


def copy_statement(table, where, first, last):
    names = [c for c in columns(table) if c != "seq"]  # seat_events.seq is the database's own counter
    if sqlite:
        source = (f"WITH RECURSIVE dup(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM dup WHERE n < {last}) "
                  f"SELECT {', '.join(value(table, c) for c in names)} FROM dup, {table} WHERE {where}")
    else:
        source = (f"SELECT {', '.join(value(table, c) for c in names)} "
                  f"FROM generate_series({first}, {last}) AS dup(n), {table} WHERE {where}")
    return f"INSERT INTO {table} ({', '.join(names)}) {source};\n"


start = time.time()
script = ""
if sqlite:
    # Foreign keys checked as the server has them; no WAL and no fsync while filling (the fill is
    # thrown away if it fails), WAL again at the end as the server left the file.
    script = "PRAGMA foreign_keys = ON;\nPRAGMA cache_size = -262144;\nPRAGMA journal_mode = MEMORY;\nPRAGMA synchronous = OFF;\n"
for first in range(1, copies + 1, per_transaction):
    last = min(copies, first + per_transaction - 1)
    script += "BEGIN;\n" + "".join(copy_statement(t, w, first, last) for t, w in SEED_ROWS) + "COMMIT;\n"
if sqlite:
    script += "PRAGMA journal_mode = WAL;\n"  # as the server left it
run_sql(script)
seconds = time.time() - start

counters = [c for c in columns("subscriptions") if c in COUNTERS]
wrong = " OR ".join(
    f"s.{c} <> (SELECT count(*) FROM customer_seats c WHERE c.subscription_id = s.id AND c.status IN "
    f"({', '.join(repr(x) for x in COUNTERS[c])}))" for c in counters) or "FALSE"
seats, miscounted = run_sql(f"SELECT count(*) FROM customer_seats; SELECT count(*) FROM subscriptions s WHERE {wrong};",
                            capture=True)
print(f"RESULT name=fill copies={copies} seats={seats} seconds={seconds:.1f}")
if int(miscounted):
    sys.exit(f"fill_seats: {miscounted} subscriptions keep counts that differ from the seats they hold")
