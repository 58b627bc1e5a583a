// The customer portal's seat operations: what a billing customer (customer session) or one of its
// members (member session) may do with the seats of the customer's own subscriptions and orders.
// This is the single entry point for the portal, whether reached through the API
// (/v1/customer-portal/seats) or through the portal's HTML pages. The seat rules themselves stay
// in seat_service (assign, revoke, resend): these functions only decide who may act on which
// container or seat, then call them.
//
// Rules (customer-seats-api.md §7):
// - Anyone in the portal may list; assigning, revoking and resending need a customer session or a
//   member whose role is owner or billing_manager (403 NotPermitted otherwise).
// - A subscription, order or seat of another customer is 404, exactly as an unknown one.
// - checkout_id cannot resolve (checkouts are not modelled): 404 "No subscription or order found
//   for this checkout".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/event_sink.hpp"
#include "domain/model.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

// Who is acting in the portal: the billing customer, and the member when a member session acts.
struct PortalSubject {
  Organization organization;
  Customer customer;            // the billing customer whose subscriptions and orders are shown
  std::optional<Member> member;  // set for member sessions (a member of `customer`)

  // Customers always; members only with role owner or billing_manager.
  bool may_manage_seats() const;
};

// 403 NotPermitted unless the subject may assign, revoke and resend (checked by each of those
// operations too; callers that validate input check it first, as Polar answers 403 before 422).
Status require_seat_manager(const PortalSubject&);

enum class PortalSessionKind { customer, member };

// The subject behind a session token's stored hash (see token_hash); nullopt when no live
// session has that hash (unknown, expired, or its customer or member deleted).
Result<std::optional<PortalSubject>> find_portal_subject(Repository&, PortalSessionKind, const std::string& token_hash,
                                                         Timestamp now);
// The same from the plain token: polar_cst_… (customer session) or polar_mst_… (member session).
// Any other token is nullopt.
Result<std::optional<PortalSubject>> find_portal_subject(Repository&, const SeatContext&, std::string_view session_token);

// The portal's assign request: the merchant's SeatAssign plus checkout_id. immediate_claim is
// ignored here: a billing manager invites, the person claims.
struct PortalSeatAssign {
  SeatAssignRequest seat;
  std::optional<Id> checkout_id;
};

// Polar's CustomerSeatAssign model rule: exactly one of subscription_id, order_id, checkout_id,
// then SeatAssign's recipient rules. At most one issue, as Polar raises the first.
std::optional<ValidationIssue> check_portal_seat_assign_model(const PortalSeatAssign&);

// The seats of one of the subject's subscriptions (kind subscription) or orders.
Result<SeatsList> portal_list_seats(Repository&, const PortalSubject&, ContainerKind, const Id& container_id);
Result<SeatView> portal_assign_seat(Repository&, EventSink&, const SeatContext&, const PortalSubject&,
                                    const PortalSeatAssign&);
Result<SeatView> portal_revoke_seat(Repository&, EventSink&, const SeatContext&, const PortalSubject&,
                                    const Id& seat_id);
Result<SeatView> portal_resend_invitation(Repository&, EventSink&, const SeatContext&, const PortalSubject&,
                                          const Id& seat_id);

// Subscriptions in which the subject holds a claimed seat (a member: seats it holds; a customer:
// its own subscriptions in which a seat is claimed), each once, ordered by creation time in the
// page's direction. Built from the subject's own seats and subscriptions, which are few.
Result<Page<SubscriptionView>> portal_claimed_subscriptions(Repository&, const PortalSubject&, const PageRequest&,
                                                            Timestamp now);

}  // namespace sk::domain
