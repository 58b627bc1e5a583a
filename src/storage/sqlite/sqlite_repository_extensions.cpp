// Idempotency keys on SQLite: one writer runs every write job, so a key is never held by two jobs
// at once (the shared bodies do the rest: storage/common/sql_repository_extensions.hpp).
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

Result<bool> SqliteRepository::hold_idempotency_key(const std::string&, const std::string&) { return true; }

}  // namespace sk::storage::sqlite
