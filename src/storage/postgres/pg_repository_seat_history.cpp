// The seat history (domain/seat_history.hpp) over PostgreSQL; the statements are shared with SQLite.
// Events of one seat are written under that seat's row lock (find_seat in write jobs), so their
// order by (occurred_at, seq) is the order the changes committed.
#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/seat_history_sql.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

Status PgRepository::append_seat_event(const SeatHistoryEvent& e) {
  return with_seat_event_values(e, [&](const auto&... values) -> Status {
    SK_CHECK(db_.query(kInsertSeatEvent, values...));
    return {};
  });
}

Result<bool> PgRepository::has_seat_event(const Id& seat_id, SeatEventKind kind, Timestamp at) {
  SK_TRY(result, db_.query(kHasSeatEvent, seat_id, std::string(to_string(kind)), at));
  return result.rows() > 0;
}

Result<Page<SeatHistoryEvent>> PgRepository::list_seat_events(const Id& seat_id, const PageRequest& page) {
  // Always oldest first: both directions are the one statement.
  static constexpr PagedSql kSeatEvents{kSeatEventsPage, kSeatEventsPage, kSeatEventsCount};
  return fetch_page(db_, kSeatEvents, page, read_seat_event, seat_id);
}

Result<std::vector<SeatHistoryEvent>> PgRepository::container_seat_events_until(ContainerKind kind,
                                                                                const Id& container_id, Timestamp at) {
  return fetch_all(db_, kind == ContainerKind::subscription ? kSubscriptionSeatEventsUntil : kOrderSeatEventsUntil,
                   read_seat_event, container_id, at);
}

Result<std::vector<Seat>> PgRepository::seats_with_unrecorded_lapse(Timestamp now, int limit) {
  return fetch_all(db_, kSeatsWithUnrecordedLapse, read_seat, now, static_cast<long long>(limit));
}

}  // namespace sk::storage::postgres
