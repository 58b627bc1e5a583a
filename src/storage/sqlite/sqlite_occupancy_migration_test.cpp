// Migrations 5 and 9 on a database that already holds seats: the kept counts start right.
#include <gtest/gtest.h>

#include "storage/contract/occupancy_backfill.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

TEST(SqliteOccupancyMigration, BackfillsTheCountsOfExistingSeats) {
  testing::TempDir dir;
  const std::string path = dir.file("backfill.db");
  contract::BackfillSeed seed;
  {
    auto store = open_sqlite_store(path, {});
    ASSERT_TRUE(store) << store.error().detail;
    seed = contract::seed_for_backfill(**store);
    (*store)->close();
  }
  {  // back to the schema before versions 5 and 9 (the kept counts), seats and all
    auto db = open_write_connection(path);
    ASSERT_TRUE(db) << db.error().detail;
    auto rewound = db->exec(
        "DROP TRIGGER customer_seats_counts_insert; DROP TRIGGER customer_seats_counts_delete; "
        "DROP TRIGGER customer_seats_counts_update; DROP INDEX customer_seats_subscription_status; "
        "DROP INDEX customer_seats_order_status; "
        "ALTER TABLE subscriptions DROP COLUMN occupied_seats; ALTER TABLE orders DROP COLUMN occupied_seats; "
        "ALTER TABLE subscriptions DROP COLUMN pending_seats; ALTER TABLE orders DROP COLUMN pending_seats; "
        "ALTER TABLE subscriptions DROP COLUMN claimed_seats; ALTER TABLE orders DROP COLUMN claimed_seats; "
        "ALTER TABLE subscriptions DROP COLUMN revoked_seats; ALTER TABLE orders DROP COLUMN revoked_seats; "
        "DELETE FROM schema_migrations WHERE version IN (5, 9)");
    ASSERT_TRUE(rewound) << rewound.error().detail;
  }
  auto migrated = migrate_sqlite(path);
  ASSERT_TRUE(migrated) << migrated.error().detail;
  auto store = open_sqlite_store(path, {});
  ASSERT_TRUE(store) << store.error().detail;
  contract::expect_backfilled(**store, seed);
  (*store)->close();
}

}  // namespace
}  // namespace sk::storage::sqlite
