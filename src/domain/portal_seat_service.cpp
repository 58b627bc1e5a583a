#include "domain/portal_seat_service.hpp"

#include "domain/subscription_service.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> not_found(std::string detail) {
  return fail(ErrorKind::not_found, "ResourceNotFound", std::move(detail));
}

const char* container_not_found_detail(ContainerKind kind) {
  return kind == ContainerKind::subscription ? "Subscription not found" : "Order not found";
}

// The subject's own subscription or order; another customer's is as unknown as a missing one.
Result<SeatContainer> own_container(Repository& repo, const PortalSubject& subject, ContainerKind kind, const Id& id) {
  SK_TRY(container, repo.find_container(kind, subject.organization.id, id));
  if (!container || container->customer_id != subject.customer.id) return not_found(container_not_found_detail(kind));
  return *container;
}

// The subject's own seat: one of its subscriptions' or orders'.
Status require_own_seat(Repository& repo, const PortalSubject& subject, const Id& seat_id) {
  SK_TRY(seat, repo.find_seat(subject.organization.id, seat_id));
  if (!seat) return not_found("Seat not found");
  SK_TRY(container, repo.find_container(seat->container_kind, subject.organization.id, seat->container_id));
  if (!container || container->customer_id != subject.customer.id) return not_found("Seat not found");
  return {};
}

// The merchant API may name any customer of the organization as the seat's recipient; in the
// portal a customer can only name itself, so nothing about other customers can be learnt here.
Status require_own_customer_reference(const PortalSubject& subject, const SeatAssignRequest& req) {
  const bool other_id = req.customer_id && *req.customer_id != subject.customer.id;
  const bool other_external =
      req.external_customer_id && (!subject.customer.external_id || *req.external_customer_id != *subject.customer.external_id);
  if (other_id || other_external)
    return fail(ErrorKind::bad_request, "InvalidSeatAssignmentRequest",
                "Customer not found for the provided customer_id or external_customer_id.");
  return {};
}

Result<std::optional<PortalSubject>> subject_of_customer(Repository& repo, const Id& customer_id,
                                                         std::optional<Member> member) {
  SK_TRY(customer, repo.find_customer_by_id(customer_id));  // deleted customers are not found
  if (!customer) return std::optional<PortalSubject>{};
  SK_TRY(organization, repo.find_organization(customer->organization_id));
  if (!organization) return std::optional<PortalSubject>{};
  return std::optional<PortalSubject>{PortalSubject{std::move(*organization), std::move(*customer), std::move(member)}};
}

}  // namespace

bool PortalSubject::may_manage_seats() const {
  return !member || member->role == "owner" || member->role == "billing_manager";
}

Status require_seat_manager(const PortalSubject& subject) {
  if (!subject.may_manage_seats())
    return fail(ErrorKind::forbidden, "NotPermitted", "Only owners and billing managers can access billing features.");
  return {};
}

Result<std::optional<PortalSubject>> find_portal_subject(Repository& repo, PortalSessionKind kind,
                                                         const std::string& token_hash, Timestamp now) {
  if (kind == PortalSessionKind::customer) {
    SK_TRY(session, repo.find_customer_session(token_hash));
    if (!session || session->expires_at <= now) return std::optional<PortalSubject>{};
    return subject_of_customer(repo, session->customer_id, std::nullopt);
  }
  SK_TRY(session, repo.find_member_session(token_hash));
  if (!session || session->expires_at <= now) return std::optional<PortalSubject>{};
  SK_TRY(member, repo.find_member(session->member_id));  // deleted members are not found
  if (!member) return std::optional<PortalSubject>{};
  const Id customer_id = member->customer_id;
  return subject_of_customer(repo, customer_id, std::move(*member));
}

Result<std::optional<PortalSubject>> find_portal_subject(Repository& repo, const SeatContext& ctx,
                                                         std::string_view session_token) {
  if (session_token.starts_with("polar_cst_"))
    return find_portal_subject(repo, PortalSessionKind::customer, token_hash(ctx, session_token), ctx.now);
  if (session_token.starts_with("polar_mst_"))
    return find_portal_subject(repo, PortalSessionKind::member, token_hash(ctx, session_token), ctx.now);
  return std::optional<PortalSubject>{};
}

Result<SeatsList> portal_list_seats(Repository& repo, const PortalSubject& subject, ContainerKind kind,
                                    const Id& container_id) {
  SK_CHECK(own_container(repo, subject, kind, container_id));
  return list_seats(repo, subject.organization, kind, container_id);
}

Result<SeatView> portal_assign_seat(Repository& repo, EventSink& sink, const SeatContext& ctx,
                                    const PortalSubject& subject, const PortalSeatAssign& request) {
  SK_CHECK(require_seat_manager(subject));
  SeatAssignRequest seat = request.seat;
  if (seat.subscription_id) {
    SK_CHECK(own_container(repo, subject, ContainerKind::subscription, *seat.subscription_id));
  } else if (seat.order_id) {
    SK_CHECK(own_container(repo, subject, ContainerKind::order, *seat.order_id));
  } else {
    // Checkouts are not modelled, so no checkout ever produced a subscription or order here.
    return not_found("No subscription or order found for this checkout");
  }
  SK_CHECK(require_own_customer_reference(subject, seat));
  seat.immediate_claim = false;
  return assign_seat(repo, sink, ctx, subject.organization, seat);
}

Result<SeatView> portal_revoke_seat(Repository& repo, EventSink& sink, const SeatContext& ctx,
                                    const PortalSubject& subject, const Id& seat_id) {
  SK_CHECK(require_seat_manager(subject));
  SK_CHECK(require_own_seat(repo, subject, seat_id));
  return revoke_seat(repo, sink, ctx, subject.organization, seat_id);
}

Result<SeatView> portal_resend_invitation(Repository& repo, EventSink& sink, const SeatContext& ctx,
                                          const PortalSubject& subject, const Id& seat_id) {
  SK_CHECK(require_seat_manager(subject));
  SK_CHECK(require_own_seat(repo, subject, seat_id));
  return resend_invitation(repo, sink, ctx, subject.organization, seat_id);
}

Result<Page<SubscriptionView>> portal_claimed_subscriptions(Repository& repo, const PortalSubject& subject,
                                                            const PageRequest& page, Timestamp now) {
  SK_TRY(found, subject.member ? repo.claimed_subscriptions_of_member(subject.member->id, page)
                               : repo.claimed_subscriptions_of_customer(subject.customer.id, page));
  Page<SubscriptionView> views;
  views.total_count = found.total_count;
  views.items.reserve(found.items.size());
  for (const auto& subscription : found.items) {
    SK_TRY(view, view_subscription(repo, subscription, now));
    views.items.push_back(std::move(view));
  }
  return views;
}

}  // namespace sk::domain
