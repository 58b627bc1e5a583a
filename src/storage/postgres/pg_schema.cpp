#include "storage/postgres/pg_schema.hpp"

#include <vector>

#include "storage/common/migrations.hpp"
#include "storage/postgres/pg_fetch.hpp"

namespace sk::storage::postgres {
namespace {

// Any constant will do as long as nothing else in the database uses it: pg_advisory_xact_lock
// keys are per database. ("seatkeep" in ASCII.)
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(8315159439655396720)";

// Append only: a released migration is never edited, a change is a new entry. Versions match
// the SQLite migrations (storage/sqlite/sqlite_schema.cpp) one for one, and the tables mirror
// them column for column: ids are TEXT uuids, timestamps BIGINT unix microseconds, flags INTEGER
// 0/1. Identical columns let operators (and the test suites) run the same SQL against either
// store. Text columns use the "C" collation so ordering by id and lower() behave exactly as in
// SQLite (bytewise, ASCII-only case folding) whatever the database's locale.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE organizations (
  id text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  slug text COLLATE "C" NOT NULL UNIQUE,
  seat_based_pricing_enabled integer NOT NULL DEFAULT 1 CHECK (seat_based_pricing_enabled IN (0, 1)),
  created_at bigint NOT NULL
);

CREATE TABLE access_tokens (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  scopes text COLLATE "C" NOT NULL DEFAULT '',
  expires_at bigint,
  created_at bigint NOT NULL
);
CREATE INDEX access_tokens_organization_id ON access_tokens(organization_id);

CREATE TABLE customers (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email text COLLATE "C",
  email_lower text COLLATE "C",
  external_id text COLLATE "C",
  name text COLLATE "C",
  created_at bigint NOT NULL,
  modified_at bigint,
  deleted_at bigint
);
CREATE UNIQUE INDEX customers_organization_email ON customers(organization_id, email_lower)
  WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX customers_organization_external_id ON customers(organization_id, external_id)
  WHERE deleted_at IS NULL;

CREATE TABLE members (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL REFERENCES customers(id),
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email text COLLATE "C" NOT NULL,
  email_lower text COLLATE "C" NOT NULL,
  name text COLLATE "C",
  external_id text COLLATE "C",
  role text COLLATE "C" NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'billing_manager', 'member')),
  created_at bigint NOT NULL,
  modified_at bigint,
  deleted_at bigint
);
CREATE UNIQUE INDEX members_customer_email ON members(customer_id, email_lower)
  WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX members_customer_external_id ON members(customer_id, external_id)
  WHERE deleted_at IS NULL AND external_id IS NOT NULL;

CREATE TABLE products (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  recurring integer NOT NULL DEFAULT 1 CHECK (recurring IN (0, 1)),
  minimum_seats integer NOT NULL DEFAULT 1,
  maximum_seats integer,
  created_at bigint NOT NULL
);

CREATE TABLE subscriptions (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  customer_id text COLLATE "C" NOT NULL REFERENCES customers(id),
  product_id text COLLATE "C" NOT NULL REFERENCES products(id),
  seats integer,
  status text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  modified_at bigint
);

CREATE TABLE orders (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  customer_id text COLLATE "C" NOT NULL REFERENCES customers(id),
  product_id text COLLATE "C" REFERENCES products(id),
  seats integer,
  status text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  modified_at bigint
);

CREATE TABLE customer_seats (
  id text COLLATE "C" PRIMARY KEY,
  created_at bigint NOT NULL,
  modified_at bigint,
  subscription_id text COLLATE "C" REFERENCES subscriptions(id) ON DELETE CASCADE,
  order_id text COLLATE "C" REFERENCES orders(id) ON DELETE CASCADE,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'revoked')),
  customer_id text COLLATE "C" REFERENCES customers(id) ON DELETE SET NULL,
  member_id text COLLATE "C" REFERENCES members(id) ON DELETE SET NULL,
  email text COLLATE "C",
  invitation_token_hash text COLLATE "C",
  invitation_token_expires_at bigint,
  claimed_at bigint,
  revoked_at bigint,
  metadata text COLLATE "C" NOT NULL DEFAULT '{}',
  CONSTRAINT customer_seats_seat_source_check CHECK (
    (subscription_id IS NOT NULL AND order_id IS NULL) OR (subscription_id IS NULL AND order_id IS NOT NULL))
);
)sql" SK_DDL_SEAT_INDEXES R"sql(
CREATE TABLE member_sessions (
  id text COLLATE "C" PRIMARY KEY,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  member_id text COLLATE "C" NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  expires_at bigint NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX member_sessions_member_id ON member_sessions(member_id);

-- No foreign key on organization_id: a message must outlive whatever it reports on.
CREATE TABLE outbox (
  id text COLLATE "C" PRIMARY KEY,
  topic text COLLATE "C" NOT NULL,
  organization_id text COLLATE "C" NOT NULL,
  event_type text COLLATE "C" NOT NULL,
  payload text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  available_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text COLLATE "C",
  delivered_at bigint
);
-- Only undelivered rows are ever looked for, so delivered ones stay out of the index.
CREATE INDEX outbox_due ON outbox(topic, available_at) WHERE delivered_at IS NULL;
)sql"},
    // Webhooks: the same tables as SQLite version 2 (see sqlite_schema.cpp for what the
    // columns mean). Two additions for several instances on one database:
    //  - outbox.seq numbers messages at insert. oldest_outbox orders by it where SQLite uses rowid.
    //    A sequence value is taken before commit, so seq order can differ from commit order between
    //    concurrent transactions; the fan-out keeps no high-water mark (it takes whatever is
    //    undelivered, oldest seq first, under an advisory lock), so a late-committing message is
    //    picked up by the next pass, never skipped. See pg_repository_outbox.cpp.
    //  - webhook_events.seq is an identity column: per-endpoint queue order, assigned by the
    //    (serialised) fan-out.
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX outbox_undelivered_seq ON outbox(topic, seq) WHERE delivered_at IS NULL;

CREATE TABLE webhook_endpoints (
  id text COLLATE "C" PRIMARY KEY,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url text COLLATE "C" NOT NULL,
  name text COLLATE "C",
  format text COLLATE "C" NOT NULL DEFAULT 'raw',
  sealed_secret text COLLATE "C" NOT NULL,
  events text COLLATE "C" NOT NULL DEFAULT '',
  enabled integer NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at bigint NOT NULL,
  modified_at bigint,
  deleted_at bigint,
  next_attempt_at bigint,
  lease_token text COLLATE "C"
);
)sql" SK_DDL_WEBHOOK_ENDPOINT_INDEXES R"sql(
CREATE TABLE webhook_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  endpoint_id text COLLATE "C" NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  organization_id text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  payload text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  modified_at bigint,
  last_http_code integer,
  succeeded integer CHECK (succeeded IN (0, 1)),
  skipped integer NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
  attempts integer NOT NULL DEFAULT 0,
  retry_from bigint NOT NULL,
  done_at bigint
);
CREATE INDEX webhook_events_queue ON webhook_events(endpoint_id, seq) WHERE done_at IS NULL;

CREATE TABLE webhook_deliveries (
  id text COLLATE "C" PRIMARY KEY,
  event_id text COLLATE "C" NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  endpoint_id text COLLATE "C" NOT NULL,
  organization_id text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  succeeded integer NOT NULL CHECK (succeeded IN (0, 1)),
  http_code integer,
  response text COLLATE "C",
  duration_ms bigint NOT NULL DEFAULT 0
);
)sql" SK_DDL_WEBHOOK_DELIVERY_INDEXES},
    {3, R"sql(
-- Management API, as SQLite's migration 3.
ALTER TABLE customers ADD COLUMN type text COLLATE "C" NOT NULL DEFAULT 'individual'
  CHECK (type IN ('individual', 'team'));
ALTER TABLE customers ADD COLUMN metadata text COLLATE "C" NOT NULL DEFAULT '{}';
CREATE INDEX customers_organization_created ON customers(organization_id, created_at, id) WHERE deleted_at IS NULL;

-- One seat-based price per product, inline. Rows from before keep NULL price columns and show
-- one free tier minimum_seats..maximum_seats under the product's id.
ALTER TABLE products ADD COLUMN modified_at bigint;
ALTER TABLE products ADD COLUMN description text COLLATE "C";
ALTER TABLE products ADD COLUMN visibility text COLLATE "C" NOT NULL DEFAULT 'public';
ALTER TABLE products ADD COLUMN recurring_interval text COLLATE "C";
ALTER TABLE products ADD COLUMN recurring_interval_count integer;
ALTER TABLE products ADD COLUMN is_archived integer NOT NULL DEFAULT 0 CHECK (is_archived IN (0, 1));
ALTER TABLE products ADD COLUMN metadata text COLLATE "C" NOT NULL DEFAULT '{}';
ALTER TABLE products ADD COLUMN price_id text COLLATE "C";
ALTER TABLE products ADD COLUMN price_currency text COLLATE "C" NOT NULL DEFAULT 'usd';
ALTER TABLE products ADD COLUMN seat_tier_type text COLLATE "C" NOT NULL DEFAULT 'volume';
ALTER TABLE products ADD COLUMN seat_tiers text COLLATE "C";
ALTER TABLE products ADD COLUMN price_created_at bigint;
CREATE INDEX products_organization_created ON products(organization_id, created_at, id);

ALTER TABLE subscriptions ADD COLUMN started_at bigint;
ALTER TABLE subscriptions ADD COLUMN cancel_at_period_end integer NOT NULL DEFAULT 0
  CHECK (cancel_at_period_end IN (0, 1));
ALTER TABLE subscriptions ADD COLUMN canceled_at bigint;
ALTER TABLE subscriptions ADD COLUMN ends_at bigint;
ALTER TABLE subscriptions ADD COLUMN ended_at bigint;
ALTER TABLE subscriptions ADD COLUMN cancellation_reason text COLLATE "C";
ALTER TABLE subscriptions ADD COLUMN cancellation_comment text COLLATE "C";
ALTER TABLE subscriptions ADD COLUMN metadata text COLLATE "C" NOT NULL DEFAULT '{}';
)sql" SK_DDL_SUBSCRIPTION_INDEXES R"sql(
ALTER TABLE orders ADD COLUMN currency text COLLATE "C" NOT NULL DEFAULT 'usd';
ALTER TABLE orders ADD COLUMN description text COLLATE "C";
ALTER TABLE orders ADD COLUMN metadata text COLLATE "C" NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN item_id text COLLATE "C";
)sql" SK_DDL_ORDER_AND_MEMBER_INDEXES R"sql(
CREATE TABLE customer_sessions (
  id text COLLATE "C" PRIMARY KEY,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  customer_id text COLLATE "C" NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  return_url text COLLATE "C",
  expires_at bigint NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX customer_sessions_customer_id ON customer_sessions(customer_id);
)sql"},
    {4, R"sql(
-- Hardening, as SQLite's migration 4.
ALTER TABLE access_tokens ADD COLUMN revoked_at bigint;
ALTER TABLE webhook_endpoints ADD COLUMN failing_since bigint;
)sql" SK_DDL_RETENTION_INDEXES},
    {5, R"sql(
-- Occupied seats kept on the container, as SQLite's migration 5. The trigger's UPDATE of the
-- container row takes the row lock that find_container's FOR UPDATE takes for a capacity
-- check, so the count changes in the same order as the checks that read it.
ALTER TABLE subscriptions ADD COLUMN occupied_seats integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN occupied_seats integer NOT NULL DEFAULT 0;
UPDATE subscriptions SET occupied_seats = (SELECT count(*) FROM customer_seats
  WHERE subscription_id = subscriptions.id AND status IN ('pending', 'claimed'));
UPDATE orders SET occupied_seats = (SELECT count(*) FROM customer_seats
  WHERE order_id = orders.id AND status IN ('pending', 'claimed'));

CREATE FUNCTION customer_seats_count_occupied() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD.status IN ('pending', 'claimed') THEN
      IF OLD.subscription_id IS NOT NULL THEN
        UPDATE subscriptions SET occupied_seats = occupied_seats - 1 WHERE id = OLD.subscription_id;
      ELSE
        UPDATE orders SET occupied_seats = occupied_seats - 1 WHERE id = OLD.order_id;
      END IF;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.status IN ('pending', 'claimed') THEN
      IF NEW.subscription_id IS NOT NULL THEN
        UPDATE subscriptions SET occupied_seats = occupied_seats + 1 WHERE id = NEW.subscription_id;
      ELSE
        UPDATE orders SET occupied_seats = occupied_seats + 1 WHERE id = NEW.order_id;
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$body$;
CREATE TRIGGER customer_seats_occupied_insert_delete AFTER INSERT OR DELETE ON customer_seats
  FOR EACH ROW EXECUTE FUNCTION customer_seats_count_occupied();
CREATE TRIGGER customer_seats_occupied_update AFTER UPDATE ON customer_seats
  FOR EACH ROW WHEN ((OLD.status IN ('pending', 'claimed')) IS DISTINCT FROM (NEW.status IN ('pending', 'claimed'))
    OR OLD.subscription_id IS DISTINCT FROM NEW.subscription_id OR OLD.order_id IS DISTINCT FROM NEW.order_id)
  EXECUTE FUNCTION customer_seats_count_occupied();
)sql"},
    // Version 6 (operations): the X-Request-Id of the request that wrote an outbox row.
    {6, R"sql(
ALTER TABLE outbox ADD COLUMN request_id text COLLATE "C";
)sql"},
    // Version 7: idempotency keys and organizations' invitation policies (as in SQLite).
    {7, R"sql(
CREATE TABLE idempotency_keys (
  scope text COLLATE "C" NOT NULL,
  idempotency_key text COLLATE "C" NOT NULL,
  fingerprint text COLLATE "C" NOT NULL,
  response_status integer NOT NULL,
  response_body text COLLATE "C" NOT NULL,
  response_headers text COLLATE "C" NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys(expires_at);

CREATE TABLE invitation_policies (
  organization_id text COLLATE "C" PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  send_email integer NOT NULL DEFAULT 1 CHECK (send_email IN (0, 1)),
  lifetime_seconds bigint CHECK (lifetime_seconds BETWEEN 3600 AND 2592000),
  modified_at bigint NOT NULL
);
)sql"},
    // Version 8: the seat history, as SQLite's; append-only through a trigger that refuses UPDATE
    // and DELETE.
    {8, R"sql(
CREATE TABLE seat_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  seat_id text COLLATE "C" NOT NULL,
  organization_id text COLLATE "C" NOT NULL,
  subscription_id text COLLATE "C",
  order_id text COLLATE "C",
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('assigned', 'invitation_resent', 'claimed', 'revoked',
                                                 'transferred_out', 'transferred_in', 'expired')),
  occurred_at bigint NOT NULL,
  email text COLLATE "C",
  member_id text COLLATE "C",
  actor_type text COLLATE "C" NOT NULL
    CHECK (actor_type IN ('organization_token', 'customer_session', 'member_session', 'system')),
  actor_id text COLLATE "C",
  CHECK ((subscription_id IS NULL) <> (order_id IS NULL))
);
CREATE FUNCTION seat_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  RAISE EXCEPTION 'seat history is append-only';
END
$body$;
CREATE TRIGGER seat_events_append_only BEFORE UPDATE OR DELETE ON seat_events
  FOR EACH ROW EXECUTE FUNCTION seat_events_append_only();
)sql" SK_DDL_SEAT_HISTORY_INDEXES},
    // Version 9: the seats per status next to the occupied count (as SQLite's version 9). One
    // function keeps all four counts in one UPDATE of the container row, replacing version 5's;
    // that UPDATE still takes the row lock a capacity check's FOR UPDATE takes.
    {9, "DROP FUNCTION customer_seats_count_occupied() CASCADE;\n"
        SK_DDL_SEAT_STATUS_COUNT_COLUMNS("subscriptions") SK_DDL_SEAT_STATUS_COUNT_COLUMNS("orders")
        SK_DDL_BACKFILL_SEAT_STATUS_COUNTS("subscriptions", "subscription_id")
        SK_DDL_BACKFILL_SEAT_STATUS_COUNTS("orders", "order_id")
        SK_DDL_SEAT_STATUS_INDEXES
        "CREATE FUNCTION customer_seats_count_by_status() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        "BEGIN\n"
        "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
        "    IF old.subscription_id IS NOT NULL THEN\n"
        "      UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.subscription_id;\n"
        "    ELSE\n"
        "      UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("-", "old") " WHERE id = old.order_id;\n"
        "    END IF;\n"
        "  END IF;\n"
        "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
        "    IF new.subscription_id IS NOT NULL THEN\n"
        "      UPDATE subscriptions SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.subscription_id;\n"
        "    ELSE\n"
        "      UPDATE orders SET " SK_SQL_SEAT_COUNTS_DELTA("+", "new") " WHERE id = new.order_id;\n"
        "    END IF;\n"
        "  END IF;\n"
        "  RETURN NULL;\n"
        "END\n"
        "$body$;\n"
        "CREATE TRIGGER customer_seats_counts_insert_delete AFTER INSERT OR DELETE ON customer_seats\n"
        "  FOR EACH ROW EXECUTE FUNCTION customer_seats_count_by_status();\n"
        "CREATE TRIGGER customer_seats_counts_update AFTER UPDATE ON customer_seats\n"
        "  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status\n"
        "    OR OLD.subscription_id IS DISTINCT FROM NEW.subscription_id OR OLD.order_id IS DISTINCT FROM NEW.order_id)\n"
        "  EXECUTE FUNCTION customer_seats_count_by_status();\n"},
    {10, SK_DDL_DROP_SEAT_CONTAINER_INDEXES},
    {11, SK_DDL_SHORTEN_INVITATION_TOKEN_HASHES "ALTER TABLE seat_events DROP CONSTRAINT IF EXISTS seat_events_id_key;\n"},
};

}  // namespace

int latest_schema_version() { return newest_version(kMigrations); }

std::vector<int> known_schema_versions() { return versions_of(kMigrations); }

Result<int> current_schema_version(Connection& c) { return recorded_schema_version(c); }

// One migration at a time across instances: the advisory lock is held until the transaction ends.
Status apply_migrations(Connection& c) {
  SK_CHECK(c.exec("BEGIN"));
  Status status = run_script(c, kMigrationLock);
  if (status) status = apply_pending_migrations(c, kMigrations);
  if (status) {
    auto committed = c.exec("COMMIT");
    if (!committed) status = std::unexpected(committed.error());
  }
  if (c.transaction_state() != Connection::TxState::idle) (void)c.exec("ROLLBACK");
  return status;
}

}  // namespace sk::storage::postgres
