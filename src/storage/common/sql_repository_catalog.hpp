// SqlRepository: products, seat containers (subscriptions and orders as what holds seats) and
// the outbox's shared statements.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/common/encoding.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

template <class Db>
Status SqlRepository<Db>::insert_product(const domain::Product& p) {
  // A product without tiers (tests, older callers) keeps NULL tiers and shows one free tier.
  const std::optional<std::string> price_id = null_if_empty(p.price.id);
  return insert_unique(db_, "products", SK_SQL_INSERT_PRODUCT, p.id, p.organization_id, p.name, p.recurring,
                       p.minimum_seats, p.maximum_seats, p.created_at, p.modified_at, p.description, p.visibility,
                       p.recurring ? std::optional(p.recurring_interval) : std::nullopt,
                       p.recurring ? std::optional(p.recurring_interval_count) : std::nullopt, p.is_archived,
                       p.metadata_json, price_id, p.price.currency, p.price.tier_type, seat_tiers_column(p),
                       price_id ? std::optional(p.price.created_at) : std::nullopt);
}

template <class Db>
Result<std::optional<domain::Product>> SqlRepository<Db>::find_product(const domain::Id& organization_id,
                                                                       const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_PRODUCT, read_product, id, organization_id);
}

template <class Db>
Status SqlRepository<Db>::insert_container(const domain::SeatContainer& c) {
  const bool subscription = c.kind == domain::ContainerKind::subscription;
  return insert_unique(db_, subscription ? "subscriptions" : "orders",
                       subscription ? SK_SQL_INSERT_SUBSCRIPTION_CONTAINER : SK_SQL_INSERT_ORDER_CONTAINER, c.id,
                       c.organization_id, c.customer_id, null_if_empty(c.product_id), c.seats, c.status,
                       c.created_at);
}

// In a write job the row is locked until commit: this is what serialises the capacity checks of
// concurrent assignments to one container, across connections and instances.
template <class Db>
Result<std::optional<domain::SeatContainer>> SqlRepository<Db>::find_container(domain::ContainerKind kind,
                                                                               const domain::Id& organization_id,
                                                                               const domain::Id& id) {
  const char* sql = kind == domain::ContainerKind::subscription
                        ? (lock_rows_ ? SK_SQL_FIND_SUBSCRIPTION_CONTAINER SK_SQL_FOR_UPDATE
                                      : SK_SQL_FIND_SUBSCRIPTION_CONTAINER)
                        : (lock_rows_ ? SK_SQL_FIND_ORDER_CONTAINER SK_SQL_FOR_UPDATE : SK_SQL_FIND_ORDER_CONTAINER);
  return fetch_one(db_, sql, container_reader(kind), id, organization_id);
}

// ---- outbox (claiming is each backend's own: SKIP LOCKED or the single writer) ----

template <class Db>
Status SqlRepository<Db>::append_outbox(const domain::OutboxMessage& m) {
  return insert_unique(db_, "outbox", SK_SQL_INSERT_OUTBOX, m.id, m.topic, m.organization_id, m.event_type,
                       m.payload, m.created_at, m.available_at, m.attempts, m.request_id);
}

template <class Db>
Result<std::vector<domain::OutboxMessage>> SqlRepository<Db>::due_outbox(const std::string& topic, Timestamp now,
                                                                         int limit) {
  return fetch_all(db_, SK_SQL_DUE_OUTBOX, read_outbox, topic, now, limit);
}

template <class Db>
Status SqlRepository<Db>::complete_outbox(const domain::Id& id, Timestamp at) {
  return update_one(db_, "outbox message", SK_SQL_COMPLETE_OUTBOX, id, at);
}

template <class Db>
Status SqlRepository<Db>::remove_outbox(const domain::Id& id) {
  return update_one(db_, "outbox message", SK_SQL_REMOVE_OUTBOX, id);
}

template <class Db>
Status SqlRepository<Db>::reschedule_outbox(const domain::Id& id, Timestamp next_attempt_at,
                                            const std::string& last_error) {
  return update_one(db_, "outbox message", SK_SQL_RESCHEDULE_OUTBOX, id, next_attempt_at, last_error);
}

}  // namespace sk::storage
