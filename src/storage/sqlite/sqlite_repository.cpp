// Organizations, access tokens, customers, members, products, containers and sessions.
// Seats and the outbox are in sqlite_repository_seats.cpp.
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

// E-mail comparisons go through SQLite's lower() on both the stored email_lower column and the
// probe, so the two always agree on what "case-insensitive" means.

#define SK_ORGANIZATION_COLUMNS "id, name, slug, seat_based_pricing_enabled, created_at"
#define SK_CONTAINER_COLUMNS "id, organization_id, customer_id, product_id, seats, status, created_at"

Result<Organization> read_organization(const Query& q) {
  return Organization{q.text(0), q.text(1), q.text(2), q.int64(3) != 0, q.timestamp(4)};
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

// Orders may have no product; the model spells that as an empty id.
std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

auto container_reader(ContainerKind kind) {
  return [kind](const Query& q) -> Result<SeatContainer> {
    SeatContainer c;
    c.kind = kind;
    c.id = q.text(0);
    c.organization_id = q.text(1);
    c.customer_id = q.text(2);
    c.product_id = q.text(3);
    if (auto seats = q.opt_int64(4)) c.seats = static_cast<int>(*seats);
    c.status = q.text(5);
    c.created_at = q.timestamp(6);
    return c;
  };
}

}  // namespace

// ---- organizations and access tokens ----

Status SqliteRepository::insert_organization(const Organization& o) {
  return db_.run("INSERT INTO organizations (" SK_ORGANIZATION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5)", o.id, o.name,
                 o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Result<std::optional<Organization>> SqliteRepository::find_organization(const Id& id) {
  return fetch_one(db_, "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE id = ?1", read_organization, id);
}

Result<std::optional<Organization>> SqliteRepository::find_organization_by_slug(const std::string& slug) {
  return fetch_one(db_, "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE slug = ?1", read_organization,
                   slug);
}

Status SqliteRepository::update_organization(const Organization& o) {
  return update_one(db_, "organization",
                    "UPDATE organizations SET name = ?2, slug = ?3, seat_based_pricing_enabled = ?4, created_at = ?5 "
                    "WHERE id = ?1",
                    o.id, o.name, o.slug, o.seat_based_pricing_enabled, o.created_at);
}

Status SqliteRepository::insert_access_token(const AccessToken& t, const std::string& token_hash) {
  // The model has no creation time; the row records when it was written.
  return db_.run(
      "INSERT INTO access_tokens (id, organization_id, token_hash, scopes, expires_at, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      t.id, t.organization_id, token_hash, join_scopes(t.scopes), t.expires_at, now_utc());
}

Result<std::optional<AccessToken>> SqliteRepository::find_access_token(const std::string& token_hash) {
  return fetch_one(
      db_,
      "SELECT id, organization_id, scopes, expires_at FROM access_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
      [](const Query& q) -> Result<AccessToken> {
        return AccessToken{q.text(0), q.text(1), split_scopes(q.text(2)), q.opt_timestamp(3)};
      },
      token_hash);
}

// ---- customers ----

Status SqliteRepository::insert_customer(const Customer& c) {
  return db_.run(
      "INSERT INTO customers (id, organization_id, email, email_lower, external_id, name, created_at, modified_at, "
      "type, metadata) VALUES (?1, ?2, ?3, lower(?3), ?4, ?5, ?6, ?7, ?8, ?9)",
      c.id, c.organization_id, c.email, c.external_id, c.name, c.created_at, c.modified_at, c.type, c.metadata_json);
}

Result<std::optional<Customer>> SqliteRepository::find_customer(const Id& organization_id, const Id& id) {
  return fetch_one(db_,
                   "SELECT " SK_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE id = ?1 AND organization_id = ?2 AND deleted_at IS NULL",
                   read_customer, id, organization_id);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_id(const Id& id) {
  return fetch_one(db_, "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = ?1 AND deleted_at IS NULL",
                   read_customer, id);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_email(const Id& organization_id,
                                                                         const std::string& email) {
  return fetch_one(db_,
                   "SELECT " SK_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE organization_id = ?1 AND email_lower = lower(?2) AND deleted_at IS NULL",
                   read_customer, organization_id, email);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_by_external_id(const Id& organization_id,
                                                                               const std::string& external_id) {
  return fetch_one(db_,
                   "SELECT " SK_CUSTOMER_COLUMNS " FROM customers "
                   "WHERE organization_id = ?1 AND external_id = ?2 AND deleted_at IS NULL",
                   read_customer, organization_id, external_id);
}

// ---- members ----

Status SqliteRepository::insert_member(const Member& m) {
  return db_.run(
      "INSERT INTO members (id, customer_id, organization_id, email, email_lower, name, external_id, role, "
      "created_at, modified_at) VALUES (?1, ?2, ?3, ?4, lower(?4), ?5, ?6, ?7, ?8, ?9)",
      m.id, m.customer_id, m.organization_id, m.email, m.name, m.external_id, m.role, m.created_at, m.modified_at);
}

Status SqliteRepository::update_member(const Member& m) {
  return update_one(db_, "member",
                    "UPDATE members SET customer_id = ?2, organization_id = ?3, email = ?4, email_lower = lower(?4), "
                    "name = ?5, external_id = ?6, role = ?7, created_at = ?8, modified_at = ?9 WHERE id = ?1",
                    m.id, m.customer_id, m.organization_id, m.email, m.name, m.external_id, m.role, m.created_at,
                    m.modified_at);
}

Result<std::optional<Member>> SqliteRepository::find_member(const Id& id) {
  return fetch_one(db_, "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE id = ?1 AND deleted_at IS NULL",
                   read_member, id);
}

Result<std::optional<Member>> SqliteRepository::find_member_by_email(const Id& customer_id, const std::string& email) {
  return fetch_one(db_,
                   "SELECT " SK_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = ?1 AND email_lower = lower(?2) AND deleted_at IS NULL",
                   read_member, customer_id, email);
}

Result<std::optional<Member>> SqliteRepository::find_member_by_external_id(const Id& customer_id,
                                                                           const std::string& external_id) {
  return fetch_one(db_,
                   "SELECT " SK_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = ?1 AND external_id = ?2 AND deleted_at IS NULL",
                   read_member, customer_id, external_id);
}

Result<std::vector<Member>> SqliteRepository::find_seat_members(ContainerKind kind, const Id& container_id) {
  const char* sql = kind == ContainerKind::subscription
                        ? "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN "
                          "(SELECT member_id FROM customer_seats WHERE subscription_id = ?1 AND member_id IS NOT NULL)"
                        : "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN "
                          "(SELECT member_id FROM customer_seats WHERE order_id = ?1 AND member_id IS NOT NULL)";
  return fetch_all(db_, sql, read_member, container_id);
}

// ---- products and containers ----

Status SqliteRepository::insert_product(const Product& p) {
  // A product without tiers (tests, older callers) keeps NULL tiers and shows one free tier.
  const std::optional<std::string> tiers =
      p.price.tiers.empty() ? std::nullopt : std::optional(seat_tiers_json(p.price.tiers));
  const std::optional<std::string> price_id = p.price.id.empty() ? std::nullopt : std::optional(p.price.id);
  return db_.run("INSERT INTO products (" SK_PRODUCT_COLUMNS
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                 p.id, p.organization_id, p.name, p.recurring, p.minimum_seats, p.maximum_seats, p.created_at,
                 p.modified_at, p.description, p.visibility,
                 p.recurring ? std::optional(p.recurring_interval) : std::nullopt,
                 p.recurring ? std::optional(p.recurring_interval_count) : std::nullopt, p.is_archived,
                 p.metadata_json, price_id, p.price.currency, p.price.tier_type, tiers,
                 price_id ? std::optional(p.price.created_at) : std::nullopt);
}

Result<std::optional<Product>> SqliteRepository::find_product(const Id& organization_id, const Id& id) {
  return fetch_one(db_, "SELECT " SK_PRODUCT_COLUMNS " FROM products WHERE id = ?1 AND organization_id = ?2",
                   read_product, id, organization_id);
}

Status SqliteRepository::insert_container(const SeatContainer& c) {
  const char* sql = c.kind == ContainerKind::subscription
                        ? "INSERT INTO subscriptions (" SK_CONTAINER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        : "INSERT INTO orders (" SK_CONTAINER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  return db_.run(sql, c.id, c.organization_id, c.customer_id, null_if_empty(c.product_id), c.seats, c.status,
                 c.created_at);
}

Result<std::optional<SeatContainer>> SqliteRepository::find_container(ContainerKind kind, const Id& organization_id,
                                                                      const Id& id) {
  const char* sql = kind == ContainerKind::subscription
                        ? "SELECT " SK_CONTAINER_COLUMNS " FROM subscriptions WHERE id = ?1 AND organization_id = ?2"
                        : "SELECT " SK_CONTAINER_COLUMNS " FROM orders WHERE id = ?1 AND organization_id = ?2";
  return fetch_one(db_, sql, container_reader(kind), id, organization_id);
}

// ---- sessions ----

Status SqliteRepository::insert_member_session(const MemberSession& s) {
  return db_.run(
      "INSERT INTO member_sessions (id, token_hash, member_id, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
      s.id, s.token_hash, s.member_id, s.expires_at, s.created_at);
}

Result<std::optional<MemberSession>> SqliteRepository::find_member_session(const std::string& token_hash) {
  return fetch_one(
      db_, "SELECT id, token_hash, member_id, expires_at, created_at FROM member_sessions WHERE token_hash = ?1",
      [](const Query& q) -> Result<MemberSession> {
        return MemberSession{q.text(0), q.text(1), q.text(2), q.timestamp(3), q.timestamp(4)};
      },
      token_hash);
}

#undef SK_ORGANIZATION_COLUMNS
#undef SK_CONTAINER_COLUMNS

}  // namespace sk::storage::sqlite
