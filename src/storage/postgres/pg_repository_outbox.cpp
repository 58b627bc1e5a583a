// The durable outbox, shared by every instance's delivery workers.
#include <string>
#include <vector>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

#define SK_OUTBOX_COLUMNS "id, topic, organization_id, event_type, payload, created_at, available_at, attempts"

Result<OutboxMessage> read_outbox(const Row& r) {
  return OutboxMessage{r.text(0),      r.text(1),      r.text(2),
                       r.text(3),      r.text(4),      r.timestamp(5),
                       r.timestamp(6), static_cast<int>(r.int64(7))};
}

}  // namespace

Status PgRepository::append_outbox(const OutboxMessage& m) {
  return insert_unique(db_, "outbox",
                       "INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                       "ON CONFLICT DO NOTHING",
                       m.id, m.topic, m.organization_id, m.event_type, m.payload, m.created_at, m.available_at,
                       m.attempts);
}

Result<std::vector<OutboxMessage>> PgRepository::due_outbox(const std::string& topic, Timestamp now, int limit) {
  return fetch_all(db_,
                   "SELECT " SK_OUTBOX_COLUMNS " FROM outbox "
                   "WHERE topic = $1 AND delivered_at IS NULL AND available_at <= $2 "
                   "ORDER BY created_at, id LIMIT $3",
                   read_outbox, topic, now, limit);
}

// Several instances claim from one table. SKIP LOCKED makes a worker pass over rows another
// worker is claiming right now instead of waiting for them; a row whose lease another worker
// committed meanwhile fails the re-checked `available_at <= $2` and is skipped too. So a message
// is handed to one worker per lease, and comes back only if that worker never completes it.
Result<std::vector<OutboxMessage>> PgRepository::claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                              Timestamp lease_until) {
  return fetch_all(db_,
                   "WITH due AS ("
                   "  SELECT id FROM outbox WHERE topic = $1 AND delivered_at IS NULL AND available_at <= $2"
                   "  ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),"
                   " claimed AS ("
                   "  UPDATE outbox SET available_at = $4 WHERE id IN (SELECT id FROM due)"
                   "  RETURNING " SK_OUTBOX_COLUMNS ")"
                   " SELECT " SK_OUTBOX_COLUMNS " FROM claimed ORDER BY created_at, id",
                   read_outbox, topic, now, limit, lease_until);
}

Status PgRepository::complete_outbox(const Id& id, Timestamp at) {
  return update_one(db_, "outbox message", "UPDATE outbox SET delivered_at = $2 WHERE id = $1", id, at);
}

Status PgRepository::reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) {
  return update_one(db_, "outbox message",
                    "UPDATE outbox SET attempts = attempts + 1, available_at = $2, last_error = $3 WHERE id = $1", id,
                    next_attempt_at, last_error);
}

#undef SK_OUTBOX_COLUMNS

}  // namespace sk::storage::postgres
