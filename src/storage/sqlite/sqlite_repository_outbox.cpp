// The durable outbox. The single writer makes claiming a plain select-then-update.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Status SqliteRepository::append_outbox(const OutboxMessage& m) {
  return db_.run(SK_SQL_INSERT_OUTBOX, m.id, m.topic, m.organization_id, m.event_type, m.payload, m.created_at,
                 m.available_at, m.attempts, m.request_id);
}

Result<std::vector<OutboxMessage>> SqliteRepository::due_outbox(const std::string& topic, Timestamp now, int limit) {
  return fetch_all(db_, SK_SQL_DUE_OUTBOX, read_outbox, topic, now, limit);
}

Result<std::vector<OutboxMessage>> SqliteRepository::claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                                  Timestamp lease_until) {
  // The single writer makes select-then-update atomic; no other worker can interleave.
  SK_TRY(due, due_outbox(topic, now, limit));
  for (auto& message : due) {
    SK_CHECK(db_.run("UPDATE outbox SET available_at = ?2 WHERE id = ?1", message.id, lease_until));
    message.available_at = lease_until;
  }
  return due;
}

Status SqliteRepository::complete_outbox(const Id& id, Timestamp at) {
  return update_one(db_, "outbox message", SK_SQL_COMPLETE_OUTBOX, id, at);
}

Status SqliteRepository::reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) {
  return update_one(db_, "outbox message", SK_SQL_RESCHEDULE_OUTBOX, id, next_attempt_at, last_error);
}

}  // namespace sk::storage::sqlite
