// Customer sessions (Polar's POST /v1/customer-sessions): a polar_cst_ token for the customer
// portal, valid one hour, stored only as its keyed hash.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

struct CustomerSessionCreate {
  std::optional<Id> customer_id;  // exactly one of the two
  std::optional<std::string> external_customer_id;
  std::optional<std::string> return_url;
};

Result<CreatedCustomerSession> create_customer_session(Repository&, const SeatContext&, const Organization&,
                                                       const CustomerSessionCreate&);

// The live session behind a polar_cst_ token, or nullopt (unknown or expired).
Result<std::optional<CustomerSession>> live_customer_session(Repository&, const SeatContext&, std::string_view token);

}  // namespace sk::domain
