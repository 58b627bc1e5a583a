// The schema check of /readyz, against this backend's list of migrations.
#include "storage/common/migrations.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

namespace sk::storage::sqlite {

Result<bool> SqliteRepository::schema_is_current() { return records_every_version(db_, known_schema_versions()); }

}  // namespace sk::storage::sqlite
