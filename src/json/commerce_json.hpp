// Polar's wire shapes for the management API: Customer, Product (with its seat-based price),
// Subscription, Order and CustomerSession. Every field Polar's models declare
// is present; what seatkeeper has no notion of (amounts, taxes, discounts, billing details,
// benefits, meters, media) carries the schema's neutral value (0, [], {}, false, null).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/commerce.hpp"
#include "json/list_json.hpp"  // list_resource_json, used with these shapes

namespace sk::json {

boost::json::object customer_json(const domain::Customer&);
boost::json::object price_json(const domain::Product&);
boost::json::object product_json(const domain::Product&);
boost::json::object subscription_json(const domain::SubscriptionView&);
boost::json::object order_json(const domain::OrderView&);
boost::json::object customer_session_json(const domain::CreatedCustomerSession&, const std::string& portal_url);

// Stored JSON text (metadata) as a value; {} if it is not an object.
boost::json::value json_object_text(const std::string& text);

}  // namespace sk::json
