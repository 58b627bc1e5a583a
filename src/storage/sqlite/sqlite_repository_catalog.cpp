// Products and seat containers (subscriptions and orders).
#include <string>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Status SqliteRepository::insert_product(const Product& p) {
  // A product without tiers (tests, older callers) keeps NULL tiers and shows one free tier.
  const std::optional<std::string> price_id = null_if_empty(p.price.id);
  return db_.run(SK_SQL_INSERT_PRODUCT, p.id, p.organization_id, p.name, p.recurring, p.minimum_seats, p.maximum_seats, p.created_at,
                 p.modified_at, p.description, p.visibility,
                 p.recurring ? std::optional(p.recurring_interval) : std::nullopt,
                 p.recurring ? std::optional(p.recurring_interval_count) : std::nullopt, p.is_archived,
                 p.metadata_json, price_id, p.price.currency, p.price.tier_type, seat_tiers_column(p),
                 price_id ? std::optional(p.price.created_at) : std::nullopt);
}

Result<std::optional<Product>> SqliteRepository::find_product(const Id& organization_id, const Id& id) {
  return fetch_one(db_, SK_SQL_FIND_PRODUCT, read_product, id, organization_id);
}

Status SqliteRepository::insert_container(const SeatContainer& c) {
  const char* sql = c.kind == ContainerKind::subscription ? SK_SQL_INSERT_SUBSCRIPTION_CONTAINER
                                                         : SK_SQL_INSERT_ORDER_CONTAINER;
  return db_.run(sql, c.id, c.organization_id, c.customer_id, null_if_empty(c.product_id), c.seats, c.status,
                 c.created_at);
}

Result<std::optional<SeatContainer>> SqliteRepository::find_container(ContainerKind kind, const Id& organization_id,
                                                                      const Id& id) {
  const char* sql =
      kind == ContainerKind::subscription ? SK_SQL_FIND_SUBSCRIPTION_CONTAINER : SK_SQL_FIND_ORDER_CONTAINER;
  return fetch_one(db_, sql, container_reader(kind), id, organization_id);
}

}  // namespace sk::storage::sqlite
