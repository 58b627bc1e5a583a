// Column lists and row readers shared by the PostgreSQL repository's translation units, so every
// query of a table reads the same columns in the same order. The columns are SQLite's one for one
// (storage/sqlite/sqlite_rows.hpp), and so are the encodings (seat tiers as the same JSON).
#pragma once

#include "domain/commerce.hpp"
#include "domain/model.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage::postgres {

#define SK_PG_CUSTOMER_COLUMNS \
  "id, organization_id, email, external_id, name, created_at, modified_at, type, metadata, deleted_at"
#define SK_PG_MEMBER_COLUMNS \
  "id, customer_id, organization_id, email, name, external_id, role, created_at, modified_at"
#define SK_PG_PRODUCT_COLUMNS                                                                                  \
  "id, organization_id, name, recurring, minimum_seats, maximum_seats, created_at, modified_at, description, " \
  "visibility, recurring_interval, recurring_interval_count, is_archived, metadata, price_id, price_currency, " \
  "seat_tier_type, seat_tiers, price_created_at"
#define SK_PG_SEAT_COLUMNS                                                                                      \
  "id, created_at, modified_at, subscription_id, order_id, organization_id, status, customer_id, member_id, " \
  "email, invitation_token_hash, invitation_token_expires_at, claimed_at, revoked_at, metadata"
#define SK_PG_SUBSCRIPTION_COLUMNS                                                                         \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, started_at, "      \
  "cancel_at_period_end, canceled_at, ends_at, ended_at, cancellation_reason, cancellation_comment, metadata"
#define SK_PG_ORDER_COLUMNS                                                                                \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, currency, "        \
  "description, metadata, item_id"

Result<domain::Customer> read_customer(const Row& r);
Result<domain::Member> read_member(const Row& r);
Result<domain::Product> read_product(const Row& r);
Result<domain::Subscription> read_subscription(const Row& r);
Result<domain::Order> read_order(const Row& r);
Result<domain::Seat> read_seat(const Row& r);

// Optional columns the model spells as an empty string (an order without product, a product
// stored before prices existed).
std::optional<std::string> null_if_empty(const std::string& s);

// A product's tiers as stored (NULL when it has none), identical to SQLite's encoding.
std::optional<std::string> seat_tiers_column(const domain::Product& p);

// A list filter of several values travels as one JSON array parameter (jsonb_array_elements_text
// in SQL), so the statement text stays constant; an empty list is NULL (no filter).
std::optional<std::string> json_list(const std::vector<std::string>&);

}  // namespace sk::storage::postgres
