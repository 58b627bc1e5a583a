// The management API's entities beyond seats: subscriptions, orders, customer sessions, and
// the paging and filter values the list endpoints use. Plain values, like model.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "domain/paging.hpp"

namespace sk::domain {

// Statuses that count as "active" (Polar: active and trialing).
bool is_active_subscription_status(const std::string& status);

struct Subscription {
  Id id;
  Id organization_id;
  Id customer_id;  // the billing customer
  Id product_id;
  std::optional<int> seats;
  std::string status = "active";  // active | canceled (seatkeeper uses these two)
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
  Timestamp started_at;
  bool cancel_at_period_end = false;
  std::optional<Timestamp> canceled_at;
  std::optional<Timestamp> ends_at;   // when a scheduled cancellation takes effect
  std::optional<Timestamp> ended_at;  // when it stopped being active
  std::optional<std::string> cancellation_reason;
  std::optional<std::string> cancellation_comment;
  std::string metadata_json = "{}";
};

// The order statuses the service itself sets or checks.
inline constexpr char kOrderDraft[] = "draft";
inline constexpr char kOrderPending[] = "pending";
inline constexpr char kOrderPaid[] = "paid";

struct Order {
  Id id;
  Id organization_id;
  Id customer_id;
  Id product_id;  // empty: an order without product (none are created here, older rows may exist)
  std::optional<int> seats;
  std::string status = kOrderDraft;  // draft | pending | paid | refunded | partially_refunded | void
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
  std::string currency = "usd";
  std::optional<std::string> description;  // the line item's label; the product name when empty
  std::string metadata_json = "{}";
  Id item_id;  // the one line item; empty for orders stored before items existed (shows the order id)
};

struct CustomerSession {
  Id id;
  std::string token_hash;
  Id customer_id;
  std::optional<std::string> return_url;
  Timestamp expires_at;
  Timestamp created_at;
};

// ---- views: an entity with what its API shape embeds ----

struct SubscriptionView {
  Subscription subscription;
  Customer customer;
  Product product;
  Timestamp current_period_start;
  Timestamp current_period_end;
};

struct OrderView {
  Order order;
  Customer customer;
  std::optional<Product> product;
};

struct CreatedCustomerSession {
  CustomerSession session;
  std::string token;  // shown once, never stored
  Customer customer;
};

// ---- list filters (paging: domain/paging.hpp) ----

struct CustomerFilter {
  std::optional<std::string> email;  // exact, case-insensitive
  std::optional<std::string> query;  // substring of name, email or external id
};

struct ProductFilter {
  std::vector<Id> ids;
  std::optional<std::string> query;  // substring of the name
  std::optional<bool> is_archived;
  std::optional<bool> is_recurring;
};

struct SubscriptionFilter {
  std::vector<Id> customer_ids;
  std::vector<std::string> external_customer_ids;
  std::vector<Id> product_ids;
  std::optional<bool> active;
  std::vector<std::string> statuses;
  std::optional<bool> cancel_at_period_end;
};

struct OrderFilter {
  std::vector<Id> customer_ids;
  std::vector<std::string> external_customer_ids;
  std::vector<Id> product_ids;
  std::vector<std::string> statuses;
};

struct MemberFilter {
  std::optional<Id> customer_id;
  std::optional<std::string> external_customer_id;
  std::optional<std::string> role;
};

}  // namespace sk::domain
