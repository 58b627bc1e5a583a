#include "json/customer_portal_json.hpp"

#include "json/commerce_json.hpp"
#include "json/model_json.hpp"

namespace sk::json {

namespace bj = boost::json;

bj::object customer_organization_json(const domain::Organization& org) {
  bj::object o;
  o["created_at"] = format_rfc3339(org.created_at);
  o["modified_at"] = nullptr;
  o["id"] = org.id;
  o["name"] = org.name;
  o["slug"] = org.slug;
  o["avatar_url"] = nullptr;
  o["proration_behavior"] = "prorate";
  // The portal cannot change subscriptions here (no plan or seat-count changes, no pausing).
  o["allow_customer_updates"] = false;
  o["customer_portal_settings"] = bj::object{
      {"usage", bj::object{{"show", false}}},
      {"subscription", bj::object{{"update_seats", false}, {"update_plan", false}, {"pause", false}}},
      {"customer", bj::object{{"allow_email_change", false}}},
  };
  o["organization_features"] =
      bj::object{{"member_model_enabled", true}, {"checkout_localization_enabled", false}};  // member model only
  return o;
}

// CustomerSubscription is Polar's Subscription without the merchant-only fields (customer,
// metadata, custom_field_data, discount), and with the product as the customer sees it.
bj::object customer_subscription_json(const domain::SubscriptionView& view, const domain::Organization& org) {
  bj::object o = subscription_json(view);
  for (const char* merchant_only : {"customer", "metadata", "custom_field_data", "discount"}) o.erase(merchant_only);
  bj::object product = product_json(view.product);
  for (const char* merchant_only : {"metadata", "attached_custom_fields"}) product.erase(merchant_only);
  product["organization"] = customer_organization_json(org);
  o["product"] = std::move(product);
  return o;
}

}  // namespace sk::json
