// Turns untrusted request parts into typed values, answering Polar's 422 shapes on failure.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <string>

#include "domain/seat_assign_rules.hpp"
#include "http/message.hpp"

namespace sk::http {

// The JSON body: 422 "missing" when empty, "json_invalid" when malformed, NUL characters refused.
std::expected<boost::json::value, Response> parse_json_body(const Request&);

// A path or query UUID that must be version 4 (Polar's UUID4 parameters).
std::expected<std::string, Response> uuid4_param(std::string_view where, std::string_view name, const std::string& raw);

std::expected<domain::SeatAssignRequest, Response> parse_seat_assign(const boost::json::value& body);
std::expected<std::string, Response> parse_seat_claim(const boost::json::value& body);

// len(json.dumps(value)) as CPython computes it (", " and ": " separators, ensure_ascii).
std::size_t python_json_length(const boost::json::value&);

}  // namespace sk::http
