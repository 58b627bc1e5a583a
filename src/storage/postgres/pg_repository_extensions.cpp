// seatkeeper's own areas: seat pages, invitation policies and idempotency keys. Across instances
// a write job holds its key with a transaction-scoped advisory lock: a second request with the
// same key, on any instance, fails to take it and is told the first is in flight; once the first
// commits, the lock goes with the commit and its record is visible to whoever takes the lock next.
#include "storage/common/rows.hpp"
#include "storage/common/seat_extensions.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

constexpr SeatPageSql kSeatPages = SK_SEAT_PAGE_SQL("strpos");

}  // namespace

Result<Page<Seat>> PgRepository::list_seat_page(ContainerKind kind, const Id& container_id, const SeatFilter& filter,
                                                 const PageRequest& page) {
  return fetch_seat_page(db_, kSeatPages, kind, container_id, filter, page);
}

Result<InvitationPolicy> PgRepository::find_invitation_policy(const Id& organization_id) {
  return fetch_invitation_policy(db_, organization_id);
}

Status PgRepository::save_invitation_policy(const Id& organization_id, const InvitationPolicy& policy, Timestamp at) {
  SK_TRY(result, db_.query(SK_SQL_SAVE_INVITATION_POLICY, organization_id, policy.send_email, lifetime_seconds(policy), at));
  return {};
}

Result<bool> PgRepository::hold_idempotency_key(const std::string& scope, const std::string& key) {
  if (!lock_rows_) return true;  // read jobs change nothing
  // Scope and key hashed into the 64-bit advisory key space, after a separator neither contains.
  SK_TRY(result, db_.query("SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || chr(10) || $2::text, 7))",
                           scope, key));
  return result.rows() > 0 && Row(result, 0).boolean(0);
}

Result<std::optional<IdempotencyRecord>> PgRepository::find_idempotency_record(const std::string& scope,
                                                                               const std::string& key, Timestamp now) {
  return fetch_one(db_, SK_SQL_FIND_IDEMPOTENCY_RECORD, read_idempotency_record, scope, key, now);
}

Status PgRepository::save_idempotency_record(const IdempotencyRecord& r) {
  SK_TRY(result, db_.query(SK_SQL_SAVE_IDEMPOTENCY_RECORD, r.scope, r.key, r.fingerprint, r.response.status,
                           r.response.body, r.response.headers, r.created_at, r.expires_at));
  if (result.affected() == 0) return conflict_error("idempotency key recorded twice: " + r.scope);
  return {};
}

Result<int> PgRepository::delete_expired_idempotency_records(Timestamp now, int limit) {
  SK_TRY(result, db_.query(SK_SQL_DELETE_EXPIRED_IDEMPOTENCY_RECORDS(" FOR UPDATE SKIP LOCKED"), now, limit));
  return static_cast<int>(result.affected());
}

}  // namespace sk::storage::postgres
