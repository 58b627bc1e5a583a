// The outbox as the single writer reads it: claims and the webhook fan-out need no locks.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Result<std::vector<OutboxMessage>> SqliteRepository::claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                                  Timestamp lease_until) {
  // The single writer makes select-then-update atomic; no other worker can interleave.
  SK_TRY(due, due_outbox(topic, now, limit));
  for (auto& message : due) {
    SK_CHECK(db_.run("UPDATE outbox SET available_at = $2 WHERE id = $1", message.id, lease_until));
    message.available_at = lease_until;
  }
  return due;
}

Result<std::vector<OutboxMessage>> SqliteRepository::oldest_outbox(const std::string& topic, int limit) {
  // rowid is the insertion order, and the single writer inserts in commit order.
  return fetch_all(db_,
                   "SELECT " SK_OUTBOX_COLUMNS " FROM outbox WHERE topic = $1 AND delivered_at IS NULL "
                   "ORDER BY rowid LIMIT $2",
                   read_outbox, topic, limit);
}

}  // namespace sk::storage::sqlite
