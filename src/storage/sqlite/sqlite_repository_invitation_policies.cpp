// Organizations' invitation policies (how invitations go out, how long claim links live).
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Result<InvitationPolicy> SqliteRepository::find_invitation_policy(const Id& organization_id) {
  SK_TRY(found, fetch_one(
                    db_, "SELECT send_email, lifetime_seconds FROM invitation_policies WHERE organization_id = ?1",
                    [](const Query& q) -> Result<InvitationPolicy> {
                      InvitationPolicy policy{q.int64(0) != 0, std::nullopt};
                      if (auto seconds = q.opt_int64(1)) policy.lifetime = std::chrono::seconds(*seconds);
                      return policy;
                    },
                    organization_id));
  return found.value_or(InvitationPolicy{});
}

Status SqliteRepository::save_invitation_policy(const Id& organization_id, const InvitationPolicy& policy, Timestamp at) {
  std::optional<long long> lifetime;
  if (policy.lifetime) lifetime = policy.lifetime->count();
  return db_.run("INSERT INTO invitation_policies (organization_id, send_email, lifetime_seconds, modified_at) "
                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (organization_id) DO UPDATE SET send_email = excluded.send_email, "
                 "lifetime_seconds = excluded.lifetime_seconds, modified_at = excluded.modified_at",
                 organization_id, policy.send_email ? 1 : 0, lifetime, at);
}

}  // namespace sk::storage::sqlite
