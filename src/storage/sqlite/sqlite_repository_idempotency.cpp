// Idempotency keys. One writer runs every write job, so a key is never held by two jobs at once.
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

Result<IdempotencyRecord> read_record(const Query& q) {
  return IdempotencyRecord{q.text(0), q.text(1), q.text(2), StoredResponse{static_cast<int>(q.int64(3)), q.text(4), q.text(5)},
                           q.timestamp(6), q.timestamp(7)};
}

}  // namespace

Result<bool> SqliteRepository::hold_idempotency_key(const std::string&, const std::string&) { return true; }

Result<std::optional<IdempotencyRecord>> SqliteRepository::find_idempotency_record(const std::string& scope,
                                                                                   const std::string& key,
                                                                                   Timestamp now) {
  return fetch_one(db_,
                   "SELECT scope, idempotency_key, fingerprint, response_status, response_body, response_headers, "
                   "created_at, expires_at FROM idempotency_keys "
                   "WHERE scope = ?1 AND idempotency_key = ?2 AND expires_at > ?3",
                   read_record, scope, key, now);
}

Status SqliteRepository::save_idempotency_record(const IdempotencyRecord& r) {
  SK_CHECK(db_.run("INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, response_status, response_body, "
                   "response_headers, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                   "ON CONFLICT (scope, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                   "response_status = excluded.response_status, response_body = excluded.response_body, "
                   "response_headers = excluded.response_headers, created_at = excluded.created_at, "
                   "expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= excluded.created_at",
                   r.scope, r.key, r.fingerprint, r.response.status, r.response.body, r.response.headers, r.created_at,
                   r.expires_at));
  if (db_.changes() == 0) return internal_error("idempotency key recorded twice: " + r.scope);
  return {};
}

Result<int> SqliteRepository::delete_expired_idempotency_records(Timestamp now, int limit) {
  SK_CHECK(db_.run("DELETE FROM idempotency_keys WHERE rowid IN "
                   "(SELECT rowid FROM idempotency_keys WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)",
                   now, limit));
  return db_.changes();
}

}  // namespace sk::storage::sqlite
