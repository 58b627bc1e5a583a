#include "domain/webhook_queue.hpp"

#include "crypto/crypto.hpp"

namespace sk::domain {

Result<int> fan_out_webhook_events(Repository& repo, Timestamp now, int limit, DeliveredOutbox delivered) {
  SK_TRY(messages, repo.oldest_outbox(kWebhookOutboxTopic, limit));
  for (const auto& message : messages) {
    SK_TRY(endpoints, repo.find_subscribed_webhook_endpoints(message.organization_id, message.event_type));
    for (const auto& endpoint : endpoints) {
      WebhookEvent event;
      event.id = crypto::uuid_v4();
      event.endpoint_id = endpoint.id;
      event.organization_id = message.organization_id;
      event.type = message.event_type;
      event.payload = message.payload;
      event.created_at = message.created_at;  // when it happened, not when it was fanned out
      // Polar's rule: an event for a disabled endpoint is recorded as skipped and never sent.
      event.skipped = !endpoint.enabled;
      event.done = !endpoint.enabled;
      SK_CHECK(repo.enqueue_webhook_event(event, now));
    }
    // Each endpoint's queue now holds its own copy of the payload: the outbox row is spent.
    SK_CHECK(finish_outbox(repo, message.id, now, delivered));
  }
  return static_cast<int>(messages.size());
}

bool is_delivered(const AttemptOutcome& outcome) {
  return outcome.http_code && *outcome.http_code >= 200 && *outcome.http_code < 300;
}

WebhookAttemptResult settle_webhook_attempt(const WebhookTicket& ticket, const AttemptOutcome& outcome,
                                            Id delivery_id, Timestamp now, const RetryPolicy& policy,
                                            double unit_random) {
  WebhookAttemptResult result;
  WebhookDelivery& d = result.delivery;
  d.id = std::move(delivery_id);
  d.event_id = ticket.event.id;
  d.endpoint_id = ticket.event.endpoint_id;
  d.organization_id = ticket.event.organization_id;
  d.created_at = outcome.started_at;
  d.succeeded = is_delivered(outcome);
  d.http_code = outcome.http_code;
  d.response = outcome.response;
  d.duration_ms = outcome.duration_ms;
  result.lease_token = ticket.lease_token;
  if (d.succeeded) {
    result.finished = true;
    return result;
  }
  const bool window_over = now - ticket.retry_from >= policy.window;
  if (window_over) {
    result.finished = true;  // given up: the endpoint moves on to its next event
    return result;
  }
  const int failures = ticket.event.attempts + 1;
  result.retry_at = now + std::chrono::duration_cast<std::chrono::microseconds>(
                              retry_delay(failures, policy, unit_random));
  return result;
}

}  // namespace sk::domain
