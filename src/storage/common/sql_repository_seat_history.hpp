// SqlRepository, the seat history (domain/seat_history.hpp) for both stores. Events are written
// in the job that changes the seat; on PostgreSQL under that seat's row lock (find_seat in write
// jobs), so their order by (occurred_at, seq) is the order the changes committed.
#pragma once

#include <string>

#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

template <class Db>
Status SqlRepository<Db>::append_seat_event(const domain::SeatHistoryEvent& e) {
  const bool of_subscription = is_subscription(e.container_kind);
  const std::optional<domain::Id> subscription_id = of_subscription ? std::optional(e.container_id) : std::nullopt;
  const std::optional<domain::Id> order_id = of_subscription ? std::nullopt : std::optional(e.container_id);
  return run_sql(db_, SK_SQL_INSERT_SEAT_EVENT, e.id, e.seat_id, e.organization_id, subscription_id, order_id,
                 std::string(to_string(e.kind)), e.at, e.email, e.member_id, std::string(to_string(e.actor.kind)),
                 e.actor.id);
}

template <class Db>
Result<bool> SqlRepository<Db>::has_seat_event(const domain::Id& seat_id, domain::SeatEventKind kind, Timestamp at) {
  SK_TRY(count, fetch_count(db_, SK_SQL_COUNT_SEAT_EVENTS_AT, seat_id, std::string(to_string(kind)), at));
  return count > 0;
}

template <class Db>
Result<domain::Page<domain::SeatHistoryEvent>> SqlRepository<Db>::list_seat_events(const domain::Id& seat_id,
                                                                                   const domain::PageRequest& page) {
  // Always oldest first: both directions are the one statement.
  static constexpr PagedSql seat_events{SK_SQL_SEAT_EVENTS_PAGE, SK_SQL_SEAT_EVENTS_PAGE, SK_SQL_SEAT_EVENTS_COUNT};
  return fetch_page(db_, seat_events, page, read_seat_event, seat_id);
}

template <class Db>
Result<std::vector<domain::SeatHistoryEvent>> SqlRepository<Db>::container_seat_events_until(domain::ContainerKind kind,
                                                                                            const domain::Id& container_id,
                                                                                            Timestamp at) {
  return fetch_all(db_,
                   is_subscription(kind) ? SK_SQL_CONTAINER_SEAT_EVENTS_UNTIL("subscription_id")
                                         : SK_SQL_CONTAINER_SEAT_EVENTS_UNTIL("order_id"),
                   read_seat_event, container_id, at);
}

template <class Db>
Result<std::vector<domain::Seat>> SqlRepository<Db>::seats_with_unrecorded_lapse(Timestamp now, int limit) {
  return fetch_all(db_, SK_SQL_SEATS_WITH_UNRECORDED_LAPSE, read_seat, now, static_cast<long long>(limit));
}

}  // namespace sk::storage
