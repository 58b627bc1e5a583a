// The invited person's pages: the claim page, its form post, and their seats afterwards.
#include "domain/portal_session.hpp"
#include "domain/seat_service.hpp"
#include "http/handler_support.hpp"
#include "web/claim_templates.hpp"
#include "web/csrf.hpp"
#include "web/form.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"

namespace sk::web {

namespace {

// Invitation tokens are 43 characters; anything far longer is not one of ours.
constexpr std::size_t kMaxTokenLength = 512;

std::string claim_binding(std::string_view token, std::string_view seat_id) {
  return "claim\n" + std::string(token) + "\n" + std::string(seat_id);
}

http::Response invalid_invitation(std::string_view organization_name) {
  return page(invitation_invalid_page(organization_name), {.status = 404, .token_in_url = true});
}

// A live invitation as the claim page shows it: the domain's claim info (which decides whether
// the token is still good) plus the seat's id and expiry, which Polar's SeatClaimInfo omits.
struct Invitation {
  domain::SeatClaimInfo info;
  domain::Id seat_id;
  std::optional<Timestamp> expires_at;
};

// The invitation of `token` when it is live and belongs to `org`: an invitation shown under
// another organization's address is not valid there (no other organization's data on the page).
Result<std::optional<Invitation>> live_invitation(http::Call& call, const domain::Organization& org,
                                                  std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return std::optional<Invitation>{};
  const auto ctx = call.config.seat_context(call.now);
  auto info = domain::get_claim_info(*call.repo, ctx, token);
  if (!info) {
    if (info.error().kind == ErrorKind::internal) return std::unexpected(info.error());
    return std::optional<Invitation>{};  // unknown, used, expired, revoked, or seats switched off
  }
  SK_TRY(seat, call.repo->find_seat_by_token_hash(domain::invitation_token_hash(ctx, token)));
  if (!seat || seat->organization_id != org.id) return std::optional<Invitation>{};
  return std::optional<Invitation>{Invitation{std::move(*info), seat->id, seat->invitation_token_expires_at}};
}

}  // namespace

http::Response portal_stylesheet(http::Call&) { return stylesheet(); }

http::Response show_claim_page(http::Call& call) {
  auto org = organization_of(call);
  if (!org) return error_page();
  if (!*org) return invalid_invitation("");
  const std::string token = call.request.query_param("token").value_or("");
  auto info = live_invitation(call, **org, token);
  if (!info) return error_page();
  if (!*info) return invalid_invitation((*org)->name);
  const auto& invitation = **info;
  const ClaimForm form{portal_path((*org)->slug, "/claim"), token, invitation.seat_id,
                       form_token(call.config.secret, claim_binding(token, invitation.seat_id))};
  return page(claim_page(invitation.info, invitation.expires_at, form), {.token_in_url = true});
}

http::Response submit_claim(http::Call& call) {
  const auto form = Form::parse(call.request);
  if (!form) return unreadable_form_page();
  const std::string token = form->get("token").value_or("");
  const std::string seat_id = form->get("seat").value_or("");
  if (token.empty() || token.size() > kMaxTokenLength || seat_id.size() > 64) return unreadable_form_page();
  if (!posted_from_our_origin(call.request, call.config.public_url) ||
      !form_token_matches(call.config.secret, claim_binding(token, seat_id), form->get(std::string(kCsrfField))))
    return form_refused_page();
  auto org = organization_of(call);
  if (!org) return error_page();
  if (!*org) return invalid_invitation("");
  auto info = live_invitation(call, **org, token);
  if (!info) return error_page();
  if (!*info) {
    // The form token proves this page was rendered for this seat and token, so saying that the
    // seat is claimed tells nothing new: it is the double submission of one claim form.
    auto seat = call.repo->find_seat((*org)->id, seat_id);
    if (!seat) return error_page();
    if (*seat && (*seat)->status == domain::SeatStatus::claimed)
      return page(already_claimed_page((*org)->name, portal_path((*org)->slug, "/seats")), {.status = 409});
    return invalid_invitation((*org)->name);
  }
  const auto ctx = call.config.seat_context(call.now);
  auto claimed = http::with_outbox(call, [&](auto& sink) { return domain::claim_seat(*call.repo, sink, ctx, token); });
  if (!claimed) {
    if (claimed.error().kind == ErrorKind::internal) return error_page();
    return invalid_invitation((*org)->name);
  }
  // The member session the claim minted becomes the browser's session, and the address bar
  // loses the token: the confirmation is a page of its own.
  auto response = see_other(portal_path((*org)->slug, "/seats?claimed=1"));
  response.headers.emplace_back(
      "Set-Cookie", set_cookie(kMemberCookie, claimed->member_session_token, cookie_scope(call.config, (*org)->slug),
                               call.config.session_ttl));
  return response;
}

http::Response show_member_seats(http::Call& call) {
  auto org = organization_of(call);
  if (!org) return error_page();
  if (!*org) return not_found_page();
  const std::string token = cookie_value(call.request, kMemberCookie).value_or("");
  auto session = domain::member_portal_session(*call.repo, call.config.seat_context(call.now), token);
  if (!session) return error_page();
  if (!*session || (*session)->member.organization_id != (*org)->id)
    return message_page(401, (*org)->name, "You are not signed in",
                        "Open the invitation link from your e-mail to claim your seat and sign in.",
                        "Sessions end after an hour; an invitation link works once.");
  auto seats = domain::seats_held_by_member(*call.repo, (*session)->member);
  if (!seats) return error_page();
  MemberSeatsView view{(*org)->name, (*session)->member.email, std::move(*seats),
                       call.request.query_param("claimed") == "1", portal_path((*org)->slug, "/logout"),
                       session_form_token(call.config, token)};
  return page(member_seats_page(view));
}

}  // namespace sk::web
