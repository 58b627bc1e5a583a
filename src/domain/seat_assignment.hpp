// The single-assign rules as steps, so that assign, bulk assign and transfer run exactly the same
// rules: one implementation. Each step before place_seat only reads, so every refusal comes before
// the first write and a refused row of a bulk request leaves nothing behind.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/event_sink.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/model.hpp"
#include "domain/repository.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/seat_history.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

// The container a seat goes into, with the product its invitation names. A target lives for one
// request (one transaction), so what every seat placed into it needs from elsewhere is read once
// and kept here: a bulk assignment of many rows does not re-read it per row.
struct AssignTarget {
  SeatContainer container;
  Product product;
  std::optional<InvitationPolicy> invitation_policy;  // the organization's, once read
  std::optional<std::string> billing_manager;         // "who invited you", once read
};

// Who will hold the seat: an existing member, or one that place_seat creates or gives its external id.
struct PlannedHolder {
  Member member;
  bool create = false;
  bool set_external_id = false;
};

Result<Member> get_or_create_member(Repository&, const SeatContext&, const Organization&, const Id& customer_id,
                                    const std::string& email);
// How this invitation goes out: the request's choices, else the organization's policy, else the
// configured lifetime and e-mail. Both fields of the answer are set.
Result<InvitationOptions> invitation_plan(Repository&, const SeatContext&, const Organization&,
                                          const InvitationOptions& asked);
// Mints an invitation token for the seat: its hash and expiry go on the seat, the token to `token_out`.
void issue_invitation_token(const SeatContext&, Seat&, std::chrono::seconds lifetime, std::string& token_out);
Status send_invitation(Repository&, EventSink&, const Organization&, const Seat&, const std::string& token,
                       const std::string& to_email, const SeatContainer&, const std::string& product_name);

// The container exists, the seat feature is on, and the container takes seats (paid order, active subscription).
Result<AssignTarget> assignable_target(Repository&, const Organization&, ContainerKind, const Id& container_id);
// Room for one more seat (pending and claimed seats count).
Status check_capacity(Repository&, const AssignTarget&);
// Finds the member the request names (§5.3 member path), planning its creation when needed.
Result<PlannedHolder> plan_holder(Repository&, const SeatContext&, const Organization&, const SeatContainer&,
                                  const SeatAssignRequest&);
// Refuses a holder who already has a pending or claimed seat in the container.
Status refuse_duplicate_holder(Repository&, const SeatContainer&, const Member&);

// Writes the holder and the seat (`reuse`, else a revoked seat of the container, else a new one),
// the invitation, the webhook event and the history event `kind` (assigned or transferred_in).
Result<SeatView> place_seat(Repository&, EventSink&, const SeatContext&, const Organization&, AssignTarget&,
                            PlannedHolder, const SeatAssignRequest&, SeatEventKind kind, std::optional<Seat> reuse);

// Every rule of an assign after the container's own checks: capacity, holder, duplicates, then the writes.
Result<SeatView> assign_into(Repository&, EventSink&, const SeatContext&, const Organization&, AssignTarget&,
                             const SeatAssignRequest&);

// Revokes a seat and records `kind` (revoked or transferred_out) in its history.
Result<SeatView> release_seat_as(Repository&, EventSink&, const SeatContext&, const Organization&, Seat, SeatEventKind);

// Appends one history event for the seat's holder as it is now.
Status record_seat_event(SeatHistoryRepository&, const SeatContext&, const Seat&, SeatEventKind);
// Records the lapse of a pending seat's invitation (once, at the instant it lapsed) if it lapsed.
Status notice_lapsed_invitation(SeatHistoryRepository&, const SeatContext&, const Seat&);

}  // namespace sk::domain
