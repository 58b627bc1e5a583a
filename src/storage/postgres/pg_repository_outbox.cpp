// The durable outbox, shared by every instance's delivery workers.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

Status PgRepository::append_outbox(const OutboxMessage& m) {
  return insert_unique(db_, "outbox", SK_SQL_INSERT_OUTBOX " ON CONFLICT DO NOTHING", m.id, m.topic, m.organization_id,
                       m.event_type, m.payload, m.created_at, m.available_at, m.attempts, m.request_id);
}

Result<std::vector<OutboxMessage>> PgRepository::due_outbox(const std::string& topic, Timestamp now, int limit) {
  return fetch_all(db_, SK_SQL_DUE_OUTBOX, read_outbox, topic, now, limit);
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
  return update_one(db_, "outbox message", SK_SQL_COMPLETE_OUTBOX, id, at);
}

Status PgRepository::reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) {
  return update_one(db_, "outbox message", SK_SQL_RESCHEDULE_OUTBOX, id, next_attempt_at, last_error);
}

}  // namespace sk::storage::postgres
