// SqlUpkeep: the token lifecycle, retention (old rows deleted in bounded batches, so one job
// never holds the writer or row locks for long; SKIP LOCKED leaves rows another instance is
// deleting to it) and the failing streak of webhook endpoints, for both stores.
#pragma once

#include <optional>
#include <vector>

#include "storage/common/encoding.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

template <class Db>
Result<std::vector<domain::AccessTokenListing>> SqlUpkeep<Db>::list_access_tokens(const domain::Id& organization_id) {
  return fetch_all(
      db_, SK_SQL_LIST_ACCESS_TOKENS,
      [](const auto& r) -> Result<domain::AccessTokenListing> {
        return domain::AccessTokenListing{
            domain::AccessToken{r.text(0), r.text(1), split_words(r.text(2)), r.opt_timestamp(3)}, r.timestamp(4),
            r.opt_timestamp(5)};
      },
      organization_id);
}

template <class Db>
Result<bool> SqlUpkeep<Db>::revoke_access_token(const domain::Id& id, Timestamp at) {
  SK_TRY(revoked, affected_rows(db_, SK_SQL_REVOKE_ACCESS_TOKEN, id, at));
  return revoked > 0;
}

template <class Db>
Result<domain::PrunedRows> SqlUpkeep<Db>::prune_old_rows(const domain::RetentionCutoffs& cutoffs, int limit) {
  domain::PrunedRows pruned;
  SK_TRY(outbox, affected_rows(db_, SK_SQL_PRUNE_DELIVERED_OUTBOX, cutoffs.delivered_outbox_before, limit));
  pruned.outbox = outbox;
  SK_TRY(logs, affected_rows(db_, SK_SQL_PRUNE_DELIVERY_LOGS, cutoffs.delivery_logs_before, limit));
  pruned.delivery_logs = logs;
  SK_TRY(members, affected_rows(db_, SK_SQL_PRUNE_MEMBER_SESSIONS, cutoffs.sessions_expired_before, limit));
  SK_TRY(customers, affected_rows(db_, SK_SQL_PRUNE_CUSTOMER_SESSIONS, cutoffs.sessions_expired_before, limit));
  pruned.sessions = members + customers;
  return pruned;
}

template <class Db>
Result<std::optional<Timestamp>> SqlUpkeep<Db>::note_webhook_endpoint_health(const domain::Id& endpoint_id,
                                                                             bool succeeded, Timestamp attempted_at) {
  if (succeeded) {
    SK_CHECK(run_sql(db_, SK_SQL_ENDPOINT_SUCCEEDED, endpoint_id));
    return std::optional<Timestamp>{};
  }
  SK_TRY(since, fetch_one(db_, SK_SQL_ENDPOINT_FAILED,
                          [](const auto& r) -> Result<std::optional<Timestamp>> { return r.opt_timestamp(0); },
                          endpoint_id, attempted_at));
  return since ? *since : std::optional<Timestamp>{};
}

}  // namespace sk::storage
