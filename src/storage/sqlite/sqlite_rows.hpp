// Column lists and row readers shared by the repository's translation units, so every query of
// a table reads the same columns in the same order.
#pragma once

#include <string>
#include <vector>

#include "domain/commerce.hpp"
#include "domain/model.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

#define SK_CUSTOMER_COLUMNS \
  "id, organization_id, email, external_id, name, created_at, modified_at, type, metadata, deleted_at"
#define SK_MEMBER_COLUMNS \
  "id, customer_id, organization_id, email, name, external_id, role, created_at, modified_at"
#define SK_PRODUCT_COLUMNS                                                                                  \
  "id, organization_id, name, recurring, minimum_seats, maximum_seats, created_at, modified_at, description, " \
  "visibility, recurring_interval, recurring_interval_count, is_archived, metadata, price_id, price_currency, " \
  "seat_tier_type, seat_tiers, price_created_at"
#define SK_SEAT_COLUMNS                                                                                         \
  "id, created_at, modified_at, subscription_id, order_id, organization_id, status, customer_id, member_id, " \
  "email, invitation_token_hash, invitation_token_expires_at, claimed_at, revoked_at, metadata"
#define SK_SUBSCRIPTION_COLUMNS                                                                            \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, started_at, "      \
  "cancel_at_period_end, canceled_at, ends_at, ended_at, cancellation_reason, cancellation_comment, metadata"
#define SK_ORDER_COLUMNS                                                                                   \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, currency, "        \
  "description, metadata, item_id"

Result<domain::Customer> read_customer(const Query& q);
Result<domain::Member> read_member(const Query& q);
Result<domain::Product> read_product(const Query& q);
Result<domain::Subscription> read_subscription(const Query& q);
Result<domain::Order> read_order(const Query& q);
Result<domain::Seat> read_seat(const Query& q);

// Seat tiers rest as a JSON array [{"min_seats", "max_seats", "price_per_seat"}].
std::string seat_tiers_json(const std::vector<domain::SeatTier>&);
Result<std::vector<domain::SeatTier>> parse_seat_tiers(const std::string& json);

// A list filter of several values travels as one JSON array parameter (json_each in SQL), so
// the statement text stays constant; an empty list is NULL (no filter).
std::optional<std::string> json_list(const std::vector<std::string>&);

}  // namespace sk::storage::sqlite
