// Whole-database counts for /metrics and the schema check of /readyz.
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"

namespace sk::storage::postgres {

Result<std::vector<domain::KeyCount>> PgRepository::count_seats_by_status() {
  return fetch_all(db_, SK_SQL_COUNT_SEATS_BY_STATUS, read_key_count);
}

Result<std::vector<domain::KeyCount>> PgRepository::count_pending_outbox_by_topic() {
  return fetch_all(db_, SK_SQL_COUNT_PENDING_OUTBOX_BY_TOPIC, read_key_count);
}

Result<bool> PgRepository::schema_is_current() {
  SK_TRY(applied, fetch_all(db_, SK_SQL_APPLIED_SCHEMA_VERSIONS, read_schema_version));
  return schema_versions_cover(applied, known_schema_versions());
}

}  // namespace sk::storage::postgres
