#include "http/routes.hpp"

#include <algorithm>

#include "http/error_response.hpp"
#include "http/portal_seat_routes.hpp"
#include "web/page_routes.hpp"

namespace sk::http {
namespace {

// The merchant API: rate-limited per token, and its writes authenticate on a reader first.
bool merchant_path(const Route& route) {
  static const std::vector<std::string_view> resources{"customer-seats", "webhooks",      "customers", "members",
                                                       "products",       "subscriptions", "orders",    "customer-sessions"};
  if (route.pattern.size() < 2 || route.pattern[0] != "v1") return false;
  if (route.traits & route_traits::claim) return false;
  return std::ranges::find(resources, route.pattern[1]) != resources.end();
}

std::vector<Route> with_merchant_traits(std::vector<Route> routes) {
  for (auto& route : routes) {
    if (!merchant_path(route)) continue;
    route.traits |= route_traits::merchant;
    if (route.access == Access::write && !route.gate) route.gate = organization_token_gate;
  }
  return routes;
}

const std::vector<Route>& route_table() {
  constexpr unsigned no_store = route_traits::no_store;
  constexpr unsigned claim = route_traits::claim;
  constexpr unsigned page = route_traits::page;
  constexpr unsigned reusable = route_traits::reusable;
  static const std::vector<Route> routes = with_merchant_traits({
      {"GET", {"healthz"}, Access::none, health},
      {"GET", {"readyz"}, Access::read, readiness},
      {"GET", {"metrics"}, Access::read, serve_metrics},
      {"GET", {"openapi.json"}, Access::none, openapi_document},
      {"GET", {"v1", "customer-seats"}, Access::read, list_seats, false, reusable},
      {"POST", {"v1", "customer-seats"}, Access::write, assign_seat, true},
      {"GET", {"v1", "customer-seats", "claim", "{invitation_token}"}, Access::read, get_claim_info, false, claim | reusable},
      {"POST", {"v1", "customer-seats", "claim"}, Access::write, claim_seat, true, claim | no_store, claim_seat_gate},
      {"DELETE", {"v1", "customer-seats", "{seat_id}"}, Access::write, revoke_seat},
      {"POST", {"v1", "customer-seats", "{seat_id}", "resend"}, Access::write, resend_invitation},
      // seatkeeper's seat operations
      {"POST", {"v1", "customer-seats", "bulk"}, Access::write, bulk_assign_seats, true},
      {"POST", {"v1", "customer-seats", "{seat_id}", "transfer"}, Access::write, transfer_seat, true},
      {"GET", {"v1", "customer-seats", "{seat_id}", "events"}, Access::read, list_seat_events},
      {"GET", {"v1", "customer-seats", "holders"}, Access::read, list_seat_holders},
      // webhooks
      {"GET", {"v1", "webhooks", "endpoints"}, Access::read, list_webhook_endpoints, false, no_store},
      {"POST", {"v1", "webhooks", "endpoints"}, Access::write, create_webhook_endpoint, true, no_store},
      {"GET", {"v1", "webhooks", "endpoints", "{id}"}, Access::read, get_webhook_endpoint, false, no_store},
      {"PATCH", {"v1", "webhooks", "endpoints", "{id}"}, Access::write, update_webhook_endpoint, true, no_store},
      {"DELETE", {"v1", "webhooks", "endpoints", "{id}"}, Access::write, delete_webhook_endpoint},
      {"PATCH", {"v1", "webhooks", "endpoints", "{id}", "secret"}, Access::write, reset_webhook_endpoint_secret, false, no_store},
      {"GET", {"v1", "webhooks", "deliveries"}, Access::read, list_webhook_deliveries},
      {"POST", {"v1", "webhooks", "events", "{id}", "redeliver"}, Access::write, redeliver_webhook_event},
      // management API
      {"GET", {"v1", "customers"}, Access::read, list_customers},
      {"POST", {"v1", "customers"}, Access::write, create_customer, true},
      {"GET", {"v1", "customers", "external", "{external_id}"}, Access::read, get_customer_external},
      {"PATCH", {"v1", "customers", "external", "{external_id}"}, Access::write, update_customer_external, true},
      {"DELETE", {"v1", "customers", "external", "{external_id}"}, Access::write, delete_customer_external},
      {"GET", {"v1", "customers", "{id}"}, Access::read, get_customer},
      {"PATCH", {"v1", "customers", "{id}"}, Access::write, update_customer, true},
      {"DELETE", {"v1", "customers", "{id}"}, Access::write, delete_customer},
      {"GET", {"v1", "customers", "{id}", "members"}, Access::read, list_customer_members},
      {"POST", {"v1", "customers", "{id}", "members"}, Access::write, create_customer_member, true},
      {"GET", {"v1", "customers", "{id}", "members", "{member_id}"}, Access::read, get_customer_member},
      {"PATCH", {"v1", "customers", "{id}", "members", "{member_id}"}, Access::write, update_customer_member, true},
      {"DELETE", {"v1", "customers", "{id}", "members", "{member_id}"}, Access::write, delete_customer_member},
      {"GET", {"v1", "members"}, Access::read, list_members},
      {"GET", {"v1", "products"}, Access::read, list_products},
      {"POST", {"v1", "products"}, Access::write, create_product, true},
      {"GET", {"v1", "products", "{id}"}, Access::read, get_product},
      {"PATCH", {"v1", "products", "{id}"}, Access::write, update_product, true},
      {"GET", {"v1", "subscriptions"}, Access::read, list_subscriptions},
      {"POST", {"v1", "subscriptions"}, Access::write, create_subscription, true},
      {"GET", {"v1", "subscriptions", "{id}"}, Access::read, get_subscription},
      {"PATCH", {"v1", "subscriptions", "{id}"}, Access::write, update_subscription, true},
      {"DELETE", {"v1", "subscriptions", "{id}"}, Access::write, revoke_subscription},
      {"GET", {"v1", "orders"}, Access::read, list_orders},
      {"POST", {"v1", "orders"}, Access::write, create_order, true},
      {"GET", {"v1", "orders", "{id}"}, Access::read, get_order},
      {"POST", {"v1", "orders", "{id}", "finalize"}, Access::write, finalize_order},
      {"POST", {"v1", "customer-sessions"}, Access::write, create_customer_session, true, no_store},
      // customer portal seats (customer and member sessions)
      {"GET", {"v1", "customer-portal", "seats"}, Access::read, portal_list_seats},
      {"POST", {"v1", "customer-portal", "seats"}, Access::write, portal_assign_seat, true},
      {"GET", {"v1", "customer-portal", "seats", "subscriptions"}, Access::read, portal_list_claimed_subscriptions},
      {"DELETE", {"v1", "customer-portal", "seats", "{seat_id}"}, Access::write, portal_revoke_seat},
      {"POST", {"v1", "customer-portal", "seats", "{seat_id}", "resend"}, Access::write, portal_resend_invitation},
      // server-rendered pages (src/web, docs/portal.md)
      {"GET", {"_portal", "portal.css"}, Access::none, web::portal_stylesheet},
      // The claim page takes an invitation token like the claim API: rate-limited the same way.
      {"GET", {"{slug}", "portal", "claim"}, Access::read, web::show_claim_page, false, claim | page},
      {"POST", {"{slug}", "portal", "claim"}, Access::write, web::submit_claim, false, claim | page},
      {"GET", {"{slug}", "portal", "seats"}, Access::read, web::show_member_seats},
      {"POST", {"{slug}", "portal", "logout"}, Access::read, web::sign_out},
      {"GET", {"{slug}", "portal"}, Access::read, web::show_customer_portal},
      {"POST", {"{slug}", "portal", "assign"}, Access::write, web::assign_from_portal},
      {"POST", {"{slug}", "portal", "resend", "{seat_id}"}, Access::write, web::resend_from_portal},
      {"GET", {"{slug}", "portal", "revoke", "{seat_id}"}, Access::read, web::confirm_revoke},
      {"POST", {"{slug}", "portal", "revoke", "{seat_id}"}, Access::write, web::revoke_from_portal},
  });
  return routes;
}

bool is_placeholder(std::string_view segment) { return segment.starts_with('{') && segment.ends_with('}'); }

bool path_matches(const Route& route, const std::vector<std::string>& segments, std::vector<std::string>& params) {
  if (route.pattern.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (is_placeholder(route.pattern[i])) {
      if (segments[i].empty()) return false;
      params.push_back(segments[i]);
    } else if (route.pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

namespace {
constexpr std::size_t kBulkLimit = 1024 * 1024;  // 1,000 rows with metadata need more than 64 KiB
}  // namespace

std::size_t body_limit_for(std::string_view target, std::size_t default_limit) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/v1/customer-seats/bulk" || path == "/v1/customer-seats/bulk/") return std::max(default_limit, kBulkLimit);
  return default_limit;
}

std::size_t largest_body_limit(std::size_t default_limit) { return std::max(default_limit, kBulkLimit); }

const std::vector<Route>& all_routes() { return route_table(); }

std::string route_template(const Route& route) {
  std::string path;
  for (auto segment : route.pattern) {
    path += '/';
    path += segment;
  }
  return path;
}

bool listener_serves(const ApiConfig& config, const Route& route) {
  if (route.handler == serve_metrics) return config.serve_metrics;
  if (route.handler == health || route.handler == readiness) return true;
  return config.serve_api;
}

RouteMatch match_route(const Request& request) {
  std::vector<std::string> segments = request.segments;
  if (segments.size() > 1 && segments.back().empty()) segments.pop_back();  // tolerate one trailing slash
  RouteMatch match;
  bool path_known = false;
  std::vector<std::string> params;
  for (const auto& route : route_table()) {
    if (!path_matches(route, segments, params)) continue;
    path_known = true;
    // A literal segment beats a placeholder: POST /claim is claim, not "resend seat 'claim'".
    if (route.method == request.method) {
      if (!match.route || params.size() < match.params.size()) {
        match.route = &route;
        match.params = params;
      }
    }
  }
  if (!match.route) match.early = path_known ? method_not_allowed() : route_not_found();
  return match;
}

}  // namespace sk::http
