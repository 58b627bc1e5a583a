#include "json/commerce_json.hpp"

#include <boost/json/parse.hpp>

#include "domain/product_service.hpp"
#include "domain/seat_tiers.hpp"
#include "json/model_json.hpp"

namespace sk::json {

namespace bj = boost::json;
using domain::Product;

bj::value json_object_text(const std::string& text) {
  boost::system::error_code ec;
  bj::value v = bj::parse(text, ec);
  if (ec || !v.is_object()) return bj::object{};
  return v;
}

bj::object customer_json(const domain::Customer& c) {
  bj::object o;
  o.reserve(18);
  o["id"] = c.id;
  o["created_at"] = format_rfc3339(c.created_at);
  o["modified_at"] = timestamp(c.modified_at);
  o["metadata"] = json_object_text(c.metadata_json);
  o["external_id"] = optional_string(c.external_id);
  o["email"] = optional_string(c.email);
  o["email_verified"] = false;
  o["type"] = c.type;
  o["name"] = optional_string(c.name);
  o["billing_name"] = nullptr;
  o["billing_address"] = nullptr;
  o["tax_id"] = nullptr;
  o["locale"] = nullptr;
  o["organization_id"] = c.organization_id;
  o["default_payment_method_id"] = nullptr;
  o["deleted_at"] = timestamp(c.deleted_at);
  o["first_user_event_at"] = nullptr;
  o["avatar_url"] = nullptr;
  return o;
}

bj::object price_json(const Product& p) {
  bj::array tiers;
  for (const auto& t : domain::effective_tiers(p)) {
    tiers.emplace_back(bj::object{{"min_seats", t.min_seats},
                                  {"max_seats", t.max_seats ? bj::value(*t.max_seats) : bj::value(nullptr)},
                                  {"price_per_seat", t.price_per_seat}});
  }
  bj::object seat_tiers;
  seat_tiers["seat_tier_type"] = p.price.tier_type;
  seat_tiers["tiers"] = std::move(tiers);
  seat_tiers["minimum_seats"] = p.minimum_seats;
  seat_tiers["maximum_seats"] = p.maximum_seats ? bj::value(*p.maximum_seats) : bj::value(nullptr);
  bj::object o;
  o["created_at"] = format_rfc3339(p.price.id.empty() ? p.created_at : p.price.created_at);
  o["modified_at"] = nullptr;
  o["id"] = domain::price_id_of(p);
  o["source"] = "catalog";
  o["amount_type"] = "seat_based";
  o["price_currency"] = p.price.currency;
  o["tax_behavior"] = nullptr;
  o["is_archived"] = false;
  o["product_id"] = p.id;
  o["seat_tiers"] = std::move(seat_tiers);
  return o;
}

namespace {

// The fields Product and OrderProduct share.
bj::object product_base_json(const Product& p) {
  bj::object o;
  o["id"] = p.id;
  o["created_at"] = format_rfc3339(p.created_at);
  o["modified_at"] = timestamp(p.modified_at);
  o["trial_interval"] = nullptr;
  o["trial_interval_count"] = nullptr;
  o["name"] = p.name;
  o["description"] = optional_string(p.description);
  o["visibility"] = p.visibility;
  o["recurring_interval"] = p.recurring ? bj::value(p.recurring_interval) : bj::value(nullptr);
  o["recurring_interval_count"] = p.recurring ? bj::value(p.recurring_interval_count) : bj::value(nullptr);
  o["meter_interval"] = nullptr;
  o["meter_interval_count"] = nullptr;
  o["is_recurring"] = p.recurring;
  o["is_archived"] = p.is_archived;
  o["organization_id"] = p.organization_id;
  o["metadata"] = json_object_text(p.metadata_json);
  return o;
}

}  // namespace

bj::object product_json(const Product& p) {
  bj::object o = product_base_json(p);
  o["prices"] = bj::array{price_json(p)};
  o["benefits"] = bj::array{};
  o["medias"] = bj::array{};
  o["attached_custom_fields"] = bj::array{};
  return o;
}

bj::object subscription_json(const domain::SubscriptionView& v) {
  const auto& s = v.subscription;
  bj::object o;
  o.reserve(40);
  o["created_at"] = format_rfc3339(s.created_at);
  o["modified_at"] = timestamp(s.modified_at);
  o["id"] = s.id;
  o["amount"] = 0;
  o["currency"] = v.product.price.currency;
  o["recurring_interval"] = v.product.recurring_interval;
  o["recurring_interval_count"] = v.product.recurring_interval_count;
  o["status"] = s.status;
  o["current_period_start"] = format_rfc3339(v.current_period_start);
  o["current_period_end"] = format_rfc3339(v.current_period_end);
  o["current_meter_period_start"] = nullptr;
  o["current_meter_period_end"] = nullptr;
  o["trial_start"] = nullptr;
  o["trial_end"] = nullptr;
  o["cancel_at_period_end"] = s.cancel_at_period_end;
  o["canceled_at"] = timestamp(s.canceled_at);
  o["started_at"] = format_rfc3339(s.started_at);
  o["ends_at"] = timestamp(s.ends_at);
  o["ended_at"] = timestamp(s.ended_at);
  o["past_due_at"] = nullptr;
  o["pause_at_period_end"] = false;
  o["paused_at"] = nullptr;
  o["resumes_at"] = nullptr;
  o["customer_id"] = s.customer_id;
  o["product_id"] = s.product_id;
  o["discount_id"] = nullptr;
  o["checkout_id"] = nullptr;
  o["seats"] = s.seats ? bj::value(*s.seats) : bj::value(nullptr);
  o["customer_cancellation_reason"] = optional_string(s.cancellation_reason);
  o["customer_cancellation_comment"] = optional_string(s.cancellation_comment);
  o["metadata"] = json_object_text(s.metadata_json);
  o["custom_field_data"] = bj::object{};
  o["customer"] = customer_json(v.customer);
  o["product"] = product_json(v.product);
  o["discount"] = nullptr;
  o["prices"] = bj::array{price_json(v.product)};
  o["meters"] = bj::array{};
  o["pending_update"] = nullptr;
  return o;
}

bj::object order_json(const domain::OrderView& v) {
  const auto& order = v.order;
  const std::string label = order.description.value_or(v.product ? v.product->name : std::string("Order"));
  bj::object item;
  item["created_at"] = format_rfc3339(order.created_at);
  item["modified_at"] = nullptr;
  item["id"] = order.item_id.empty() ? order.id : order.item_id;
  item["label"] = label;
  item["amount"] = 0;
  item["tax_amount"] = 0;
  item["proration"] = false;
  item["product_price_id"] = v.product ? bj::value(domain::price_id_of(*v.product)) : bj::value(nullptr);

  bj::object o;
  o.reserve(42);
  o["id"] = order.id;
  o["created_at"] = format_rfc3339(order.created_at);
  o["modified_at"] = timestamp(order.modified_at);
  o["status"] = order.status;
  o["paid"] = order.status == domain::kOrderPaid;
  for (const char* amount : {"subtotal_amount", "discount_amount", "net_amount", "tax_amount", "total_amount",
                             "applied_balance_amount", "due_amount", "refunded_amount", "refunded_tax_amount"})
    o[amount] = 0;
  o["currency"] = order.currency;
  o["billing_reason"] = "purchase";
  o["billing_name"] = nullptr;
  o["billing_address"] = nullptr;
  o["invoice_number"] = nullptr;
  o["is_invoice_generated"] = false;
  o["receipt_number"] = nullptr;
  o["seats"] = order.seats ? bj::value(*order.seats) : bj::value(nullptr);
  o["customer_id"] = order.customer_id;
  o["product_id"] = order.product_id.empty() ? bj::value(nullptr) : bj::value(order.product_id);
  o["discount_id"] = nullptr;
  o["subscription_id"] = nullptr;
  o["checkout_id"] = nullptr;
  o["next_payment_attempt_at"] = nullptr;
  o["metadata"] = json_object_text(order.metadata_json);
  o["custom_field_data"] = bj::object{};
  o["platform_fee_amount"] = 0;
  o["platform_fee_currency"] = nullptr;
  o["customer"] = customer_json(v.customer);
  o["product"] = v.product ? bj::value(product_base_json(*v.product)) : bj::value(nullptr);
  o["discount"] = nullptr;
  o["subscription"] = nullptr;
  o["items"] = bj::array{std::move(item)};
  o["description"] = label;
  o["refundable_amount"] = 0;
  o["refundable_tax_amount"] = 0;
  return o;
}

bj::object customer_session_json(const domain::CreatedCustomerSession& created, const std::string& portal_url) {
  const auto& s = created.session;
  bj::object o;
  o["created_at"] = format_rfc3339(s.created_at);
  o["modified_at"] = nullptr;
  o["id"] = s.id;
  o["token"] = created.token;
  o["expires_at"] = format_rfc3339(s.expires_at);
  o["return_url"] = optional_string(s.return_url);
  o["customer_portal_url"] = portal_url;
  o["customer_id"] = s.customer_id;
  o["customer"] = customer_json(created.customer);
  return o;
}

}  // namespace sk::json
