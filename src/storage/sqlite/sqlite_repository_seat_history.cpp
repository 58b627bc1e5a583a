// The seat history (domain/seat_history.hpp) over SQLite; the statements are shared with PostgreSQL.
#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/seat_history_sql.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Status SqliteRepository::append_seat_event(const SeatHistoryEvent& e) {
  return with_seat_event_values(e, [&](const auto&... values) { return db_.run(kInsertSeatEvent, values...); });
}

Result<bool> SqliteRepository::has_seat_event(const Id& seat_id, SeatEventKind kind, Timestamp at) {
  SK_TRY(q, db_.query(kHasSeatEvent, seat_id, std::string(to_string(kind)), at));
  return q.step();
}

Result<Page<SeatHistoryEvent>> SqliteRepository::list_seat_events(const Id& seat_id, const PageRequest& page) {
  // Always oldest first: both directions are the one statement.
  static constexpr PagedSql kSeatEvents{kSeatEventsPage, kSeatEventsPage, kSeatEventsCount};
  return fetch_page(db_, kSeatEvents, page, read_seat_event, seat_id);
}

Result<std::vector<SeatHistoryEvent>> SqliteRepository::container_seat_events_until(ContainerKind kind,
                                                                                    const Id& container_id,
                                                                                    Timestamp at) {
  return fetch_all(db_, kind == ContainerKind::subscription ? kSubscriptionSeatEventsUntil : kOrderSeatEventsUntil,
                   read_seat_event, container_id, at);
}

Result<std::vector<Seat>> SqliteRepository::seats_with_unrecorded_lapse(Timestamp now, int limit) {
  return fetch_all(db_, kSeatsWithUnrecordedLapse, read_seat, now, static_cast<long long>(limit));
}

}  // namespace sk::storage::sqlite
