// Products and seat containers (subscriptions and orders).
#include <string>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_rows.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

#define SK_CONTAINER_COLUMNS "id, organization_id, customer_id, product_id, seats, status, created_at"

auto container_reader(ContainerKind kind) {
  return [kind](const Row& r) -> Result<SeatContainer> {
    SeatContainer c;
    c.kind = kind;
    c.id = r.text(0);
    c.organization_id = r.text(1);
    c.customer_id = r.text(2);
    c.product_id = r.opt_text(3).value_or("");
    if (auto seats = r.opt_int64(4)) c.seats = static_cast<int>(*seats);
    c.status = r.text(5);
    c.created_at = r.timestamp(6);
    return c;
  };
}

}  // namespace

Status PgRepository::insert_product(const Product& p) {
  // A product without tiers (tests, older callers) keeps NULL tiers and shows one free tier.
  const std::optional<std::string> price_id = null_if_empty(p.price.id);
  return insert_unique(db_, "products",
                       "INSERT INTO products (" SK_PG_PRODUCT_COLUMNS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
                       "$19) ON CONFLICT DO NOTHING",
                       p.id, p.organization_id, p.name, p.recurring, p.minimum_seats, p.maximum_seats, p.created_at,
                       p.modified_at, p.description, p.visibility,
                       p.recurring ? std::optional(p.recurring_interval) : std::nullopt,
                       p.recurring ? std::optional(p.recurring_interval_count) : std::nullopt, p.is_archived,
                       p.metadata_json, price_id, p.price.currency, p.price.tier_type, seat_tiers_column(p),
                       price_id ? std::optional(p.price.created_at) : std::nullopt);
}

Result<std::optional<Product>> PgRepository::find_product(const Id& organization_id, const Id& id) {
  return fetch_one(db_, "SELECT " SK_PG_PRODUCT_COLUMNS " FROM products WHERE id = $1 AND organization_id = $2",
                   read_product, id, organization_id);
}

Status PgRepository::insert_container(const SeatContainer& c) {
  const char* sql = c.kind == ContainerKind::subscription
                        ? "INSERT INTO subscriptions (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7) "
                          "ON CONFLICT DO NOTHING"
                        : "INSERT INTO orders (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7) "
                          "ON CONFLICT DO NOTHING";
  return insert_unique(db_, c.kind == ContainerKind::subscription ? "subscriptions" : "orders", sql, c.id,
                       c.organization_id, c.customer_id, null_if_empty(c.product_id), c.seats, c.status, c.created_at);
}

// In a write job the row is locked until commit: this is what serialises the capacity checks of
// concurrent assignments to one container, across connections and instances.
Result<std::optional<SeatContainer>> PgRepository::find_container(ContainerKind kind, const Id& organization_id,
                                                                  const Id& id) {
  const bool subscription = kind == ContainerKind::subscription;
  const char* sql =
      subscription
          ? (lock_rows_ ? "SELECT " SK_CONTAINER_COLUMNS
                          " FROM subscriptions WHERE id = $1 AND organization_id = $2 FOR UPDATE"
                        : "SELECT " SK_CONTAINER_COLUMNS " FROM subscriptions WHERE id = $1 AND organization_id = $2")
          : (lock_rows_ ? "SELECT " SK_CONTAINER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2 FOR UPDATE"
                        : "SELECT " SK_CONTAINER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2");
  return fetch_one(db_, sql, container_reader(kind), id, organization_id);
}

#undef SK_CONTAINER_COLUMNS

}  // namespace sk::storage::postgres
