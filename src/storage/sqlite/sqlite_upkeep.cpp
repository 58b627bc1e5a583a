// Upkeep of what accumulates: the token lifecycle, retention (old rows deleted in bounded batches
// so one job never holds the writer for long) and the failing streak of webhook endpoints.
#include "storage/sqlite/sqlite_upkeep.hpp"

#include "storage/sqlite/sqlite_fetch.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<AccessTokenListing>> SqliteUpkeep::list_access_tokens(const Id& organization_id) {
  return fetch_all(
      db_,
      "SELECT id, organization_id, scopes, expires_at, created_at, revoked_at FROM access_tokens "
      "WHERE organization_id = ?1 ORDER BY created_at, id",
      [](const Query& q) -> Result<AccessTokenListing> {
        return AccessTokenListing{AccessToken{q.text(0), q.text(1), words(q.text(2)), q.opt_timestamp(3)},
                                  q.timestamp(4), q.opt_timestamp(5)};
      },
      organization_id);
}

Result<bool> SqliteUpkeep::revoke_access_token(const Id& id, Timestamp at) {
  SK_CHECK(db_.run("UPDATE access_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", id, at));
  return db_.changes() > 0;
}

Result<PrunedRows> SqliteUpkeep::prune_old_rows(const RetentionCutoffs& cutoffs, int limit) {
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

Result<std::optional<Timestamp>> SqliteUpkeep::note_webhook_endpoint_health(const Id& endpoint_id, bool succeeded,
                                                                            Timestamp attempted_at) {
  if (succeeded) {
    SK_CHECK(db_.run("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?1", endpoint_id));
    return std::optional<Timestamp>{};
  }
  SK_CHECK(db_.run("UPDATE webhook_endpoints SET failing_since = CASE "
                   "WHEN failing_since IS NULL OR failing_since < coalesce(modified_at, 0) THEN ?2 "
                   "ELSE failing_since END WHERE id = ?1",
                   endpoint_id, attempted_at));
  SK_TRY(since, fetch_one(db_, "SELECT failing_since FROM webhook_endpoints WHERE id = ?1",
                          [](const Query& q) -> Result<std::optional<Timestamp>> { return q.opt_timestamp(0); },
                          endpoint_id));
  return since ? *since : std::optional<Timestamp>{};
}

}  // namespace sk::storage::sqlite
