// Whole-database counts for /metrics and the schema check of /readyz.
#include <algorithm>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"

namespace sk::storage::postgres {

namespace {
Result<domain::KeyCount> read_key_count(const Row& r) { return domain::KeyCount{r.text(0), r.int64(1)}; }
}  // namespace

Result<std::vector<domain::KeyCount>> PgRepository::count_seats_by_status() {
  return fetch_all(db_, "SELECT status, count(*) FROM customer_seats GROUP BY status ORDER BY status", read_key_count);
}

Result<std::vector<domain::KeyCount>> PgRepository::count_pending_outbox_by_topic() {
  return fetch_all(db_, "SELECT topic, count(*) FROM outbox WHERE delivered_at IS NULL GROUP BY topic ORDER BY topic",
                   read_key_count);
}

Result<bool> PgRepository::schema_is_current() {
  SK_TRY(applied, fetch_all(db_, "SELECT version FROM schema_migrations", [](const Row& r) -> Result<int> {
           return static_cast<int>(r.int64(0));
         }));
  return std::ranges::all_of(known_schema_versions(),
                             [&](int version) { return std::ranges::find(applied, version) != applied.end(); });
}

}  // namespace sk::storage::postgres
