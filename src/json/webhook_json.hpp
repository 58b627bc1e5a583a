// Polar's wire shapes for webhook endpoints, events and deliveries.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/webhook_model.hpp"
#include "json/list_json.hpp"  // list_resource_json, used with these shapes

namespace sk::json {

boost::json::object webhook_endpoint_json(const domain::WebhookEndpointView&);
boost::json::object webhook_event_json(const domain::WebhookEvent&);
boost::json::object webhook_delivery_json(const domain::WebhookDeliveryView&);

}  // namespace sk::json
