// Customers and their members.
#include <string>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_rows.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

std::optional<std::string> lower_email(const std::optional<std::string>& email) {
  if (!email) return std::nullopt;
  return lower_ascii(*email);
}

}  // namespace

// ---- customers ----

Status PgRepository::insert_customer(const Customer& c) {
  return insert_unique(db_, "customers",
                       "INSERT INTO customers (id, organization_id, email, email_lower, external_id, name, created_at, "
                       "modified_at, type, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                       "ON CONFLICT DO NOTHING",
                       c.id, c.organization_id, c.email, lower_email(c.email), c.external_id, c.name, c.created_at,
                       c.modified_at, c.type, c.metadata_json);
}

Result<std::optional<Customer>> PgRepository::find_customer(const Id& organization_id, const Id& id) {
  return fetch_one(db_,
                   "SELECT " SK_PG_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL",
                   read_customer, id, organization_id);
}

Result<std::optional<Customer>> PgRepository::find_customer_by_id(const Id& id) {
  return fetch_one(db_, "SELECT " SK_PG_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND deleted_at IS NULL",
                   read_customer, id);
}

Result<std::optional<Customer>> PgRepository::find_customer_by_email(const Id& organization_id,
                                                                     const std::string& email) {
  return fetch_one(db_,
                   "SELECT " SK_PG_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE organization_id = $1 AND email_lower = $2 AND deleted_at IS NULL",
                   read_customer, organization_id, lower_ascii(email));
}

Result<std::optional<Customer>> PgRepository::find_customer_by_external_id(const Id& organization_id,
                                                                           const std::string& external_id) {
  return fetch_one(db_,
                   "SELECT " SK_PG_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE organization_id = $1 AND external_id = $2 AND deleted_at IS NULL",
                   read_customer, organization_id, external_id);
}

// ---- members ----

Status PgRepository::insert_member(const Member& m) {
  return insert_unique(db_, "members",
                       "INSERT INTO members (id, customer_id, organization_id, email, email_lower, name, external_id, "
                       "role, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                       "ON CONFLICT DO NOTHING",
                       m.id, m.customer_id, m.organization_id, m.email, lower_ascii(m.email), m.name, m.external_id,
                       m.role, m.created_at, m.modified_at);
}

Status PgRepository::update_member(const Member& m) {
  // An UPDATE has no ON CONFLICT, so a clash on the e-mail or external id would abort the whole
  // transaction; a savepoint keeps it usable, as insert_unique does for inserts.
  return with_savepoint(db_, [&]() -> Status {
    return update_one(db_, "member",
                      "UPDATE members SET customer_id = $2, organization_id = $3, email = $4, email_lower = $5, "
                      "name = $6, external_id = $7, role = $8, created_at = $9, modified_at = $10 WHERE id = $1",
                      m.id, m.customer_id, m.organization_id, m.email, lower_ascii(m.email), m.name, m.external_id,
                      m.role, m.created_at, m.modified_at);
  });
}

Result<std::optional<Member>> PgRepository::find_member(const Id& id) {
  return fetch_one(db_, "SELECT " SK_PG_MEMBER_COLUMNS " FROM members WHERE id = $1 AND deleted_at IS NULL",
                   read_member, id);
}

Result<std::optional<Member>> PgRepository::find_member_by_email(const Id& customer_id, const std::string& email) {
  return fetch_one(db_,
                   "SELECT " SK_PG_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = $1 AND email_lower = $2 AND deleted_at IS NULL",
                   read_member, customer_id, lower_ascii(email));
}

Result<std::optional<Member>> PgRepository::find_member_by_external_id(const Id& customer_id,
                                                                       const std::string& external_id) {
  return fetch_one(db_,
                   "SELECT " SK_PG_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = $1 AND external_id = $2 AND deleted_at IS NULL",
                   read_member, customer_id, external_id);
}

// One query for the members of a container's seats (listing would otherwise ask per seat).
Result<std::vector<Member>> PgRepository::find_seat_members(ContainerKind kind, const Id& container_id) {
  const char* sql = kind == ContainerKind::subscription
                        ? "SELECT " SK_PG_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN "
                          "(SELECT member_id FROM customer_seats WHERE subscription_id = $1 AND member_id IS NOT NULL)"
                        : "SELECT " SK_PG_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN "
                          "(SELECT member_id FROM customer_seats WHERE order_id = $1 AND member_id IS NOT NULL)";
  return fetch_all(db_, sql, read_member, container_id);
}


}  // namespace sk::storage::postgres
