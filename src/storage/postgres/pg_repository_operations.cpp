// The schema check of /readyz, against this backend's list of migrations.
#include "storage/common/migrations.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"

namespace sk::storage::postgres {

Result<bool> PgRepository::schema_is_current() { return records_every_version(db_, known_schema_versions()); }

}  // namespace sk::storage::postgres
