#include "domain/portal_seat_service.hpp"

#include <algorithm>
#include <tuple>

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

// Every subscription in which the subject holds a claimed seat, each once. A member's seats are
// few and indexed by member; a customer's are found through its own subscriptions, because a
// seat's customer_id is always its container's billing customer.
Result<std::vector<Subscription>> claimed_subscriptions(Repository& repo, const PortalSubject& subject) {
  std::vector<Subscription> found;
  auto known = [&](const Id& id) { return std::ranges::any_of(found, [&](const Subscription& s) { return s.id == id; }); };
  if (subject.member) {
    SK_TRY(seats, repo.occupied_seats_of_member(subject.member->id));
    for (const auto& seat : seats) {
      if (seat.status != SeatStatus::claimed || seat.container_kind != ContainerKind::subscription) continue;
      if (known(seat.container_id)) continue;
      SK_TRY(subscription, repo.find_subscription(subject.organization.id, seat.container_id));
      if (subscription) found.push_back(std::move(*subscription));
    }
    return found;
  }
  SubscriptionFilter own;
  own.customer_ids = {subject.customer.id};
  for (PageRequest page{1, 100, false};; ++page.page) {
    SK_TRY(batch, repo.list_subscriptions(subject.organization.id, own, page));
    for (auto& subscription : batch.items) {
      SK_TRY(seats, repo.list_seats(ContainerKind::subscription, subscription.id));
      const bool claimed = std::ranges::any_of(seats, [&](const Seat& seat) {
        return seat.status == SeatStatus::claimed && seat.customer_id == subject.customer.id;
      });
      if (claimed) found.push_back(std::move(subscription));
    }
    if (batch.items.empty() || page.offset() + static_cast<long long>(batch.items.size()) >= batch.total_count) break;
  }
  return found;
}

}  // namespace

std::optional<ValidationIssue> check_portal_seat_assign_model(const PortalSeatAssign& request) {
  const SeatAssignRequest& seat = request.seat;
  if (int(seat.subscription_id.has_value()) + int(seat.order_id.has_value()) + int(request.checkout_id.has_value()) != 1)
    return ValidationIssue{{"body"}, "value_error",
                           "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided", {}};
  // The recipient rules are SeatAssign's; a checkout stands in as the one source they expect.
  SeatAssignRequest with_one_source = seat;
  if (request.checkout_id) with_one_source.subscription_id = *request.checkout_id;
  return check_seat_assign_model(with_one_source);
}

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
  SK_TRY(subscriptions, claimed_subscriptions(repo, subject));
  std::ranges::sort(subscriptions, [&](const Subscription& a, const Subscription& b) {
    const auto key_a = std::tie(a.created_at, a.id);
    const auto key_b = std::tie(b.created_at, b.id);
    return page.newest_first ? key_b < key_a : key_a < key_b;
  });
  Page<SubscriptionView> views;
  views.total_count = static_cast<long long>(subscriptions.size());
  const auto first = std::min<long long>(page.offset(), views.total_count);
  const auto last = std::min<long long>(first + page.limit, views.total_count);
  for (auto i = first; i < last; ++i) {
    SK_TRY(view, view_subscription(repo, subscriptions[static_cast<std::size_t>(i)], now));
    views.items.push_back(std::move(view));
  }
  return views;
}

}  // namespace sk::domain
