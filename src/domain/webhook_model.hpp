// Webhook endpoints, the events queued for them and the log of delivery attempts, as plain values.
// Polar's model: a "webhook event" is one event for one endpoint (its id is the `webhook-id` every
// attempt carries); a "delivery" is one attempt to send it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "domain/paging.hpp"

namespace sk::domain {

struct WebhookEndpoint {
  Id id;
  Id organization_id;
  std::string url;
  std::optional<std::string> name;
  std::string format = "raw";
  std::string sealed_secret;  // the signing secret, sealed with the server secret (it is a credential)
  std::vector<std::string> events;
  bool enabled = true;
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
};

// An endpoint as the API shows it: with its secret opened.
struct WebhookEndpointView {
  WebhookEndpoint endpoint;
  std::string secret;
};

struct WebhookEvent {
  Id id;  // the `webhook-id` header: the same on every attempt
  Id endpoint_id;
  Id organization_id;
  std::string type;
  std::string payload;  // as the outbox stored it: json::webhook_body gives the body signed and sent
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
  std::optional<int> last_http_code;
  std::optional<bool> succeeded;  // null until an attempt was made
  bool skipped = false;           // the endpoint was disabled when the event occurred
  int attempts = 0;
  bool done = false;  // delivered, given up or skipped: no longer queued
};

struct WebhookDelivery {
  Id id;
  Id event_id;
  Id endpoint_id;
  Id organization_id;
  Timestamp created_at;
  bool succeeded = false;
  std::optional<int> http_code;       // null when the endpoint was unreachable
  std::optional<std::string> response;  // an excerpt of the body, or the transport error
  long long duration_ms = 0;
};

struct WebhookDeliveryView {
  WebhookDelivery delivery;
  WebhookEvent event;
};


struct DeliveryFilter {
  std::vector<Id> endpoint_ids;         // empty: any
  std::vector<std::string> event_types;  // empty: any
  std::optional<bool> succeeded;
  std::optional<int> http_code_class;  // 2, 3, 4 or 5
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
};

// The head of one endpoint's queue, leased to one sender until `lease_until`.
struct WebhookTicket {
  WebhookEvent event;
  std::string url;
  std::string sealed_secret;
  std::string lease_token;  // proves on completion that the lease was still ours
  Timestamp retry_from;     // start of the event's retry window
};

// What became of one attempt, and what the queue should do next.
struct WebhookAttemptResult {
  WebhookDelivery delivery;
  std::string lease_token;
  bool finished = false;               // succeeded or given up: the endpoint moves to its next event
  std::optional<Timestamp> retry_at;  // when not finished
};

}  // namespace sk::domain
