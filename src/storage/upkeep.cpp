#include "storage/upkeep.hpp"

#include "storage/postgres/pg_repository.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage {

std::unique_ptr<domain::UpkeepRepository> upkeep_of(domain::Repository& repo) {
  if (auto* sqlite = dynamic_cast<sqlite::SqliteRepository*>(&repo))
    return std::make_unique<SqlUpkeep<sqlite::Database>>(sqlite->database());
  if (auto* pg = dynamic_cast<postgres::PgRepository*>(&repo))
    return std::make_unique<SqlUpkeep<postgres::Connection>>(pg->connection());
  return nullptr;
}

}  // namespace sk::storage
