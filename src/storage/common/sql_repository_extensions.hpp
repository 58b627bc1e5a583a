// SqlRepository, seatkeeper's own areas for both stores: a filtered page of seats, organizations'
// invitation policies, and idempotency records (holding a key is the backends' own:
// hold_idempotency_key).
#pragma once

#include <string_view>

#include "storage/common/encoding.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

template <class Db>
Result<domain::Page<domain::Seat>> SqlRepository<Db>::list_seat_page(domain::ContainerKind kind,
                                                                    const domain::Id& container_id,
                                                                    const domain::SeatFilter& filter,
                                                                    const domain::PageRequest& page) {
  // Local to the instantiation: the statements spell the backend's dialect, so a namespace-scope
  // constant would be one definition shared (wrongly) by both backends.
  struct Statements {
    std::string_view by_status, counted, kept_count;
  };
  static constexpr Statements of_subscription{SK_SQL_SEAT_PAGE_BY_STATUS("subscription_id"),
                                              SK_SQL_SEAT_PAGE_COUNT("subscription_id"),
                                              SK_SQL_SEAT_KEPT_COUNT("subscriptions")};
  static constexpr Statements of_order{SK_SQL_SEAT_PAGE_BY_STATUS("order_id"), SK_SQL_SEAT_PAGE_COUNT("order_id"),
                                       SK_SQL_SEAT_KEPT_COUNT("orders")};
  constexpr long long kEveryStatus = 7;
  const Statements& sql = is_subscription(kind) ? of_subscription : of_order;
  const long long statuses = filter.statuses == 0 ? kEveryStatus : static_cast<long long>(filter.statuses);
  domain::Page<domain::Seat> out;
  SK_TRY(rows, fetch_all(db_, sql.by_status, read_seat, container_id,
                         statuses, filter.email_contains, static_cast<long long>(page.limit), page.offset()));
  out.items = std::move(rows);
  // Without an e-mail search the total is the sum of the container's kept per-status counts.
  SK_TRY(total, filter.email_contains ? fetch_count(db_, sql.counted, container_id, statuses, filter.email_contains)
                                      : fetch_count(db_, sql.kept_count, container_id, statuses));
  out.total_count = total;
  return out;
}

// The defaults when the organization never set a policy.
template <class Db>
Result<domain::InvitationPolicy> SqlRepository<Db>::find_invitation_policy(const domain::Id& organization_id) {
  SK_TRY(found, fetch_one(db_, SK_SQL_FIND_INVITATION_POLICY, read_invitation_policy, organization_id));
  return found.value_or(domain::InvitationPolicy{});
}

template <class Db>
Status SqlRepository<Db>::save_invitation_policy(const domain::Id& organization_id,
                                                 const domain::InvitationPolicy& policy, Timestamp at) {
  return run_sql(db_, SK_SQL_SAVE_INVITATION_POLICY, organization_id, policy.send_email, lifetime_seconds(policy), at);
}

template <class Db>
Result<std::optional<domain::IdempotencyRecord>> SqlRepository<Db>::find_idempotency_record(const std::string& scope,
                                                                                             const std::string& key,
                                                                                             Timestamp now) {
  return fetch_one(db_, SK_SQL_FIND_IDEMPOTENCY_RECORD, read_idempotency_record, scope, key, now);
}

// A live record with the key is kept: saving over it is a conflict (another request committed first).
template <class Db>
Status SqlRepository<Db>::save_idempotency_record(const domain::IdempotencyRecord& r) {
  SK_TRY(saved, affected_rows(db_, SK_SQL_SAVE_IDEMPOTENCY_RECORD, r.scope, r.key, r.fingerprint, r.response.status,
                              r.response.body, r.response.headers, r.created_at, r.expires_at));
  if (saved == 0) return conflict_error("idempotency key recorded twice: " + r.scope);
  return {};
}

template <class Db>
Result<int> SqlRepository<Db>::delete_expired_idempotency_records(Timestamp now, int limit) {
  SK_TRY(deleted, affected_rows(db_, SK_SQL_DELETE_EXPIRED_IDEMPOTENCY_RECORDS, now, limit));
  return static_cast<int>(deleted);
}

}  // namespace sk::storage
