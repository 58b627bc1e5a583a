#include "storage/postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <thread>
#include <vector>

#include "storage/postgres/pg_pool.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::postgres {
namespace {

using testing::TestSchema;

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(schema_.ok());
    auto opened = Connection::open(schema_.url());
    ASSERT_TRUE(opened) << opened.error().detail;
    db_.emplace(std::move(*opened));
    ASSERT_TRUE(db_->exec("CREATE TABLE t (id integer PRIMARY KEY, flag integer, at bigint, label text)"));
  }

  int prepared_statements() {
    auto r = db_->exec("SELECT count(*) FROM pg_prepared_statements");
    return r ? static_cast<int>(Row(*r, 0).int64(0)) : -1;
  }

  TestSchema schema_;
  std::optional<Connection> db_;
};

TEST_F(PgConnectionTest, TypedParametersRoundTrip) {
  const Timestamp when = from_unix_micros(1'700'000'000'123'456LL);
  const std::string awkward = "O'Brien; DROP TABLE t; -- \xC3\xA9\t\"";
  ASSERT_TRUE(db_->query("INSERT INTO t VALUES ($1, $2, $3, $4)", 1, true, when, awkward));
  ASSERT_TRUE(db_->query("INSERT INTO t VALUES ($1, $2, $3, $4)", 2, false, std::optional<Timestamp>{},
                         std::optional<std::string>{}));
  auto r = db_->query("SELECT id, flag, at, label FROM t ORDER BY id");
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->rows(), 2);
  Row first(*r, 0), second(*r, 1);
  EXPECT_EQ(first.int64(0), 1);
  EXPECT_TRUE(first.boolean(1));
  EXPECT_EQ(first.timestamp(2), when);
  EXPECT_EQ(first.text(3), awkward);  // a parameter, never SQL
  EXPECT_FALSE(second.boolean(1));
  EXPECT_FALSE(second.opt_timestamp(2));
  EXPECT_FALSE(second.opt_text(3));
  EXPECT_TRUE(second.is_null(3));
}

TEST_F(PgConnectionTest, EachStatementIsPreparedOncePerConnection) {
  const int before = prepared_statements();
  for (int i = 10; i < 20; ++i) ASSERT_TRUE(db_->query("INSERT INTO t (id) VALUES ($1)", i));
  for (int i = 10; i < 20; ++i) ASSERT_TRUE(db_->query("SELECT label FROM t WHERE id = $1", i));
  EXPECT_EQ(prepared_statements(), before + 2);
  auto updated = db_->query("UPDATE t SET flag = $2 WHERE id >= $1", 15, 1);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->affected(), 5);
}

TEST_F(PgConnectionTest, ErrorsAreValuesWithTheirSqlState) {
  ASSERT_TRUE(db_->query("INSERT INTO t (id) VALUES ($1)", 1));
  auto duplicate = db_->query("INSERT INTO t (id) VALUES ($1)", 1);
  ASSERT_FALSE(duplicate);
  EXPECT_TRUE(is_conflict(duplicate.error())) << duplicate.error().detail;
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);

  auto broken = db_->exec("SELEC 1");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::internal);
  EXPECT_NE(broken.error().detail.find("[42601]"), std::string::npos) << broken.error().detail;
  EXPECT_FALSE(db_->last_error_retryable());
  EXPECT_TRUE(db_->exec("SELECT 1"));  // the connection is still usable
}

TEST(PgConnect, AWrongPasswordIsAnErrorThatDoesNotShowThePassword) {
  const std::string base = testing::test_database_url();
  ASSERT_FALSE(base.empty());
  // The test cluster trusts local connections, so use a user that does not exist instead.
  const std::string url = "postgresql://nobody_here:s3cret-pw@" + base.substr(base.find('@') + 1);
  auto opened = Connection::open(url);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().detail.find("s3cret-pw"), std::string::npos) << opened.error().detail;
  EXPECT_NE(opened.error().detail.find("cannot connect"), std::string::npos);
}

// A connection the server drops (restart, fail-over, idle timeout) is replaced transparently at
// the next transaction start, so the next request does not fail: the read pool's and the writer's.
TEST_F(PgConnectionTest, TheStoreReconnectsAfterTheServerDroppedItsConnections) {
  // A name of its own picks the store's connections (one reader, one writer) out of pg_stat_activity.
  auto store = open_pg_store(schema_.url() + "&application_name=reconnect_probe", {.connections = 1});
  ASSERT_TRUE(store) << store.error().detail;
  auto store_backends = [&] {
    std::vector<long long> pids;
    auto r = db_->exec("SELECT pid FROM pg_stat_activity WHERE application_name = 'reconnect_probe' ORDER BY pid");
    for (int i = 0; r && i < r->rows(); ++i) pids.push_back(Row(*r, i).int64(0));
    return pids;
  };
  const std::vector<long long> before = store_backends();
  ASSERT_EQ(before.size(), 2u) << "one read connection and the writer";
  for (long long pid : before) ASSERT_TRUE(db_->query("SELECT pg_terminate_backend($1::int)", pid));
  for (int i = 0; i < 100 && !store_backends().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(store_backends().empty()) << "the server still runs the terminated backends";

  bool found = true;
  auto read = (*store)->read_now([&](domain::Repository& repo) {
    auto org = repo.find_organization("00000000-0000-4000-8000-000000000000");
    found = !org || org->has_value();
  });
  EXPECT_TRUE(read) << read.error().detail;
  EXPECT_FALSE(found);
  bool wrote = false;
  auto write = (*store)->write_now([&](domain::Repository& repo) {
    wrote = repo.find_organization("00000000-0000-4000-8000-000000000000").has_value();
    return wrote;
  });
  EXPECT_TRUE(write) << write.error().detail;
  EXPECT_TRUE(wrote) << "the writer's job ran on a live connection";
  const std::vector<long long> after = store_backends();
  EXPECT_EQ(after.size(), 2u);
  for (long long pid : after) EXPECT_EQ(std::count(before.begin(), before.end(), pid), 0);
  (*store)->close();
}

class PgMigrationTest : public ::testing::Test {
 protected:
  Connection connect() {
    auto c = Connection::open(schema_.url());
    EXPECT_TRUE(c) << c.error().detail;
    return std::move(*c);
  }
  TestSchema schema_;
};

// Instances starting together all migrate: the advisory lock makes them take turns, so each
// migration is applied once and every instance comes up.
TEST_F(PgMigrationTest, ConcurrentStartsApplyEachMigrationOnce) {
  ASSERT_TRUE(schema_.ok());
  std::vector<std::future<Status>> starts;
  for (int i = 0; i < 4; ++i)
    starts.push_back(std::async(std::launch::async, [&] { return migrate_pg(schema_.url()); }));
  for (auto& s : starts) {
    auto status = s.get();
    EXPECT_TRUE(status) << status.error().detail;
  }
  Connection c = connect();
  auto version = current_schema_version(c);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, latest_schema_version());
  // Each known version recorded exactly once (versions may have gaps, see known_schema_versions).
  auto rows = c.exec("SELECT version FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows);
  std::vector<int> recorded;
  for (int i = 0; i < rows->rows(); ++i) recorded.push_back(static_cast<int>(Row(*rows, i).int64(0)));
  EXPECT_EQ(recorded, known_schema_versions());
}

TEST_F(PgMigrationTest, ADatabaseFromANewerBinaryIsRefusedUntouched) {
  ASSERT_TRUE(schema_.ok());
  ASSERT_TRUE(migrate_pg(schema_.url()));
  Connection c = connect();
  ASSERT_TRUE(c.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)", latest_schema_version() + 1));
  auto status = migrate_pg(schema_.url());
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().detail.find("newer"), std::string::npos) << status.error().detail;
  EXPECT_FALSE(open_pg_store(schema_.url(), {}));
}

TEST_F(PgMigrationTest, AFailingMigrationLeavesNothingBehind) {
  ASSERT_TRUE(schema_.ok());
  Connection c = connect();
  // A table the first migration is about to create makes it fail half-way.
  ASSERT_TRUE(c.exec("CREATE TABLE customer_seats (x integer)"));
  EXPECT_FALSE(migrate_pg(schema_.url()));
  auto tables = c.exec("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()");
  ASSERT_TRUE(tables);
  EXPECT_EQ(Row(*tables, 0).int64(0), 1) << "only the pre-existing table remains";
}

}  // namespace
}  // namespace sk::storage::postgres
