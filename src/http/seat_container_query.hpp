// `?subscription_id=` or `?order_id=` of the seat lists (merchant and portal): which container.
#pragma once

#include <expected>
#include <utility>

#include "domain/model.hpp"
#include "http/message.hpp"

namespace sk::http {

// subscription_id wins when both are given (Polar's order); neither is 400 BadRequest; a value
// that is no UUID version 4 is 422.
std::expected<std::pair<domain::ContainerKind, domain::Id>, Response> seat_container_query(const Request&);

}  // namespace sk::http
