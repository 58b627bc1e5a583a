#include "storage/sqlite/sqlite_schema.hpp"

#include "storage/common/migrations.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"

namespace sk::storage::sqlite {
namespace {

// Migrations 11 and 15 copy the seat history into a new table of the same shape (its
// append-only triggers refuse an UPDATE, and SQLite cannot drop a constraint), then swap it in and
// make its triggers and indexes again; between BEGIN and END stands the statement that copies.
#define SK_DDL_SEAT_EVENTS_COPY_BEGIN(table)                                                                              \
  "\nCREATE TABLE " table " (\n"                                                                                          \
  "  seq INTEGER PRIMARY KEY,\n"                                                                                          \
  "  id TEXT NOT NULL,\n"                                                                                                 \
  "  seat_id TEXT NOT NULL,\n"                                                                                            \
  "  organization_id TEXT NOT NULL,\n"                                                                                    \
  "  subscription_id TEXT,\n"                                                                                             \
  "  order_id TEXT,\n"                                                                                                    \
  "  kind TEXT NOT NULL CHECK (kind = 'assigned' OR kind = 'invitation_resent' OR kind = 'claimed' OR kind = 'revoked'\n" \
  "    OR kind = 'transferred_out' OR kind = 'transferred_in' OR kind = 'expired'),\n"                                    \
  "  occurred_at INTEGER NOT NULL,\n"                                                                                     \
  "  email TEXT,\n"                                                                                                       \
  "  member_id TEXT,\n"                                                                                                   \
  "  actor_type TEXT NOT NULL CHECK (actor_type = 'organization_token' OR actor_type = 'customer_session'\n"              \
  "    OR actor_type = 'member_session' OR actor_type = 'system'),\n"                                                     \
  "  actor_id TEXT,\n"                                                                                                    \
  "  CHECK ((subscription_id IS NULL) <> (order_id IS NULL))\n"                                                           \
  ");\n"                                                                                                                  \
  "INSERT INTO " table
#define SK_DDL_SEAT_EVENTS_COPY_END(table)                              \
  "DROP TABLE seat_events;\n"                                           \
  "ALTER TABLE " table " RENAME TO seat_events;\n"                      \
  "CREATE TRIGGER seat_events_no_update BEFORE UPDATE ON seat_events\n" \
  "  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;\n"  \
  "CREATE TRIGGER seat_events_no_delete BEFORE DELETE ON seat_events\n" \
  "  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;\n"  \
  SK_DDL_SEAT_EVENT_INDEXES

// Append only: a released migration is never edited, a change is a new entry.
// Timestamps are INTEGER unix microseconds, ids are TEXT uuids (the seat history's canonical ones
// are 16-byte blobs from version 15 on). Foreign keys are checked
// immediately (not deferred), so a bad write fails inside its own savepoint instead of failing
// the COMMIT of a whole group of unrelated jobs.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  seat_based_pricing_enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

CREATE TABLE access_tokens (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '',
  expires_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_organization_id ON access_tokens(organization_id);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT,
  email_lower TEXT,
  external_id TEXT,
  name TEXT,
  created_at INTEGER NOT NULL,
  modified_at INTEGER,
  deleted_at INTEGER
);
CREATE UNIQUE INDEX customers_organization_email ON customers(organization_id, email_lower)
  WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX customers_organization_external_id ON customers(organization_id, external_id)
  WHERE deleted_at IS NULL;

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  email_lower TEXT NOT NULL,
  name TEXT,
  external_id TEXT,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'billing_manager', 'member')),
  created_at INTEGER NOT NULL,
  modified_at INTEGER,
  deleted_at INTEGER
);
CREATE UNIQUE INDEX members_customer_email ON members(customer_id, email_lower)
  WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX members_customer_external_id ON members(customer_id, external_id)
  WHERE deleted_at IS NULL AND external_id IS NOT NULL;

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  recurring INTEGER NOT NULL DEFAULT 1,
  minimum_seats INTEGER NOT NULL DEFAULT 1,
  maximum_seats INTEGER,
  created_at INTEGER NOT NULL
);

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  seats INTEGER,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  modified_at INTEGER
);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT REFERENCES products(id),
  seats INTEGER,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  modified_at INTEGER
);

CREATE TABLE customer_seats (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  modified_at INTEGER,
  subscription_id TEXT REFERENCES subscriptions(id) ON DELETE CASCADE,
  order_id TEXT REFERENCES orders(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'revoked')),
  customer_id TEXT REFERENCES customers(id) ON DELETE SET NULL,
  member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
  email TEXT,
  invitation_token_hash TEXT,
  invitation_token_expires_at INTEGER,
  claimed_at INTEGER,
  revoked_at INTEGER,
  metadata TEXT NOT NULL DEFAULT '{}',
  CONSTRAINT customer_seats_seat_source_check CHECK (
    (subscription_id IS NOT NULL AND order_id IS NULL) OR (subscription_id IS NULL AND order_id IS NOT NULL))
);
)sql" SK_DDL_SEAT_INDEXES R"sql(
CREATE TABLE member_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX member_sessions_member_id ON member_sessions(member_id);

-- No foreign key on organization_id: a message must outlive whatever it reports on.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  delivered_at INTEGER
);
CREATE INDEX outbox_due ON outbox(topic, delivered_at, available_at);
)sql"},
    // Webhooks. Each endpoint carries its queue's schedule: next_attempt_at is when its
    // oldest queued event is due (NULL: nothing queued, disabled or deleted; while an attempt is in
    // flight it holds the lease's expiry). Events are ordered per endpoint by seq, the order in which
    // they were fanned out of the outbox.
    {2, R"sql(
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  name TEXT,
  format TEXT NOT NULL DEFAULT 'raw',
  sealed_secret TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  modified_at INTEGER,
  deleted_at INTEGER,
  next_attempt_at INTEGER,
  lease_token TEXT
);
)sql" SK_DDL_WEBHOOK_ENDPOINT_INDEXES R"sql(
CREATE TABLE webhook_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  modified_at INTEGER,
  last_http_code INTEGER,
  succeeded INTEGER,
  skipped INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  retry_from INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX webhook_events_queue ON webhook_events(endpoint_id, seq) WHERE done_at IS NULL;

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  endpoint_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  succeeded INTEGER NOT NULL,
  http_code INTEGER,
  response TEXT,
  duration_ms INTEGER NOT NULL DEFAULT 0
);
)sql" SK_DDL_WEBHOOK_DELIVERY_INDEXES},
    // Version 3 (the management API): the columns Polar's customer, product,
    // subscription and order shapes need, customer sessions, and list indexes. Version 2 belongs
    // to the webhooks work; the migrator applies every version not yet recorded, in order.
    {3, R"sql(
ALTER TABLE customers ADD COLUMN type TEXT NOT NULL DEFAULT 'individual' CHECK (type IN ('individual', 'team'));
ALTER TABLE customers ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
CREATE INDEX customers_organization_created ON customers(organization_id, created_at, id) WHERE deleted_at IS NULL;

-- One seat-based price per product, inline. Rows from before keep NULL price columns and show
-- one free tier minimum_seats..maximum_seats under the product's id.
ALTER TABLE products ADD COLUMN modified_at INTEGER;
ALTER TABLE products ADD COLUMN description TEXT;
ALTER TABLE products ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
ALTER TABLE products ADD COLUMN recurring_interval TEXT;
ALTER TABLE products ADD COLUMN recurring_interval_count INTEGER;
ALTER TABLE products ADD COLUMN is_archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
ALTER TABLE products ADD COLUMN price_id TEXT;
ALTER TABLE products ADD COLUMN price_currency TEXT NOT NULL DEFAULT 'usd';
ALTER TABLE products ADD COLUMN seat_tier_type TEXT NOT NULL DEFAULT 'volume';
ALTER TABLE products ADD COLUMN seat_tiers TEXT;
ALTER TABLE products ADD COLUMN price_created_at INTEGER;
CREATE INDEX products_organization_created ON products(organization_id, created_at, id);

ALTER TABLE subscriptions ADD COLUMN started_at INTEGER;
ALTER TABLE subscriptions ADD COLUMN cancel_at_period_end INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN canceled_at INTEGER;
ALTER TABLE subscriptions ADD COLUMN ends_at INTEGER;
ALTER TABLE subscriptions ADD COLUMN ended_at INTEGER;
ALTER TABLE subscriptions ADD COLUMN cancellation_reason TEXT;
ALTER TABLE subscriptions ADD COLUMN cancellation_comment TEXT;
ALTER TABLE subscriptions ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
)sql" SK_DDL_SUBSCRIPTION_INDEXES R"sql(
ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT 'usd';
ALTER TABLE orders ADD COLUMN description TEXT;
ALTER TABLE orders ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN item_id TEXT;
)sql" SK_DDL_ORDER_AND_MEMBER_INDEXES R"sql(
CREATE TABLE customer_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  return_url TEXT,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX customer_sessions_customer_id ON customer_sessions(customer_id);
)sql"},
    // Version 4 (hardening): revocable access tokens; the time an endpoint's failures began (it is
    // disabled after a day of them); indexes for the retention jobs' deletes.
    {4, R"sql(
ALTER TABLE access_tokens ADD COLUMN revoked_at INTEGER;
ALTER TABLE webhook_endpoints ADD COLUMN failing_since INTEGER;
)sql" SK_DDL_RETENTION_INDEXES},
    // Version 5 (performance): each container keeps its occupied seats (pending + claimed), so
    // a capacity check reads one row instead of counting the container's seats. Triggers keep
    // the count in the statement that changes a seat, whichever path (or operator) runs it.
    {5, R"sql(
ALTER TABLE subscriptions ADD COLUMN occupied_seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN occupied_seats INTEGER NOT NULL DEFAULT 0;
UPDATE subscriptions SET occupied_seats = (SELECT count(*) FROM customer_seats
  WHERE subscription_id = subscriptions.id AND status IN ('pending', 'claimed'));
UPDATE orders SET occupied_seats = (SELECT count(*) FROM customer_seats
  WHERE order_id = orders.id AND status IN ('pending', 'claimed'));

-- A seat has one container; the other id is NULL and its UPDATE matches no row.
CREATE TRIGGER customer_seats_occupied_insert AFTER INSERT ON customer_seats
  WHEN new.status IN ('pending', 'claimed')
BEGIN
  UPDATE subscriptions SET occupied_seats = occupied_seats + 1 WHERE id = new.subscription_id;
  UPDATE orders SET occupied_seats = occupied_seats + 1 WHERE id = new.order_id;
END;
CREATE TRIGGER customer_seats_occupied_delete AFTER DELETE ON customer_seats
  WHEN old.status IN ('pending', 'claimed')
BEGIN
  UPDATE subscriptions SET occupied_seats = occupied_seats - 1 WHERE id = old.subscription_id;
  UPDATE orders SET occupied_seats = occupied_seats - 1 WHERE id = old.order_id;
END;
CREATE TRIGGER customer_seats_occupied_update AFTER UPDATE OF status, subscription_id, order_id ON customer_seats
  WHEN (old.status IN ('pending', 'claimed')) <> (new.status IN ('pending', 'claimed'))
    OR old.subscription_id IS NOT new.subscription_id OR old.order_id IS NOT new.order_id
BEGIN
  UPDATE subscriptions SET occupied_seats = occupied_seats - 1
    WHERE id = old.subscription_id AND old.status IN ('pending', 'claimed');
  UPDATE orders SET occupied_seats = occupied_seats - 1
    WHERE id = old.order_id AND old.status IN ('pending', 'claimed');
  UPDATE subscriptions SET occupied_seats = occupied_seats + 1
    WHERE id = new.subscription_id AND new.status IN ('pending', 'claimed');
  UPDATE orders SET occupied_seats = occupied_seats + 1
    WHERE id = new.order_id AND new.status IN ('pending', 'claimed');
END;
)sql"},
    // Version 6 (operations): the X-Request-Id of the request that wrote an outbox row.
    {6, R"sql(
ALTER TABLE outbox ADD COLUMN request_id TEXT;
)sql"},
    // Version 7: idempotency keys (one row per key and scope, holding the first answer), and
    // organizations' invitation policies.
    {7, R"sql(
CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  response_headers TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys(expires_at);

CREATE TABLE invitation_policies (
  organization_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  send_email INTEGER NOT NULL DEFAULT 1 CHECK (send_email IN (0, 1)),
  lifetime_seconds INTEGER CHECK (lifetime_seconds BETWEEN 3600 AND 2592000),
  modified_at INTEGER NOT NULL
);
)sql"},
    // Version 8: the seat history, append-only (triggers refuse UPDATE and DELETE); `seq` is the
    // order events were written, which breaks ties between events of the same instant.
    {8, R"sql(
CREATE TABLE seat_events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  seat_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  subscription_id TEXT,
  order_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'invitation_resent', 'claimed', 'revoked', 'transferred_out',
                                     'transferred_in', 'expired')),
  occurred_at INTEGER NOT NULL,
  email TEXT,
  member_id TEXT,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('organization_token', 'customer_session', 'member_session', 'system')),
  actor_id TEXT,
  CHECK ((subscription_id IS NULL) <> (order_id IS NULL))
);
CREATE TRIGGER seat_events_no_update BEFORE UPDATE ON seat_events
  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;
CREATE TRIGGER seat_events_no_delete BEFORE DELETE ON seat_events
  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;
)sql" SK_DDL_SEAT_HISTORY_INDEXES},
    // Version 9: the seats per status next to the occupied count. One trigger per change keeps
    // all four counts in one UPDATE of the container, replacing version 5's triggers.
    {9, "DROP TRIGGER customer_seats_occupied_insert;\n"
        "DROP TRIGGER customer_seats_occupied_delete;\n"
        "DROP TRIGGER customer_seats_occupied_update;\n"
        SK_DDL_SEAT_STATUS_COUNT_COLUMNS("subscriptions") SK_DDL_SEAT_STATUS_COUNT_COLUMNS("orders")
        SK_DDL_BACKFILL_SEAT_STATUS_COUNTS("subscriptions", "subscription_id")
        SK_DDL_BACKFILL_SEAT_STATUS_COUNTS("orders", "order_id")
        SK_DDL_SEAT_STATUS_INDEXES
        // A seat has one container; the other id is NULL and its UPDATE matches no row.
        "CREATE TRIGGER customer_seats_counts_insert AFTER INSERT ON customer_seats BEGIN\n"
        "  UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.subscription_id;\n"
        "  UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.order_id;\n"
        "END;\n"
        "CREATE TRIGGER customer_seats_counts_delete AFTER DELETE ON customer_seats BEGIN\n"
        "  UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.subscription_id;\n"
        "  UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.order_id;\n"
        "END;\n"
        "CREATE TRIGGER customer_seats_counts_update AFTER UPDATE OF status, subscription_id, order_id ON customer_seats\n"
        "  WHEN old.status IS NOT new.status OR old.subscription_id IS NOT new.subscription_id\n"
        "    OR old.order_id IS NOT new.order_id\n"
        "BEGIN\n"
        "  UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.subscription_id;\n"
        "  UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.order_id;\n"
        "  UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.subscription_id;\n"
        "  UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.order_id;\n"
        "END;\n"},
    {10, SK_DDL_DROP_SEAT_CONTAINER_INDEXES},
    // SQLite cannot drop a UNIQUE constraint: the history is copied into a table without it
    // (DROP TABLE fires no DELETE trigger), then its triggers and indexes are made again. Its
    // CHECKs are written as version 13 leaves them (no IN lists, see there), so the result is the
    // same whichever of 11 and 13 a database received first.
    {11, SK_DDL_SHORTEN_INVITATION_TOKEN_HASHES SK_DDL_SEAT_EVENTS_COPY_BEGIN("seat_events_v11") R"sql( (seq, id, seat_id, organization_id, subscription_id, order_id, kind, occurred_at, email,
                             member_id, actor_type, actor_id)
  SELECT seq, id, seat_id, organization_id, subscription_id, order_id, kind, occurred_at, email, member_id,
         actor_type, actor_id FROM seat_events ORDER BY seq;
)sql" SK_DDL_SEAT_EVENTS_COPY_END("seat_events_v11")},
    // Version 13: SQLite evaluates `x IN (three or more constants)` by filling a temporary
    // B-tree, on every execution of a statement. The CHECKs on seat status, member role and
    // seat-event kind and actor made each seat write build one or two (about 4 us each, seven per
    // assign+revoke). The same rules as chains of `=` ... `OR` compare in place. Rewriting a CHECK
    // does not change how rows are stored, so SQLite's documented writable_schema procedure
    // edits the table definitions in place instead of copying the tables; the throwaway table
    // bumps the schema cookie so other connections reload, and RESET reloads this one.
    // PostgreSQL checks these lists without temporary tables and has no version 13.
    {13, R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''pending'', ''claimed'', ''revoked''))',
  'CHECK (status = ''pending'' OR status = ''claimed'' OR status = ''revoked'')')
  WHERE type = 'table' AND name = 'customer_seats';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (role IN (''owner'', ''billing_manager'', ''member''))',
  'CHECK (role = ''owner'' OR role = ''billing_manager'' OR role = ''member'')')
  WHERE type = 'table' AND name = 'members';
UPDATE sqlite_schema SET sql = replace(replace(sql,
  'CHECK (kind IN (''assigned'', ''invitation_resent'', ''claimed'', ''revoked'', ''transferred_out'',
                                     ''transferred_in'', ''expired''))',
  'CHECK (kind = ''assigned'' OR kind = ''invitation_resent'' OR kind = ''claimed'' OR kind = ''revoked''
    OR kind = ''transferred_out'' OR kind = ''transferred_in'' OR kind = ''expired'')'),
  'CHECK (actor_type IN (''organization_token'', ''customer_session'', ''member_session'', ''system''))',
  'CHECK (actor_type = ''organization_token'' OR actor_type = ''customer_session''
    OR actor_type = ''member_session'' OR actor_type = ''system'')')
  WHERE type = 'table' AND name = 'seat_events';
CREATE TABLE schema_cookie_bump (x INTEGER);
DROP TABLE schema_cookie_bump;
PRAGMA writable_schema = RESET;
)sql"},
    // Version 15: the seat history keeps its canonical UUID ids (the event, seat, organization,
    // container, member and actor ids) as 16-byte blobs, 20 bytes less per copy in the row and in
    // the seat and container indexes; uuid_blob leaves any other value as it was. The table is
    // copied (its append-only triggers refuse an UPDATE) into packed pages, then its triggers and
    // indexes are made again. PostgreSQL stores ids as they are and has no version 15.
    {15, SK_DDL_SEAT_EVENTS_COPY_BEGIN("seat_events_v15") R"sql( (seq, id, seat_id, organization_id, subscription_id, order_id, kind, occurred_at, email,
                             member_id, actor_type, actor_id)
  SELECT seq, uuid_blob(id), uuid_blob(seat_id), uuid_blob(organization_id), uuid_blob(subscription_id),
         uuid_blob(order_id), kind, occurred_at, email, uuid_blob(member_id), actor_type, uuid_blob(actor_id)
  FROM seat_events ORDER BY seq;
)sql" SK_DDL_SEAT_EVENTS_COPY_END("seat_events_v15")},
};

}  // namespace

int latest_schema_version() { return newest_version(kMigrations); }

std::vector<int> known_schema_versions() { return versions_of(kMigrations); }

Result<int> current_schema_version(Database& db) { return recorded_schema_version(db); }

Status apply_migrations(Database& db, std::span<const Migration> migrations) {
  SK_CHECK(db.exec("BEGIN IMMEDIATE"));
  Status status = apply_pending_migrations(db, migrations);
  if (status) status = db.exec("COMMIT");
  if (!status && db.in_transaction()) (void)db.exec("ROLLBACK");
  return status;
}

Status apply_migrations(Database& db) { return apply_migrations(db, kMigrations); }

}  // namespace sk::storage::sqlite
