// The route table: which handler serves which method and path, and what store access it needs.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "common/time.hpp"
#include "domain/event_sink.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"
#include "http/message.hpp"
#include "http/metrics_exposition.hpp"

namespace sk::http {

struct ApiConfig {
  std::string secret;  // keys token hashes and seals outbox e-mail
  std::string public_url;
  std::chrono::seconds invitation_ttl{std::chrono::hours(24)};
  std::chrono::seconds session_ttl{std::chrono::hours(1)};
  bool allow_private_webhooks = false;  // webhook URLs may name loopback/private addresses (development)
  // What fanning the outbox out (also done by an endpoint update) does with its rows.
  domain::DeliveredOutbox delivered_outbox = domain::DeliveredOutbox::keep;
  // Where a handler's events and e-mails go, bound to its transaction (the app supplies the outbox).
  domain::EventSinkFactory events;
  // What the delivery workers counted, for /metrics (the app supplies it; may be empty).
  std::function<WebhookOutcomes()> webhook_outcomes;
  // What this listener serves: the API (and /openapi.json), /metrics, or both. /healthz and
  // /readyz are served everywhere.
  bool serve_api = true;
  bool serve_metrics = true;
  domain::SeatContext seat_context(Timestamp now) const { return {now, secret, invitation_ttl, session_ttl}; }
};

// What a store job needs: read jobs get a snapshot, write jobs run in the group-committed writer.
enum class Access { none, read, write };

struct Call {
  const Request& request;
  const std::vector<std::string>& params;  // the path's {placeholders}, in order
  domain::Repository* repo;                // null for Access::none
  const ApiConfig& config;
  Timestamp now;
  const boost::json::value* body = nullptr;  // parsed on the network thread for json_body routes
  std::string bearer_hash{};                 // keyed hash of the bearer token, computed off the store thread
  bool outbox_written = false;               // set when the handler queued e-mail or events
  bool keep_changes = true;                  // false: roll the write back even though the answer is a success
  domain::Actor actor{};                     // who the bearer is (set by resolve_subject), for the seat history
  std::optional<Timestamp> credential_expires_at{};  // when the bearer stops being valid (set by resolve_subject)

  domain::SeatContext seat_context() const {
    auto ctx = config.seat_context(now);
    ctx.actor = actor;
    return ctx;
  }
};

using Handler = Response (*)(Call&);

namespace route_traits {
inline constexpr unsigned no_store = 1;  // the answer carries a secret or a session: Cache-Control: no-store
inline constexpr unsigned claim = 2;     // public invitation routes: rate-limited per client address
inline constexpr unsigned merchant = 4;  // the organization-token API: rate-limited per token
inline constexpr unsigned page = 8;      // answers HTML (src/web): its refusals are pages too
inline constexpr unsigned reusable = 16; // a read whose answers http/answer_cache may keep (SQLite)
}  // namespace route_traits

// What a gate answers to let the request through (no HTTP status is 0).
inline Response let_through() { return Response{0, {}, {}, {}}; }

struct Route {
  std::string_view method;
  std::vector<std::string_view> pattern;  // "{name}" matches one segment
  Access access;
  Handler handler;
  bool json_body = false;  // the body must be JSON: parsed (or refused with 422) before the store hop
  unsigned traits = 0;     // route_traits
  // Write routes: run first as a read job; unless it answers let_through(), its answer is final and
  // the request never takes a place in the writer's queue (bad tokens, unknown invitations).
  Handler gate = nullptr;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::string> params;
  Response early;  // 404 / 405 when route is null
};

RouteMatch match_route(const Request&);

// The body limit for a request target (path and query, as sent): `default_limit`, or more for the
// few routes whose bodies are legitimately larger (a bulk assignment of 1,000 rows).
std::size_t body_limit_for(std::string_view target, std::size_t default_limit);
// The largest limit any route has.
std::size_t largest_body_limit(std::size_t default_limit);

// Every route, in table order (metrics index them; the OpenAPI test compares them).
const std::vector<Route>& all_routes();
// "/v1/customer-seats/{id}": the path with its placeholders, as /metrics and the logs show it.
std::string route_template(const Route&);
// Whether a listener with this configuration serves the route (else it answers 404).
bool listener_serves(const ApiConfig&, const Route&);

// Operations (operations_routes.cpp).
Response health(Call&);
Response readiness(Call&);
Response serve_metrics(Call&);
Response openapi_document(Call&);

// Handlers, grouped by resource (seat_routes.cpp).
Response list_seats(Call&);
Response assign_seat(Call&);
Response revoke_seat(Call&);
Response resend_invitation(Call&);
Response get_claim_info(Call&);
Response claim_seat(Call&);
Response claim_seat_gate(Call&);  // the invitation token must name a claimable seat

// The gate of merchant write routes (auth.cpp): the bearer must be a live organization token.
Response organization_token_gate(Call&);

// seatkeeper's seat operations (seat_operation_routes.cpp).
Response bulk_assign_seats(Call&);
Response transfer_seat(Call&);
Response list_seat_events(Call&);
Response list_seat_holders(Call&);

// Webhooks (webhook_routes.cpp).
Response list_webhook_endpoints(Call&);
Response create_webhook_endpoint(Call&);
Response get_webhook_endpoint(Call&);
Response update_webhook_endpoint(Call&);
Response reset_webhook_endpoint_secret(Call&);
Response delete_webhook_endpoint(Call&);
Response list_webhook_deliveries(Call&);
Response redeliver_webhook_event(Call&);

// Management API: customer_routes.cpp, product_routes.cpp, subscription_routes.cpp,
// order_routes.cpp, member_routes.cpp, customer_session_routes.cpp.
Response list_customers(Call&);
Response create_customer(Call&);
Response get_customer(Call&);
Response update_customer(Call&);
Response delete_customer(Call&);
Response get_customer_external(Call&);
Response update_customer_external(Call&);
Response delete_customer_external(Call&);
Response list_products(Call&);
Response create_product(Call&);
Response get_product(Call&);
Response update_product(Call&);
Response list_subscriptions(Call&);
Response create_subscription(Call&);
Response get_subscription(Call&);
Response update_subscription(Call&);
Response revoke_subscription(Call&);
Response list_orders(Call&);
Response create_order(Call&);
Response get_order(Call&);
Response finalize_order(Call&);
Response list_members(Call&);
Response list_customer_members(Call&);
Response create_customer_member(Call&);
Response get_customer_member(Call&);
Response update_customer_member(Call&);
Response delete_customer_member(Call&);
Response create_customer_session(Call&);

}  // namespace sk::http
