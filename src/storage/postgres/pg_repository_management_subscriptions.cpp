// Management API: subscriptions and orders with every column Polar's shapes need.
// The seat code reads the same rows through find_container (pg_repository_catalog.cpp).
// Statements mirror storage/sqlite/sqlite_repository_subscriptions.cpp.
#include "storage/common/paging.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/common/rows.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

// Explicit casts: an unused NULL filter parameter gives PostgreSQL nothing to infer a type from.
#define SK_IN_JSON(n) " IN (SELECT jsonb_array_elements_text(" n "::text::jsonb))"

#define SK_SUBSCRIPTION_FILTER                                                                \
  " FROM subscriptions WHERE organization_id = $1"                                            \
  " AND ($2::text IS NULL OR customer_id" SK_IN_JSON("$2") ")"                                \
  " AND ($3::text IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id" SK_IN_JSON("$3") "))"                                                    \
  " AND ($4::text IS NULL OR product_id" SK_IN_JSON("$4") ")"                                 \
  " AND ($5::integer IS NULL OR (status IN ('active', 'trialing')) = ($5::integer = 1))"      \
  " AND ($6::text IS NULL OR status" SK_IN_JSON("$6") ")"                                     \
  " AND ($7::integer IS NULL OR cancel_at_period_end = $7::integer)"

constexpr PagedSql kSubscriptionPage{
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_SUBSCRIPTION_FILTER
    " ORDER BY created_at DESC, id DESC LIMIT $8 OFFSET $9",
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_SUBSCRIPTION_FILTER " ORDER BY created_at ASC, id ASC LIMIT $8 OFFSET $9",
    "SELECT count(*)" SK_SUBSCRIPTION_FILTER,
};

#define SK_ORDER_FILTER                                                                       \
  " FROM orders WHERE organization_id = $1"                                                   \
  " AND ($2::text IS NULL OR customer_id" SK_IN_JSON("$2") ")"                                \
  " AND ($3::text IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id" SK_IN_JSON("$3") "))"                                                    \
  " AND ($4::text IS NULL OR product_id" SK_IN_JSON("$4") ")"                                 \
  " AND ($5::text IS NULL OR status" SK_IN_JSON("$5") ")"

constexpr PagedSql kOrderPage{
    "SELECT " SK_ORDER_COLUMNS SK_ORDER_FILTER " ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7",
    "SELECT " SK_ORDER_COLUMNS SK_ORDER_FILTER " ORDER BY created_at ASC, id ASC LIMIT $6 OFFSET $7",
    "SELECT count(*)" SK_ORDER_FILTER,
};

#undef SK_SUBSCRIPTION_FILTER
#undef SK_ORDER_FILTER
#undef SK_IN_JSON

}  // namespace

// ---- subscriptions ----

Status PgRepository::insert_subscription(const Subscription& s) {
  return insert_unique(db_, "subscriptions",
                       "INSERT INTO subscriptions (" SK_SUBSCRIPTION_COLUMNS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
                       "ON CONFLICT DO NOTHING",
                       s.id, s.organization_id, s.customer_id, s.product_id, s.seats, s.status, s.created_at,
                       s.modified_at, s.started_at, s.cancel_at_period_end, s.canceled_at, s.ends_at, s.ended_at,
                       s.cancellation_reason, s.cancellation_comment, s.metadata_json);
}

Status PgRepository::update_subscription(const Subscription& s) {
  return update_one(db_, "subscription",
                    "UPDATE subscriptions SET customer_id = $3, product_id = $4, seats = $5, status = $6, "
                    "modified_at = $7, started_at = $8, cancel_at_period_end = $9, canceled_at = $10, ends_at = $11, "
                    "ended_at = $12, cancellation_reason = $13, cancellation_comment = $14, metadata = $15 "
                    "WHERE id = $1 AND organization_id = $2",
                    s.id, s.organization_id, s.customer_id, s.product_id, s.seats, s.status, s.modified_at,
                    s.started_at, s.cancel_at_period_end, s.canceled_at, s.ends_at, s.ended_at,
                    s.cancellation_reason, s.cancellation_comment, s.metadata_json);
}

Result<std::optional<Subscription>> PgRepository::find_subscription(const Id& organization_id, const Id& id) {
  return fetch_one(db_,
                   "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions WHERE id = $1 AND organization_id = $2",
                   read_subscription, id, organization_id);
}

// The same row lock find_container takes for a seat assignment (pg_repository_catalog.cpp): a
// seat-count change and a concurrent assignment to this subscription serialise on it, so the
// one that commits second sees the other's seats and seat count. In a read job (no writes can
// follow) a plain read is enough.
Result<std::optional<Subscription>> PgRepository::lock_subscription(const Id& organization_id, const Id& id) {
  if (!lock_rows_) return find_subscription(organization_id, id);
  return fetch_one(db_,
                   "SELECT " SK_SUBSCRIPTION_COLUMNS
                   " FROM subscriptions WHERE id = $1 AND organization_id = $2 FOR UPDATE",
                   read_subscription, id, organization_id);
}

Result<Page<Subscription>> PgRepository::list_subscriptions(const Id& organization_id, const SubscriptionFilter& f,
                                                            const PageRequest& page) {
  return fetch_page(db_, kSubscriptionPage, page, read_subscription, organization_id, json_list(f.customer_ids),
                    json_list(f.external_customer_ids), json_list(f.product_ids), f.active, json_list(f.statuses),
                    f.cancel_at_period_end);
}

Result<std::vector<Subscription>> PgRepository::active_subscriptions_of_customer(const Id& customer_id) {
  return fetch_all(db_,
                   "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions "
                   "WHERE customer_id = $1 AND status IN ('active', 'trialing') ORDER BY created_at, id",
                   read_subscription, customer_id);
}

// Every instance runs the sweeper that ends these. In a write job the rows are taken with
// SKIP LOCKED: instances sweeping at once end different subscriptions, and one that another
// instance ended meanwhile no longer matches `ended_at IS NULL`, so none is ended (and its seats
// revoked and reported) twice.
Result<std::vector<Subscription>> PgRepository::subscriptions_due_to_end(Timestamp now, int limit) {
  return fetch_all(db_,
                   lock_rows_ ? "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions "
                                "WHERE cancel_at_period_end = 1 AND ended_at IS NULL AND status IN ('active', 'trialing') "
                                "AND ends_at <= $1 ORDER BY ends_at, id LIMIT $2 FOR UPDATE SKIP LOCKED"
                              : "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions "
                                "WHERE cancel_at_period_end = 1 AND ended_at IS NULL AND status IN ('active', 'trialing') "
                                "AND ends_at <= $1 ORDER BY ends_at, id LIMIT $2",
                   read_subscription, now, limit);
}

// ---- orders ----

Status PgRepository::insert_order(const Order& o) {
  return insert_unique(db_, "orders",
                       "INSERT INTO orders (" SK_ORDER_COLUMNS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING",
                       o.id, o.organization_id, o.customer_id, null_if_empty(o.product_id), o.seats, o.status,
                       o.created_at, o.modified_at, o.currency, o.description, o.metadata_json,
                       null_if_empty(o.item_id));
}

Status PgRepository::update_order(const Order& o) {
  return update_one(db_, "order",
                    "UPDATE orders SET seats = $3, status = $4, modified_at = $5, currency = $6, description = $7, "
                    "metadata = $8 WHERE id = $1 AND organization_id = $2",
                    o.id, o.organization_id, o.seats, o.status, o.modified_at, o.currency, o.description,
                    o.metadata_json);
}

// The domain reads an order, checks its status, then changes it: in a write job the row is
// locked so two such changes (or a change and a seat assignment) take turns across instances.
Result<std::optional<Order>> PgRepository::find_order(const Id& organization_id, const Id& id) {
  return fetch_one(db_,
                   lock_rows_ ? "SELECT " SK_ORDER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2 "
                                "FOR UPDATE"
                              : "SELECT " SK_ORDER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2",
                   read_order, id, organization_id);
}

Result<Page<Order>> PgRepository::list_orders(const Id& organization_id, const OrderFilter& f,
                                              const PageRequest& page) {
  return fetch_page(db_, kOrderPage, page, read_order, organization_id, json_list(f.customer_ids),
                    json_list(f.external_customer_ids), json_list(f.product_ids), json_list(f.statuses));
}

}  // namespace sk::storage::postgres
