// SqlRepository, management API: customers, products, members, customer sessions, subscriptions
// and orders beyond what the seats need. The filters (statements.hpp) take multi-value filters
// as one JSON array parameter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/common/encoding.hpp"
#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

// Internal linkage on purpose: the statements spell the dialect fragments of the backend whose
// translation unit includes this (storage/<backend>/<backend>_repository.cpp), so each backend
// must keep its own copy rather than have the linker merge them.
namespace {
namespace management_sql {

// The page in either direction and the total, with the filter's parameters first.
#define SK_SQL_PAGES(COLUMNS, FILTER, LIMIT, OFFSET)                                                           \
  PagedSql {                                                                                                 \
    "SELECT " COLUMNS FILTER " ORDER BY created_at DESC, id DESC LIMIT " LIMIT " OFFSET " OFFSET,               \
        "SELECT " COLUMNS FILTER " ORDER BY created_at ASC, id ASC LIMIT " LIMIT " OFFSET " OFFSET,             \
        "SELECT count(*)" FILTER                                                                              \
  }
inline constexpr PagedSql kCustomers = SK_SQL_PAGES(SK_CUSTOMER_COLUMNS, SK_SQL_CUSTOMER_FILTER, "$4", "$5");
inline constexpr PagedSql kProducts = SK_SQL_PAGES(SK_PRODUCT_COLUMNS, SK_SQL_PRODUCT_FILTER, "$6", "$7");
inline constexpr PagedSql kMembers = SK_SQL_PAGES(SK_MEMBER_COLUMNS, SK_SQL_MEMBER_FILTER, "$5", "$6");
inline constexpr PagedSql kSubscriptions =
    SK_SQL_PAGES(SK_SUBSCRIPTION_COLUMNS, SK_SQL_SUBSCRIPTION_FILTER, "$8", "$9");
inline constexpr PagedSql kOrders = SK_SQL_PAGES(SK_ORDER_COLUMNS, SK_SQL_ORDER_FILTER, "$6", "$7");
#undef SK_SQL_PAGES

inline constexpr auto read_customer_session = [](const auto& r) -> Result<domain::CustomerSession> {
  return domain::CustomerSession{r.text(0), r.text(1), r.text(2), r.opt_text(3), r.timestamp(4), r.timestamp(5)};
};

}  // namespace management_sql
}  // namespace

// ---- customers ----

// A clash on the e-mail or external id must come back as ErrorKind::conflict and leave the
// transaction usable, so the UPDATE runs inside a savepoint (where the backend needs one).
template <class Db>
Status SqlRepository<Db>::update_customer(const domain::Customer& c) {
  return with_savepoint(db_, [&]() -> Status {
    return update_one(db_, "customer", SK_SQL_UPDATE_CUSTOMER, c.id, c.organization_id, c.email,
                      lower_email(c.email), c.external_id, c.name, c.modified_at, c.type, c.metadata_json);
  });
}

template <class Db>
Status SqlRepository<Db>::delete_customer(const domain::Id& organization_id, const domain::Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "customer", SK_SQL_DELETE_CUSTOMER, id, organization_id, at));
  return run_sql(db_, SK_SQL_DELETE_SESSIONS_OF_CUSTOMER, id);
}

template <class Db>
Result<std::optional<domain::Customer>> SqlRepository<Db>::find_customer_including_deleted(
    const domain::Id& organization_id, const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_INCLUDING_DELETED, read_customer, id, organization_id);
}

template <class Db>
Result<domain::Page<domain::Customer>> SqlRepository<Db>::list_customers(const domain::Id& organization_id,
                                                                         const domain::CustomerFilter& f,
                                                                         const domain::PageRequest& page) {
  return fetch_page(db_, management_sql::kCustomers, page, read_customer, organization_id, f.email, f.query);
}

// ---- products ----

template <class Db>
Status SqlRepository<Db>::update_product(const domain::Product& p) {
  const std::optional<std::string> price_id = null_if_empty(p.price.id);
  return update_one(db_, "product", SK_SQL_UPDATE_PRODUCT, p.id, p.organization_id, p.name, p.minimum_seats,
                    p.maximum_seats, p.modified_at, p.description, p.visibility, p.is_archived, p.metadata_json,
                    price_id, p.price.currency, p.price.tier_type, seat_tiers_column(p),
                    price_id ? std::optional(p.price.created_at) : std::nullopt);
}

template <class Db>
Result<domain::Page<domain::Product>> SqlRepository<Db>::list_products(const domain::Id& organization_id,
                                                                       const domain::ProductFilter& f,
                                                                       const domain::PageRequest& page) {
  return fetch_page(db_, management_sql::kProducts, page, read_product, organization_id, json_list(f.ids), f.query,
                    f.is_archived, f.is_recurring);
}

// ---- members ----

template <class Db>
Result<domain::Page<domain::Member>> SqlRepository<Db>::list_members(const domain::Id& organization_id,
                                                                     const domain::MemberFilter& f,
                                                                     const domain::PageRequest& page) {
  return fetch_page(db_, management_sql::kMembers, page, read_member, organization_id, f.customer_id,
                    f.external_customer_id, f.role);
}

template <class Db>
Status SqlRepository<Db>::delete_member(const domain::Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "member", SK_SQL_DELETE_MEMBER, id, at));
  return run_sql(db_, SK_SQL_DELETE_SESSIONS_OF_MEMBER, id);
}

template <class Db>
Result<std::optional<domain::Member>> SqlRepository<Db>::find_owner_member(const domain::Id& customer_id) {
  return fetch_one(db_, SK_SQL_FIND_OWNER_MEMBER, read_member, customer_id);
}

// The domain changes or revokes each seat it gets here; in a write job they are locked for the
// same reason the seat lists lock them.
template <class Db>
Result<std::vector<domain::Seat>> SqlRepository<Db>::occupied_seats_of_member(const domain::Id& member_id) {
  return fetch_all(db_, lock_rows_ ? SK_SQL_OCCUPIED_SEATS_OF_MEMBER SK_SQL_FOR_UPDATE : SK_SQL_OCCUPIED_SEATS_OF_MEMBER,
                   read_seat, member_id);
}

// ---- customer sessions ----

template <class Db>
Status SqlRepository<Db>::insert_customer_session(const domain::CustomerSession& s) {
  return insert_unique(db_, "customer_sessions", SK_SQL_INSERT_CUSTOMER_SESSION, s.id, s.token_hash, s.customer_id,
                       s.return_url, s.expires_at, s.created_at);
}

template <class Db>
Result<std::optional<domain::CustomerSession>> SqlRepository<Db>::find_customer_session(
    const std::string& token_hash) {
  return fetch_one(db_, SK_SQL_FIND_CUSTOMER_SESSION, management_sql::read_customer_session, token_hash);
}

// ---- subscriptions ----

template <class Db>
Status SqlRepository<Db>::insert_subscription(const domain::Subscription& s) {
  return insert_unique(db_, "subscriptions", SK_SQL_INSERT_SUBSCRIPTION, s.id, s.organization_id, s.customer_id,
                       s.product_id, s.seats, s.status, s.created_at, s.modified_at, s.started_at,
                       s.cancel_at_period_end, s.canceled_at, s.ends_at, s.ended_at, s.cancellation_reason,
                       s.cancellation_comment, s.metadata_json);
}

template <class Db>
Status SqlRepository<Db>::update_subscription(const domain::Subscription& s) {
  return update_one(db_, "subscription", SK_SQL_UPDATE_SUBSCRIPTION, s.id, s.organization_id, s.customer_id,
                    s.product_id, s.seats, s.status, s.modified_at, s.started_at, s.cancel_at_period_end,
                    s.canceled_at, s.ends_at, s.ended_at, s.cancellation_reason, s.cancellation_comment,
                    s.metadata_json);
}

template <class Db>
Result<std::optional<domain::Subscription>> SqlRepository<Db>::find_subscription(const domain::Id& organization_id,
                                                                                 const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_SUBSCRIPTION, read_subscription, id, organization_id);
}

// The same row lock find_container takes for a seat assignment: a seat-count change and a
// concurrent assignment to this subscription serialise on it, so the one that commits second
// sees the other's seats and seat count. In a read job (no writes can follow) a plain read is
// enough.
template <class Db>
Result<std::optional<domain::Subscription>> SqlRepository<Db>::lock_subscription(const domain::Id& organization_id,
                                                                                 const domain::Id& id) {
  return fetch_one(db_, lock_rows_ ? SK_SQL_FIND_SUBSCRIPTION SK_SQL_FOR_UPDATE : SK_SQL_FIND_SUBSCRIPTION,
                   read_subscription, id, organization_id);
}

template <class Db>
Result<domain::Page<domain::Subscription>> SqlRepository<Db>::list_subscriptions(
    const domain::Id& organization_id, const domain::SubscriptionFilter& f, const domain::PageRequest& page) {
  return fetch_page(db_, management_sql::kSubscriptions, page, read_subscription, organization_id,
                    json_list(f.customer_ids), json_list(f.external_customer_ids), json_list(f.product_ids), f.active,
                    json_list(f.statuses), f.cancel_at_period_end);
}

template <class Db>
Result<std::vector<domain::Subscription>> SqlRepository<Db>::active_subscriptions_of_customer(
    const domain::Id& customer_id) {
  return fetch_all(db_, SK_SQL_ACTIVE_SUBSCRIPTIONS_OF_CUSTOMER, read_subscription, customer_id);
}

// Every instance runs the sweeper that ends these. In a write job the rows are taken with
// SKIP LOCKED: instances sweeping at once end different subscriptions, and one that another
// instance ended meanwhile no longer matches `ended_at IS NULL`, so none is ended (and its seats
// revoked and reported) twice.
template <class Db>
Result<std::vector<domain::Subscription>> SqlRepository<Db>::subscriptions_due_to_end(Timestamp now, int limit) {
  return fetch_all(db_, lock_rows_ ? SK_SQL_SUBSCRIPTIONS_DUE_TO_END SK_SQL_SKIP_LOCKED : SK_SQL_SUBSCRIPTIONS_DUE_TO_END,
                   read_subscription, now, limit);
}

// ---- orders ----

template <class Db>
Status SqlRepository<Db>::insert_order(const domain::Order& o) {
  return insert_unique(db_, "orders", SK_SQL_INSERT_ORDER, o.id, o.organization_id, o.customer_id,
                       null_if_empty(o.product_id), o.seats, o.status, o.created_at, o.modified_at, o.currency,
                       o.description, o.metadata_json, null_if_empty(o.item_id));
}

template <class Db>
Status SqlRepository<Db>::update_order(const domain::Order& o) {
  return update_one(db_, "order", SK_SQL_UPDATE_ORDER, o.id, o.organization_id, o.seats, o.status, o.modified_at,
                    o.currency, o.description, o.metadata_json);
}

// The domain reads an order, checks its status, then changes it: in a write job the row is
// locked so two such changes (or a change and a seat assignment) take turns across instances.
template <class Db>
Result<std::optional<domain::Order>> SqlRepository<Db>::find_order(const domain::Id& organization_id,
                                                                   const domain::Id& id) {
  return fetch_one(db_, lock_rows_ ? SK_SQL_FIND_ORDER SK_SQL_FOR_UPDATE : SK_SQL_FIND_ORDER, read_order, id,
                   organization_id);
}

template <class Db>
Result<domain::Page<domain::Order>> SqlRepository<Db>::list_orders(const domain::Id& organization_id,
                                                                   const domain::OrderFilter& f,
                                                                   const domain::PageRequest& page) {
  return fetch_page(db_, management_sql::kOrders, page, read_order, organization_id, json_list(f.customer_ids),
                    json_list(f.external_customer_ids), json_list(f.product_ids), json_list(f.statuses));
}

}  // namespace sk::storage
