#include "storage/sqlite/sqlite_rows.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string_view>

namespace sk::storage::sqlite {

using namespace sk::domain;
namespace bj = boost::json;

Result<Customer> read_customer(const Query& q) {
  Customer c{q.text(0), q.text(1), q.opt_text(2), q.opt_text(3), q.opt_text(4), q.timestamp(5), q.opt_timestamp(6)};
  c.type = q.text(7);
  c.metadata_json = q.text(8);
  c.deleted_at = q.opt_timestamp(9);
  return c;
}

Result<Member> read_member(const Query& q) {
  return Member{q.text(0),     q.text(1), q.text(2),      q.text(3),         q.opt_text(4),
                q.opt_text(5), q.text(6), q.timestamp(7), q.opt_timestamp(8)};
}

Result<Product> read_product(const Query& q) {
  Product p;
  p.id = q.text(0);
  p.organization_id = q.text(1);
  p.name = q.text(2);
  p.recurring = q.int64(3) != 0;
  p.minimum_seats = static_cast<int>(q.int64(4));
  if (auto max = q.opt_int64(5)) p.maximum_seats = static_cast<int>(*max);
  p.created_at = q.timestamp(6);
  p.modified_at = q.opt_timestamp(7);
  p.description = q.opt_text(8);
  p.visibility = q.text(9);
  p.recurring_interval = q.opt_text(10).value_or("month");
  p.recurring_interval_count = static_cast<int>(q.opt_int64(11).value_or(1));
  p.is_archived = q.int64(12) != 0;
  p.metadata_json = q.text(13);
  p.price.id = q.opt_text(14).value_or("");
  p.price.currency = q.text(15);
  p.price.tier_type = q.text(16);
  if (auto tiers = q.opt_text(17)) {
    SK_TRY(parsed, parse_seat_tiers(*tiers));
    p.price.tiers = std::move(parsed);
  }
  p.price.created_at = q.opt_timestamp(18).value_or(p.created_at);
  return p;
}

Result<Subscription> read_subscription(const Query& q) {
  Subscription s;
  s.id = q.text(0);
  s.organization_id = q.text(1);
  s.customer_id = q.text(2);
  s.product_id = q.text(3);
  if (auto seats = q.opt_int64(4)) s.seats = static_cast<int>(*seats);
  s.status = q.text(5);
  s.created_at = q.timestamp(6);
  s.modified_at = q.opt_timestamp(7);
  s.started_at = q.opt_timestamp(8).value_or(s.created_at);
  s.cancel_at_period_end = q.int64(9) != 0;
  s.canceled_at = q.opt_timestamp(10);
  s.ends_at = q.opt_timestamp(11);
  s.ended_at = q.opt_timestamp(12);
  s.cancellation_reason = q.opt_text(13);
  s.cancellation_comment = q.opt_text(14);
  s.metadata_json = q.text(15);
  return s;
}

Result<Order> read_order(const Query& q) {
  Order o;
  o.id = q.text(0);
  o.organization_id = q.text(1);
  o.customer_id = q.text(2);
  o.product_id = q.opt_text(3).value_or("");
  if (auto seats = q.opt_int64(4)) o.seats = static_cast<int>(*seats);
  o.status = q.text(5);
  o.created_at = q.timestamp(6);
  o.modified_at = q.opt_timestamp(7);
  o.currency = q.text(8);
  o.description = q.opt_text(9);
  o.metadata_json = q.text(10);
  o.item_id = q.opt_text(11).value_or("");
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

Result<Seat> read_seat(const Query& q) {
  Seat s;
  s.id = q.text(0);
  s.created_at = q.timestamp(1);
  s.modified_at = q.opt_timestamp(2);
  if (!q.is_null(3)) {
    s.container_kind = ContainerKind::subscription;
    s.container_id = q.text(3);
  } else {
    s.container_kind = ContainerKind::order;
    s.container_id = q.text(4);
  }
  s.organization_id = q.text(5);
  SK_TRY(status, parse_status(q.text(6)));
  s.status = status;
  s.customer_id = q.opt_text(7);
  s.member_id = q.opt_text(8);
  s.email = q.opt_text(9);
  s.invitation_token_hash = q.opt_text(10);
  s.invitation_token_expires_at = q.opt_timestamp(11);
  s.claimed_at = q.opt_timestamp(12);
  s.revoked_at = q.opt_timestamp(13);
  s.metadata_json = q.opt_text(14).value_or("{}");
  return s;
}

std::string seat_tiers_json(const std::vector<SeatTier>& tiers) {
  bj::array out;
  for (const auto& t : tiers) {
    bj::object o;
    o["min_seats"] = t.min_seats;
    o["max_seats"] = t.max_seats ? bj::value(*t.max_seats) : bj::value(nullptr);
    o["price_per_seat"] = t.price_per_seat;
    out.emplace_back(std::move(o));
  }
  return bj::serialize(out);
}

Result<std::vector<SeatTier>> parse_seat_tiers(const std::string& json) {
  boost::system::error_code ec;
  bj::value v = bj::parse(json, ec);
  if (ec || !v.is_array()) return internal_error("products.seat_tiers is not a JSON array");
  std::vector<SeatTier> tiers;
  for (const auto& item : v.as_array()) {
    const auto* o = item.if_object();
    if (!o || !o->contains("min_seats") || !o->contains("price_per_seat"))
      return internal_error("products.seat_tiers holds a malformed tier");
    SeatTier t;
    t.min_seats = static_cast<int>(o->at("min_seats").to_number<long long>(ec));
    if (const auto* max = o->if_contains("max_seats"); max && !max->is_null())
      t.max_seats = static_cast<int>(max->to_number<long long>(ec));
    t.price_per_seat = o->at("price_per_seat").to_number<long long>(ec);
    if (ec) return internal_error("products.seat_tiers holds a non-integer");
    tiers.push_back(t);
  }
  return tiers;
}

std::optional<std::string> json_list(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  bj::array out;
  for (const auto& v : values) out.emplace_back(v);
  return bj::serialize(out);
}

}  // namespace sk::storage::sqlite
