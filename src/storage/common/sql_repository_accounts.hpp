// SqlRepository: organizations, their access tokens, member sessions, customers and members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "storage/common/encoding.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

// ---- organizations, access tokens, member sessions ----

template <class Db>
Status SqlRepository<Db>::insert_organization(const domain::Organization& o) {
  return insert_unique(db_, "organizations", SK_SQL_INSERT_ORGANIZATION, o.id, o.name, o.slug,
                       o.seat_based_pricing_enabled, o.created_at);
}

template <class Db>
Result<std::optional<domain::Organization>> SqlRepository<Db>::find_organization(const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION, read_organization, id);
}

template <class Db>
Result<std::optional<domain::Organization>> SqlRepository<Db>::find_organization_by_slug(const std::string& slug) {
  return fetch_one(db_, SK_SQL_FIND_ORGANIZATION_BY_SLUG, read_organization, slug);
}

template <class Db>
Status SqlRepository<Db>::update_organization(const domain::Organization& o) {
  return update_one(db_, "organization", SK_SQL_UPDATE_ORGANIZATION, o.id, o.name, o.slug,
                    o.seat_based_pricing_enabled, o.created_at);
}

template <class Db>
Status SqlRepository<Db>::insert_access_token(const domain::AccessToken& t, const std::string& token_hash) {
  return insert_unique(db_, "access_tokens", SK_SQL_INSERT_ACCESS_TOKEN, t.id, t.organization_id, token_hash,
                       join_words(t.scopes), t.expires_at, now_utc());
}

template <class Db>
Result<std::optional<domain::AccessToken>> SqlRepository<Db>::find_access_token(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_ACCESS_TOKEN, read_access_token, token_hash);
}

template <class Db>
Status SqlRepository<Db>::insert_member_session(const domain::MemberSession& s) {
  return insert_unique(db_, "member_sessions", SK_SQL_INSERT_MEMBER_SESSION, s.id, s.token_hash, s.member_id,
                       s.expires_at, s.created_at);
}

template <class Db>
Result<std::optional<domain::MemberSession>> SqlRepository<Db>::find_member_session(const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_SESSION, read_member_session, token_hash);
}

// ---- customers ----

template <class Db>
Status SqlRepository<Db>::insert_customer(const domain::Customer& c) {
  return insert_unique(db_, "customers", SK_SQL_INSERT_CUSTOMER, c.id, c.organization_id, c.email,
                       lower_email(c.email), c.external_id, c.name, c.created_at, c.modified_at, c.type,
                       c.metadata_json);
}

template <class Db>
Result<std::optional<domain::Customer>> SqlRepository<Db>::find_customer(const domain::Id& organization_id,
                                                                         const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER, read_customer, id, organization_id);
}

template <class Db>
Result<std::optional<domain::Customer>> SqlRepository<Db>::find_customer_by_id(const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_ID, read_customer, id);
}

template <class Db>
Result<std::optional<domain::Customer>> SqlRepository<Db>::find_customer_by_email(const domain::Id& organization_id,
                                                                                  const std::string& email) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_EMAIL, read_customer, organization_id, lower_ascii(email));
}

template <class Db>
Result<std::optional<domain::Customer>> SqlRepository<Db>::find_customer_by_external_id(
    const domain::Id& organization_id, const std::string& external_id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_EXTERNAL_ID, read_customer, organization_id, external_id);
}

// ---- members ----

template <class Db>
Status SqlRepository<Db>::insert_member(const domain::Member& m) {
  return insert_unique(db_, "members", SK_SQL_INSERT_MEMBER, m.id, m.customer_id, m.organization_id, m.email,
                       lower_ascii(m.email), m.name, m.external_id, m.role, m.created_at, m.modified_at);
}

// A clash on the e-mail or external id comes back as ErrorKind::conflict; the savepoint keeps a
// PostgreSQL transaction usable after it (an UPDATE has no ON CONFLICT).
template <class Db>
Status SqlRepository<Db>::update_member(const domain::Member& m) {
  return with_savepoint(db_, [&]() -> Status {
    return update_one(db_, "member", SK_SQL_UPDATE_MEMBER, m.id, m.customer_id, m.organization_id, m.email,
                      lower_ascii(m.email), m.name, m.external_id, m.role, m.created_at, m.modified_at);
  });
}

template <class Db>
Result<std::optional<domain::Member>> SqlRepository<Db>::find_member(const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER, read_member, id);
}

template <class Db>
Result<std::optional<domain::Member>> SqlRepository<Db>::find_member_by_email(const domain::Id& customer_id,
                                                                              const std::string& email) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_BY_EMAIL, read_member, customer_id, lower_ascii(email));
}

template <class Db>
Result<std::optional<domain::Member>> SqlRepository<Db>::find_member_by_external_id(const domain::Id& customer_id,
                                                                                    const std::string& external_id) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_BY_EXTERNAL_ID, read_member, customer_id, external_id);
}

// One query for the members of a container's seats (listing would otherwise ask per seat).
template <class Db>
Result<std::vector<domain::Member>> SqlRepository<Db>::find_seat_members(domain::ContainerKind kind,
                                                                         const domain::Id& container_id) {
  return fetch_all(db_,
                   kind == domain::ContainerKind::subscription ? SK_SQL_SEAT_MEMBERS_OF_SUBSCRIPTION
                                                               : SK_SQL_SEAT_MEMBERS_OF_ORDER,
                   read_member, container_id);
}

}  // namespace sk::storage
