// Migrations 5 and 9 on a database that already holds seats: the kept counts start right.
#include <gtest/gtest.h>

#include "storage/contract/occupancy_backfill.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::postgres {
namespace {

TEST(PgOccupancyMigration, BackfillsTheCountsOfExistingSeats) {
  testing::TestSchema schema;
  ASSERT_TRUE(schema.ok());
  // Back to the schema before versions 5 and 9 (the kept counts), seats and all.
  contract::check_rewound_migration(
      testing::raw_pg(schema.url()), contract::seed_for_backfill,
      "DROP FUNCTION customer_seats_count_by_status() CASCADE; DROP INDEX customer_seats_subscription_status; "
      "DROP INDEX customer_seats_order_status; "
      "ALTER TABLE subscriptions DROP COLUMN occupied_seats, DROP COLUMN pending_seats, "
      "DROP COLUMN claimed_seats, DROP COLUMN revoked_seats; "
      "ALTER TABLE orders DROP COLUMN occupied_seats, DROP COLUMN pending_seats, "
      "DROP COLUMN claimed_seats, DROP COLUMN revoked_seats; "
      "DELETE FROM schema_migrations WHERE version IN (5, 9)",
      contract::expect_backfilled);
}

}  // namespace
}  // namespace sk::storage::postgres
