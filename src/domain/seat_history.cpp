#include "domain/seat_history.hpp"

#include <array>
#include <unordered_map>
#include <utility>

namespace sk::domain {
namespace {

constexpr std::array<std::pair<SeatEventKind, const char*>, 7> kEventNames{{
    {SeatEventKind::assigned, "assigned"},
    {SeatEventKind::invitation_resent, "invitation_resent"},
    {SeatEventKind::claimed, "claimed"},
    {SeatEventKind::revoked, "revoked"},
    {SeatEventKind::transferred_out, "transferred_out"},
    {SeatEventKind::transferred_in, "transferred_in"},
    {SeatEventKind::expired, "expired"},
}};

constexpr std::array<std::pair<ActorKind, const char*>, 4> kActorNames{{
    {ActorKind::organization_token, "organization_token"},
    {ActorKind::customer_session, "customer_session"},
    {ActorKind::member_session, "member_session"},
    {ActorKind::system, "system"},
}};

template <class Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
  for (const auto& [v, name] : names)
    if (text == name) return v;
  return std::nullopt;
}

}  // namespace

const char* to_string(SeatEventKind kind) { return name_of(kEventNames, kind); }
std::optional<SeatEventKind> seat_event_kind_from(std::string_view text) { return value_of(kEventNames, text); }
const char* to_string(ActorKind kind) { return name_of(kActorNames, kind); }
std::optional<ActorKind> actor_kind_from(std::string_view text) { return value_of(kActorNames, text); }

std::vector<SeatHolding> holdings_after(const std::vector<SeatHistoryEvent>& events) {
  // Every seat the log mentions, in order of first mention, with its holding (if any) so far.
  std::vector<std::optional<SeatHolding>> seats;
  std::unordered_map<Id, std::size_t> index;  // seat id -> position in `seats`
  for (const auto& e : events) {
    auto [it, first_mention] = index.try_emplace(e.seat_id, seats.size());
    if (first_mention) seats.emplace_back();
    auto& held = seats[it->second];
    switch (e.kind) {
      case SeatEventKind::assigned:
      case SeatEventKind::transferred_in:
        held = SeatHolding{e.seat_id, e.email, e.member_id, SeatStatus::pending, e.at};
        break;
      case SeatEventKind::claimed:
        if (!held) held = SeatHolding{e.seat_id, e.email, e.member_id, SeatStatus::claimed, e.at};
        held->status = SeatStatus::claimed;
        if (e.member_id) held->member_id = e.member_id;
        break;
      case SeatEventKind::revoked:
      case SeatEventKind::transferred_out:
        held.reset();
        break;
      case SeatEventKind::invitation_resent:
      case SeatEventKind::expired:  // a lapsed invitation still occupies its seat until revoked
        break;
    }
  }
  std::vector<SeatHolding> out;
  for (auto& held : seats)
    if (held) out.push_back(std::move(*held));
  return out;
}

}  // namespace sk::domain
