// Management API: customers, products and members beyond what the seats need, and
// customer sessions. Statements mirror storage/sqlite/sqlite_repository_{customers,members}.cpp.
//
// Filter parameters carry explicit casts ($2::text) because an unused NULL parameter gives
// PostgreSQL nothing to infer its type from; multi-value filters arrive as one JSON array.
#include "storage/common/paging.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/common/rows.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

// Case folding is ASCII-only (COLLATE "C"), as SQLite's lower() and the email_lower column.
#define SK_CUSTOMER_FILTER                                                                                  \
  " FROM customers WHERE organization_id = $1 AND deleted_at IS NULL"                                       \
  " AND ($2::text IS NULL OR email_lower = lower($2::text COLLATE \"C\"))"                                  \
  " AND ($3::text IS NULL OR strpos(lower(coalesce(email, '') || chr(10) || coalesce(name, '') || chr(10) ||" \
  " coalesce(external_id, '')), lower($3::text COLLATE \"C\")) > 0)"

constexpr PagedSql kCustomerPage{
    "SELECT " SK_CUSTOMER_COLUMNS SK_CUSTOMER_FILTER " ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5",
    "SELECT " SK_CUSTOMER_COLUMNS SK_CUSTOMER_FILTER " ORDER BY created_at ASC, id ASC LIMIT $4 OFFSET $5",
    "SELECT count(*)" SK_CUSTOMER_FILTER,
};

#define SK_PRODUCT_FILTER                                                                          \
  " FROM products WHERE organization_id = $1"                                                      \
  " AND ($2::text IS NULL OR id IN (SELECT jsonb_array_elements_text($2::text::jsonb)))"           \
  " AND ($3::text IS NULL OR strpos(lower(name), lower($3::text COLLATE \"C\")) > 0)"              \
  " AND ($4::integer IS NULL OR is_archived = $4::integer)"                                        \
  " AND ($5::integer IS NULL OR recurring = $5::integer)"

constexpr PagedSql kProductPage{
    "SELECT " SK_PRODUCT_COLUMNS SK_PRODUCT_FILTER " ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7",
    "SELECT " SK_PRODUCT_COLUMNS SK_PRODUCT_FILTER " ORDER BY created_at ASC, id ASC LIMIT $6 OFFSET $7",
    "SELECT count(*)" SK_PRODUCT_FILTER,
};

#define SK_MEMBER_FILTER                                                                    \
  " FROM members WHERE organization_id = $1 AND deleted_at IS NULL"                         \
  " AND ($2::text IS NULL OR customer_id = $2::text)"                                       \
  " AND ($3::text IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id = $3::text AND deleted_at IS NULL))"                                    \
  " AND ($4::text IS NULL OR role = $4::text)"

constexpr PagedSql kMemberPage{
    "SELECT " SK_MEMBER_COLUMNS SK_MEMBER_FILTER " ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6",
    "SELECT " SK_MEMBER_COLUMNS SK_MEMBER_FILTER " ORDER BY created_at ASC, id ASC LIMIT $5 OFFSET $6",
    "SELECT count(*)" SK_MEMBER_FILTER,
};

#undef SK_CUSTOMER_FILTER
#undef SK_PRODUCT_FILTER
#undef SK_MEMBER_FILTER

}  // namespace

// ---- customers ----

Status PgRepository::update_customer(const Customer& c) {
  // A clash on the e-mail or external id must come back as UniqueViolation and leave the
  // transaction usable, so the UPDATE runs inside a savepoint.
  return with_savepoint(db_, [&]() -> Status {
    return update_one(db_, "customer",
                      "UPDATE customers SET email = $3, email_lower = $4, external_id = $5, name = $6, "
                      "modified_at = $7, type = $8, metadata = $9 "
                      "WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL",
                      c.id, c.organization_id, c.email, lower_email(c.email), c.external_id, c.name, c.modified_at,
                      c.type, c.metadata_json);
  });
}

Status PgRepository::delete_customer(const Id& organization_id, const Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "customer",
                      "UPDATE customers SET deleted_at = $3, modified_at = $3, external_id = NULL "
                      "WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL",
                      id, organization_id, at));
  SK_CHECK(db_.query("DELETE FROM customer_sessions WHERE customer_id = $1", id));
  return {};
}

Result<std::optional<Customer>> PgRepository::find_customer_including_deleted(const Id& organization_id,
                                                                               const Id& id) {
  return fetch_one(db_, "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND organization_id = $2",
                   read_customer, id, organization_id);
}

Result<Page<Customer>> PgRepository::list_customers(const Id& organization_id, const CustomerFilter& f,
                                                    const PageRequest& page) {
  return fetch_page(db_, kCustomerPage, page, read_customer, organization_id, f.email, f.query);
}

// ---- products ----

Status PgRepository::update_product(const Product& p) {
  const std::optional<std::string> price_id = null_if_empty(p.price.id);
  return update_one(db_, "product",
                    "UPDATE products SET name = $3, minimum_seats = $4, maximum_seats = $5, modified_at = $6, "
                    "description = $7, visibility = $8, is_archived = $9, metadata = $10, price_id = $11, "
                    "price_currency = $12, seat_tier_type = $13, seat_tiers = $14, price_created_at = $15 "
                    "WHERE id = $1 AND organization_id = $2",
                    p.id, p.organization_id, p.name, p.minimum_seats, p.maximum_seats, p.modified_at, p.description,
                    p.visibility, p.is_archived, p.metadata_json, price_id, p.price.currency, p.price.tier_type,
                    seat_tiers_column(p), price_id ? std::optional(p.price.created_at) : std::nullopt);
}

Result<Page<Product>> PgRepository::list_products(const Id& organization_id, const ProductFilter& f,
                                                  const PageRequest& page) {
  return fetch_page(db_, kProductPage, page, read_product, organization_id, json_list(f.ids), f.query, f.is_archived,
                    f.is_recurring);
}

// ---- members ----

Result<Page<Member>> PgRepository::list_members(const Id& organization_id, const MemberFilter& f,
                                                const PageRequest& page) {
  return fetch_page(db_, kMemberPage, page, read_member, organization_id, f.customer_id, f.external_customer_id,
                    f.role);
}

Status PgRepository::delete_member(const Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "member",
                      "UPDATE members SET deleted_at = $2, modified_at = $2 WHERE id = $1 AND deleted_at IS NULL", id,
                      at));
  SK_CHECK(db_.query("DELETE FROM member_sessions WHERE member_id = $1", id));
  return {};
}

Result<std::optional<Member>> PgRepository::find_owner_member(const Id& customer_id) {
  return fetch_one(db_,
                   "SELECT " SK_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = $1 AND role = 'owner' AND deleted_at IS NULL",
                   read_member, customer_id);
}

// The domain changes or revokes each seat it gets here; in a write job they are locked for the
// same reason list_seats locks them (pg_repository_seats.cpp).
Result<std::vector<Seat>> PgRepository::occupied_seats_of_member(const Id& member_id) {
  return fetch_all(db_,
                   lock_rows_ ? "SELECT " SK_SEAT_COLUMNS " FROM customer_seats "
                                "WHERE member_id = $1 AND status IN ('pending', 'claimed') ORDER BY created_at, id "
                                "FOR UPDATE"
                              : "SELECT " SK_SEAT_COLUMNS " FROM customer_seats "
                                "WHERE member_id = $1 AND status IN ('pending', 'claimed') ORDER BY created_at, id",
                   read_seat, member_id);
}

// ---- customer sessions ----

Status PgRepository::insert_customer_session(const CustomerSession& s) {
  return insert_unique(db_, "customer_sessions",
                       "INSERT INTO customer_sessions (id, token_hash, customer_id, return_url, expires_at, created_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                       s.id, s.token_hash, s.customer_id, s.return_url, s.expires_at, s.created_at);
}

Result<std::optional<CustomerSession>> PgRepository::find_customer_session(const std::string& token_hash) {
  return fetch_one(
      db_,
      "SELECT id, token_hash, customer_id, return_url, expires_at, created_at FROM customer_sessions "
      "WHERE token_hash = $1",
      [](const Row& r) -> Result<CustomerSession> {
        return CustomerSession{r.text(0), r.text(1), r.text(2), r.opt_text(3), r.timestamp(4), r.timestamp(5)};
      },
      token_hash);
}

}  // namespace sk::storage::postgres
