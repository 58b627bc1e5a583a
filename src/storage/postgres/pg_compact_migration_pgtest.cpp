// Migration 11 on a database that version 10 wrote: invitations still claimable, history intact.
#include <gtest/gtest.h>

#include "storage/contract/compact_seat_migration.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::postgres {
namespace {

TEST(PgCompactSeatMigration, KeepsInvitationsAndHistoryAndDropsTheEventIdIndex) {
  testing::TestSchema schema;
  ASSERT_TRUE(schema.ok());
  // Back to version 10: its unique constraint on the event ids, then forget version 11.
  contract::check_rewound_migration(
      testing::raw_pg(schema.url()), contract::seed_for_compaction,
      "ALTER TABLE seat_events ADD CONSTRAINT seat_events_id_key UNIQUE (id); "
      "DELETE FROM schema_migrations WHERE version = 11",
      contract::expect_compacted, [&] {
        auto c = Connection::open(schema.url());
        ASSERT_TRUE(c) << c.error().detail;
        auto unique = c->exec("SELECT 1 FROM pg_indexes WHERE tablename = 'seat_events' "
                             "AND schemaname = current_schema() AND indexname = 'seat_events_id_key'");
        ASSERT_TRUE(unique) << unique.error().detail;
        EXPECT_EQ(unique->rows(), 0) << "the unique index on seat history ids is still there";
      });
}

}  // namespace
}  // namespace sk::storage::postgres
