// domain::Repository over one SQLite connection. It runs no transactions of its own: the store
// wraps every job in one (a savepoint for writes, a read transaction for reads). Most methods
// are the shared SqlRepository (storage/common/sql_repository.hpp, instantiated in
// sqlite_repository.cpp); this class adds what SQLite does its own way, in
// sqlite_repository_<area>.cpp files. Nothing is row-locked: the single writer runs one write
// job at a time.
#pragma once

#include "domain/repository.hpp"
#include "storage/common/repository_overrides.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage {
extern template class SqlRepository<sqlite::Database>;
extern template class SqlUpkeep<sqlite::Database>;
}  // namespace sk::storage

namespace sk::storage::sqlite {

class SqliteRepository final : public SqlRepository<Database> {
 public:
  explicit SqliteRepository(Database& db) : SqlRepository(db, /*lock_rows=*/false) {}

  // The connection underneath, for SQLite-specific tooling and tests.
  Database& database() { return db_; }

  SK_BACKEND_REPOSITORY_OVERRIDES
};

}  // namespace sk::storage::sqlite
