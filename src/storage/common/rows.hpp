// Row readers shared by both stores: each maps the columns of storage/common/columns.hpp, in
// that order, to a model value. A row is anything with the small row-access interface both
// backends provide (sqlite::Query, postgres::Row):
//   is_null, text, opt_text, int64, opt_int64, boolean, timestamp, opt_timestamp (0-based column).
// Readers are function objects so they can be handed to fetch_one / fetch_all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/idempotency.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/model.hpp"
#include "domain/operations_repository.hpp"
#include "domain/outbox_repository.hpp"
#include "domain/webhook_model.hpp"
#include "storage/common/columns.hpp"
#include "storage/common/encoding.hpp"

namespace sk::storage {

inline Result<domain::SeatStatus> parse_seat_status(std::string_view text) {
  if (text == "pending") return domain::SeatStatus::pending;
  if (text == "claimed") return domain::SeatStatus::claimed;
  if (text == "revoked") return domain::SeatStatus::revoked;
  return internal_error("unknown seat status in customer_seats: " + std::string(text));
}

template <class Row>
std::optional<bool> opt_bool(const Row& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.boolean(col);
}

template <class Row>
std::optional<int> opt_int(const Row& r, int col) {
  if (auto v = r.opt_int64(col)) return static_cast<int>(*v);
  return std::nullopt;
}

inline constexpr auto read_organization = [](const auto& r) -> Result<domain::Organization> {
  return domain::Organization{r.text(0), r.text(1), r.text(2), r.boolean(3), r.timestamp(4)};
};

inline constexpr auto read_access_token = [](const auto& r) -> Result<domain::AccessToken> {
  return domain::AccessToken{r.text(0), r.text(1), split_words(r.text(2)), r.opt_timestamp(3)};
};

inline constexpr auto read_member_session = [](const auto& r) -> Result<domain::MemberSession> {
  return domain::MemberSession{r.text(0), r.text(1), r.text(2), r.timestamp(3), r.timestamp(4)};
};

// A subscription or an order seen as what holds seats (`kind` says which table it came from).
inline auto container_reader(domain::ContainerKind kind) {
  return [kind](const auto& r) -> Result<domain::SeatContainer> {
    domain::SeatContainer c;
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

inline constexpr auto read_outbox = [](const auto& r) -> Result<domain::OutboxMessage> {
  return domain::OutboxMessage{r.text(0),      r.text(1),      r.text(2),
                       r.text(3),      r.text(4),      r.timestamp(5),
                       r.timestamp(6), static_cast<int>(r.int64(7)), r.opt_text(8)};
};

inline constexpr auto read_customer = [](const auto& r) -> Result<domain::Customer> {
  domain::Customer c{r.text(0), r.text(1), r.opt_text(2), r.opt_text(3), r.opt_text(4), r.timestamp(5), r.opt_timestamp(6)};
  c.type = r.text(7);
  c.metadata_json = r.text(8);
  c.deleted_at = r.opt_timestamp(9);
  return c;
};

inline constexpr auto read_member = [](const auto& r) -> Result<domain::Member> {
  return domain::Member{r.text(0),     r.text(1), r.text(2),      r.text(3),         r.opt_text(4),
                r.opt_text(5), r.text(6), r.timestamp(7), r.opt_timestamp(8)};
};

inline constexpr auto read_product = [](const auto& r) -> Result<domain::Product> {
  domain::Product p;
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
    SK_TRY(parsed, parse_seat_tiers(*tiers));
    p.price.tiers = std::move(parsed);
  }
  p.price.created_at = r.opt_timestamp(18).value_or(p.created_at);
  return p;
};

inline constexpr auto read_subscription = [](const auto& r) -> Result<domain::Subscription> {
  domain::Subscription s;
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
};

inline constexpr auto read_order = [](const auto& r) -> Result<domain::Order> {
  domain::Order o;
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
};

inline constexpr auto read_seat = [](const auto& r) -> Result<domain::Seat> {
  domain::Seat s;
  s.id = r.text(0);
  s.created_at = r.timestamp(1);
  s.modified_at = r.opt_timestamp(2);
  if (!r.is_null(3)) {
    s.container_kind = domain::ContainerKind::subscription;
    s.container_id = r.text(3);
  } else {
    s.container_kind = domain::ContainerKind::order;
    s.container_id = r.text(4);
  }
  s.organization_id = r.text(5);
  SK_TRY(status, parse_seat_status(r.text(6)));
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
};


// SK_EVENT_COLUMNS starting at column `first` (a delivery row carries its event after its own).
template <class Row>
domain::WebhookEvent read_event_at(const Row& r, int first) {
  domain::WebhookEvent e;
  e.id = r.text(first);
  e.endpoint_id = r.text(first + 1);
  e.organization_id = r.text(first + 2);
  e.type = r.text(first + 3);
  e.payload = r.text(first + 4);
  e.created_at = r.timestamp(first + 5);
  e.modified_at = r.opt_timestamp(first + 6);
  e.last_http_code = opt_int(r, first + 7);
  e.succeeded = opt_bool(r, first + 8);
  e.skipped = r.boolean(first + 9);
  e.attempts = static_cast<int>(r.int64(first + 10));
  e.done = r.boolean(first + 11);
  return e;
}

inline constexpr auto read_event = [](const auto& r) -> Result<domain::WebhookEvent> { return read_event_at(r, 0); };

inline constexpr auto read_endpoint = [](const auto& r) -> Result<domain::WebhookEndpoint> {
  domain::WebhookEndpoint e;
  e.id = r.text(0);
  e.organization_id = r.text(1);
  e.url = r.text(2);
  e.name = r.opt_text(3);
  e.format = r.text(4);
  e.sealed_secret = r.text(5);
  e.events = split_words(r.text(6));
  e.enabled = r.boolean(7);
  e.created_at = r.timestamp(8);
  e.modified_at = r.opt_timestamp(9);
  return e;
};

inline constexpr auto read_delivery_view = [](const auto& r) -> Result<domain::WebhookDeliveryView> {
  domain::WebhookDelivery d;
  d.id = r.text(0);
  d.event_id = r.text(1);
  d.endpoint_id = r.text(2);
  d.organization_id = r.text(3);
  d.created_at = r.timestamp(4);
  d.succeeded = r.boolean(5);
  d.http_code = opt_int(r, 6);
  d.response = r.opt_text(7);
  d.duration_ms = r.int64(8);
  return domain::WebhookDeliveryView{std::move(d), read_event_at(r, 9)};
};

inline constexpr auto read_idempotency_record = [](const auto& r) -> Result<domain::IdempotencyRecord> {
  return domain::IdempotencyRecord{r.text(0),
                                   r.text(1),
                                   r.text(2),
                                   domain::StoredResponse{static_cast<int>(r.int64(3)), r.text(4), r.text(5)},
                                   r.timestamp(6),
                                   r.timestamp(7)};
};

inline constexpr auto read_invitation_policy = [](const auto& r) -> Result<domain::InvitationPolicy> {
  domain::InvitationPolicy policy{r.boolean(0), std::nullopt};
  if (auto seconds = r.opt_int64(1)) policy.lifetime = std::chrono::seconds(*seconds);
  return policy;
};

// Operations: a (label, count) pair of a GROUP BY.
inline constexpr auto read_key_count = [](const auto& r) -> Result<domain::KeyCount> {
  return domain::KeyCount{r.text(0), r.int64(1)};
};

}  // namespace sk::storage
