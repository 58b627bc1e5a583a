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

// What becomes of a message once it is delivered: kept, marked delivered, until the retention job
// prunes it, or removed at once so the outbox holds only what is still to send. A message given up
// on (past its retry window) is always marked delivered with its last error, whatever this says,
// so the error stays readable until the retention job's next pass.
enum class DeliveredOutbox { keep, remove };

struct OutboxMessage {
  Id id;
  std::string topic;  // kEmailOutboxTopic | kWebhookOutboxTopic
  Id organization_id;
  std::string event_type;  // e.g. "customer_seat.assigned", "seat_invitation"
  // Webhook events: a seat event record (seat_event_record.hpp), or JSON text in rows written
  // before records; e-mail: sealed (encrypted) JSON, because it carries a claim link.
  std::string payload;
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
  // Deletes a delivered message outright (DeliveredOutbox::remove); not found if it is not there.
  virtual Status remove_outbox(const Id& id) = 0;

};

// Marks a message delivered, or deletes it, as `what` says.
inline Status finish_outbox(OutboxRepository& repo, const Id& id, Timestamp at, DeliveredOutbox what) {
  return what == DeliveredOutbox::keep ? repo.complete_outbox(id, at) : repo.remove_outbox(id);
}

}  // namespace sk::domain
