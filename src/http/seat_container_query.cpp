#include "http/seat_container_query.hpp"

#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {

std::expected<std::pair<domain::ContainerKind, domain::Id>, Response> seat_container_query(const Request& request) {
  const auto subscription = request.query_param("subscription_id");
  const auto order = request.query_param("order_id");
  if (!subscription && !order)
    return std::unexpected(
        error_response(Error{ErrorKind::bad_request, "BadRequest", "Either subscription_id or order_id must be provided"}));
  const bool by_subscription = subscription.has_value();
  auto id = uuid4_param("query", by_subscription ? "subscription_id" : "order_id", by_subscription ? *subscription : *order);
  if (!id) return std::unexpected(std::move(id.error()));
  return std::pair{by_subscription ? domain::ContainerKind::subscription : domain::ContainerKind::order, std::move(*id)};
}

}  // namespace sk::http
