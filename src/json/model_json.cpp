#include "json/model_json.hpp"

#include <boost/json/parse.hpp>

namespace sk::json {

namespace bj = boost::json;

bj::value timestamp(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return bj::value(format_rfc3339(*t));
}

bj::value optional_string(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return bj::value(*s);
}

bj::object member_json(const domain::Member& m, bj::storage_ptr sp) {
  bj::object o(sp);
  o.reserve(8);
  o["id"] = m.id;
  o["created_at"] = format_rfc3339(m.created_at);
  o["modified_at"] = timestamp(m.modified_at);
  o["customer_id"] = m.customer_id;
  o["email"] = m.email;
  o["name"] = optional_string(m.name);
  o["external_id"] = optional_string(m.external_id);
  o["role"] = m.role;
  return o;
}

bj::object seat_json(const domain::SeatView& view, bj::storage_ptr sp) {
  const auto& s = view.seat;
  const bool subscription = s.container_kind == domain::ContainerKind::subscription;
  bj::object o(sp);
  o.reserve(15);
  o["created_at"] = format_rfc3339(s.created_at);
  o["modified_at"] = timestamp(s.modified_at);
  o["id"] = s.id;
  o["subscription_id"] = subscription ? bj::value(s.container_id) : bj::value(nullptr);
  o["order_id"] = subscription ? bj::value(nullptr) : bj::value(s.container_id);
  o["status"] = domain::to_string(s.status);
  o["customer_id"] = optional_string(s.customer_id);
  o["member_id"] = optional_string(s.member_id);
  o["member"] = view.member ? bj::value(member_json(*view.member, sp)) : bj::value(nullptr);
  o["email"] = optional_string(s.email);
  o["customer_email"] = optional_string(view.customer_email);
  o["invitation_token_expires_at"] = timestamp(s.invitation_token_expires_at);
  o["claimed_at"] = timestamp(s.claimed_at);
  o["revoked_at"] = timestamp(s.revoked_at);
  boost::system::error_code ec;
  bj::parse_options options;
  options.max_depth = 64;  // as deep as the request parser accepts
  bj::value metadata = bj::parse(s.metadata_json, ec, sp, options);
  o["seat_metadata"] = (ec || !metadata.is_object()) ? bj::value(bj::object(sp)) : std::move(metadata);
  return o;
}

bj::object seats_list_json(const domain::SeatsList& list, bj::storage_ptr sp) {
  bj::array seats(sp);
  seats.reserve(list.seats.size());
  for (const auto& seat : list.seats) seats.emplace_back(seat_json(seat, sp));
  bj::object o(sp);
  o["seats"] = std::move(seats);
  o["available_seats"] = list.available_seats;
  o["total_seats"] = list.total_seats;
  return o;
}

bj::object claim_info_json(const domain::SeatClaimInfo& info, bj::storage_ptr sp) {
  bj::object o(sp);
  o["product_name"] = info.product_name;
  o["product_id"] = info.product_id;
  o["organization_name"] = info.organization_name;
  o["organization_slug"] = info.organization_slug;
  o["customer_email"] = info.customer_email;
  o["can_claim"] = info.can_claim;
  return o;
}

bj::object claim_response_json(const domain::ClaimedSeat& claimed, bj::storage_ptr sp) {
  bj::object o(sp);
  o["seat"] = seat_json(claimed.seat, sp);
  o["customer_session_token"] = claimed.member_session_token;
  return o;
}

bj::object seat_event_json(std::string_view type, Timestamp at, const domain::SeatView& view) {
  bj::object o;
  o["type"] = type;
  o["timestamp"] = format_rfc3339(at);
  o["data"] = seat_json(view);
  return o;
}

}  // namespace sk::json
