#include "domain/seat_service.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"
#include "domain/claim_precheck.hpp"
#include "domain/commerce.hpp"
#include "domain/seat_assignment.hpp"

namespace sk::domain {
namespace {

constexpr const char* kInvalidToken = "Invalid or expired invitation token";

std::unexpected<Error> invalid_invitation() { return fail(ErrorKind::bad_request, "InvalidInvitationToken", kInvalidToken); }

// The seat behind an invitation token, if the token is still good for claiming.
Result<std::optional<Seat>> claimable_seat(Repository& repo, const SeatContext& ctx, std::string_view token) {
  if (token.empty()) return std::optional<Seat>{};
  SK_TRY(seat, repo.find_seat_by_token_hash(invitation_token_hash(ctx, token)));
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

std::string invitation_token_hash(const SeatContext& ctx, std::string_view token) {
  std::string hash = token_hash(ctx, token);
  hash.resize(kInvitationTokenHashLength);
  return hash;
}

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
  SK_TRY(target, assignable_target(repo, org, kind, container_id));
  return assign_into(repo, sink, ctx, org, target, req);
}

Result<SeatView> release_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                              Seat seat) {
  return release_seat_as(repo, sink, ctx, org, std::move(seat), SeatEventKind::revoked);
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
  SK_CHECK(notice_lapsed_invitation(repo, ctx, *seat));
  // Unlike Polar, a resend mints a fresh link with a fresh expiry (DECISIONS.md §2).
  SK_TRY(plan, invitation_plan(repo, ctx, org, asked));
  std::string token;
  issue_invitation_token(ctx, *seat, *plan.lifetime, token);
  seat->modified_at = ctx.now;
  SK_CHECK(repo.update_seat(*seat));
  SK_CHECK(record_seat_event(repo, ctx, *seat, SeatEventKind::invitation_resent));
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
                       seat->status == SeatStatus::pending, seat->invitation_token_expires_at};
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
  const MemberSession session{crypto::uuid_v4(), token_hash(ctx, session_token), *seat->member_id,
                              ctx.now + ctx.session_ttl, ctx.now};
  SK_CHECK(repo.insert_member_session(session));
  // The claimer holds no credential but the invitation; the session the claim mints acts for them.
  SeatContext as_claimer = ctx;
  as_claimer.actor = Actor{ActorKind::member_session, session.id};
  SK_CHECK(record_seat_event(repo, as_claimer, *seat, SeatEventKind::claimed));
  SK_TRY(view, view_of(repo, *seat));
  SK_CHECK(sink.seat_event("customer_seat.claimed", *org, view, ctx.now));
  return ClaimedSeat{std::move(view), session_token};
}

}  // namespace sk::domain
