// Request shapes of /v1/webhooks: bodies and query strings to typed values, or Polar's 422s.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "domain/webhook_model.hpp"
#include "domain/webhook_service.hpp"
#include "http/message.hpp"

namespace sk::http {

// Unless `allow_private_targets`, a URL whose host is a non-public address literal (in any
// spelling) is refused with a 422 at ["body", "url"]; names are checked when delivering.
std::expected<domain::WebhookEndpointCreate, Response> parse_webhook_endpoint_create(const boost::json::value& body,
                                                                                    bool allow_private_targets);
std::expected<domain::WebhookEndpointUpdate, Response> parse_webhook_endpoint_update(const boost::json::value& body,
                                                                                    bool allow_private_targets);

// page (default 1) and limit (default 10, at most 100), both > 0.
std::expected<domain::PageRequest, Response> parse_page(const Request&);

// Every value of a repeated UUID4 query parameter (empty when absent).
std::expected<std::vector<std::string>, Response> uuid4_list_param(const Request&, std::string_view name);

// The filters of GET /v1/webhooks/deliveries.
std::expected<domain::DeliveryFilter, Response> parse_delivery_filter(const Request&);

}  // namespace sk::http
