// Customers (Polar's /v1/customers): the organization's buyers. E-mail is unique per organization
// (case-insensitive), external id too; conflicts answer Polar's 422. Creating a customer with an
// e-mail also creates its owner member (Polar's member model); deleting one ends its active
// subscriptions and deletes its members, revoking their seats with events.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/event_sink.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

struct OwnerCreate {
  std::string email;
  std::optional<std::string> name;
  std::optional<std::string> external_id;
};

struct CustomerCreate {
  std::string type = "individual";
  std::optional<std::string> email;  // required for individual customers (checked by the parser)
  std::optional<std::string> name;
  std::optional<std::string> external_id;
  std::string metadata_json = "{}";
  std::optional<OwnerCreate> owner;
};

struct CustomerUpdate {
  std::optional<std::string> email;
  std::optional<std::optional<std::string>> name;         // outer: given; inner null clears
  std::optional<std::optional<std::string>> external_id;  // may be set once, never changed
  std::optional<std::string> type;
  std::optional<std::string> metadata_json;
};

Result<Customer> get_customer(Repository&, const Organization&, const Id& id);
Result<Customer> get_customer_by_external_id(Repository&, const Organization&, const std::string& external_id);
Result<Page<Customer>> list_customers(Repository&, const Organization&, const CustomerFilter&, const PageRequest&);
Result<Customer> create_customer(Repository&, const Organization&, const CustomerCreate&, Timestamp now);
Result<Customer> update_customer(Repository&, const Organization&, Customer, const CustomerUpdate&, Timestamp now);
Status delete_customer(Repository&, EventSink&, const SeatContext&, const Organization&, const Customer&);

}  // namespace sk::domain
