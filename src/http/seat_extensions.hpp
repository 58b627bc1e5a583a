// seatkeeper's additions to the seat endpoints, kept apart from Polar's shapes: the paginated,
// filtered seat list and the claim link handed back when the caller sends the invitation itself.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <functional>
#include <string>

#include "domain/model.hpp"
#include "http/routes.hpp"

namespace sk::http {

// True when the list request names page, limit, status or email: the answer is then paginated.
bool wants_seat_page(const Request&);
Response list_seat_page(Call&, const domain::Organization&, domain::ContainerKind, const domain::Id& container_id);

// Polar's CustomerSeat, plus "invitation_url" when the invitation was handed back instead of sent:
// as text (json/seat_json_writer) for single-seat answers, as a DOM object for the bulk answer.
using SeatText = std::function<std::string(const domain::SeatView&)>;
SeatText seat_answer_text(const Call&, const domain::Organization&);
using SeatShape = std::function<boost::json::object(const domain::SeatView&, boost::json::storage_ptr)>;
SeatShape seat_answer_shape(const Call&, const domain::Organization&);

}  // namespace sk::http
