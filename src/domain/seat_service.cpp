#include "domain/seat_service.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"
#include "domain/claim_precheck.hpp"
#include "domain/commerce.hpp"

namespace sk::domain {
namespace {

constexpr const char* kInvalidToken = "Invalid or expired invitation token";

std::unexpected<Error> seat_not_available(std::string detail) {
  return fail(ErrorKind::bad_request, "SeatNotAvailable", std::move(detail));
}
std::unexpected<Error> invalid_invitation() { return fail(ErrorKind::bad_request, "InvalidInvitationToken", kInvalidToken); }
std::unexpected<Error> invalid_assignment(std::string detail) {
  return fail(ErrorKind::bad_request, "InvalidSeatAssignmentRequest", std::move(detail));
}
std::unexpected<Error> member_not_found(const std::string& key) {
  return fail(ErrorKind::not_found, "MemberNotFound", "Member not found: " + key);
}
std::unexpected<Error> member_email_mismatch(const std::string& external_id, const std::string& email) {
  return fail(ErrorKind::bad_request, "MemberEmailMismatch",
              "Member with external_member_id '" + external_id + "' exists but has a different email than '" +
                  email + "'");
}

Result<Member> get_or_create_member(Repository& repo, const SeatContext& ctx, const Organization& org,
                                    const Id& customer_id, const std::string& email) {
  SK_TRY(existing, repo.find_member_by_email(customer_id, email));
  if (existing) return *existing;
  Member member{crypto::uuid_v4(), customer_id, org.id, email, std::nullopt, std::nullopt, "member", ctx.now, std::nullopt};
  auto inserted = repo.insert_member(member);
  if (!inserted && is_conflict(inserted.error())) {
    // Another instance created it between our read and insert: use theirs.
    SK_TRY(raced, repo.find_member_by_email(customer_id, email));
    if (raced) return *raced;
  }
  if (!inserted) return std::unexpected(inserted.error());
  return member;
}

// Finds or creates the member (under the billing customer) that will hold the seat (§5.3 member path).
Result<Member> resolve_member(Repository& repo, const SeatContext& ctx, const Organization& org,
                              const SeatContainer& container, const SeatAssignRequest& req) {
  std::optional<std::string> email;
  if (req.email) email = normalize_email(*req.email);
  if (req.customer_id || req.external_customer_id) {
    std::optional<Customer> customer;
    if (req.customer_id) {
      SK_TRY(found, repo.find_customer(org.id, *req.customer_id));
      customer = std::move(found);
    } else {
      SK_TRY(found, repo.find_customer_by_external_id(org.id, *req.external_customer_id));
      customer = std::move(found);
    }
    if (!customer) return invalid_assignment("Customer not found for the provided customer_id or external_customer_id.");
    if (!email && customer->email) email = normalize_email(*customer->email);
  }
  const Id& billing_customer = container.customer_id;
  if (req.member_id) {
    SK_TRY(member, repo.find_member(*req.member_id));
    if (!member || member->customer_id != billing_customer) return member_not_found(*req.member_id);
    return *member;
  }
  if (req.external_member_id) {
    const std::string& external_id = *req.external_member_id;
    SK_TRY(by_external, repo.find_member_by_external_id(billing_customer, external_id));
    if (by_external) {
      if (email && lower_ascii(*email) != lower_ascii(by_external->email)) return member_email_mismatch(external_id, *email);
      return *by_external;
    }
    if (!email) return member_not_found(external_id);
    SK_TRY(member, get_or_create_member(repo, ctx, org, billing_customer, *email));
    if (!member.external_id) {
      member.external_id = external_id;
      member.modified_at = ctx.now;
      SK_CHECK(repo.update_member(member));
    } else if (*member.external_id != external_id) {
      return member_email_mismatch(external_id, *email);
    }
    return member;
  }
  if (email) return get_or_create_member(repo, ctx, org, billing_customer, *email);
  return invalid_assignment(
      "At least one of email, external_member_id, or member_id must be provided when member_model_enabled is true.");
}

// Polar shows the billing customer's e-mail as "who invited you".
Result<std::string> billing_manager_email(Repository& repo, const Organization& org, const Id& customer_id) {
  SK_TRY(customer, repo.find_customer(org.id, customer_id));
  if (!customer) return std::string{};
  if (customer->email) return *customer->email;
  return customer->name.value_or("");
}

Status send_invitation(Repository& repo, EventSink& sink, const Organization& org, const Seat& seat,
                       const std::string& token, const std::string& to_email, const SeatContainer& container,
                       const std::string& product_name) {
  SK_TRY(manager, billing_manager_email(repo, org, container.customer_id));
  return sink.invitation(Invitation{seat.id, org.id, org.name, org.slug, to_email, token,
                                    seat.invitation_token_expires_at.value_or(Timestamp{}), product_name, manager});
}

// How this invitation goes out: the request's choices, else the organization's policy, else
// the configured lifetime and e-mail.
Result<InvitationOptions> invitation_plan(Repository& repo, const SeatContext& ctx, const Organization& org,
                                          const InvitationOptions& asked) {
  InvitationOptions plan = asked;
  if (!plan.send_email || !plan.lifetime) {
    SK_TRY(policy, repo.find_invitation_policy(org.id));
    if (!plan.send_email) plan.send_email = policy.send_email;
    if (!plan.lifetime) plan.lifetime = policy.lifetime.value_or(ctx.invitation_ttl);
  }
  return plan;
}

void issue_invitation_token(const SeatContext& ctx, Seat& seat, std::chrono::seconds lifetime, std::string& token_out) {
  token_out = crypto::url_safe_token();
  seat.invitation_token_hash = token_hash(ctx, token_out);
  seat.invitation_token_expires_at = ctx.now + lifetime;
}

// The seat behind an invitation token, if the token is still good for claiming.
Result<std::optional<Seat>> claimable_seat(Repository& repo, const SeatContext& ctx, std::string_view token) {
  if (token.empty()) return std::optional<Seat>{};
  SK_TRY(seat, repo.find_seat_by_token_hash(token_hash(ctx, token)));
  if (!seat || seat->status != SeatStatus::pending) return std::optional<Seat>{};
  if (seat->invitation_token_expires_at && *seat->invitation_token_expires_at < ctx.now) return std::optional<Seat>{};
  return seat;
}

}  // namespace

Result<SeatContainer> load_container(Repository& repo, const Organization& org, ContainerKind kind, const Id& id) {
  SK_TRY(container, repo.find_container(kind, org.id, id));
  if (!container)
    return fail(ErrorKind::not_found, "ResourceNotFound",
                kind == ContainerKind::subscription ? "Subscription not found" : "Order not found");
  return *container;
}

std::string token_hash(const SeatContext& ctx, std::string_view token) { return crypto::hmac_sha256_hex(ctx.token_key, token); }

Status require_seat_feature(const Organization& org) {
  if (!org.seat_based_pricing_enabled)
    return fail(ErrorKind::forbidden, "FeatureNotEnabled", "Seat-based pricing is not enabled for this organization");
  return {};
}

Result<SeatView> view_of(Repository& repo, const Seat& seat) {
  SeatView view{seat, std::nullopt, std::nullopt};
  if (seat.member_id) {
    SK_TRY(member, repo.find_member(*seat.member_id));
    view.member = std::move(member);
  }
  if (seat.email) {
    view.customer_email = seat.email;
  } else if (view.member) {
    view.customer_email = view.member->email;
  } else if (seat.customer_id) {
    SK_TRY(customer, repo.find_customer(seat.organization_id, *seat.customer_id));
    if (customer) view.customer_email = customer->email;
  }
  return view;
}

Result<SeatsList> list_seats(Repository& repo, const Organization& org, ContainerKind kind, const Id& container_id) {
  SK_TRY(container, load_container(repo, org, kind, container_id));
  SK_CHECK(require_seat_feature(org));
  SK_TRY(seats, repo.list_seats(kind, container_id));
  SK_TRY(members, repo.find_seat_members(kind, container_id));
  SeatsList list;
  list.total_seats = container.seats.value_or(0);
  int occupied = 0;
  list.seats.reserve(seats.size());
  for (auto& seat : seats) {
    if (seat.status != SeatStatus::revoked) ++occupied;
    SeatView view{std::move(seat), std::nullopt, std::nullopt};
    if (view.seat.member_id) {
      auto it = std::ranges::find(members, *view.seat.member_id, &Member::id);
      if (it != members.end()) view.member = *it;
    }
    // Member-model seats always carry their e-mail; only a seat without one needs the fallbacks.
    if (view.seat.email) view.customer_email = view.seat.email;
    else if (view.member) view.customer_email = view.member->email;
    else if (view.seat.customer_id) {
      SK_TRY(with_fallbacks, view_of(repo, view.seat));
      view = std::move(with_fallbacks);
    }
    list.seats.push_back(std::move(view));
  }
  list.available_seats = std::max(0, list.total_seats - occupied);
  return list;
}

Result<SeatView> assign_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                             const SeatAssignRequest& req) {
  const ContainerKind kind = req.subscription_id ? ContainerKind::subscription : ContainerKind::order;
  const Id container_id = req.subscription_id ? *req.subscription_id : req.order_id.value_or("");
  SK_TRY(container, load_container(repo, org, kind, container_id));
  SK_TRY(product, repo.find_product(org.id, container.product_id));
  if (!product) return seat_not_available("Container has no associated product");
  SK_CHECK(require_seat_feature(org));
  // Polar blocks only pending orders and never looks at a subscription's status; seatkeeper
  // assigns only on paid orders and active subscriptions (docs/api.md, Subscriptions and Orders).
  if (kind == ContainerKind::order && container.status != kOrderPaid)
    return seat_not_available("Order must be paid before assigning seats");
  if (kind == ContainerKind::subscription && !is_active_subscription_status(container.status))
    return seat_not_available("Subscription is not active");
  // Capacity before duplicates, as Polar checks. The store serialises writes per container.
  SK_TRY(occupied, repo.count_occupied_seats(kind, container_id));
  if (container.seats.value_or(0) - occupied <= 0) return seat_not_available("No available seats for " + container_id);

  SK_TRY(member, resolve_member(repo, ctx, org, container, req));
  SK_TRY(duplicate, repo.find_occupied_seat_by_email(kind, container_id, member.email));
  if (duplicate) return fail(ErrorKind::bad_request, "SeatAlreadyAssigned", "Seat already assigned to customer " + member.email);

  SK_TRY(revoked, repo.find_revoked_seat(kind, container_id));
  const bool recycled = revoked.has_value();
  Seat seat;
  if (recycled) {
    seat = std::move(*revoked);
    seat.modified_at = ctx.now;
  } else {
    seat.id = crypto::uuid_v4();
    seat.created_at = ctx.now;
    seat.container_kind = kind;
    seat.container_id = container_id;
    seat.organization_id = org.id;
  }
  seat.customer_id = container.customer_id;
  seat.member_id = member.id;
  seat.email = member.email;
  seat.revoked_at.reset();
  seat.metadata_json = req.metadata_json;
  std::string token;
  InvitationOptions plan;
  if (req.immediate_claim) {
    seat.status = SeatStatus::claimed;
    seat.claimed_at = ctx.now;
    seat.invitation_token_hash.reset();
    seat.invitation_token_expires_at.reset();
  } else {
    SK_TRY(planned, invitation_plan(repo, ctx, org, req.invitation));
    plan = planned;
    seat.status = SeatStatus::pending;
    seat.claimed_at.reset();
    issue_invitation_token(ctx, seat, *plan.lifetime, token);
  }
  SK_CHECK(recycled ? repo.update_seat(seat) : repo.insert_seat(seat));

  SeatView view{seat, member, member.email};  // everything view_of would load is at hand
  if (req.immediate_claim) {
    SK_CHECK(sink.seat_event("customer_seat.claimed", org, view, ctx.now));
  } else {
    if (*plan.send_email) SK_CHECK(send_invitation(repo, sink, org, seat, token, member.email, container, product->name));
    SK_CHECK(sink.seat_event("customer_seat.assigned", org, view, ctx.now));
    if (!*plan.send_email) view.undelivered_invitation_token = std::move(token);
  }
  return view;
}

Result<SeatView> release_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                              Seat seat) {
  if (seat.status == SeatStatus::revoked) return view_of(repo, seat);  // idempotent: no second event
  seat.status = SeatStatus::revoked;
  seat.revoked_at = ctx.now;
  seat.modified_at = ctx.now;
  seat.invitation_token_hash.reset();
  seat.customer_id.reset();
  seat.member_id.reset();
  seat.email.reset();
  SK_CHECK(repo.update_seat(seat));
  SK_TRY(view, view_of(repo, seat));
  SK_CHECK(sink.seat_event("customer_seat.revoked", org, view, ctx.now));
  return view;
}

Result<SeatView> revoke_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                             const Id& seat_id) {
  SK_TRY(seat, repo.find_seat(org.id, seat_id));
  if (!seat) return fail(ErrorKind::not_found, "ResourceNotFound", "Seat not found");
  SK_CHECK(require_seat_feature(org));
  return release_seat(repo, sink, ctx, org, std::move(*seat));
}

Result<SeatView> resend_invitation(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                                   const Id& seat_id, const InvitationOptions& asked) {
  SK_TRY(seat, repo.find_seat(org.id, seat_id));
  if (!seat) return fail(ErrorKind::not_found, "ResourceNotFound", "Seat not found");
  SK_CHECK(require_seat_feature(org));
  if (seat->status != SeatStatus::pending) return fail(ErrorKind::bad_request, "SeatNotPending", "Seat is not in pending status");
  if (!seat->invitation_token_hash) return invalid_invitation();
  SK_TRY(view, view_of(repo, *seat));
  if (!view.customer_email) return invalid_invitation();
  // Unlike Polar, a resend mints a fresh link with a fresh expiry (DECISIONS.md §2).
  SK_TRY(plan, invitation_plan(repo, ctx, org, asked));
  std::string token;
  issue_invitation_token(ctx, *seat, *plan.lifetime, token);
  seat->modified_at = ctx.now;
  SK_CHECK(repo.update_seat(*seat));
  view.seat = *seat;
  if (!*plan.send_email) {
    view.undelivered_invitation_token = std::move(token);
    return view;
  }
  SK_TRY(container, repo.find_container(seat->container_kind, org.id, seat->container_id));
  if (!container) return internal_error("seat without container");
  SK_TRY(product, repo.find_product(org.id, container->product_id));
  SK_CHECK(send_invitation(repo, sink, org, *seat, token, *view.customer_email, *container,
                           product ? product->name : std::string{}));
  return view;
}

Result<SeatClaimInfo> get_claim_info(Repository& repo, const SeatContext& ctx, std::string_view invitation_token) {
  SK_TRY(seat, claimable_seat(repo, ctx, invitation_token));
  if (!seat) return fail(ErrorKind::not_found, "ResourceNotFound", kInvalidToken);
  SK_TRY(org, repo.find_organization(seat->organization_id));
  if (!org) return fail(ErrorKind::not_found, "ResourceNotFound", "Organization not found");
  SK_TRY(container, repo.find_container(seat->container_kind, org->id, seat->container_id));
  std::optional<Product> product;
  if (container) {
    SK_TRY(found, repo.find_product(org->id, container->product_id));
    product = std::move(found);
  }
  if (!product) return fail(ErrorKind::not_found, "ResourceNotFound", "Seat has no subscription or order");
  SK_CHECK(require_seat_feature(*org));
  SK_TRY(view, view_of(repo, *seat));
  return SeatClaimInfo{product->name, product->id, org->name, org->slug, view.customer_email.value_or(""),
                       seat->status == SeatStatus::pending};
}

Status check_claimable(Repository& repo, const SeatContext& ctx, std::string_view invitation_token) {
  SK_TRY(seat, claimable_seat(repo, ctx, invitation_token));
  if (!seat) return invalid_invitation();
  return {};
}

Result<ClaimedSeat> claim_seat(Repository& repo, EventSink& sink, const SeatContext& ctx,
                               std::string_view invitation_token) {
  SK_TRY(seat, claimable_seat(repo, ctx, invitation_token));
  if (!seat) return invalid_invitation();
  SK_TRY(org, repo.find_organization(seat->organization_id));
  if (!org) return invalid_invitation();
  SK_CHECK(require_seat_feature(*org));
  if (!seat->customer_id) return invalid_invitation();
  if (!seat->member_id) {
    if (!seat->email) return invalid_invitation();
    SK_TRY(member, get_or_create_member(repo, ctx, *org, *seat->customer_id, *seat->email));
    seat->member_id = member.id;
  }
  seat->status = SeatStatus::claimed;
  seat->claimed_at = ctx.now;
  seat->modified_at = ctx.now;
  seat->invitation_token_hash.reset();  // single use
  SK_CHECK(repo.update_seat(*seat));

  const std::string session_token = crypto::polar_token("polar_mst_");
  SK_CHECK(repo.insert_member_session(
      MemberSession{crypto::uuid_v4(), token_hash(ctx, session_token), *seat->member_id, ctx.now + ctx.session_ttl, ctx.now}));
  SK_TRY(view, view_of(repo, *seat));
  SK_CHECK(sink.seat_event("customer_seat.claimed", *org, view, ctx.now));
  return ClaimedSeat{std::move(view), session_token};
}

}  // namespace sk::domain
