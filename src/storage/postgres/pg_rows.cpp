#include "storage/postgres/pg_rows.hpp"

#include <string_view>

#include "storage/sqlite/sqlite_rows.hpp"  // seat tier JSON: one encoding for both stores

namespace sk::storage::postgres {

using namespace sk::domain;

Result<Customer> read_customer(const Row& r) {
  Customer c{r.text(0), r.text(1), r.opt_text(2), r.opt_text(3), r.opt_text(4), r.timestamp(5), r.opt_timestamp(6)};
  c.type = r.text(7);
  c.metadata_json = r.text(8);
  c.deleted_at = r.opt_timestamp(9);
  return c;
}

Result<Member> read_member(const Row& r) {
  return Member{r.text(0),     r.text(1), r.text(2),      r.text(3),         r.opt_text(4),
                r.opt_text(5), r.text(6), r.timestamp(7), r.opt_timestamp(8)};
}

Result<Product> read_product(const Row& r) {
  Product p;
  p.id = r.text(0);
  p.organization_id = r.text(1);
  p.name = r.text(2);
  p.recurring = r.boolean(3);
  p.minimum_seats = static_cast<int>(r.int64(4));
  if (auto max = r.opt_int64(5)) p.maximum_seats = static_cast<int>(*max);
  p.created_at = r.timestamp(6);
  p.modified_at = r.opt_timestamp(7);
  p.description = r.opt_text(8);
  p.visibility = r.text(9);
  p.recurring_interval = r.opt_text(10).value_or("month");
  p.recurring_interval_count = static_cast<int>(r.opt_int64(11).value_or(1));
  p.is_archived = r.boolean(12);
  p.metadata_json = r.text(13);
  p.price.id = r.opt_text(14).value_or("");
  p.price.currency = r.text(15);
  p.price.tier_type = r.text(16);
  if (auto tiers = r.opt_text(17)) {
    SK_TRY(parsed, sqlite::parse_seat_tiers(*tiers));
    p.price.tiers = std::move(parsed);
  }
  p.price.created_at = r.opt_timestamp(18).value_or(p.created_at);
  return p;
}

Result<Subscription> read_subscription(const Row& r) {
  Subscription s;
  s.id = r.text(0);
  s.organization_id = r.text(1);
  s.customer_id = r.text(2);
  s.product_id = r.text(3);
  if (auto seats = r.opt_int64(4)) s.seats = static_cast<int>(*seats);
  s.status = r.text(5);
  s.created_at = r.timestamp(6);
  s.modified_at = r.opt_timestamp(7);
  s.started_at = r.opt_timestamp(8).value_or(s.created_at);
  s.cancel_at_period_end = r.boolean(9);
  s.canceled_at = r.opt_timestamp(10);
  s.ends_at = r.opt_timestamp(11);
  s.ended_at = r.opt_timestamp(12);
  s.cancellation_reason = r.opt_text(13);
  s.cancellation_comment = r.opt_text(14);
  s.metadata_json = r.text(15);
  return s;
}

Result<Order> read_order(const Row& r) {
  Order o;
  o.id = r.text(0);
  o.organization_id = r.text(1);
  o.customer_id = r.text(2);
  o.product_id = r.opt_text(3).value_or("");
  if (auto seats = r.opt_int64(4)) o.seats = static_cast<int>(*seats);
  o.status = r.text(5);
  o.created_at = r.timestamp(6);
  o.modified_at = r.opt_timestamp(7);
  o.currency = r.text(8);
  o.description = r.opt_text(9);
  o.metadata_json = r.text(10);
  o.item_id = r.opt_text(11).value_or("");
  return o;
}

namespace {

Result<SeatStatus> parse_status(std::string_view text) {
  if (text == "pending") return SeatStatus::pending;
  if (text == "claimed") return SeatStatus::claimed;
  if (text == "revoked") return SeatStatus::revoked;
  return internal_error("unknown seat status in customer_seats: " + std::string(text));
}

}  // namespace

Result<Seat> read_seat(const Row& r) {
  Seat s;
  s.id = r.text(0);
  s.created_at = r.timestamp(1);
  s.modified_at = r.opt_timestamp(2);
  if (!r.is_null(3)) {
    s.container_kind = ContainerKind::subscription;
    s.container_id = r.text(3);
  } else {
    s.container_kind = ContainerKind::order;
    s.container_id = r.text(4);
  }
  s.organization_id = r.text(5);
  SK_TRY(status, parse_status(r.text(6)));
  s.status = status;
  s.customer_id = r.opt_text(7);
  s.member_id = r.opt_text(8);
  s.email = r.opt_text(9);
  s.invitation_token_hash = r.opt_text(10);
  s.invitation_token_expires_at = r.opt_timestamp(11);
  s.claimed_at = r.opt_timestamp(12);
  s.revoked_at = r.opt_timestamp(13);
  s.metadata_json = r.opt_text(14).value_or("{}");
  return s;
}

std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<std::string> seat_tiers_column(const Product& p) {
  if (p.price.tiers.empty()) return std::nullopt;
  return sqlite::seat_tiers_json(p.price.tiers);
}

std::optional<std::string> json_list(const std::vector<std::string>& values) { return sqlite::json_list(values); }

}  // namespace sk::storage::postgres
