// The store's upkeep port: the token lifecycle, retention and the failing streak of webhook
// endpoints. Apart from domain::Repository because only the admin CLI, the retention job and the
// webhook dispatcher need it; storage/upkeep.hpp gives one bound to a job's transaction.
#pragma once

#include <optional>
#include <vector>

#include "common/error.hpp"
#include "common/time.hpp"
#include "domain/model.hpp"

namespace sk::domain {

// An access token as `admin list-tokens` shows it. Its secret is not stored, only a keyed hash.
struct AccessTokenListing {
  AccessToken token;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

// Retention: rows older than these are deleted, a bounded batch per kind at a time.
struct RetentionCutoffs {
  Timestamp delivered_outbox_before;  // outbox rows delivered before this
  Timestamp delivery_logs_before;     // webhook delivery attempts logged before this
  Timestamp sessions_expired_before;  // member and customer sessions that expired before this
};

struct PrunedRows {
  long long outbox = 0;
  long long delivery_logs = 0;
  long long sessions = 0;
  long long total() const { return outbox + delivery_logs + sessions; }
};

class UpkeepRepository {
 public:
  virtual ~UpkeepRepository() = default;

  virtual Result<std::vector<AccessTokenListing>> list_access_tokens(const Id& organization_id) = 0;  // oldest first
  // Revokes the token at once for every instance (Repository::find_access_token never finds a
  // revoked one); false when no unrevoked token has this id.
  virtual Result<bool> revoke_access_token(const Id& id, Timestamp at) = 0;

  // Retention: deletes up to `limit` rows of each kind older than the cut-offs.
  virtual Result<PrunedRows> prune_old_rows(const RetentionCutoffs&, int limit) = 0;

  // Tracks since when an endpoint has failed without a success in between: cleared by a success,
  // set by the first failure after one (or after the endpoint was last modified, e.g. re-enabled
  // or given a new URL). Returns the start of the failing streak, if any.
  virtual Result<std::optional<Timestamp>> note_webhook_endpoint_health(const Id& endpoint_id, bool succeeded,
                                                                        Timestamp attempted_at) = 0;
};

}  // namespace sk::domain
