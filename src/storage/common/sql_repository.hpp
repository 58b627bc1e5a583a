// domain::Repository written once for both stores. SqlRepository<Db> holds the method bodies
// every backend shares (storage/common/sql_repository_<area>.hpp, statements from
// storage/common/statements.hpp); each backend's repository class derives from it and adds only
// what it must do its own way (SK_BACKEND_REPOSITORY_OVERRIDES: seats, the outbox claims).
//
// `Db` is a backend's connection type. The bodies reach it through free functions that each
// backend defines beside its connection (<backend>_fetch.hpp) and that argument-dependent lookup
// finds: fetch_one, fetch_all, fetch_count, run_sql, affected_rows, update_one, insert_unique,
// with_savepoint. Statements that name dialect fragments (SK_SQL_CONTAINS, ...) take them from
// the backend's <backend>_dialect.hpp, which its repository translation unit includes first.
//
// Each backend instantiates SqlRepository<its connection> (and SqlUpkeep) once, in
// <backend>_repository.cpp, and declares that instantiation `extern` in its repository header.
#pragma once

#include <memory>

#include "domain/repository.hpp"
#include "domain/upkeep_repository.hpp"
#include "storage/common/repository_overrides.hpp"

namespace sk::storage {

template <class Db>
class SqlRepository : public domain::Repository {
 public:
  // lock_rows: the repository serves a write job, whose reads lock what they read
  // (SK_SQL_FOR_UPDATE; always false where the backend has nothing to lock).
  SqlRepository(Db& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}

  SK_SHARED_REPOSITORY_OVERRIDES

 protected:
  Db& db_;
  bool lock_rows_;
};

// domain::UpkeepRepository on the transaction of a job (storage/upkeep.hpp hands it out).
template <class Db>
class SqlUpkeep final : public domain::UpkeepRepository {
 public:
  explicit SqlUpkeep(Db& db) : db_(db) {}

  Result<std::vector<domain::AccessTokenListing>> list_access_tokens(const domain::Id& organization_id) override;
  Result<bool> revoke_access_token(const domain::Id& id, Timestamp at) override;
  Result<domain::PrunedRows> prune_old_rows(const domain::RetentionCutoffs&, int limit) override;
  Result<std::optional<Timestamp>> note_webhook_endpoint_health(const domain::Id& endpoint_id, bool succeeded,
                                                                Timestamp attempted_at) override;

 private:
  Db& db_;
};

}  // namespace sk::storage
