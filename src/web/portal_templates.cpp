#include "web/portal_templates.hpp"

#include "web/page_response.hpp"
#include "web/page_support.hpp"

namespace sk::web {

namespace {

constexpr const char* kind_label(domain::ContainerKind kind) {
  return kind == domain::ContainerKind::subscription ? "Subscription" : "Order";
}
constexpr const char* kind_value(domain::ContainerKind kind) {
  return kind == domain::ContainerKind::subscription ? "subscription" : "order";
}

void seat_row(HtmlWriter& out, const BillingPortalView& view, const domain::SeatView& sv) {
  const auto& seat = sv.seat;
  const char* status = domain::to_string(seat.status);
  out.fill("<tr><td>{}</td><td><span class=\"status {}\">{}</span></td><td>", sv.customer_email.value_or("—"), status,
           status);
  out.fill("Assigned {}", human_time(seat.created_at));
  if (seat.claimed_at) out.fill("<br>Claimed {}", human_time(*seat.claimed_at));
  if (seat.status == domain::SeatStatus::pending && seat.invitation_token_expires_at)
    out.fill("<br>Invitation expires {}", human_time(*seat.invitation_token_expires_at));
  if (seat.revoked_at) out.fill("<br>Revoked {}", human_time(*seat.revoked_at));
  out.markup("</td><td><div class=\"actions\">");
  if (seat.status == domain::SeatStatus::pending)
    out.fill(
        "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
        "<button type=\"submit\" class=\"secondary\">Resend</button></form>",
        portal_path(view.slug, "/resend/" + seat.id), view.csrf_token);
  if (seat.status != domain::SeatStatus::revoked)
    out.fill("<a class=\"button secondary\" href=\"{}\">Revoke…</a>", portal_path(view.slug, "/revoke/" + seat.id));
  out.markup("</div></td></tr>\n");
}

void container_card(HtmlWriter& out, const BillingPortalView& view, const PortalContainer& c) {
  const int used = c.seats.total_seats - c.seats.available_seats;
  out.fill("<section class=\"card\"><h2>{}</h2><p class=\"muted\">{} · {} · since {}</p>", c.product_name,
           kind_label(c.kind), c.status, human_time(c.created_at));
  out.fill("<p><strong>{} of {} seats used</strong></p>\n", used, c.seats.total_seats);
  bool any = false;
  for (const auto& sv : c.seats.seats) any = any || sv.seat.status != domain::SeatStatus::revoked;
  if (any) {
    out.markup("<table><thead><tr><th>E-mail</th><th>Status</th><th>Dates</th><th>Actions</th></tr></thead><tbody>\n");
    for (const auto& sv : c.seats.seats)
      if (sv.seat.status != domain::SeatStatus::revoked) seat_row(out, view, sv);
    out.markup("</tbody></table>\n");
  } else {
    out.markup("<p>No seats assigned yet.</p>\n");
  }
  out.fill(
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
      "<input type=\"hidden\" name=\"container\" value=\"{}:{}\">"
      "<label for=\"email-{}\">Invite someone by e-mail</label>"
      "<input type=\"email\" id=\"email-{}\" name=\"email\" required maxlength=\"320\" autocomplete=\"off\" "
      "placeholder=\"name@example.com\">"
      "<button type=\"submit\">Send invitation</button></form></section>\n",
      portal_path(view.slug, "/assign"), view.csrf_token, kind_value(c.kind), c.id, c.id, c.id);
}

}  // namespace

Html billing_portal_page(const BillingPortalView& view) {
  HtmlWriter main;
  if (view.notice)
    main.fill("<div class=\"notice {}\" role=\"{}\"><p>{}</p></div>\n", view.notice->error ? "error" : "ok",
              view.notice->error ? "alert" : "status", view.notice->text);
  main.fill("<h1>Seats</h1>\n<p class=\"muted\">Signed in as {}", view.customer_label);
  if (view.session_expires_at) main.fill(" until {}", human_time(*view.session_expires_at));
  main.markup("</p>\n");
  if (view.containers.empty()) main.markup("<p>There are no subscriptions or orders with seats yet.</p>\n");
  for (const auto& c : view.containers) container_card(main, view, c);
  main.fill(
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
      "<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n",
      portal_path(view.slug, "/logout"), view.csrf_token);
  return layout("Seats", view.organization_name, main.done());
}

Html revoke_confirm_page(const RevokeConfirmView& view) {
  auto main = fill(
      "<h1>Revoke this seat?</h1>\n<div class=\"card\"><dl><dt>Seat of</dt><dd>{}</dd><dt>Product</dt><dd>{}</dd></dl>"
      "<p>{} loses access at once. You can invite someone else to the freed seat afterwards.</p></div>\n"
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
      "<div class=\"actions\"><button type=\"submit\" class=\"danger\">Revoke seat</button>"
      "<a class=\"button secondary\" href=\"{}\">Cancel</a></div></form>\n",
      view.email, view.product_name, view.email, portal_path(view.slug, "/revoke/" + view.seat_id), view.csrf_token,
      portal_path(view.slug));
  return layout("Revoke seat", view.organization_name, main);
}

Html portal_entry_page(std::string_view organization_name, const std::string& path) {
  // A same-site navigation (unlike a redirect that a cross-site link started) carries the
  // SameSite=Strict cookie just set; the link is there for browsers that ignore refresh.
  HtmlWriter doc;
  doc.fill(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"0;url={}\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Signing in · {}</title>"
      "<link rel=\"stylesheet\" href=\"/_portal/portal.css\"></head>\n"
      "<body><header><span class=\"org\">{}</span></header>\n"
      "<main><h1>Signing you in…</h1><p><a class=\"button\" href=\"{}\">Continue to your seats</a></p></main></body></html>\n",
      path, organization_name, organization_name, path);
  return doc.done();
}

}  // namespace sk::web
