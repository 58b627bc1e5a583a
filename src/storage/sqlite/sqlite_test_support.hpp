// Test-only helpers: a temporary directory per test, and the neutral domain fixtures
// (storage/contract/fixtures.hpp) under this namespace too.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "storage/contract/fixtures.hpp"
#include "storage/contract/rewound_migration.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace sk::storage::sqlite::testing {

using namespace sk::storage::fixtures;

// A fresh directory under the test temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "sk-sqlite-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

// The file at `path` as check_rewound_migration (storage/contract) works on it.
inline contract::RawDatabase raw_sqlite(const std::string& path) {
  return {[path] { return open_sqlite_store(path, {}); },
          [path](const char* sql) -> Status {
            SK_TRY(db, open_write_connection(path));
            return db.exec(sql);
          },
          [path] { return migrate_sqlite(path); }};
}

}  // namespace sk::storage::sqlite::testing
