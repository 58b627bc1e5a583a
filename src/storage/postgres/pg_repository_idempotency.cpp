// Idempotency keys across instances. A write job holds its key with a transaction-scoped
// advisory lock: a second request with the same key, on any instance, fails to take it and is
// told the first is in flight; once the first commits, its lock goes with the commit and its
// record is visible to the next statement of whoever takes the lock after it.
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

Result<IdempotencyRecord> read_record(const Row& r) {
  return IdempotencyRecord{r.text(0), r.text(1), r.text(2), StoredResponse{static_cast<int>(r.int64(3)), r.text(4), r.text(5)},
                           r.timestamp(6), r.timestamp(7)};
}

}  // namespace

Result<bool> PgRepository::hold_idempotency_key(const std::string& scope, const std::string& key) {
  if (!lock_rows_) return true;  // read jobs change nothing
  // Scope and key hashed into the 64-bit advisory key space, after a separator neither contains.
  SK_TRY(result, db_.query("SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || chr(10) || $2::text, 7))", scope, key));
  return result.rows() > 0 && Row(result, 0).boolean(0);
}

Result<std::optional<IdempotencyRecord>> PgRepository::find_idempotency_record(const std::string& scope,
                                                                               const std::string& key, Timestamp now) {
  return fetch_one(db_,
                   "SELECT scope, idempotency_key, fingerprint, response_status, response_body, response_headers, "
                   "created_at, expires_at FROM idempotency_keys "
                   "WHERE scope = $1 AND idempotency_key = $2 AND expires_at > $3",
                   read_record, scope, key, now);
}

Status PgRepository::save_idempotency_record(const IdempotencyRecord& r) {
  SK_TRY(result, db_.query("INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, response_status, "
                           "response_body, response_headers, created_at, expires_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                           "ON CONFLICT (scope, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                           "response_status = excluded.response_status, response_body = excluded.response_body, "
                           "response_headers = excluded.response_headers, created_at = excluded.created_at, "
                           "expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= excluded.created_at",
                           r.scope, r.key, r.fingerprint, r.response.status, r.response.body, r.response.headers,
                           r.created_at, r.expires_at));
  if (result.affected() == 0) return internal_error("idempotency key recorded twice: " + r.scope);
  return {};
}

// SKIP LOCKED: instances pruning at the same time take different rows instead of waiting.
Result<int> PgRepository::delete_expired_idempotency_records(Timestamp now, int limit) {
  SK_TRY(result, db_.query("DELETE FROM idempotency_keys WHERE (scope, idempotency_key) IN "
                           "(SELECT scope, idempotency_key FROM idempotency_keys WHERE expires_at <= $1 "
                           "ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
                           now, limit));
  return static_cast<int>(result.affected());
}

}  // namespace sk::storage::postgres
