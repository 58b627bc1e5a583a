// Management API: customers and products beyond what the seats need.
#include "storage/common/paging.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/common/rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

#define SK_CUSTOMER_FILTER                                                                                    \
  " FROM customers WHERE organization_id = ?1 AND deleted_at IS NULL"                                         \
  " AND (?2 IS NULL OR email_lower = lower(?2))"                                                              \
  " AND (?3 IS NULL OR instr(lower(coalesce(email, '') || char(10) || coalesce(name, '') || char(10) ||"      \
  " coalesce(external_id, '')), lower(?3)) > 0)"

constexpr PagedSql kCustomerPage{
    "SELECT " SK_CUSTOMER_COLUMNS SK_CUSTOMER_FILTER " ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?5",
    "SELECT " SK_CUSTOMER_COLUMNS SK_CUSTOMER_FILTER " ORDER BY created_at ASC, id ASC LIMIT ?4 OFFSET ?5",
    "SELECT count(*)" SK_CUSTOMER_FILTER,
};

#define SK_PRODUCT_FILTER                                                                     \
  " FROM products WHERE organization_id = ?1"                                                 \
  " AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))"                             \
  " AND (?3 IS NULL OR instr(lower(name), lower(?3)) > 0)"                                    \
  " AND (?4 IS NULL OR is_archived = ?4) AND (?5 IS NULL OR recurring = ?5)"

constexpr PagedSql kProductPage{
    "SELECT " SK_PRODUCT_COLUMNS SK_PRODUCT_FILTER " ORDER BY created_at DESC, id DESC LIMIT ?6 OFFSET ?7",
    "SELECT " SK_PRODUCT_COLUMNS SK_PRODUCT_FILTER " ORDER BY created_at ASC, id ASC LIMIT ?6 OFFSET ?7",
    "SELECT count(*)" SK_PRODUCT_FILTER,
};

#undef SK_CUSTOMER_FILTER
#undef SK_PRODUCT_FILTER

}  // namespace

Status SqliteRepository::update_customer(const Customer& c) {
  return update_one(db_, "customer",
                    "UPDATE customers SET email = ?3, email_lower = lower(?3), external_id = ?4, name = ?5, "
                    "modified_at = ?6, type = ?7, metadata = ?8 "
                    "WHERE id = ?1 AND organization_id = ?2 AND deleted_at IS NULL",
                    c.id, c.organization_id, c.email, c.external_id, c.name, c.modified_at, c.type, c.metadata_json);
}

Status SqliteRepository::delete_customer(const Id& organization_id, const Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "customer",
                      "UPDATE customers SET deleted_at = ?3, modified_at = ?3, external_id = NULL "
                      "WHERE id = ?1 AND organization_id = ?2 AND deleted_at IS NULL",
                      id, organization_id, at));
  return db_.run("DELETE FROM customer_sessions WHERE customer_id = ?1", id);
}

Result<std::optional<Customer>> SqliteRepository::find_customer_including_deleted(const Id& organization_id,
                                                                                   const Id& id) {
  return fetch_one(db_, "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = ?1 AND organization_id = ?2",
                   read_customer, id, organization_id);
}

Result<Page<Customer>> SqliteRepository::list_customers(const Id& organization_id, const CustomerFilter& f,
                                                        const PageRequest& page) {
  return fetch_page(db_, kCustomerPage, page, read_customer, organization_id, f.email, f.query);
}

Status SqliteRepository::update_product(const Product& p) {
  const std::optional<std::string> tiers =
      seat_tiers_column(p);
  const std::optional<std::string> price_id = p.price.id.empty() ? std::nullopt : std::optional(p.price.id);
  return update_one(db_, "product",
                    "UPDATE products SET name = ?3, minimum_seats = ?4, maximum_seats = ?5, modified_at = ?6, "
                    "description = ?7, visibility = ?8, is_archived = ?9, metadata = ?10, price_id = ?11, "
                    "price_currency = ?12, seat_tier_type = ?13, seat_tiers = ?14, price_created_at = ?15 "
                    "WHERE id = ?1 AND organization_id = ?2",
                    p.id, p.organization_id, p.name, p.minimum_seats, p.maximum_seats, p.modified_at, p.description,
                    p.visibility, p.is_archived, p.metadata_json, price_id, p.price.currency, p.price.tier_type, tiers,
                    price_id ? std::optional(p.price.created_at) : std::nullopt);
}

Result<Page<Product>> SqliteRepository::list_products(const Id& organization_id, const ProductFilter& f,
                                                      const PageRequest& page) {
  return fetch_page(db_, kProductPage, page, read_product, organization_id, json_list(f.ids), f.query, f.is_archived,
                    f.is_recurring);
}

}  // namespace sk::storage::sqlite
