// Wire shapes of seatkeeper's seat operations: bulk assignment results, seat history events and
// holders at an instant. Seats inside them are Polar's CustomerSeat (model_json.hpp).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/seat_history.hpp"
#include "domain/seat_operations.hpp"

namespace sk::json {

// What the caller adds to each row of a bulk result: the e-mail the row named, and for a failed
// row its error envelope (rendered by the http layer, the one place errors take shape).
struct BulkRowExtras {
  std::vector<std::optional<std::string>> emails;
  std::vector<boost::json::object> errors;  // one per failed row, in row order
};

// How an assigned seat is shown (CustomerSeat, with the extensions' fields the request asked for).
using SeatJson = std::function<boost::json::object(const domain::SeatView&, boost::json::storage_ptr)>;

// {"results": [{"index", "email", "status", "seat", "error"}], "assigned", "failed"}. A seat that
// was not kept (would_assign) is plain CustomerSeat: nothing it would carry beyond that exists.
boost::json::object bulk_assign_json(const domain::BulkAssignResult&, const BulkRowExtras&, const SeatJson& assigned_seat);
boost::json::object seat_history_event_json(const domain::SeatHistoryEvent&);
boost::json::object seat_holding_json(const domain::SeatHolding&);

}  // namespace sk::json
