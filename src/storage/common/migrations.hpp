// Schema migrations: the bookkeeping both stores share, and the DDL that is the same in both.
// Each backend keeps its own list of migrations (<backend>_schema.cpp): column types, collations
// and identity columns differ between the dialects, so the tables are written per backend; the
// indexes are the same and are written here once, for the migration that creates them.
// The runner reaches the connection through the backend's statement runners
// (<backend>_fetch.hpp: run_script, run_sql, fetch_all, fetch_count), as the repository does.
#pragma once

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/time.hpp"

namespace sk::storage {

// One schema change: a version number (unique, owned by the change that adds it) and its SQL.
struct Migration {
  int version;
  const char* sql;
};

inline int newest_version(std::span<const Migration> migrations) {
  return migrations.empty() ? 0 : std::ranges::max(migrations, {}, &Migration::version).version;
}

// Every version in the list, ascending (not 1..newest: versions of parallel work leave gaps).
inline std::vector<int> versions_of(std::span<const Migration> migrations) {
  std::vector<int> versions;
  for (const Migration& migration : migrations) versions.push_back(migration.version);
  std::ranges::sort(versions);
  return versions;
}

// The version recorded in schema_migrations (0 for an empty database).
template <class Db>
Result<int> recorded_schema_version(Db& db) {
  SK_TRY(version, fetch_count(db, "SELECT coalesce(max(version), 0) FROM schema_migrations"));
  return static_cast<int>(version);
}

// Every version recorded in schema_migrations.
template <class Db>
Result<std::set<int>> recorded_schema_versions(Db& db) {
  SK_TRY(recorded, fetch_all(db, "SELECT version FROM schema_migrations",
                             [](const auto& r) -> Result<int> { return static_cast<int>(r.int64(0)); }));
  return std::set<int>(recorded.begin(), recorded.end());
}

// True when every version in `known` (the binary's) is recorded: /readyz's schema check. Not
// "the highest is", since versions may be applied out of order.
template <class Db>
Result<bool> records_every_version(Db& db, const std::vector<int>& known) {
  SK_TRY(applied, recorded_schema_versions(db));
  return std::ranges::all_of(known, [&](int version) { return applied.contains(version); });
}

// Applies every listed version the database has not recorded, in version order, inside the
// caller's transaction. Not "every version above the highest applied one": versions are added in
// parallel, so a database migrated to 3 by a binary without 2 must still get 2 from one that has
// it. Fails if the database was migrated by a newer binary.
template <class Db>
Status apply_pending_migrations(Db& db, std::span<const Migration> migrations) {
  SK_CHECK(run_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations "
                          "(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"));
  SK_TRY(current, recorded_schema_version(db));
  if (current > newest_version(migrations))
    return internal_error("database schema version " + std::to_string(current) +
                          " is newer than this binary supports (" + std::to_string(newest_version(migrations)) + ")");
  SK_TRY(applied, recorded_schema_versions(db));
  std::vector<const Migration*> ordered;
  for (const Migration& migration : migrations) ordered.push_back(&migration);
  std::ranges::sort(ordered, {}, &Migration::version);
  for (const Migration* migration : ordered) {
    if (applied.contains(migration->version)) continue;
    SK_CHECK(run_script(db, migration->sql));
    SK_CHECK(run_sql(db, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", migration->version,
                     now_utc()));
  }
  return {};
}

}  // namespace sk::storage

// ---- indexes both stores create (plain string literals, spliced into the migrations' SQL) ----

// Version 1. Per-container indexes are partial: a seat has only one of the two ids, so no index
// carries NULL entries for the other kind. (container, created_at, id) serves list_seats'
// ordering; (container, status, lower(email)) answers the occupancy count and the duplicate
// check of an assignment from the index alone, however many seats the container holds.
#define SK_DDL_SEAT_INDEXES                                                                             \
  "CREATE INDEX customer_seats_subscription_id ON customer_seats(subscription_id, created_at, id)\n"    \
  "  WHERE subscription_id IS NOT NULL;\n"                                                              \
  "CREATE INDEX customer_seats_order_id ON customer_seats(order_id, created_at, id)\n"                  \
  "  WHERE order_id IS NOT NULL;\n"                                                                     \
  "CREATE INDEX customer_seats_subscription_occupancy ON customer_seats(subscription_id, status, lower(email))\n" \
  "  WHERE subscription_id IS NOT NULL;\n"                                                              \
  "CREATE INDEX customer_seats_order_occupancy ON customer_seats(order_id, status, lower(email))\n"     \
  "  WHERE order_id IS NOT NULL;\n"                                                                     \
  "CREATE INDEX customer_seats_invitation_token_hash ON customer_seats(invitation_token_hash)\n"        \
  "  WHERE invitation_token_hash IS NOT NULL;\n"                                                        \
  "CREATE INDEX customer_seats_member_id ON customer_seats(member_id) WHERE member_id IS NOT NULL;\n"

// Version 2: endpoints by organization and by due time, each endpoint's queue, the delivery log.
#define SK_DDL_WEBHOOK_ENDPOINT_INDEXES                                                                  \
  "CREATE INDEX webhook_endpoints_organization ON webhook_endpoints(organization_id, created_at, id)\n" \
  "  WHERE deleted_at IS NULL;\n"                                                                      \
  "CREATE INDEX webhook_endpoints_due ON webhook_endpoints(next_attempt_at) WHERE next_attempt_at IS NOT NULL;\n"
#define SK_DDL_WEBHOOK_DELIVERY_INDEXES                                                                  \
  "CREATE INDEX webhook_deliveries_organization ON webhook_deliveries(organization_id, created_at);\n"   \
  "CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at);\n"           \
  "CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);\n"

// Version 3: the management API's list orders and lookups.
#define SK_DDL_SUBSCRIPTION_INDEXES                                                                      \
  "CREATE INDEX subscriptions_organization_created ON subscriptions(organization_id, created_at, id);\n" \
  "CREATE INDEX subscriptions_customer ON subscriptions(customer_id, status);\n"                         \
  "CREATE INDEX subscriptions_due_to_end ON subscriptions(ends_at) WHERE cancel_at_period_end = 1 AND ended_at IS NULL;\n"
#define SK_DDL_ORDER_AND_MEMBER_INDEXES                                                                  \
  "CREATE INDEX orders_organization_created ON orders(organization_id, created_at, id);\n"               \
  "CREATE INDEX orders_customer ON orders(customer_id);\n\n"                                             \
  "CREATE INDEX members_organization_created ON members(organization_id, created_at, id) WHERE deleted_at IS NULL;\n" \
  "CREATE UNIQUE INDEX members_customer_owner ON members(customer_id) WHERE role = 'owner' AND deleted_at IS NULL;\n"

// Version 4: what the retention jobs delete by.
#define SK_DDL_RETENTION_INDEXES                                                           \
  "CREATE INDEX outbox_delivered ON outbox(delivered_at) WHERE delivered_at IS NOT NULL;\n" \
  "CREATE INDEX webhook_deliveries_created ON webhook_deliveries(created_at);\n"            \
  "CREATE INDEX member_sessions_expires ON member_sessions(expires_at);\n"                  \
  "CREATE INDEX customer_sessions_expires ON customer_sessions(expires_at);\n"

// Version 8: each seat's history in order, a container's history up to an instant, and pending
// seats by expiry (the sweep that records lapsed invitations).
#define SK_DDL_SEAT_EVENT_INDEXES                                                                        \
  "CREATE INDEX seat_events_seat ON seat_events(seat_id, occurred_at, seq);\n"                          \
  "CREATE INDEX seat_events_subscription ON seat_events(subscription_id, occurred_at, seq)\n"           \
  "  WHERE subscription_id IS NOT NULL;\n"                                                              \
  "CREATE INDEX seat_events_order ON seat_events(order_id, occurred_at, seq) WHERE order_id IS NOT NULL;\n"
#define SK_DDL_SEAT_HISTORY_INDEXES                                                                      \
  SK_DDL_SEAT_EVENT_INDEXES                                                                              \
  "CREATE INDEX customer_seats_pending_expiry ON customer_seats(invitation_token_expires_at)\n"         \
  "  WHERE status = 'pending';\n"

// Version 9: each container keeps its seats per status (next to version 5's occupied count), so a
// status-filtered page's total reads one row; the (container, status, created_at, id) indexes give
// a status-filtered page its rows in order. The counts and the index are the same in both stores;
// the triggers that keep the counts are each backend's own.
#define SK_DDL_SEAT_STATUS_COUNT_COLUMNS(table)                                    \
  "ALTER TABLE " table " ADD COLUMN pending_seats INTEGER NOT NULL DEFAULT 0;\n" \
  "ALTER TABLE " table " ADD COLUMN claimed_seats INTEGER NOT NULL DEFAULT 0;\n" \
  "ALTER TABLE " table " ADD COLUMN revoked_seats INTEGER NOT NULL DEFAULT 0;\n"
#define SK_DDL_BACKFILL_SEAT_STATUS_COUNTS(table, column)                                              \
  "UPDATE " table " SET"                                                                              \
  " pending_seats = (SELECT count(*) FROM customer_seats s WHERE s." column " = " table ".id AND s.status = 'pending')," \
  " claimed_seats = (SELECT count(*) FROM customer_seats s WHERE s." column " = " table ".id AND s.status = 'claimed')," \
  " revoked_seats = (SELECT count(*) FROM customer_seats s WHERE s." column " = " table ".id AND s.status = 'revoked');\n"
// A seat row's share of its container's counts, added (sign "+") or taken away ("-").
#define SK_SQL_SEAT_COUNTS_DELTA(sign, row)                                                               \
  "occupied_seats = occupied_seats " sign " CAST(" row ".status <> 'revoked' AS INTEGER), "              \
  "pending_seats = pending_seats " sign " CAST(" row ".status = 'pending' AS INTEGER), "                 \
  "claimed_seats = claimed_seats " sign " CAST(" row ".status = 'claimed' AS INTEGER), "                 \
  "revoked_seats = revoked_seats " sign " CAST(" row ".status = 'revoked' AS INTEGER)"
// Version 10: the (container, created_at, id) indexes of version 1 duplicate what the
// (container, status, created_at, id) indexes of version 9 serve: a page of every status merges
// one ordered run per status, and a container's full list sorts what the status index finds.
// Dropping them saves an index entry (about 100 bytes) on every seat written.
#define SK_DDL_DROP_SEAT_CONTAINER_INDEXES                   \
  "DROP INDEX IF EXISTS customer_seats_subscription_id;\n" \
  "DROP INDEX IF EXISTS customer_seats_order_id;\n"

// Version 11, what a seat costs on disk: invitation token hashes keep their first 128 bits (see
// domain::invitation_token_hash; a pending invitation stays valid), and the seat history loses the
// unique index on its event ids, which nothing looks up (the ids are random UUIDs, and `seq` is
// the key), a random-key B-tree written on every seat change.
#define SK_DDL_SHORTEN_INVITATION_TOKEN_HASHES                                                     \
  "UPDATE customer_seats SET invitation_token_hash = substr(invitation_token_hash, 1, 32)\n"     \
  "  WHERE length(invitation_token_hash) > 32;\n"

#define SK_DDL_SEAT_STATUS_INDEXES                                                                        \
  "CREATE INDEX customer_seats_subscription_status ON customer_seats(subscription_id, status, created_at, id)\n" \
  "  WHERE subscription_id IS NOT NULL;\n"                                                                \
  "CREATE INDEX customer_seats_order_status ON customer_seats(order_id, status, created_at, id)\n"         \
  "  WHERE order_id IS NOT NULL;\n"
