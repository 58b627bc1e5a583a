// The storage port, webhooks: endpoints, their ordered event queues and the delivery log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/outbox_repository.hpp"
#include "domain/paging.hpp"
#include "domain/webhook_model.hpp"

namespace sk::domain {

class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;

  // ---- webhooks: endpoints, their ordered event queues and the delivery log ----
  virtual Status insert_webhook_endpoint(const WebhookEndpoint&) = 0;
  // Writes every field. Enabling an endpoint that has queued events makes it due at `now`;
  // disabling it parks its queue (nothing is sent, nothing is dropped).
  virtual Status update_webhook_endpoint(const WebhookEndpoint&, Timestamp now) = 0;
  // Soft delete: the endpoint disappears from the API and its queued events are dropped.
  virtual Status delete_webhook_endpoint(const Id& id, Timestamp at) = 0;
  virtual Result<std::optional<WebhookEndpoint>> find_webhook_endpoint(const Id& organization_id, const Id& id) = 0;
  virtual Result<Page<WebhookEndpoint>> list_webhook_endpoints(const Id& organization_id, PageRequest) = 0;  // created_at, id
  // The organization's live endpoints (enabled or not) subscribed to `event_type`.
  virtual Result<std::vector<WebhookEndpoint>> find_subscribed_webhook_endpoints(const Id& organization_id,
                                                                                 const std::string& event_type) = 0;
  // The oldest undelivered messages of a topic, in the order they were committed (not by clock).
  virtual Result<std::vector<OutboxMessage>> oldest_outbox(const std::string& topic, int limit) = 0;
  // Appends the event to its endpoint's queue (or records it as already done when `event.done`);
  // an idle, enabled endpoint becomes due at `now`.
  virtual Status enqueue_webhook_event(const WebhookEvent&, Timestamp now) = 0;
  virtual Result<std::optional<WebhookEvent>> find_webhook_event(const Id& organization_id, const Id& id) = 0;
  // Redelivery: queues the event again with a fresh retry window; an endpoint waiting out a
  // back-off becomes due at `now`.
  virtual Status requeue_webhook_event(const Id& id, Timestamp now) = 0;
  // Leases the head event of up to `limit` due endpoints until `lease_until`: one event in flight per
  // endpoint, so each endpoint receives its events in order. Write jobs only.
  virtual Result<std::vector<WebhookTicket>> claim_webhook_tickets(Timestamp now, int limit, Timestamp lease_until) = 0;
  // Logs the attempt; if the lease is still ours, updates the event and schedules the endpoint.
  virtual Status record_webhook_attempt(const WebhookAttemptResult&, Timestamp now) = 0;
  // Gives a lease back unused (the attempt was abandoned at shutdown): the endpoint is due at `now`.
  virtual Status release_webhook_lease(const Id& endpoint_id, const std::string& lease_token, Timestamp now) = 0;
  virtual Result<Page<WebhookDeliveryView>> list_webhook_deliveries(const Id& organization_id, const DeliveryFilter&,
                                                                    PageRequest) = 0;  // newest first

};

}  // namespace sk::domain
