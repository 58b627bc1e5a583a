// Upkeep of what accumulates: retention (old rows nobody reads any more, deleted in bounded
// batches so one job never holds the writer for long) and the failing streak of webhook endpoints.
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Result<PrunedRows> SqliteRepository::prune_old_rows(const RetentionCutoffs& cutoffs, int limit) {
  PrunedRows pruned;
  SK_CHECK(db_.run("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
                   "WHERE delivered_at IS NOT NULL AND delivered_at < ?1 LIMIT ?2)",
                   cutoffs.delivered_outbox_before, limit));
  pruned.outbox = db_.changes();
  SK_CHECK(db_.run("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                   "WHERE created_at < ?1 LIMIT ?2)",
                   cutoffs.delivery_logs_before, limit));
  pruned.delivery_logs = db_.changes();
  SK_CHECK(db_.run("DELETE FROM member_sessions WHERE id IN (SELECT id FROM member_sessions "
                   "WHERE expires_at < ?1 LIMIT ?2)",
                   cutoffs.sessions_expired_before, limit));
  pruned.sessions = db_.changes();
  SK_CHECK(db_.run("DELETE FROM customer_sessions WHERE id IN (SELECT id FROM customer_sessions "
                   "WHERE expires_at < ?1 LIMIT ?2)",
                   cutoffs.sessions_expired_before, limit));
  pruned.sessions += db_.changes();
  return pruned;
}

Result<std::optional<Timestamp>> SqliteRepository::note_webhook_endpoint_health(const Id& endpoint_id, bool succeeded,
                                                                                Timestamp attempted_at) {
  if (succeeded) {
    SK_CHECK(db_.run("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?1", endpoint_id));
    return std::optional<Timestamp>{};
  }
  SK_CHECK(db_.run("UPDATE webhook_endpoints SET failing_since = CASE "
                   "WHEN failing_since IS NULL OR failing_since < coalesce(modified_at, 0) THEN ?2 "
                   "ELSE failing_since END WHERE id = ?1", endpoint_id,
                   attempted_at));
  SK_TRY(since, fetch_one(db_, "SELECT failing_since FROM webhook_endpoints WHERE id = ?1",
                          [](const Query& q) -> Result<std::optional<Timestamp>> { return q.opt_timestamp(0); },
                          endpoint_id));
  return since ? *since : std::optional<Timestamp>{};
}

}  // namespace sk::storage::sqlite
