// seatkeeper's own areas: seat pages, invitation policies and idempotency keys. One writer runs
// every write job, so a key is never held by two jobs at once.
#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

constexpr PagedSql kSeatPageOfSubscription{SK_SQL_SEAT_PAGE("subscription_id", "instr"),
                                           SK_SQL_SEAT_PAGE("subscription_id", "instr"),
                                           SK_SQL_SEAT_PAGE_COUNT("subscription_id", "instr")};
constexpr PagedSql kSeatPageOfOrder{SK_SQL_SEAT_PAGE("order_id", "instr"), SK_SQL_SEAT_PAGE("order_id", "instr"),
                                    SK_SQL_SEAT_PAGE_COUNT("order_id", "instr")};

}  // namespace

Result<Page<Seat>> SqliteRepository::list_seat_page(ContainerKind kind, const Id& container_id, const SeatFilter& filter,
                                                     const PageRequest& page) {
  return fetch_page(db_, is_subscription(kind) ? kSeatPageOfSubscription : kSeatPageOfOrder, page, read_seat,
                    container_id, static_cast<long long>(filter.statuses), filter.email_contains);
}

Result<InvitationPolicy> SqliteRepository::find_invitation_policy(const Id& organization_id) {
  SK_TRY(found, fetch_one(db_, SK_SQL_FIND_INVITATION_POLICY, read_invitation_policy, organization_id));
  return found.value_or(InvitationPolicy{});
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
