// Migration 15 on a history that version 14 wrote (ids as text): ids become 16-byte blobs, a
// non-UUID actor id stays text, and every event reads back as it was written.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/contract/compact_seat_migration.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_uuid_functions.hpp"

namespace sk::storage::sqlite {
namespace {

TEST(SqliteUuidFunctions, OnlyCanonicalLowercaseUuidsPackAndTheyRoundTrip) {
  const std::string id = "0b9d2c4e-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
  auto packed = pack_canonical_uuid(id);
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->size(), 16u);
  EXPECT_EQ(unpack_uuid(*packed), id);
  EXPECT_FALSE(pack_canonical_uuid("0B9D2C4E-1A2B-4C3D-8E9F-A0B1C2D3E4F5"));
  EXPECT_FALSE(pack_canonical_uuid("0b9d2c4e1a2b4c3d8e9fa0b1c2d3e4f5"));
  EXPECT_FALSE(pack_canonical_uuid("0b9d2c4e-1a2b-4c3d-8e9f-a0b1c2d3e4fg"));
  EXPECT_FALSE(pack_canonical_uuid("token-1"));
}

TEST(SqliteUuidHistoryMigration, StoresHistoryIdsAsBlobsAndReadsEveryEventBack) {
  testing::TempDir dir;
  const std::string path = dir.file("history.db");
  contract::CompactSeed seed;
  {
    auto store = open_sqlite_store(path, {});
    ASSERT_TRUE(store) << store.error().detail;
    seed = contract::seed_for_compaction(**store);
    (*store)->close();
  }
  {  // back to version 14: the history's ids as text, then forget version 15
    auto db = open_write_connection(path);
    ASSERT_TRUE(db) << db.error().detail;
    auto rewound = db->exec(
        "DROP TRIGGER seat_events_no_update; "
        "UPDATE seat_events SET id = uuid_text(id), seat_id = uuid_text(seat_id), "
        "organization_id = uuid_text(organization_id), subscription_id = uuid_text(subscription_id), "
        "order_id = uuid_text(order_id), member_id = uuid_text(member_id), actor_id = uuid_text(actor_id); "
        "DELETE FROM schema_migrations WHERE version = 15");
    ASSERT_TRUE(rewound) << rewound.error().detail;
    auto texts = fetch_count(*db, "SELECT count(*) FROM seat_events WHERE typeof(seat_id) = 'text'");
    ASSERT_TRUE(texts);
    ASSERT_EQ(*texts, 5) << "the rewind did not leave text ids";
  }
  auto migrated = migrate_sqlite(path);
  ASSERT_TRUE(migrated) << migrated.error().detail;
  {
    auto db = open_write_connection(path);
    ASSERT_TRUE(db) << db.error().detail;
    auto blobs = fetch_count(*db,
                             "SELECT count(*) FROM seat_events WHERE length(id) = 16 AND typeof(id) = 'blob' "
                             "AND typeof(seat_id) = 'blob' AND typeof(organization_id) = 'blob' "
                             "AND typeof(subscription_id) = 'blob' AND order_id IS NULL AND actor_id = 'token-1'");
    ASSERT_TRUE(blobs);
    EXPECT_EQ(*blobs, 5);
    auto triggers = fetch_count(*db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'seat_events'");
    ASSERT_TRUE(triggers);
    EXPECT_EQ(*triggers, 2) << "the history is still append-only";
    auto indexes = fetch_count(*db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seat_events'");
    ASSERT_TRUE(indexes);
    EXPECT_EQ(*indexes, 3);
  }
  auto store = open_sqlite_store(path, {});
  ASSERT_TRUE(store) << store.error().detail;
  auto status = (*store)->read_now([&](domain::Repository& repo) {
    std::vector<domain::Id> ids;
    domain::Id container;
    for (const domain::Id& seat : {seed.pending_seat_id, seed.claimed_seat_id}) {
      auto page = repo.list_seat_events(seat, domain::PageRequest{1, 10, true});
      ASSERT_TRUE(page) << page.error().detail;
      for (const auto& e : page->items) {
        EXPECT_EQ(e.seat_id, seat);
        EXPECT_EQ(e.actor.id, "token-1");
        container = e.container_id;
        ids.push_back(e.id);
      }
    }
    EXPECT_EQ(ids.size(), seed.event_ids.size());
    for (const auto& id : seed.event_ids) EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
    auto until = repo.container_seat_events_until(domain::ContainerKind::subscription, container,
                                                  fixtures::at(99));
    ASSERT_TRUE(until) << until.error().detail;
    ASSERT_EQ(until->size(), seed.event_ids.size());
    for (std::size_t i = 0; i < until->size(); ++i) EXPECT_EQ((*until)[i].id, seed.event_ids[i]) << "written order";
  });
  EXPECT_TRUE(status) << status.error().detail;
  (*store)->close();
}

}  // namespace
}  // namespace sk::storage::sqlite
