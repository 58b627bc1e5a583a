#include "web/claim_templates.hpp"

#include "web/page_response.hpp"
#include "web/page_support.hpp"

namespace sk::web {

Html claim_page(const domain::SeatClaimInfo& info, std::optional<Timestamp> expires_at, const ClaimForm& form) {
  HtmlWriter main;
  main.fill("<h1>You are invited to a seat of {}</h1>\n", info.product_name);
  main.fill(
      "<div class=\"card\"><dl>"
      "<dt>Organization</dt><dd>{}</dd>"
      "<dt>Product</dt><dd>{}</dd>"
      "<dt>Invitation for</dt><dd>{}</dd>",
      info.organization_name, info.product_name, info.customer_email);
  if (expires_at) main.fill("<dt>Invitation expires</dt><dd>{}</dd>", human_time(*expires_at));
  main.markup("</dl></div>\n");
  main.fill(
      "<form method=\"post\" action=\"{}\">"
      "<input type=\"hidden\" name=\"token\" value=\"{}\">"
      "<input type=\"hidden\" name=\"seat\" value=\"{}\">"
      "<input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
      "<button type=\"submit\" class=\"primary-action\">Claim seat</button></form>\n",
      form.action, form.token, form.seat_id, form.csrf_token);
  main.fill("<p class=\"muted\">Claiming gives {} the seat. If this invitation is not meant for you, close this page.</p>\n",
            info.customer_email);
  return layout("Claim your seat", info.organization_name, main.done());
}

Html invitation_invalid_page(std::string_view organization_name) {
  auto main = fill(
      "<h1>This invitation is no longer valid</h1>\n"
      "<div class=\"notice error\"><p>The link has expired, has already been used, or the seat was revoked.</p></div>\n"
      "<p>If you still need the seat, ask the billing manager who invited you to resend the invitation. "
      "The new e-mail holds a fresh link.</p>\n");
  return layout("Invitation no longer valid", organization_name, main);
}

Html already_claimed_page(std::string_view organization_name, const std::string& seats_path) {
  auto main = fill(
      "<h1>This seat is already claimed</h1>\n"
      "<div class=\"notice ok\"><p>The invitation was accepted; nothing more to do.</p></div>\n"
      "<p><a class=\"button secondary\" href=\"{}\">See your seats</a></p>\n",
      seats_path);
  return layout("Seat already claimed", organization_name, main);
}

Html member_seats_page(const MemberSeatsView& view) {
  HtmlWriter main;
  if (view.just_claimed) main.markup("<div class=\"notice ok\" role=\"status\"><p>Your seat is claimed. Welcome!</p></div>\n");
  main.fill("<h1>Your seats</h1>\n<p class=\"muted\">Signed in as {}</p>\n", view.member_email);
  if (view.seats.empty()) main.markup("<p>You hold no seats at the moment.</p>\n");
  for (const auto& held : view.seats) {
    const char* status = domain::to_string(held.seat.status);
    main.fill("<div class=\"card\"><h2>{}</h2><dl><dt>Seat</dt><dd><span class=\"status {}\">{}</span></dd>",
              held.product_name.empty() ? std::string("Seat") : held.product_name, status, status);
    if (held.seat.claimed_at) main.fill("<dt>Claimed</dt><dd>{}</dd>", human_time(*held.seat.claimed_at));
    main.fill("<dt>{}</dt><dd>{}</dd></dl></div>\n",
              held.seat.container_kind == domain::ContainerKind::subscription ? "Subscription" : "Order",
              held.container_status);
  }
  main.fill(
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
      "<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n",
      view.logout_action, view.csrf_token);
  return layout("Your seats", view.organization_name, main.done());
}

Html signed_out_page(std::string_view organization_name) {
  auto main = fill(
      "<h1>You are signed out</h1>\n<div class=\"notice ok\"><p>Your session on this device has ended.</p></div>\n");
  return layout("Signed out", organization_name, main);
}

}  // namespace sk::web
