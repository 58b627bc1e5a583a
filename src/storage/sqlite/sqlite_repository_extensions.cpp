// seatkeeper's own areas: seat pages, invitation policies and idempotency keys. One writer runs
// every write job, so a key is never held by two jobs at once.
#include "storage/common/rows.hpp"
#include "storage/common/seat_extensions.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

constexpr SeatPageSql kSeatPages = SK_SEAT_PAGE_SQL("instr");

}  // namespace

Result<Page<Seat>> SqliteRepository::list_seat_page(ContainerKind kind, const Id& container_id, const SeatFilter& filter,
                                                     const PageRequest& page) {
  return fetch_seat_page(db_, kSeatPages, kind, container_id, filter, page);
}

Result<InvitationPolicy> SqliteRepository::find_invitation_policy(const Id& organization_id) {
  return fetch_invitation_policy(db_, organization_id);
}

Status SqliteRepository::save_invitation_policy(const Id& organization_id, const InvitationPolicy& policy, Timestamp at) {
  return db_.run(SK_SQL_SAVE_INVITATION_POLICY, organization_id, policy.send_email, lifetime_seconds(policy), at);
}

Result<bool> SqliteRepository::hold_idempotency_key(const std::string&, const std::string&) { return true; }

Result<std::optional<IdempotencyRecord>> SqliteRepository::find_idempotency_record(const std::string& scope,
                                                                                   const std::string& key,
                                                                                   Timestamp now) {
  return fetch_one(db_, SK_SQL_FIND_IDEMPOTENCY_RECORD, read_idempotency_record, scope, key, now);
}

Status SqliteRepository::save_idempotency_record(const IdempotencyRecord& r) {
  SK_CHECK(db_.run(SK_SQL_SAVE_IDEMPOTENCY_RECORD, r.scope, r.key, r.fingerprint, r.response.status, r.response.body,
                   r.response.headers, r.created_at, r.expires_at));
  if (db_.changes() == 0) return conflict_error("idempotency key recorded twice: " + r.scope);
  return {};
}

Result<int> SqliteRepository::delete_expired_idempotency_records(Timestamp now, int limit) {
  SK_CHECK(db_.run(SK_SQL_DELETE_EXPIRED_IDEMPOTENCY_RECORDS(""), now, limit));
  return db_.changes();
}

}  // namespace sk::storage::sqlite
