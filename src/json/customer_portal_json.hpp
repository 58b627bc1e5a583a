// Polar's customer-portal wire shapes: CustomerSubscription, with its CustomerSubscriptionProduct
// and CustomerOrganization. Every field Polar's models declare is present; what seatkeeper has
// no notion of (amounts, benefits, medias, meters, pending updates, portal settings it does not
// offer) carries the schema's neutral value, as in commerce_json.
#pragma once

#include <boost/json/object.hpp>

#include "domain/commerce.hpp"

namespace sk::json {

boost::json::object customer_organization_json(const domain::Organization&);
boost::json::object customer_subscription_json(const domain::SubscriptionView&, const domain::Organization&);

}  // namespace sk::json
