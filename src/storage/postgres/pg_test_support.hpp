// Test-only: a fresh schema in the database named by TEST_DATABASE_URL, dropped at scope exit.
// Each test working in its own schema runs the real migrations and sees no other test's rows.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "crypto/crypto.hpp"
#include "storage/contract/rewound_migration.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_store.hpp"

namespace sk::storage::postgres::testing {

inline std::string test_database_url() {
  const char* url = std::getenv("TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

class TestSchema {
 public:
  TestSchema() {
    const std::string base = test_database_url();
    if (base.empty()) {
      ADD_FAILURE() << "set TEST_DATABASE_URL=postgresql://... (scripts/test.sh does)";
      return;
    }
    // The name is ours (hex digits), so building these statements by concatenation is safe.
    name_ = "test_" + crypto::uuid_v4().substr(0, 8);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name_;
    auto admin = Connection::open(base);
    if (!admin) {
      ADD_FAILURE() << admin.error().detail;
      return;
    }
    auto created = admin->exec("CREATE SCHEMA " + name_);
    if (!created) {
      ADD_FAILURE() << created.error().detail;
      return;
    }
    admin_.emplace(std::move(*admin));
  }
  ~TestSchema() {
    if (admin_) (void)admin_->exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  bool ok() const { return admin_.has_value(); }
  const std::string& name() const { return name_; }
  // A connection URL whose search_path is this schema.
  const std::string& url() const { return url_; }
  // A connection to the database outside the schema (for pg_terminate_backend and the like).
  Connection& admin() { return *admin_; }

 private:
  std::string name_;
  std::string url_;
  std::optional<Connection> admin_;
};

// The schema at `url` as check_rewound_migration (storage/contract) works on it.
inline contract::RawDatabase raw_pg(const std::string& url) {
  return {[url] { return open_pg_store(url, {.connections = 1}); },
          [url](const char* sql) -> Status {
            SK_TRY(c, Connection::open(url));
            SK_TRY(done, c.exec(sql));
            (void)done;
            return {};
          },
          [url] { return migrate_pg(url); }};
}

}  // namespace sk::storage::postgres::testing
