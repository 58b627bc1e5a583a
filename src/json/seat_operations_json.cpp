#include "json/seat_operations_json.hpp"

#include <boost/json/array.hpp>

#include "json/model_json.hpp"

namespace sk::json {

namespace bj = boost::json;

bj::object bulk_assign_json(const domain::BulkAssignResult& result, const BulkRowExtras& extras,
                            const SeatJson& assigned_seat) {
  bj::array rows;
  rows.reserve(result.rows.size());
  int assigned = 0;
  std::size_t next_error = 0;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const auto& row = result.rows[i];
    std::optional<std::string> email = i < extras.emails.size() ? extras.emails[i] : std::nullopt;
    const char* status = "error";
    bj::value seat = nullptr;
    bj::value error = nullptr;
    if (row.seat) {
      if (!email) email = row.seat->seat.email;
      status = result.keep_changes ? "assigned" : "would_assign";
      seat = result.keep_changes ? assigned_seat(*row.seat, {}) : seat_json(*row.seat);
      if (result.keep_changes) ++assigned;
    } else if (next_error < extras.errors.size()) {
      error = extras.errors[next_error++];
    }
    rows.push_back(bj::object{{"index", i},
                              {"email", optional_string(email)},
                              {"status", status},
                              {"seat", std::move(seat)},
                              {"error", std::move(error)}});
  }
  return bj::object{{"results", std::move(rows)}, {"assigned", assigned}, {"failed", result.failed}};
}

bj::object seat_history_event_json(const domain::SeatHistoryEvent& e) {
  const bool subscription = e.container_kind == domain::ContainerKind::subscription;
  return bj::object{
      {"id", e.id},
      {"seat_id", e.seat_id},
      {"subscription_id", subscription ? bj::value(e.container_id) : bj::value(nullptr)},
      {"order_id", subscription ? bj::value(nullptr) : bj::value(e.container_id)},
      {"type", domain::to_string(e.kind)},
      {"occurred_at", format_rfc3339(e.at)},
      {"email", optional_string(e.email)},
      {"member_id", optional_string(e.member_id)},
      {"actor", bj::object{{"type", domain::to_string(e.actor.kind)}, {"id", optional_string(e.actor.id)}}},
  };
}

bj::object seat_holding_json(const domain::SeatHolding& h) {
  return bj::object{{"seat_id", h.seat_id},
                    {"email", optional_string(h.email)},
                    {"member_id", optional_string(h.member_id)},
                    {"status", domain::to_string(h.status)},
                    {"since", format_rfc3339(h.since)}};
}

}  // namespace sk::json
