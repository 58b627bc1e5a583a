// Organizations' invitation policies (how invitations go out, how long claim links live).
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

Result<InvitationPolicy> PgRepository::find_invitation_policy(const Id& organization_id) {
  SK_TRY(found, fetch_one(
                    db_, "SELECT send_email, lifetime_seconds FROM invitation_policies WHERE organization_id = $1",
                    [](const Row& r) -> Result<InvitationPolicy> {
                      InvitationPolicy policy{r.boolean(0), std::nullopt};
                      if (auto seconds = r.opt_int64(1)) policy.lifetime = std::chrono::seconds(*seconds);
                      return policy;
                    },
                    organization_id));
  return found.value_or(InvitationPolicy{});
}

Status PgRepository::save_invitation_policy(const Id& organization_id, const InvitationPolicy& policy, Timestamp at) {
  std::optional<long long> lifetime;
  if (policy.lifetime) lifetime = policy.lifetime->count();
  SK_TRY(result, db_.query("INSERT INTO invitation_policies (organization_id, send_email, lifetime_seconds, modified_at) "
                           "VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id) DO UPDATE SET "
                           "send_email = excluded.send_email, lifetime_seconds = excluded.lifetime_seconds, "
                           "modified_at = excluded.modified_at",
                           organization_id, policy.send_email, lifetime, at));
  return {};
}

}  // namespace sk::storage::postgres
