// The webhook endpoints API (Polar's /v1/webhooks): endpoints with their signing secrets, the
// delivery log and redelivery. Inputs arrive already shaped by the http layer; these functions
// apply the rules and talk to the Repository inside the caller's transaction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "domain/model.hpp"
#include "domain/repository.hpp"
#include "domain/webhook_model.hpp"

namespace sk::domain {

struct WebhookContext {
  Timestamp now;
  std::string sealing_key;  // server secret: endpoint secrets rest sealed with it
  // Endpoints one organization may have: each costs delivery work on every event.
  long long max_endpoints_per_organization = 100;
  DeliveredOutbox delivered_outbox = DeliveredOutbox::keep;  // what fanning out does with the outbox row
};

// Polar's WebhookEventType values. seatkeeper emits the customer_seat.* ones; the others may be
// subscribed to (so code written for Polar keeps working) and simply never fire here.
std::span<const std::string_view> webhook_event_types();
bool is_webhook_event_type(std::string_view);

inline constexpr std::string_view kWebhookSecretPrefix = "polar_whs_";

struct WebhookEndpointCreate {
  std::string url;
  std::optional<std::string> name;
  std::string format = "raw";
  std::vector<std::string> events;
  std::optional<std::string> secret;  // seatkeeper extension: generated (polar_whs_...) when absent
};

// Absent fields stay as they are; `name` may be set to null.
struct WebhookEndpointUpdate {
  std::optional<std::string> url;
  std::optional<std::optional<std::string>> name;
  std::optional<std::string> format;
  std::optional<std::vector<std::string>> events;
  std::optional<bool> enabled;
};

Result<WebhookEndpointView> create_webhook_endpoint(Repository&, const WebhookContext&, const Organization&,
                                                    const WebhookEndpointCreate&);
Result<WebhookEndpointView> get_webhook_endpoint(Repository&, const WebhookContext&, const Organization&,
                                                 const Id& id);
Result<Page<WebhookEndpointView>> list_webhook_endpoints(Repository&, const WebhookContext&, const Organization&,
                                                         PageRequest);
Result<WebhookEndpointView> update_webhook_endpoint(Repository&, const WebhookContext&, const Organization&,
                                                    const Id& id, const WebhookEndpointUpdate&);
Result<WebhookEndpointView> reset_webhook_endpoint_secret(Repository&, const WebhookContext&, const Organization&,
                                                          const Id& id);
Status delete_webhook_endpoint(Repository&, const WebhookContext&, const Organization&, const Id& id);

Result<Page<WebhookDeliveryView>> list_webhook_deliveries(Repository&, const Organization&, const DeliveryFilter&,
                                                          PageRequest);
// Sends the event to its endpoint again, with the same webhook-id.
Status redeliver_webhook_event(Repository&, const WebhookContext&, const Organization&, const Id& event_id);

}  // namespace sk::domain
