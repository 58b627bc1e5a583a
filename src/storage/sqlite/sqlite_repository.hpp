// domain::Repository over one SQLite connection. It runs no transactions of its own: the store
// wraps every job in one (a savepoint for writes, a read transaction for reads). Most methods
// are the shared SqlRepository (storage/common/sql_repository.hpp, instantiated in
// sqlite_repository.cpp); this class adds what SQLite does its own way, in
// sqlite_repository_<area>.cpp files. Nothing is row-locked: the single writer runs one write
// job at a time.
#pragma once

#include <optional>
#include <vector>

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

  // Shared methods done here in one statement with the lookup that precedes them
  // (sqlite_repository_reads.cpp); list_seats and find_seat_by_token_hash, above, lead two pairs.
  Result<std::optional<domain::AccessToken>> find_access_token(const std::string& token_hash) override;
  Result<std::optional<domain::Organization>> find_organization(const domain::Id&) override;
  Result<std::vector<domain::Member>> find_seat_members(domain::ContainerKind, const domain::Id& container_id) override;

  // The store calls it before each job: nothing kept for one job serves another.
  void begin_job();

 private:
  // Where a kept answer was read: it serves a later call in the same transaction while this
  // connection has changed no row.
  struct Snapshot {
    bool in_transaction;
    long long total_changes;
    bool serves(const Snapshot& now) const;
  };
  Snapshot snapshot() const;
  // Keeps the organization read from column `first` of `q` (all NULL: none) for find_organization(id).
  Status keep_organization(const Query& q, int first, const domain::Id& id);

  struct KeptMembers {
    domain::ContainerKind kind;
    domain::Id container_id;
    Snapshot taken;
    std::vector<domain::Member> members;
  };
  struct KeptOrganization {
    domain::Id id;
    Snapshot taken;
    std::optional<domain::Organization> organization;
  };
  std::optional<KeptMembers> kept_members_;
  std::optional<KeptOrganization> kept_organization_;
};

}  // namespace sk::storage::sqlite
