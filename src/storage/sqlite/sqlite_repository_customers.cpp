// Customers and their members.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

// ---- customers ----

Status SqliteRepository::insert_customer(const Customer& c) {
  return db_.run(SK_SQL_INSERT_CUSTOMER, c.id, c.organization_id, c.email, lower_email(c.email), c.external_id, c.name,
                 c.created_at, c.modified_at, c.type, c.metadata_json);
}

Result<std::optional<Customer>> SqliteRepository::find_customer(const Id& organization_id, const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER, read_customer, id, organization_id);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_id(const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_ID, read_customer, id);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_email(const Id& organization_id,
                                                                         const std::string& email) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_EMAIL, read_customer, organization_id, lower_ascii(email));
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_external_id(const Id& organization_id,
                                                                               const std::string& external_id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_BY_EXTERNAL_ID, read_customer, organization_id, external_id);
}

// ---- members ----

Status SqliteRepository::insert_member(const Member& m) {
  return db_.run(SK_SQL_INSERT_MEMBER, m.id, m.customer_id, m.organization_id, m.email, lower_ascii(m.email), m.name,
                 m.external_id, m.role, m.created_at, m.modified_at);
}

Status SqliteRepository::update_member(const Member& m) {
  return update_one(db_, "member", SK_SQL_UPDATE_MEMBER, m.id, m.customer_id, m.organization_id, m.email,
                    lower_ascii(m.email), m.name, m.external_id, m.role, m.created_at, m.modified_at);
}

Result<std::optional<Member>> SqliteRepository::find_member(const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER, read_member, id);
}

Result<std::optional<Member>> SqliteRepository::find_member_by_email(const Id& customer_id, const std::string& email) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_BY_EMAIL, read_member, customer_id, lower_ascii(email));
}

Result<std::optional<Member>> SqliteRepository::find_member_by_external_id(const Id& customer_id,
                                                                           const std::string& external_id) {
  return fetch_one(db_, SK_SQL_FIND_MEMBER_BY_EXTERNAL_ID, read_member, customer_id, external_id);
}

Result<std::vector<Member>> SqliteRepository::find_seat_members(ContainerKind kind, const Id& container_id) {
  return fetch_all(db_, kind == ContainerKind::subscription ? SK_SQL_SEAT_MEMBERS_OF_SUBSCRIPTION
                                                           : SK_SQL_SEAT_MEMBERS_OF_ORDER,
                   read_member, container_id);
}

}  // namespace sk::storage::sqlite
