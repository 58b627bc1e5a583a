// Upkeep of what accumulates: the token lifecycle, retention (old rows deleted in bounded batches
// so one job never holds row locks for long; SKIP LOCKED leaves rows another instance is deleting
// to it) and the failing streak of webhook endpoints.
#include "storage/postgres/pg_upkeep.hpp"

#include "storage/postgres/pg_fetch.hpp"

namespace sk::storage::postgres {

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

Result<std::vector<AccessTokenListing>> PgUpkeep::list_access_tokens(const Id& organization_id) {
  return fetch_all(
      db_,
      "SELECT id, organization_id, scopes, expires_at, created_at, revoked_at FROM access_tokens "
      "WHERE organization_id = $1 ORDER BY created_at, id",
      [](const Row& r) -> Result<AccessTokenListing> {
        return AccessTokenListing{AccessToken{r.text(0), r.text(1), words(r.text(2)), r.opt_timestamp(3)},
                                  r.timestamp(4), r.opt_timestamp(5)};
      },
      organization_id);
}

Result<bool> PgUpkeep::revoke_access_token(const Id& id, Timestamp at) {
  SK_TRY(result, db_.query("UPDATE access_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", id, at));
  return result.affected() > 0;
}

Result<PrunedRows> PgUpkeep::prune_old_rows(const RetentionCutoffs& cutoffs, int limit) {
  PrunedRows pruned;
  SK_TRY(outbox, db_.query("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
                           "WHERE delivered_at IS NOT NULL AND delivered_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
                           cutoffs.delivered_outbox_before, limit));
  pruned.outbox = outbox.affected();
  SK_TRY(logs, db_.query("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                         "WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
                         cutoffs.delivery_logs_before, limit));
  pruned.delivery_logs = logs.affected();
  SK_TRY(members, db_.query("DELETE FROM member_sessions WHERE id IN (SELECT id FROM member_sessions "
                            "WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
                            cutoffs.sessions_expired_before, limit));
  SK_TRY(customers, db_.query("DELETE FROM customer_sessions WHERE id IN (SELECT id FROM customer_sessions "
                              "WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
                              cutoffs.sessions_expired_before, limit));
  pruned.sessions = members.affected() + customers.affected();
  return pruned;
}

Result<std::optional<Timestamp>> PgUpkeep::note_webhook_endpoint_health(const Id& endpoint_id, bool succeeded,
                                                                        Timestamp attempted_at) {
  if (succeeded) {
    SK_CHECK(db_.query("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1", endpoint_id));
    return std::optional<Timestamp>{};
  }
  SK_TRY(since, fetch_one(db_,
                          "UPDATE webhook_endpoints SET failing_since = CASE "
                          "WHEN failing_since IS NULL OR failing_since < coalesce(modified_at, 0) THEN $2 "
                          "ELSE failing_since END WHERE id = $1 RETURNING failing_since",
                          [](const Row& r) -> Result<std::optional<Timestamp>> { return r.opt_timestamp(0); },
                          endpoint_id, attempted_at));
  return since ? *since : std::optional<Timestamp>{};
}

}  // namespace sk::storage::postgres
