// domain::UpkeepRepository over one SQLite connection (a job's transaction).
#pragma once

#include "domain/upkeep_repository.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

class SqliteUpkeep final : public domain::UpkeepRepository {
 public:
  explicit SqliteUpkeep(Database& db) : db_(db) {}

  Result<std::vector<domain::AccessTokenListing>> list_access_tokens(const domain::Id& organization_id) override;
  Result<bool> revoke_access_token(const domain::Id& id, Timestamp at) override;
  Result<domain::PrunedRows> prune_old_rows(const domain::RetentionCutoffs&, int limit) override;
  Result<std::optional<Timestamp>> note_webhook_endpoint_health(const domain::Id& endpoint_id, bool succeeded,
                                                                Timestamp attempted_at) override;

 private:
  Database& db_;
};

}  // namespace sk::storage::sqlite
