// Polar's wire shapes for the management API: Customer, Product (with its seat-based price),
// Subscription, Order, CustomerSession and the list envelope. Every field Polar's models declare
// is present; what seatkeeper has no notion of (amounts, taxes, discounts, billing details,
// benefits, meters, media) carries the schema's neutral value (0, [], {}, false, null).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/commerce.hpp"

namespace sk::json {

boost::json::object customer_json(const domain::Customer&);
boost::json::object price_json(const domain::Product&);
boost::json::object product_json(const domain::Product&);
boost::json::object subscription_json(const domain::SubscriptionView&);
boost::json::object order_json(const domain::OrderView&);
boost::json::object customer_session_json(const domain::CreatedCustomerSession&, const std::string& portal_url);

// {"items": [...], "pagination": {"total_count", "max_page"}}; max_page = ceil(total / limit).
boost::json::object list_json(boost::json::array items, long long total_count, int limit);

// Stored JSON text (metadata) as a value; {} if it is not an object.
boost::json::value json_object_text(const std::string& text);

}  // namespace sk::json
