// The storage port, outbox: what must leave the system, written in the transaction of its change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/model.hpp"

namespace sk::domain {

// The outbox's topics: each has its own delivery worker.
inline constexpr char kEmailOutboxTopic[] = "email";
inline constexpr char kWebhookOutboxTopic[] = "webhook_event";

struct OutboxMessage {
  Id id;
  std::string topic;  // kEmailOutboxTopic | kWebhookOutboxTopic
  Id organization_id;
  std::string event_type;  // e.g. "customer_seat.assigned", "seat_invitation"
  std::string payload;     // JSON text; for e-mail, sealed (encrypted) because it carries a claim link
  Timestamp created_at;
  Timestamp available_at;
  int attempts = 0;
  // X-Request-Id of the request whose transaction wrote the row; none for background work.
  std::optional<std::string> request_id = std::nullopt;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;

  // the durable outbox, written in the same transaction as the change it reports
  virtual Status append_outbox(const OutboxMessage&) = 0;
  virtual Result<std::vector<OutboxMessage>> due_outbox(const std::string& topic, Timestamp now, int limit) = 0;
  // Takes up to `limit` due messages for delivery: each becomes invisible to other workers until
  // `lease_until` (so a crashed worker's messages come back), oldest first. Write jobs only.
  virtual Result<std::vector<OutboxMessage>> claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                          Timestamp lease_until) = 0;
  virtual Status complete_outbox(const Id& id, Timestamp at) = 0;
  virtual Status reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) = 0;

};

}  // namespace sk::domain
