// How webhook events move: fanned out of the outbox into one queued event per subscribed endpoint,
// then attempted one at a time per endpoint until delivered or given up.
#pragma once

#include <optional>
#include <string>

#include "common/backoff.hpp"
#include "common/error.hpp"
#include "domain/repository.hpp"
#include "domain/webhook_model.hpp"

namespace sk::domain {

// Moves up to `limit` "webhook_event" outbox messages, oldest first, into the queues of the
// endpoints of their organization subscribed to their type (recorded as skipped for disabled
// endpoints), then marks them done. Run it as one write job: the fan-out of a message is all or
// nothing, so a crash neither loses an event nor queues it twice. Returns how many it moved.
Result<int> fan_out_webhook_events(Repository&, Timestamp now, int limit,
                                   DeliveredOutbox delivered = DeliveredOutbox::keep);

struct AttemptOutcome {
  Timestamp started_at;
  std::optional<int> http_code;  // null: no HTTP answer (refused, timed out, TLS failure...)
  std::string response;          // an excerpt of the answer's body, or the transport error
  long long duration_ms = 0;
};

bool is_delivered(const AttemptOutcome&);  // a 2xx answer

// What to record for one attempt: a 2xx finishes the event; a failure is retried after the
// policy's back-off, until its retry window has passed, and then it is given up (finished too).
WebhookAttemptResult settle_webhook_attempt(const WebhookTicket&, const AttemptOutcome&, Id delivery_id,
                                            Timestamp now, const RetryPolicy&, double unit_random);

}  // namespace sk::domain
