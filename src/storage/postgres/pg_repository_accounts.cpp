// Organizations, their access tokens, and member sessions.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

Status PgRepository::insert_organization(const Organization& o) {
  return insert_unique(db_, "organizations", SK_SQL_INSERT_ORGANIZATION " ON CONFLICT DO NOTHING", o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Result<std::optional<Organization>> PgRepository::find_organization(const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION, read_organization, id);
}

Result<std::optional<Organization>> PgRepository::find_organization_by_slug(const std::string& slug) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION_BY_SLUG, read_organization, slug);
}

Status PgRepository::update_organization(const Organization& o) {
  return update_one(db_, "organization", SK_SQL_UPDATE_ORGANIZATION, o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Status PgRepository::insert_access_token(const AccessToken& t, const std::string& token_hash) {
  return insert_unique(db_, "access_tokens", SK_SQL_INSERT_ACCESS_TOKEN " ON CONFLICT DO NOTHING", t.id, t.organization_id, token_hash, join_words(t.scopes), t.expires_at, now_utc());
}

Result<std::optional<AccessToken>> PgRepository::find_access_token(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_ACCESS_TOKEN, read_access_token, token_hash);
}

// ---- sessions ----

Status PgRepository::insert_member_session(const MemberSession& s) {
  return insert_unique(db_, "member_sessions", SK_SQL_INSERT_MEMBER_SESSION " ON CONFLICT DO NOTHING", s.id, s.token_hash, s.member_id, s.expires_at, s.created_at);
}

Result<std::optional<MemberSession>> PgRepository::find_member_session(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_SESSION, read_member_session, token_hash);
}

}  // namespace sk::storage::postgres
