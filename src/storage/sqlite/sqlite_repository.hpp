// domain::Repository over one SQLite connection. It runs no transactions of its own: the store
// wraps every job in one (a savepoint for writes, a read transaction for reads).
#pragma once

#include "domain/repository.hpp"
#include "storage/common/repository_overrides.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

class SqliteRepository final : public domain::Repository {
 public:
  explicit SqliteRepository(Database& db) : db_(db) {}

  // The connection underneath, for SQLite-specific tooling and tests.
  Database& database() { return db_; }

  SK_REPOSITORY_OVERRIDES

 private:
  Database& db_;
};

}  // namespace sk::storage::sqlite
