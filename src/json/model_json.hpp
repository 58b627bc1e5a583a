// Polar's wire shapes for the seat models, with Polar's key order and null rules.
// Shared by the http layer (responses) and the outbox (webhook payloads).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/model.hpp"

namespace sk::json {

boost::json::value timestamp(const std::optional<Timestamp>&);
boost::json::value optional_string(const std::optional<std::string>&);

boost::json::object member_json(const domain::Member&);
boost::json::object seat_json(const domain::SeatView&);
boost::json::object seats_list_json(const domain::SeatsList&);
boost::json::object claim_info_json(const domain::SeatClaimInfo&);
boost::json::object claim_response_json(const domain::ClaimedSeat&);

// {"type", "timestamp", "data"}: the webhook payload of a customer_seat.* event.
boost::json::object seat_event_json(std::string_view type, Timestamp at, const domain::SeatView&);

}  // namespace sk::json
