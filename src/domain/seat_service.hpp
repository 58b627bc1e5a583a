// The Customer Seats rules (customer-seats-api.md §5 with DECISIONS.md): assign, list, revoke,
// resend, claim-info and claim. Each call runs against one Repository transaction; the caller
// commits or rolls back. Only the member model is implemented (DECISIONS.md §3).
#pragma once

#include <chrono>
#include <string>

#include "common/error.hpp"
#include "domain/event_sink.hpp"
#include "domain/model.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/repository.hpp"
#include "domain/seat_page.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/seat_history.hpp"

namespace sk::domain {

struct SeatContext {
  Timestamp now;
  std::string token_key;  // server secret: keys the hashes under which tokens are stored
  std::chrono::seconds invitation_ttl{std::chrono::hours(24)};
  std::chrono::seconds session_ttl{std::chrono::hours(1)};
  Actor actor{};  // who asks: recorded in the seat history
};

// The hash under which a token (access, session) is stored and looked up.
std::string token_hash(const SeatContext&, std::string_view token);
// The hash under which an invitation token is stored and looked up: token_hash cut to its first
// 128 bits (32 hex digits). An invitation token carries 256 random bits, so 128 bits of its HMAC
// are as unguessable as any attacker can use, and every seat's row and token index are 64 bytes
// smaller for it (a seat is stored once per seat, with its token index, and there can be millions).
inline constexpr std::size_t kInvitationTokenHashLength = 32;
std::string invitation_token_hash(const SeatContext&, std::string_view token);

Status require_seat_feature(const Organization&);

Result<SeatsList> list_seats(Repository&, const Organization&, ContainerKind, const Id& container_id);
// One page of the container's seats that match `filter` (seat_page_service.cpp).
Result<SeatsPage> list_seat_page(Repository&, const Organization&, ContainerKind, const Id& container_id,
                                 const SeatFilter&, const PageRequest&);
Result<SeatView> assign_seat(Repository&, EventSink&, const SeatContext&, const Organization&,
                             const SeatAssignRequest&);
// Tells the repository, before the bearer is looked up, what assign_seat will read for `req`
// (Repository::expect_seat_assignment), when the holder is named by e-mail alone.
void announce_seat_assignment(Repository&, const SeatAssignRequest& req);
Result<SeatView> revoke_seat(Repository&, EventSink&, const SeatContext&, const Organization&, const Id& seat_id);
// Revokes a loaded seat without the feature gate: for the automatic revocations (subscription
// ended, member or customer deleted), which must work even when the seat feature is off.
Result<SeatView> release_seat(Repository&, EventSink&, const SeatContext&, const Organization&, Seat seat);
Result<SeatView> resend_invitation(Repository&, EventSink&, const SeatContext&, const Organization&,
                                   const Id& seat_id, const InvitationOptions& = {});
Result<SeatClaimInfo> get_claim_info(Repository&, const SeatContext&, std::string_view invitation_token);
Result<ClaimedSeat> claim_seat(Repository&, EventSink&, const SeatContext&, std::string_view invitation_token);

// The organization's subscription or order, or ResourceNotFound.
Result<SeatContainer> load_container(Repository&, const Organization&, ContainerKind, const Id& id);

// Loads what the API shows beside a seat row (its member, the derived customer_email).
Result<SeatView> view_of(Repository&, const Seat&);

}  // namespace sk::domain
