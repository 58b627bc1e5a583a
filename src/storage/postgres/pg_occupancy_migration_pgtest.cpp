// Migrations 5 and 9 on a database that already holds seats: the kept counts start right.
#include <gtest/gtest.h>

#include "storage/contract/occupancy_backfill.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::postgres {
namespace {

TEST(PgOccupancyMigration, BackfillsTheCountsOfExistingSeats) {
  testing::TestSchema schema;
  ASSERT_TRUE(schema.ok());
  contract::BackfillSeed seed;
  {
    auto store = open_pg_store(schema.url(), {.connections = 1});
    ASSERT_TRUE(store) << store.error().detail;
    seed = contract::seed_for_backfill(**store);
    (*store)->close();
  }
  {  // back to the schema before versions 5 and 9 (the kept counts), seats and all
    auto c = Connection::open(schema.url());
    ASSERT_TRUE(c) << c.error().detail;
    auto rewound = c->exec(
        "DROP FUNCTION customer_seats_count_by_status() CASCADE; DROP INDEX customer_seats_subscription_status; "
        "DROP INDEX customer_seats_order_status; "
        "ALTER TABLE subscriptions DROP COLUMN occupied_seats, DROP COLUMN pending_seats, "
        "DROP COLUMN claimed_seats, DROP COLUMN revoked_seats; "
        "ALTER TABLE orders DROP COLUMN occupied_seats, DROP COLUMN pending_seats, "
        "DROP COLUMN claimed_seats, DROP COLUMN revoked_seats; "
        "DELETE FROM schema_migrations WHERE version IN (5, 9)");
    ASSERT_TRUE(rewound) << rewound.error().detail;
  }
  auto migrated = migrate_pg(schema.url());
  ASSERT_TRUE(migrated) << migrated.error().detail;
  auto store = open_pg_store(schema.url(), {.connections = 1});
  ASSERT_TRUE(store) << store.error().detail;
  contract::expect_backfilled(**store, seed);
  (*store)->close();
}

}  // namespace
}  // namespace sk::storage::postgres
