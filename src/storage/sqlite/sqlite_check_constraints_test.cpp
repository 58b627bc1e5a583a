// Schema version 13: the CHECKs on the tables every seat write touches compare in place (no
// temporary B-tree per statement), and still refuse what they refused before.
#include <gtest/gtest.h>

#include <string>

#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_dialect.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

// How many temporary B-trees one execution of `explain` (an EXPLAIN statement) opens.
int ephemeral_tables(Database& db, const char* explain) {
  auto q = db.prepare(explain);
  EXPECT_TRUE(q) << explain;
  if (!q) return -1;
  int opened = 0;
  for (;;) {
    auto row = q->step();
    EXPECT_TRUE(row) << explain;
    if (!row || !*row) return opened;
    if (q->text(1) == "OpenEphemeral") ++opened;
  }
}

void expect_seat_writes_build_no_temporary_tables(Database& db) {
  EXPECT_EQ(ephemeral_tables(db, "EXPLAIN " SK_SQL_INSERT_SEAT), 0);
  EXPECT_EQ(ephemeral_tables(db, "EXPLAIN " SK_SQL_UPDATE_SEAT), 0);
  EXPECT_EQ(ephemeral_tables(db, "EXPLAIN " SK_SQL_INSERT_SEAT_EVENT), 0);
  EXPECT_EQ(ephemeral_tables(db, "EXPLAIN " SK_SQL_INSERT_MEMBER), 0);
}

constexpr const char* kSeedRows =
    "INSERT INTO organizations (id, name, slug, seat_based_pricing_enabled, created_at) VALUES ('o', 'O', 'o', 1, 0);"
    "INSERT INTO customers (id, organization_id, email, email_lower, created_at) VALUES ('c', 'o', 'c@x', 'c@x', 0);"
    "INSERT INTO members (id, customer_id, organization_id, email, email_lower, role, created_at)"
    "  VALUES ('m', 'c', 'o', 'm@x', 'm@x', 'billing_manager', 0);"
    "INSERT INTO products (id, organization_id, name, recurring, created_at) VALUES ('p', 'o', 'P', 1, 0);"
    "INSERT INTO subscriptions (id, organization_id, customer_id, product_id, seats, status, created_at)"
    "  VALUES ('s', 'o', 'c', 'p', 5, 'active', 0);"
    "INSERT INTO customer_seats (id, created_at, subscription_id, organization_id, status, member_id, email)"
    "  VALUES ('seat', 0, 's', 'o', 'claimed', 'm', 'm@x');"
    "INSERT INTO seat_events (id, seat_id, organization_id, subscription_id, kind, occurred_at, actor_type)"
    "  VALUES ('e', 'seat', 'o', 's', 'transferred_in', 0, 'member_session');";

TEST(SqliteCheckConstraints, SeatWritesCompareInPlaceAndStillRefuseUnknownValues) {
  testing::TempDir dir;
  auto db = open_write_connection(dir.file("checks.db"));
  ASSERT_TRUE(db) << db.error().detail;
  expect_seat_writes_build_no_temporary_tables(*db);

  ASSERT_TRUE(db->exec(kSeedRows));
  EXPECT_FALSE(db->exec("UPDATE customer_seats SET status = 'lent' WHERE id = 'seat'"));
  EXPECT_FALSE(db->exec("UPDATE members SET role = 'admin' WHERE id = 'm'"));
  EXPECT_FALSE(db->exec("INSERT INTO seat_events (id, seat_id, organization_id, subscription_id, kind, occurred_at, "
                        "actor_type) VALUES ('e2', 'seat', 'o', 's', 'lent', 0, 'system')"));
  EXPECT_FALSE(db->exec("INSERT INTO seat_events (id, seat_id, organization_id, subscription_id, kind, occurred_at, "
                        "actor_type) VALUES ('e3', 'seat', 'o', 's', 'claimed', 0, 'robot')"));
  for (const char* status : {"pending", "revoked", "claimed"})
    EXPECT_TRUE(db->run("UPDATE customer_seats SET status = ?1 WHERE id = 'seat'", std::string(status))) << status;
  for (const char* kind : {"assigned", "invitation_resent", "claimed", "revoked", "transferred_out", "expired"}) {
    EXPECT_TRUE(db->run("INSERT INTO seat_events (id, seat_id, organization_id, subscription_id, kind, occurred_at, "
                        "actor_type) VALUES (?1, 'seat', 'o', 's', ?1, 0, 'organization_token')",
                        std::string(kind)))
        << kind;
  }
}

TEST(SqliteCheckConstraints, UpgradingADatabaseKeepsItsRowsAndRewritesTheChecks) {
  testing::TempDir dir;
  const std::string path = dir.file("upgrade.db");
  {  // back to the IN-list CHECKs of versions 1 and 8, with rows in every table concerned
    auto db = open_write_connection(path);
    ASSERT_TRUE(db) << db.error().detail;
    ASSERT_TRUE(db->exec(kSeedRows));
    auto rewound = db->exec(
        "BEGIN IMMEDIATE; PRAGMA writable_schema = ON;"
        "UPDATE sqlite_schema SET sql = replace(sql,"
        "  'CHECK (status = ''pending'' OR status = ''claimed'' OR status = ''revoked'')',"
        "  'CHECK (status IN (''pending'', ''claimed'', ''revoked''))') WHERE name = 'customer_seats';"
        "UPDATE sqlite_schema SET sql = replace(sql,"
        "  'CHECK (role = ''owner'' OR role = ''billing_manager'' OR role = ''member'')',"
        "  'CHECK (role IN (''owner'', ''billing_manager'', ''member''))') WHERE name = 'members';"
        "CREATE TABLE bump (x); DROP TABLE bump; PRAGMA writable_schema = RESET;"
        "DELETE FROM schema_migrations WHERE version = 13; COMMIT;");
    ASSERT_TRUE(rewound) << rewound.error().detail;
    EXPECT_GT(ephemeral_tables(*db, "EXPLAIN " SK_SQL_UPDATE_SEAT), 0) << "the rewind restored the IN lists";
  }
  auto db = open_write_connection(path);  // migrates
  ASSERT_TRUE(db) << db.error().detail;
  expect_seat_writes_build_no_temporary_tables(*db);
  auto check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check && *check->step());
  EXPECT_EQ(check->text(0), "ok");
  auto seat = db->prepare("SELECT status, (SELECT role FROM members), (SELECT kind FROM seat_events) FROM customer_seats");
  ASSERT_TRUE(seat && *seat->step());
  EXPECT_EQ(seat->text(0), "claimed");
  EXPECT_EQ(seat->text(1), "billing_manager");
  EXPECT_EQ(seat->text(2), "transferred_in");
  EXPECT_FALSE(db->exec("UPDATE customer_seats SET status = 'lent'"));
}

}  // namespace
}  // namespace sk::storage::sqlite
