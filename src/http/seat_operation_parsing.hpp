// Request shapes of the seat operations beyond Polar's API (bulk assignment, transfer, history
// queries), answering Polar's 422 shapes when the request as a whole is malformed.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "domain/seat_operations.hpp"
#include "http/message.hpp"

namespace sk::http {

struct ParsedBulkAssign {
  domain::BulkAssignRequest request;
  std::vector<std::optional<boost::json::array>> row_issues;  // per row: its 422 issues when malformed
  std::vector<std::optional<std::string>> row_emails;         // per row: the e-mail it names, as given
};

// {"subscription_id" | "order_id", "seats": [...] (1 to 1,000 rows), "dry_run"?, "atomic"?}.
// A malformed row is not a 422: it becomes that row's error.
std::expected<ParsedBulkAssign, Response> parse_bulk_assign(const boost::json::value& body);

// The new holder of a transferred seat (a SeatAssign body without its container).
std::expected<domain::SeatAssignRequest, Response> parse_seat_transfer(const boost::json::value& body);

// An ISO-8601 instant query parameter with "Z" or a numeric offset; required.
std::expected<Timestamp, Response> instant_param(const Request&, std::string_view name);

}  // namespace sk::http
