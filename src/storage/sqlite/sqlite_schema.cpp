#include "storage/sqlite/sqlite_schema.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace sk::storage::sqlite {
namespace {

// Append only: a released migration is never edited, a change is a new entry.
// Timestamps are INTEGER unix microseconds, ids are TEXT uuids. Foreign keys are checked
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
-- Per-container indexes are partial: a seat has only one of the two ids, so no index carries
-- NULL entries for the other kind. (container, created_at, id) serves list_seats' ordering;
-- (container, status, lower(email)) answers the occupancy count and the duplicate check of an
-- assignment from the index alone, however many seats the container holds.
CREATE INDEX customer_seats_subscription_id ON customer_seats(subscription_id, created_at, id)
  WHERE subscription_id IS NOT NULL;
CREATE INDEX customer_seats_order_id ON customer_seats(order_id, created_at, id)
  WHERE order_id IS NOT NULL;
CREATE INDEX customer_seats_subscription_occupancy ON customer_seats(subscription_id, status, lower(email))
  WHERE subscription_id IS NOT NULL;
CREATE INDEX customer_seats_order_occupancy ON customer_seats(order_id, status, lower(email))
  WHERE order_id IS NOT NULL;
CREATE INDEX customer_seats_invitation_token_hash ON customer_seats(invitation_token_hash)
  WHERE invitation_token_hash IS NOT NULL;
CREATE INDEX customer_seats_member_id ON customer_seats(member_id) WHERE member_id IS NOT NULL;

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
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints(organization_id, created_at, id)
  WHERE deleted_at IS NULL;
CREATE INDEX webhook_endpoints_due ON webhook_endpoints(next_attempt_at) WHERE next_attempt_at IS NOT NULL;

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
CREATE INDEX webhook_deliveries_organization ON webhook_deliveries(organization_id, created_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);
)sql"},
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
CREATE INDEX subscriptions_organization_created ON subscriptions(organization_id, created_at, id);
CREATE INDEX subscriptions_customer ON subscriptions(customer_id, status);
CREATE INDEX subscriptions_due_to_end ON subscriptions(ends_at) WHERE cancel_at_period_end = 1 AND ended_at IS NULL;

ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT 'usd';
ALTER TABLE orders ADD COLUMN description TEXT;
ALTER TABLE orders ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN item_id TEXT;
CREATE INDEX orders_organization_created ON orders(organization_id, created_at, id);
CREATE INDEX orders_customer ON orders(customer_id);

CREATE INDEX members_organization_created ON members(organization_id, created_at, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX members_customer_owner ON members(customer_id) WHERE role = 'owner' AND deleted_at IS NULL;

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
CREATE INDEX outbox_delivered ON outbox(delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX webhook_deliveries_created ON webhook_deliveries(created_at);
CREATE INDEX member_sessions_expires ON member_sessions(expires_at);
CREATE INDEX customer_sessions_expires ON customer_sessions(expires_at);
)sql"},
    // Version 6 (operations): the X-Request-Id of the request that wrote an outbox row.
    {6, R"sql(
ALTER TABLE outbox ADD COLUMN request_id TEXT;
)sql"},
};

int newest(std::span<const Migration> migrations) {
  return migrations.empty() ? 0 : std::ranges::max(migrations, {}, &Migration::version).version;
}

// Applies every listed version the database has not recorded, in version order. Not "every
// version above the highest applied one": versions are added in parallel, so a database
// migrated to 3 by a binary without 2 must still get 2 from a binary that has it.
Status apply_pending(Database& db, std::span<const Migration> migrations) {
  SK_CHECK(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
  SK_TRY(current, current_schema_version(db));
  if (current > newest(migrations))
    return internal_error("database schema version " + std::to_string(current) +
                          " is newer than this binary supports (" + std::to_string(newest(migrations)) + ")");
  std::set<long long> applied;
  SK_TRY(recorded, db.query("SELECT version FROM schema_migrations"));
  for (;;) {
    SK_TRY(row, recorded.step());
    if (!row) break;
    applied.insert(recorded.int64(0));
  }
  std::vector<const Migration*> ordered;
  for (const Migration& migration : migrations) ordered.push_back(&migration);
  std::ranges::sort(ordered, {}, &Migration::version);
  for (const Migration* migration : ordered) {
    if (applied.contains(migration->version)) continue;
    SK_CHECK(db.exec(migration->sql));
    SK_CHECK(db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)", migration->version,
                    now_utc()));
  }
  return {};
}

}  // namespace

int latest_schema_version() { return newest(kMigrations); }

std::vector<int> known_schema_versions() {
  std::vector<int> versions;
  for (const Migration& migration : kMigrations) versions.push_back(migration.version);
  return versions;
}

Result<int> current_schema_version(Database& db) {
  SK_TRY(q, db.query("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  SK_TRY(row, q.step());
  if (!row) return 0;
  return static_cast<int>(q.int64(0));
}

Status apply_migrations(Database& db, std::span<const Migration> migrations) {
  SK_CHECK(db.exec("BEGIN IMMEDIATE"));
  Status status = apply_pending(db, migrations);
  if (status) status = db.exec("COMMIT");
  if (!status && db.in_transaction()) (void)db.exec("ROLLBACK");
  return status;
}

Status apply_migrations(Database& db) { return apply_migrations(db, kMigrations); }

}  // namespace sk::storage::sqlite
