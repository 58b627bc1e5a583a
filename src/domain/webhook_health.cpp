#include "domain/webhook_health.hpp"

namespace sk::domain {

Result<bool> note_endpoint_health(Repository& repo, UpkeepRepository& upkeep, const WebhookDelivery& attempt,
                                  Timestamp now, std::chrono::seconds disable_after) {
  SK_TRY(failing_since, upkeep.note_webhook_endpoint_health(attempt.endpoint_id, attempt.succeeded, attempt.created_at));
  if (!failing_since || now - *failing_since < disable_after) return false;
  SK_TRY(endpoint, repo.find_webhook_endpoint(attempt.organization_id, attempt.endpoint_id));
  if (!endpoint || !endpoint->enabled) return false;
  endpoint->enabled = false;
  endpoint->modified_at = now;
  SK_CHECK(repo.update_webhook_endpoint(*endpoint, now));
  return true;
}

}  // namespace sk::domain
