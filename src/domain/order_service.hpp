// Orders (Polar's /v1/orders): one-time purchases of seats. POST creates a draft order for a
// customer and a one-time product; finalize marks it paid (seatkeeper takes no payments). Seats
// can be assigned only on paid orders.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/repository.hpp"

namespace sk::domain {

struct OrderCreate {
  Id customer_id;
  Id product_id;
  std::optional<int> seats;  // seatkeeper's extension; default: the product's minimum_seats
  std::optional<std::string> currency;  // default: the product price's currency
  std::optional<std::string> description;
  std::string metadata_json = "{}";
};

Result<OrderView> view_order(Repository&, const Order&);
Result<OrderView> get_order(Repository&, const Organization&, const Id& id);
Result<Page<OrderView>> list_orders(Repository&, const Organization&, const OrderFilter&, const PageRequest&);
Result<OrderView> create_order(Repository&, const Organization&, const OrderCreate&, Timestamp now);
// draft -> paid; 412 OrderNotDraft otherwise.
Result<OrderView> finalize_order(Repository&, const Organization&, const Id& id, Timestamp now);

}  // namespace sk::domain
