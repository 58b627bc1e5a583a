// Migration 5 on a database that already holds seats: the kept occupied counts start right.
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
  {  // back to the schema before version 5, seats and all
    auto db = open_write_connection(path);
    ASSERT_TRUE(db) << db.error().detail;
    auto rewound = db->exec(
        "DROP TRIGGER customer_seats_occupied_insert; DROP TRIGGER customer_seats_occupied_delete; "
        "DROP TRIGGER customer_seats_occupied_update; ALTER TABLE subscriptions DROP COLUMN occupied_seats; "
        "ALTER TABLE orders DROP COLUMN occupied_seats; DELETE FROM schema_migrations WHERE version = 5");
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
