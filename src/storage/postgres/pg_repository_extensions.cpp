// Idempotency keys across instances (the shared bodies: storage/common/sql_repository_extensions.hpp).
// A write job holds its key with a transaction-scoped advisory lock: a second request with the
// same key, on any instance, fails to take it and is told the first is in flight; once the first
// commits, the lock goes with the commit and its record is visible to whoever takes the lock next.
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

Result<bool> PgRepository::hold_idempotency_key(const std::string& scope, const std::string& key) {
  if (!lock_rows_) return true;  // read jobs change nothing
  // Scope and key hashed into the 64-bit advisory key space, after a separator neither contains.
  SK_TRY(result, db_.query("SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || chr(10) || $2::text, 7))",
                           scope, key));
  return result.rows() > 0 && Row(result, 0).boolean(0);
}

}  // namespace sk::storage::postgres
