// Polar's wire shapes for webhook endpoints, events and deliveries, and its ListResource envelope.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/webhook_model.hpp"

namespace sk::json {

boost::json::object webhook_endpoint_json(const domain::WebhookEndpointView&);
boost::json::object webhook_event_json(const domain::WebhookEvent&);
boost::json::object webhook_delivery_json(const domain::WebhookDeliveryView&);

// {"items": [...], "pagination": {"total_count", "max_page"}}; max_page = ceil(total / limit).
boost::json::object list_resource_json(boost::json::array items, long long total_count, int limit);

template <class T, class Shape>
boost::json::object list_resource_json(const domain::Page<T>& page, int limit, Shape shape) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.emplace_back(shape(item));
  return list_resource_json(std::move(items), page.total_count, limit);
}

}  // namespace sk::json
