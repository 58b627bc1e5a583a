// The entities seats need, as plain values. No I/O, no JSON, no SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time.hpp"

namespace sk::domain {

using Id = std::string;  // lower-case hyphenated UUID text

struct Organization {
  Id id;
  std::string name;
  std::string slug;
  bool seat_based_pricing_enabled = true;
  Timestamp created_at;
};

struct AccessToken {
  Id id;
  Id organization_id;
  std::vector<std::string> scopes;
  std::optional<Timestamp> expires_at;
};

struct Customer {
  Id id;
  Id organization_id;
  std::optional<std::string> email;
  std::optional<std::string> external_id;
  std::optional<std::string> name;
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
  // management API
  std::string type = "individual";  // individual | team
  std::string metadata_json = "{}";  // Polar metadata object, validated on the way in
  std::optional<Timestamp> deleted_at = std::nullopt;
};

struct Member {
  Id id;
  Id customer_id;
  Id organization_id;
  std::string email;
  std::optional<std::string> name;
  std::optional<std::string> external_id;
  std::string role = "member";  // owner | billing_manager | member
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
};

// One tier of a seat-based price: seats min_seats..max_seats (inclusive, null = unbounded)
// cost price_per_seat minor units each.
struct SeatTier {
  int min_seats = 1;
  std::optional<int> max_seats;
  long long price_per_seat = 0;
};

// A product's seat-based price (Polar's ProductPriceSeatBased). seatkeeper sells only this kind.
struct SeatPrice {
  Id id;  // empty for products stored before prices existed: they show the product's id
  std::string currency = "usd";
  std::string tier_type = "volume";  // volume | graduated
  std::vector<SeatTier> tiers;       // sorted, contiguous; empty = one free tier minimum..maximum
  Timestamp created_at;
};

struct Product {
  Id id;
  Id organization_id;
  std::string name;
  bool recurring = true;  // false: one-time, seats come with orders
  int minimum_seats = 1;  // the first tier's min_seats
  std::optional<int> maximum_seats;  // the last tier's max_seats
  Timestamp created_at;
  // management API
  std::optional<Timestamp> modified_at = std::nullopt;
  std::optional<std::string> description = std::nullopt;
  std::string visibility = "public";  // draft | private | public
  std::string recurring_interval = "month";  // day | week | month | year; ignored when one-time
  int recurring_interval_count = 1;
  bool is_archived = false;
  std::string metadata_json = "{}";
  SeatPrice price = {};
};

enum class ContainerKind { subscription, order };

// A subscription or an order: the thing that owns a number of seats.
struct SeatContainer {
  ContainerKind kind = ContainerKind::subscription;
  Id id;
  Id organization_id;
  Id customer_id;  // the billing customer (purchaser)
  Id product_id;
  std::optional<int> seats;
  std::string status;  // subscription: active|canceled|...; order: draft|pending|paid|...
  Timestamp created_at;
};

enum class SeatStatus { pending, claimed, revoked };
const char* to_string(SeatStatus s);

struct Seat {
  Id id;
  Timestamp created_at;
  std::optional<Timestamp> modified_at;
  ContainerKind container_kind = ContainerKind::subscription;
  Id container_id;
  Id organization_id;
  SeatStatus status = SeatStatus::pending;
  std::optional<Id> customer_id;
  std::optional<Id> member_id;
  std::optional<std::string> email;
  std::optional<std::string> invitation_token_hash;
  std::optional<Timestamp> invitation_token_expires_at;
  std::optional<Timestamp> claimed_at;
  std::optional<Timestamp> revoked_at;
  std::string metadata_json = "{}";  // the caller's metadata object, kept verbatim
};

// A seat as the API shows it: with its member and the derived customer_email.
struct SeatView {
  Seat seat;
  std::optional<Member> member;
  std::optional<std::string> customer_email;
  // The plain invitation token, set only in the answer to a caller who delivers the invitation
  // itself (send_invitation false). Events and e-mails never see it.
  std::optional<std::string> undelivered_invitation_token = std::nullopt;
};

struct SeatsList {
  std::vector<SeatView> seats;
  int available_seats = 0;
  int total_seats = 0;
};

struct SeatClaimInfo {
  std::string product_name;
  Id product_id;
  std::string organization_name;
  std::string organization_slug;
  std::string customer_email;
  bool can_claim = false;
  // Not shown: the moment the invitation stops being claimable (the answer changes then).
  std::optional<Timestamp> claimable_until{};
};

struct ClaimedSeat {
  SeatView seat;
  std::string member_session_token;
};

struct MemberSession {
  Id id;
  std::string token_hash;
  Id member_id;
  Timestamp expires_at;
  Timestamp created_at;
};

}  // namespace sk::domain
