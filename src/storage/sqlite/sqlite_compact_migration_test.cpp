// Migration 11 on a database that version 10 wrote: invitations still claimable, history intact.
#include <gtest/gtest.h>

#include "storage/contract/compact_seat_migration.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

TEST(SqliteCompactSeatMigration, KeepsInvitationsAndHistoryAndDropsTheEventIdIndex) {
  testing::TempDir dir;
  const std::string path = dir.file("compact.db");
  // Back to version 10: its unique index on the event ids, then forget version 11.
  contract::check_rewound_migration(
      testing::raw_sqlite(path), contract::seed_for_compaction,
      "CREATE UNIQUE INDEX seat_events_id_v10 ON seat_events(id); DELETE FROM schema_migrations WHERE version = 11",
      contract::expect_compacted, [&] {
        auto opened = open_write_connection(path);
        ASSERT_TRUE(opened) << opened.error().detail;
        Database& db = *opened;
        auto indexes =
            fetch_count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seat_events'");
        ASSERT_TRUE(indexes);
        EXPECT_EQ(*indexes, 3) << "seat_events keeps its seat, subscription and order indexes and no other";
        auto triggers =
            fetch_count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'seat_events'");
        ASSERT_TRUE(triggers);
        EXPECT_EQ(*triggers, 2) << "the history is still append-only";
        EXPECT_FALSE(db.exec("DELETE FROM seat_events")) << "a DELETE of history went through";
        // Version 13 ran before 11 here: the copied table must not bring back its IN lists.
        auto in_lists =
            fetch_count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'seat_events' AND sql LIKE '% IN (%'");
        ASSERT_TRUE(in_lists);
        EXPECT_EQ(*in_lists, 0);
      });
}

}  // namespace
}  // namespace sk::storage::sqlite
