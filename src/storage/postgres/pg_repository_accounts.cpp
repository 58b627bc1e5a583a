// Organizations, their access tokens, and member sessions.
#include <string>
#include <vector>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

#define SK_ORGANIZATION_COLUMNS "id, name, slug, seat_based_pricing_enabled, created_at"

Result<Organization> read_organization(const Row& r) {
  return Organization{r.text(0), r.text(1), r.text(2), r.boolean(3), r.timestamp(4)};
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> scopes;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) scopes.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return scopes;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string text;
  for (const auto& scope : scopes) {
    if (!text.empty()) text += ' ';
    text += scope;
  }
  return text;
}

}  // namespace

Status PgRepository::insert_organization(const Organization& o) {
  return insert_unique(db_, "organizations",
                       "INSERT INTO organizations (" SK_ORGANIZATION_COLUMNS ") VALUES ($1, $2, $3, $4, $5) "
                       "ON CONFLICT DO NOTHING",
                       o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Result<std::optional<Organization>> PgRepository::find_organization(const Id& id) {
  return fetch_one(db_, "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1", read_organization, id);
}

Result<std::optional<Organization>> PgRepository::find_organization_by_slug(const std::string& slug) {
  return fetch_one(db_, "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE slug = $1", read_organization,
                   slug);
}

Status PgRepository::update_organization(const Organization& o) {
  return update_one(db_, "organization",
                    "UPDATE organizations SET name = $2, slug = $3, seat_based_pricing_enabled = $4, created_at = $5 "
                    "WHERE id = $1",
                    o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Status PgRepository::insert_access_token(const AccessToken& t, const std::string& token_hash) {
  // The model has no creation time; the row records when it was written.
  return insert_unique(db_, "access_tokens",
                       "INSERT INTO access_tokens (id, organization_id, token_hash, scopes, expires_at, created_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                       t.id, t.organization_id, token_hash, join_scopes(t.scopes), t.expires_at, now_utc());
}

Result<std::optional<AccessToken>> PgRepository::find_access_token(const std::string& token_hash) {
  return fetch_one(
      db_,
      "SELECT id, organization_id, scopes, expires_at FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
      [](const Row& r) -> Result<AccessToken> {
        return AccessToken{r.text(0), r.text(1), split_scopes(r.text(2)), r.opt_timestamp(3)};
      },
      token_hash);
}

// ---- sessions ----

Status PgRepository::insert_member_session(const MemberSession& s) {
  return insert_unique(db_, "member_sessions",
                       "INSERT INTO member_sessions (id, token_hash, member_id, expires_at, created_at) "
                       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                       s.id, s.token_hash, s.member_id, s.expires_at, s.created_at);
}

Result<std::optional<MemberSession>> PgRepository::find_member_session(const std::string& token_hash) {
  return fetch_one(
      db_, "SELECT id, token_hash, member_id, expires_at, created_at FROM member_sessions WHERE token_hash = $1",
      [](const Row& r) -> Result<MemberSession> {
        return MemberSession{r.text(0), r.text(1), r.text(2), r.timestamp(3), r.timestamp(4)};
      },
      token_hash);
}

#undef SK_ORGANIZATION_COLUMNS

}  // namespace sk::storage::postgres
