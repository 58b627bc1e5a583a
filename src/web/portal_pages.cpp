// The billing manager's pages: the portal link's exchange for a cookie session, the seats page,
// and its assign / resend / revoke forms. Every action is the customer-portal domain operation
// the API uses (domain/portal_seat_service.hpp); this file only maps forms to it and answers pages.
#include "crypto/crypto.hpp"
#include "domain/order_service.hpp"
#include "domain/portal_seat_service.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/subscription_service.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "web/csrf.hpp"
#include "web/form.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/portal_templates.hpp"

namespace sk::web {

namespace {

constexpr std::size_t kMaxEmailLength = 320;
constexpr int kMaxContainers = 100;  // one page of each; a customer with more is not a portal's case

struct SignedIn {
  domain::Organization org;
  domain::PortalSubject subject;
  std::string token;
};

// The billing customer signed in on this organization's portal through the customer cookie.
Result<std::optional<SignedIn>> billing_session(http::Call& call) {
  SK_TRY(org, organization_of(call));
  if (!org) return std::optional<SignedIn>{};
  const auto token = cookie_value(call.request, kCustomerCookie);
  if (!token || !token->starts_with("polar_cst_")) return std::optional<SignedIn>{};
  SK_TRY(subject, domain::find_portal_subject(*call.repo, call.config.seat_context(call.now), *token));
  if (!subject || subject->organization.id != org->id || subject->member) return std::optional<SignedIn>{};
  return std::optional<SignedIn>{SignedIn{std::move(*org), std::move(*subject), *token}};
}

http::Response not_signed_in(http::Call& call, std::string_view organization_name) {
  return message_page(401, organization_name, "You are not signed in",
                      "Open the link to this page from your account with the seller again.",
                      "Portal links and sessions last one hour.");
}

Result<std::vector<PortalContainer>> containers_of(http::Call& call, const SignedIn& in) {
  std::vector<PortalContainer> out;
  const domain::PageRequest page{1, kMaxContainers, false};
  domain::SubscriptionFilter by_subscription;
  by_subscription.customer_ids = {in.subject.customer.id};
  SK_TRY(subscriptions, domain::list_subscriptions(*call.repo, in.org, by_subscription, page, call.now));
  for (const auto& view : subscriptions.items) {
    if (!view.subscription.seats) continue;
    SK_TRY(seats, domain::portal_list_seats(*call.repo, in.subject, domain::ContainerKind::subscription,
                                             view.subscription.id));
    out.push_back({domain::ContainerKind::subscription, view.subscription.id, view.product.name,
                   view.subscription.status, view.subscription.created_at, std::move(seats)});
  }
  domain::OrderFilter by_order;
  by_order.customer_ids = {in.subject.customer.id};
  SK_TRY(orders, domain::list_orders(*call.repo, in.org, by_order, page));
  for (const auto& view : orders.items) {
    if (!view.order.seats) continue;
    SK_TRY(seats, domain::portal_list_seats(*call.repo, in.subject, domain::ContainerKind::order, view.order.id));
    out.push_back({domain::ContainerKind::order, view.order.id, view.product ? view.product->name : "Order",
                   view.order.status, view.order.created_at, std::move(seats)});
  }
  return out;
}

http::Response portal_page(http::Call& call, const SignedIn& in, std::optional<PortalNotice> notice, int status = 200) {
  auto containers = containers_of(call, in);
  if (!containers) return error_page();
  const auto& customer = in.subject.customer;
  BillingPortalView view{in.org.name, in.org.slug, customer.email.value_or(customer.name.value_or(customer.id)),
                         std::move(*containers), std::move(notice), session_form_token(call.config, in.token),
                         std::nullopt};
  return page(billing_portal_page(view), {.status = status});
}

// A refused action: the portal again, with the domain's words, and the transaction rolled back.
http::Response refused(http::Call& call, const SignedIn& in, std::string_view what, const Error& error) {
  if (error.kind == ErrorKind::internal) return error_page();
  return portal_page(call, in, PortalNotice{true, std::string(what) + ": " + error.detail}, http::status_of(error.kind));
}

std::optional<PortalNotice> done_notice(const http::Request& request) {
  const auto done = request.query_param("done");
  if (done == "assigned") return PortalNotice{false, "Invitation sent."};
  if (done == "resent") return PortalNotice{false, "Invitation sent again, with a fresh link."};
  if (done == "revoked") return PortalNotice{false, "Seat revoked."};
  return std::nullopt;
}

// Common start of every billing form post: a readable form from our origin, a signed-in
// customer, and the form token of that session.
struct PostContext {
  std::optional<Form> form;
  std::optional<SignedIn> signed_in;
  std::optional<http::Response> refusal;
};

PostContext begin_post(http::Call& call) {
  PostContext ctx;
  ctx.form = Form::parse(call.request);
  if (!ctx.form) return {std::nullopt, std::nullopt, unreadable_form_page()};
  auto in = billing_session(call);
  if (!in) return {std::nullopt, std::nullopt, error_page()};
  if (!*in) return {std::nullopt, std::nullopt, form_refused_page()};
  const std::string binding = "session\n" + domain::token_hash(call.config.seat_context(call.now), (*in)->token);
  if (!posted_from_our_origin(call.request, call.config.public_url) ||
      !form_token_matches(call.config.secret, binding, ctx.form->get(std::string(kCsrfField))))
    return {std::nullopt, std::nullopt, form_refused_page()};
  ctx.signed_in = std::move(*in);
  return ctx;
}

std::optional<std::string> seat_id_param(http::Call& call) {
  const std::string& id = call.params.at(1);
  if (!crypto::parse_uuid(id)) return std::nullopt;
  return id;
}

// A form acting on one seat of the signed-in customer (resend, revoke): the domain operation,
// then back to the portal with `done`, or the portal with the domain's refusal in words.
template <class SeatOperation>
http::Response seat_action(http::Call& call, SeatOperation operation, std::string_view refusal, std::string_view done) {
  auto post = begin_post(call);
  if (post.refusal) return std::move(*post.refusal);
  const auto seat_id = seat_id_param(call);
  if (!seat_id) return not_found_page();
  const auto ctx = call.config.seat_context(call.now);
  auto result = http::with_outbox(
      call, [&](auto& sink) { return operation(*call.repo, sink, ctx, post.signed_in->subject, *seat_id); });
  if (!result) return refused(call, *post.signed_in, refusal, result.error());
  return see_other(portal_path(post.signed_in->org.slug, "?done=" + std::string(done)));
}

}  // namespace

http::Response show_customer_portal(http::Call& call) {
  auto org = organization_of(call);
  if (!org) return error_page();
  if (!*org) return not_found_page();
  if (const auto link_token = call.request.query_param("customer_session_token")) {
    // The portal link: exchange its token for the cookie session, then drop it from the address.
    const auto ctx = call.config.seat_context(call.now);
    auto subject = link_token->size() <= 256 ? domain::find_portal_subject(*call.repo, ctx, *link_token)
                                             : Result<std::optional<domain::PortalSubject>>{std::nullopt};
    if (!subject) return error_page();
    auto session = link_token->starts_with("polar_cst_") ? call.repo->find_customer_session(domain::token_hash(ctx, *link_token))
                                                         : Result<std::optional<domain::CustomerSession>>{std::nullopt};
    if (!session) return error_page();
    if (!*subject || (*subject)->member || (*subject)->organization.id != (*org)->id || !*session)
      return message_page(401, (*org)->name, "This portal link is no longer valid",
                          "Portal links work for one hour.", "Open the portal again from your account with the seller.",
                          {.token_in_url = true});
    auto response = page(portal_entry_page((*org)->name, portal_path((*org)->slug)), {.token_in_url = true});
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>((*session)->expires_at - call.now);
    response.headers.emplace_back("Set-Cookie",
                                  set_cookie(kCustomerCookie, *link_token, cookie_scope(call.config, (*org)->slug), lifetime));
    return response;
  }
  auto in = billing_session(call);
  if (!in) return error_page();
  if (!*in) {
    if (cookie_value(call.request, kMemberCookie)) return see_other(portal_path((*org)->slug, "/seats"));
    return not_signed_in(call, (*org)->name);
  }
  return portal_page(call, **in, done_notice(call.request));
}

http::Response assign_from_portal(http::Call& call) {
  auto post = begin_post(call);
  if (post.refusal) return std::move(*post.refusal);
  const SignedIn& in = *post.signed_in;
  const std::string container = post.form->get("container").value_or("");
  const std::string email = post.form->get("email").value_or("");
  const auto colon = container.find(':');
  const std::string kind = container.substr(0, colon == std::string::npos ? 0 : colon);
  const std::string id = colon == std::string::npos ? "" : container.substr(colon + 1);
  if ((kind != "subscription" && kind != "order") || !crypto::parse_uuid(id)) return unreadable_form_page();
  if (email.empty()) return portal_page(call, in, PortalNotice{true, "Enter the e-mail address of the person to invite."}, 400);
  if (email.size() > kMaxEmailLength) return portal_page(call, in, PortalNotice{true, "That e-mail address is too long."}, 400);
  if (auto why = domain::email_syntax_error(email))
    return portal_page(call, in, PortalNotice{true, "That e-mail address is not valid: " + *why}, 400);
  domain::PortalSeatAssign request;
  (kind == "subscription" ? request.seat.subscription_id : request.seat.order_id) = id;
  request.seat.email = email;
  const auto ctx = call.config.seat_context(call.now);
  auto assigned = http::with_outbox(
      call, [&](auto& sink) { return domain::portal_assign_seat(*call.repo, sink, ctx, in.subject, request); });
  if (!assigned) return refused(call, in, "The invitation was not sent", assigned.error());
  return see_other(portal_path(in.org.slug, "?done=assigned"));
}

http::Response resend_from_portal(http::Call& call) {
  return seat_action(call, domain::portal_resend_invitation, "The invitation was not sent again", "resent");
}

http::Response confirm_revoke(http::Call& call) {
  auto in = billing_session(call);
  if (!in) return error_page();
  if (!*in) return not_signed_in(call, "");
  const auto seat_id = seat_id_param(call);
  auto containers = containers_of(call, **in);
  if (!containers) return error_page();
  for (const auto& c : *containers)
    for (const auto& sv : c.seats.seats)
      if (seat_id && sv.seat.id == *seat_id && sv.seat.status != domain::SeatStatus::revoked)
        return page(revoke_confirm_page({(*in)->org.name, (*in)->org.slug, sv.seat.id, sv.customer_email.value_or(""),
                                         c.product_name, session_form_token(call.config, (*in)->token)}));
  return portal_page(call, **in, PortalNotice{true, "That seat is not one of yours, or it is already revoked."}, 404);
}

http::Response revoke_from_portal(http::Call& call) {
  return seat_action(call, domain::portal_revoke_seat, "The seat was not revoked", "revoked");
}

}  // namespace sk::web
