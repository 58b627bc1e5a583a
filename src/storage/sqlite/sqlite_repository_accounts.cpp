// Organizations, their access tokens, and the member sessions a claim mints.
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Status SqliteRepository::insert_organization(const Organization& o) {
  return db_.run(SK_SQL_INSERT_ORGANIZATION, o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Result<std::optional<Organization>> SqliteRepository::find_organization(const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION, read_organization, id);
}

Result<std::optional<Organization>> SqliteRepository::find_organization_by_slug(const std::string& slug) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION_BY_SLUG, read_organization, slug);
}

Status SqliteRepository::update_organization(const Organization& o) {
  return update_one(db_, "organization", SK_SQL_UPDATE_ORGANIZATION, o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Status SqliteRepository::insert_access_token(const AccessToken& t, const std::string& token_hash) {
  return db_.run(SK_SQL_INSERT_ACCESS_TOKEN, t.id, t.organization_id, token_hash, join_words(t.scopes), t.expires_at, now_utc());
}

Result<std::optional<AccessToken>> SqliteRepository::find_access_token(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_ACCESS_TOKEN, read_access_token, token_hash);
}

Status SqliteRepository::insert_member_session(const MemberSession& s) {
  return db_.run(SK_SQL_INSERT_MEMBER_SESSION, s.id, s.token_hash, s.member_id, s.expires_at, s.created_at);
}

Result<std::optional<MemberSession>> SqliteRepository::find_member_session(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_SESSION, read_member_session, token_hash);
}

}  // namespace sk::storage::sqlite
