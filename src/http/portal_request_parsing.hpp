// The customer portal's request bodies. Defined in request_parsing.cpp, beside the merchant
// SeatAssign parser whose field readers they share.
#pragma once

#include <boost/json/value.hpp>
#include <expected>

#include "domain/portal_seat_service.hpp"
#include "http/message.hpp"

namespace sk::http {

// CustomerSeatAssign: SeatAssign's fields plus checkout_id, Polar's 422 shapes on failure.
std::expected<domain::PortalSeatAssign, Response> parse_portal_seat_assign(const boost::json::value& body);

}  // namespace sk::http
