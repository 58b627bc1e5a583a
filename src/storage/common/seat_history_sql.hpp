// The seat history's statements and row reader, written once for both stores ($N placeholders,
// as in statements.hpp).
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/seat_history.hpp"
#include "storage/common/columns.hpp"

namespace sk::storage {

// The columns every statement reads, in read_seat_event's order. The table is migration 8 of
// each store (sqlite_schema.cpp, pg_schema.cpp).
#define SK_SEAT_EVENT_COLUMNS \
  "id, seat_id, organization_id, subscription_id, order_id, kind, occurred_at, email, member_id, actor_type, actor_id"

inline constexpr const char* kInsertSeatEvent =
    "INSERT INTO seat_events (" SK_SEAT_EVENT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

inline constexpr const char* kHasSeatEvent =
    "SELECT 1 FROM seat_events WHERE seat_id = $1 AND kind = $2 AND occurred_at = $3 LIMIT 1";

// Oldest first: by the time it happened, then by the order it was written.
inline constexpr const char* kSeatEventsPage =
    "SELECT " SK_SEAT_EVENT_COLUMNS " FROM seat_events WHERE seat_id = $1 ORDER BY occurred_at, seq LIMIT $2 OFFSET $3";
inline constexpr const char* kSeatEventsCount = "SELECT count(*) FROM seat_events WHERE seat_id = $1";

inline constexpr const char* kSubscriptionSeatEventsUntil =
    "SELECT " SK_SEAT_EVENT_COLUMNS " FROM seat_events WHERE subscription_id = $1 AND occurred_at <= $2 "
    "ORDER BY occurred_at, seq";
inline constexpr const char* kOrderSeatEventsUntil =
    "SELECT " SK_SEAT_EVENT_COLUMNS " FROM seat_events WHERE order_id = $1 AND occurred_at <= $2 "
    "ORDER BY occurred_at, seq";

// Pending seats whose invitation lapsed before $1 and whose lapse is not recorded yet.
inline constexpr const char* kSeatsWithUnrecordedLapse =
    "SELECT " SK_SEAT_COLUMNS " FROM customer_seats s WHERE s.status = 'pending' "
    "AND s.invitation_token_expires_at < $1 AND NOT EXISTS (SELECT 1 FROM seat_events e "
    "WHERE e.seat_id = s.id AND e.kind = 'expired' AND e.occurred_at = s.invitation_token_expires_at) "
    "ORDER BY s.invitation_token_expires_at LIMIT $2";

inline std::optional<domain::Id> event_subscription_id(const domain::SeatHistoryEvent& e) {
  if (e.container_kind == domain::ContainerKind::subscription) return e.container_id;
  return std::nullopt;
}
inline std::optional<domain::Id> event_order_id(const domain::SeatHistoryEvent& e) {
  if (e.container_kind == domain::ContainerKind::order) return e.container_id;
  return std::nullopt;
}

// Reads the SK_SEAT_EVENT_COLUMNS of a row of either store (the row interface of rows.hpp).
inline constexpr auto read_seat_event = [](const auto& r) -> Result<domain::SeatHistoryEvent> {
  domain::SeatHistoryEvent e;
  e.id = r.text(0);
  e.seat_id = r.text(1);
  e.organization_id = r.text(2);
  if (auto subscription = r.opt_text(3)) {
    e.container_kind = domain::ContainerKind::subscription;
    e.container_id = std::move(*subscription);
  } else {
    e.container_kind = domain::ContainerKind::order;
    e.container_id = r.opt_text(4).value_or("");
  }
  const auto kind = domain::seat_event_kind_from(r.text(5));
  if (!kind) return internal_error("unknown seat event kind " + r.text(5));
  e.kind = *kind;
  e.at = r.timestamp(6);
  e.email = r.opt_text(7);
  e.member_id = r.opt_text(8);
  const auto actor = domain::actor_kind_from(r.text(9));
  if (!actor) return internal_error("unknown seat event actor " + r.text(9));
  e.actor = domain::Actor{*actor, r.opt_text(10)};
  return e;
};

// The values of kInsertSeatEvent, in order, for a store's variadic run/query.
template <class Fn>
auto with_seat_event_values(const domain::SeatHistoryEvent& e, Fn fn) {
  return fn(e.id, e.seat_id, e.organization_id, event_subscription_id(e), event_order_id(e), std::string(to_string(e.kind)), e.at,
            e.email, e.member_id, std::string(to_string(e.actor.kind)), e.actor.id);
}

}  // namespace sk::storage
