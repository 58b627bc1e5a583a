// Polar's wire shapes for the seat models, with Polar's key order and null rules.
// Shared by the http layer (responses) and the outbox (webhook payloads).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include "domain/model.hpp"

namespace sk::json {

boost::json::value timestamp(const std::optional<Timestamp>&);
boost::json::value optional_string(const std::optional<std::string>&);

// `sp` lets a caller build a whole answer in one arena (boost::json::monotonic_resource) and
// serialise it, instead of a heap allocation per key and string.
boost::json::object member_json(const domain::Member&, boost::json::storage_ptr sp = {});
boost::json::object seat_json(const domain::SeatView&, boost::json::storage_ptr sp = {});
boost::json::object seats_list_json(const domain::SeatsList&, boost::json::storage_ptr sp = {});
boost::json::object claim_info_json(const domain::SeatClaimInfo&, boost::json::storage_ptr sp = {});
boost::json::object claim_response_json(const domain::ClaimedSeat&, boost::json::storage_ptr sp = {});

// {"type", "timestamp", "data"}: the webhook payload of a customer_seat.* event.
boost::json::object seat_event_json(std::string_view type, Timestamp at, const domain::SeatView&);

}  // namespace sk::json
