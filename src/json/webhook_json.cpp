#include "json/webhook_json.hpp"

#include "json/model_json.hpp"
#include "json/webhook_body.hpp"

namespace sk::json {

namespace bj = boost::json;

namespace {

bj::value optional_int(const std::optional<int>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value optional_bool(const std::optional<bool>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

}  // namespace

bj::object webhook_endpoint_json(const domain::WebhookEndpointView& view) {
  const auto& e = view.endpoint;
  bj::array events;
  for (const auto& type : e.events) events.emplace_back(type);
  bj::object o;
  o.reserve(10);
  o["created_at"] = format_rfc3339(e.created_at);
  o["modified_at"] = timestamp(e.modified_at);
  o["id"] = e.id;
  o["url"] = e.url;
  o["name"] = optional_string(e.name);
  o["format"] = e.format;
  o["secret"] = view.secret;
  o["organization_id"] = e.organization_id;
  o["events"] = std::move(events);
  o["enabled"] = e.enabled;
  return o;
}

bj::object webhook_event_json(const domain::WebhookEvent& e) {
  bj::object o;
  o.reserve(9);
  o["created_at"] = format_rfc3339(e.created_at);
  o["modified_at"] = timestamp(e.modified_at);
  o["id"] = e.id;
  o["last_http_code"] = optional_int(e.last_http_code);
  o["succeeded"] = optional_bool(e.succeeded);
  o["skipped"] = e.skipped;
  o["payload"] = webhook_body(e.payload).value_or(e.payload);  // as it was sent
  o["type"] = e.type;
  o["is_archived"] = false;  // seatkeeper keeps every payload
  return o;
}

bj::object webhook_delivery_json(const domain::WebhookDeliveryView& view) {
  const auto& d = view.delivery;
  bj::object o;
  o.reserve(8);
  o["created_at"] = format_rfc3339(d.created_at);
  o["modified_at"] = nullptr;
  o["id"] = d.id;
  o["succeeded"] = d.succeeded;
  o["http_code"] = optional_int(d.http_code);
  o["response"] = optional_string(d.response);
  o["webhook_event"] = webhook_event_json(view.event);
  o["duration_ms"] = d.duration_ms;  // seatkeeper addition: how long the attempt took
  return o;
}

}  // namespace sk::json
