// The connection wrapper and the schema.
#include "storage/sqlite/sqlite_db.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::storage::sqlite::testing;

Database open_scratch(const TempDir& dir) {
  auto db = Database::open(dir.file("scratch.db"), OpenMode::create);
  EXPECT_TRUE(db) << db.error().detail;
  EXPECT_TRUE(db->exec("CREATE TABLE t (a INTEGER, b TEXT)"));
  return std::move(*db);
}

TEST(SqliteDb, CachesPreparedStatementsBySqlText) {
  TempDir dir;
  Database db = open_scratch(dir);
  const std::size_t before = db.cached_statements();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(db.run("INSERT INTO t (a, b) VALUES (?1, ?2)", i, "x"));
  EXPECT_EQ(db.cached_statements(), before + 1);
  auto q = db.query("SELECT count(*) FROM t");
  ASSERT_TRUE(q && *q->step());
  EXPECT_EQ(q->int64(0), 10);
}

TEST(SqliteDb, OverlappingUsesOfOneStatementAreIndependent) {
  TempDir dir;
  Database db = open_scratch(dir);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(db.run("INSERT INTO t (a) VALUES (?1)", i));
  const char* sql = "SELECT a FROM t WHERE a >= ?1 ORDER BY a";
  auto outer = db.query(sql, 1);
  ASSERT_TRUE(outer && *outer->step());
  EXPECT_EQ(outer->int64(0), 1);
  {
    auto inner = db.query(sql, 0);  // the cached statement is busy: this one gets its own
    ASSERT_TRUE(inner && *inner->step());
    EXPECT_EQ(inner->int64(0), 0);
  }
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->int64(0), 2);
  EXPECT_FALSE(*outer->step());
}

TEST(SqliteDb, BindsEveryParameterType) {
  TempDir dir;
  Database db = open_scratch(dir);
  const std::string empty;
  const std::optional<std::string> none;
  const std::optional<int> some = 7;
  ASSERT_TRUE(db.run("INSERT INTO t (a, b) VALUES (?1, ?2)", true, empty));
  ASSERT_TRUE(db.run("INSERT INTO t (a, b) VALUES (?1, ?2)", some, none));
  ASSERT_TRUE(db.run("INSERT INTO t (a, b) VALUES (?1, ?2)", at(0), std::string_view("view")));
  auto q = db.query("SELECT a, b FROM t ORDER BY rowid");
  ASSERT_TRUE(q);
  ASSERT_TRUE(*q->step());
  EXPECT_EQ(q->int64(0), 1);
  EXPECT_FALSE(q->is_null(1)) << "an empty string must not become NULL";
  EXPECT_EQ(q->opt_text(1), "");
  ASSERT_TRUE(*q->step());
  EXPECT_EQ(q->opt_int64(0), 7);
  EXPECT_FALSE(q->opt_text(1));
  ASSERT_TRUE(*q->step());
  EXPECT_EQ(q->timestamp(0), at(0));
  EXPECT_EQ(q->text(1), "view");
}

TEST(SqliteDb, ErrorsAreValuesWithSqliteMessages) {
  TempDir dir;
  Database db = open_scratch(dir);
  auto bad = db.prepare("SELEC nonsense");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::internal);
  EXPECT_NE(bad.error().detail.find("syntax error"), std::string::npos) << bad.error().detail;

  ASSERT_TRUE(db.exec("CREATE UNIQUE INDEX t_a ON t(a)"));
  ASSERT_TRUE(db.run("INSERT INTO t (a) VALUES (1)"));
  auto dup = db.run("INSERT INTO t (a) VALUES (1)");
  ASSERT_FALSE(dup);
  EXPECT_TRUE(is_conflict(dup.error())) << dup.error().detail;
  EXPECT_EQ(dup.error().kind, ErrorKind::conflict);
  // The statement that failed is reset and reusable.
  auto again = db.run("INSERT INTO t (a) VALUES (1)");
  ASSERT_FALSE(again);
  EXPECT_TRUE(is_conflict(again.error())) << again.error().detail;

  auto missing = Database::open(dir.file("missing.db"), OpenMode::existing);
  EXPECT_FALSE(missing);
}

// ---- schema ----

std::vector<std::string> columns_of(Database& db, const std::string& table) {
  std::vector<std::string> names;
  auto q = db.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", table);
  EXPECT_TRUE(q);
  while (*q->step()) names.push_back(q->text(0));
  return names;
}

TEST(SqliteSchema, TablesHaveTheDocumentedColumns) {
  TempDir dir;
  auto db = open_write_connection(dir.file("schema.db"));
  ASSERT_TRUE(db) << db.error().detail;
  using V = std::vector<std::string>;
  const std::map<std::string, V> expected = {
      {"schema_migrations", V{"version", "applied_at"}},
      {"organizations", V{"id", "name", "slug", "seat_based_pricing_enabled", "created_at"}},
      {"access_tokens", V{"id", "organization_id", "token_hash", "scopes", "expires_at", "created_at", "revoked_at"}},
      {"customers", V{"id", "organization_id", "email", "email_lower", "external_id", "name", "created_at",
                      "modified_at", "deleted_at", "type", "metadata"}},
      {"members", V{"id", "customer_id", "organization_id", "email", "email_lower", "name", "external_id", "role",
                    "created_at", "modified_at", "deleted_at"}},
      {"products", V{"id", "organization_id", "name", "recurring", "minimum_seats", "maximum_seats", "created_at",
                     "modified_at", "description", "visibility", "recurring_interval", "recurring_interval_count",
                     "is_archived", "metadata", "price_id", "price_currency", "seat_tier_type", "seat_tiers",
                     "price_created_at"}},
      {"subscriptions", V{"id", "organization_id", "customer_id", "product_id", "seats", "status", "created_at",
                          "modified_at", "started_at", "cancel_at_period_end", "canceled_at", "ends_at", "ended_at",
                          "cancellation_reason", "cancellation_comment", "metadata", "occupied_seats", "pending_seats",
                          "claimed_seats", "revoked_seats"}},
      {"orders", V{"id", "organization_id", "customer_id", "product_id", "seats", "status", "created_at",
                   "modified_at", "currency", "description", "metadata", "item_id", "occupied_seats", "pending_seats",
                   "claimed_seats", "revoked_seats"}},
      {"customer_sessions", V{"id", "token_hash", "customer_id", "return_url", "expires_at", "created_at"}},
      {"customer_seats", V{"id", "created_at", "modified_at", "subscription_id", "order_id", "organization_id",
                           "status", "customer_id", "member_id", "email", "invitation_token_hash",
                           "invitation_token_expires_at", "claimed_at", "revoked_at", "metadata"}},
      {"member_sessions", V{"id", "token_hash", "member_id", "expires_at", "created_at"}},
      {"outbox", V{"id", "topic", "organization_id", "event_type", "payload", "created_at", "available_at",
                   "attempts", "last_error", "delivered_at", "request_id"}},
  };
  for (const auto& [table, columns] : expected) EXPECT_EQ(columns_of(*db, table), columns) << table;
}

TEST(SqliteSchema, SeatNeedsExactlyOneContainer) {
  TempDir dir;
  auto db = open_write_connection(dir.file("check.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("PRAGMA foreign_keys = OFF"));
  auto neither = db->exec("INSERT INTO customer_seats (id, created_at, organization_id) VALUES ('s1', 0, 'o')");
  ASSERT_FALSE(neither);
  EXPECT_NE(neither.error().detail.find("CHECK"), std::string::npos) << neither.error().detail;
  EXPECT_FALSE(db->exec(
      "INSERT INTO customer_seats (id, created_at, organization_id, subscription_id, order_id) "
      "VALUES ('s2', 0, 'o', 'a', 'b')"));
  EXPECT_TRUE(db->exec(
      "INSERT INTO customer_seats (id, created_at, organization_id, order_id) VALUES ('s3', 0, 'o', 'b')"));
}

TEST(SqlitePlaceholders, DollarNumbersBecomeQuestionNumbersOutsideQuotes) {
  EXPECT_EQ(with_sqlite_placeholders("SELECT a FROM t WHERE b = $2 AND c = $10 OR d = $1"),
            "SELECT a FROM t WHERE b = ?2 AND c = ?10 OR d = ?1");
  EXPECT_EQ(with_sqlite_placeholders("SELECT '$1', \"$2\" FROM t WHERE x = ?1"), "SELECT '$1', \"$2\" FROM t WHERE x = ?1");
  EXPECT_EQ(with_sqlite_placeholders("SELECT $ FROM t"), "SELECT $ FROM t");
}

TEST(SqlitePlaceholders, AStatementWrittenWithDollarsBindsByNumber) {
  TempDir dir;
  auto db = open_write_connection(dir.file("dollars.db"));
  ASSERT_TRUE(db) << db.error().detail;
  ASSERT_TRUE(db->exec("CREATE TABLE t (a TEXT, b INTEGER)"));
  // $2 appears before $1: binding goes by the number, not by order of appearance.
  ASSERT_TRUE(db->run("INSERT INTO t (b, a) VALUES ($2, $1)", "x", 7));
  auto q = db->query("SELECT a, b FROM t WHERE a = $1 AND b = $2", "x", 7);
  ASSERT_TRUE(q && *q->step());
  EXPECT_EQ(q->text(0), "x");
  EXPECT_EQ(q->int64(1), 7);
}

TEST(SqliteSchema, MigrationsAreIdempotent) {
  TempDir dir;
  const std::string path = dir.file("nested/deeper/seatkeeper.db");  // parent directories are created
  ASSERT_TRUE(migrate_sqlite(path));
  ASSERT_TRUE(migrate_sqlite(path));
  ASSERT_TRUE(std::filesystem::exists(path));
  auto db = open_write_connection(path);
  ASSERT_TRUE(db) << db.error().detail;
  EXPECT_EQ(*current_schema_version(*db), latest_schema_version());
  // Each version recorded once (versions need not be contiguous: parallel branches own numbers).
  auto q = db->query("SELECT count(*), count(DISTINCT version), max(version) FROM schema_migrations");
  ASSERT_TRUE(q && *q->step());
  EXPECT_EQ(q->int64(0), q->int64(1));
  EXPECT_EQ(q->int64(2), latest_schema_version());
  auto mode = db->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode && *mode->step());
  EXPECT_EQ(mode->text(0), "wal");
}

TEST(SqliteSchema, AVersionBelowTheHighestAppliedOneIsStillApplied) {
  TempDir dir;
  auto db = Database::open(dir.file("gap.db"), OpenMode::create);  // a bare file: no real migrations
  ASSERT_TRUE(db) << db.error().detail;
  // A binary without version 2 migrated the file to 3; a binary with 2 must still apply it, and
  // must not run 1 or 3 again (their CREATE TABLE would fail).
  const Migration without_two[] = {{1, "CREATE TABLE one (x INTEGER)"}, {3, "CREATE TABLE three (x INTEGER)"}};
  ASSERT_TRUE(apply_migrations(*db, without_two));
  const Migration with_two[] = {{3, "CREATE TABLE three (x INTEGER)"},
                                {1, "CREATE TABLE one (x INTEGER)"},
                                {2, "CREATE TABLE two (x INTEGER)"}};
  auto status = apply_migrations(*db, with_two);
  ASSERT_TRUE(status) << status.error().detail;
  EXPECT_TRUE(db->exec("INSERT INTO two (x) VALUES (1)"));
  auto q = db->query("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations ORDER BY version)");
  ASSERT_TRUE(q && *q->step());
  EXPECT_EQ(q->text(0), "1,2,3");
  EXPECT_EQ(*current_schema_version(*db), 3);
}

TEST(SqliteSchema, RefusesADatabaseFromANewerBinary) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  {
    auto db = open_write_connection(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->run("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, 0)",
                        latest_schema_version() + 1));
  }
  auto status = migrate_sqlite(path);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().detail.find("newer"), std::string::npos) << status.error().detail;
}

long long pragma(Database& db, const std::string& name) {
  auto q = db.query("PRAGMA " + name);
  EXPECT_TRUE(q && *q->step()) << name;
  return q ? q->int64(0) : -1;
}

TEST(SqliteConnection, WriterIsDurableAndReadersAreQueryOnly) {
  TempDir dir;
  const std::string path = dir.file("settings.db");
  auto writer = open_write_connection(path);
  ASSERT_TRUE(writer) << writer.error().detail;
  EXPECT_EQ(pragma(*writer, "synchronous"), 2) << "FULL: a committed write is on disk";
  EXPECT_EQ(pragma(*writer, "foreign_keys"), 1);
  EXPECT_EQ(pragma(*writer, "busy_timeout"), kBusyTimeoutMs);
  EXPECT_EQ(pragma(*writer, "temp_store"), 2) << "MEMORY: a job's savepoint journal never touches a temp file";

  auto reader = open_read_connection(path);
  ASSERT_TRUE(reader) << reader.error().detail;
  EXPECT_EQ(pragma(*reader, "query_only"), 1);
  EXPECT_EQ(pragma(*reader, "busy_timeout"), kBusyTimeoutMs);
  EXPECT_FALSE(reader->exec("DELETE FROM organizations"));
  EXPECT_FALSE(open_read_connection(dir.file("absent.db"))) << "readers never create the file";
}

TEST(SqliteSchema, RejectsInMemoryDatabases) {
  EXPECT_FALSE(migrate_sqlite(":memory:"));
  EXPECT_FALSE(migrate_sqlite(""));
}

}  // namespace
}  // namespace sk::storage::sqlite
