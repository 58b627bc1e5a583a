// Migrations 5 and 9 on a database that already holds seats: the kept counts start right.
#include <gtest/gtest.h>

#include "storage/contract/occupancy_backfill.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

TEST(SqliteOccupancyMigration, BackfillsTheCountsOfExistingSeats) {
  testing::TempDir dir;
  // Back to the schema before versions 5 and 9 (the kept counts), seats and all.
  contract::check_rewound_migration(
      testing::raw_sqlite(dir.file("backfill.db")), contract::seed_for_backfill,
      "DROP TRIGGER customer_seats_counts_insert; DROP TRIGGER customer_seats_counts_delete; "
      "DROP TRIGGER customer_seats_counts_update; DROP INDEX customer_seats_subscription_status; "
      "DROP INDEX customer_seats_order_status; "
      "ALTER TABLE subscriptions DROP COLUMN occupied_seats; ALTER TABLE orders DROP COLUMN occupied_seats; "
      "ALTER TABLE subscriptions DROP COLUMN pending_seats; ALTER TABLE orders DROP COLUMN pending_seats; "
      "ALTER TABLE subscriptions DROP COLUMN claimed_seats; ALTER TABLE orders DROP COLUMN claimed_seats; "
      "ALTER TABLE subscriptions DROP COLUMN revoked_seats; ALTER TABLE orders DROP COLUMN revoked_seats; "
      "DELETE FROM schema_migrations WHERE version IN (5, 9)",
      contract::expect_backfilled);
}

}  // namespace
}  // namespace sk::storage::sqlite
