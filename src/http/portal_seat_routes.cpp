// Handlers of /v1/customer-portal/seats: the session's subject, the request, the portal's domain
// operation (domain/portal_seat_service), the answer. Polar's order: authentication (401), role
// (403 NotPermitted), request validation (422), then the domain's own answers.
#include "http/portal_seat_routes.hpp"

#include "domain/portal_seat_service.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "http/portal_auth.hpp"
#include "http/portal_request_parsing.hpp"
#include "http/request_parsing.hpp"
#include "json/customer_portal_json.hpp"
#include "json/list_json.hpp"
#include "json/model_json.hpp"

namespace sk::http {

namespace {

// Shapes taking an optional arena (model_json) are wrapped so answer() can call them with one argument.
auto seat_shape = [](const domain::SeatView& seat) { return json::seat_json(seat); };

std::expected<domain::PortalSubject, Response> require_seat_manager(Call& call) {
  auto subject = require_portal_subject(call);
  if (!subject) return subject;
  if (auto allowed = domain::require_seat_manager(*subject); !allowed)
    return std::unexpected(error_response(allowed.error()));
  return subject;
}

}  // namespace

Response portal_list_seats(Call& call) {
  auto subject = require_portal_subject(call);
  if (!subject) return subject.error();
  const auto subscription = call.request.query_param("subscription_id");
  const auto order = call.request.query_param("order_id");
  if (!subscription && !order)
    return error_response(Error{ErrorKind::bad_request, "BadRequest", "Either subscription_id or order_id must be provided"});
  const bool by_subscription = subscription.has_value();
  auto id = uuid4_param("query", by_subscription ? "subscription_id" : "order_id", by_subscription ? *subscription : *order);
  if (!id) return id.error();
  const auto kind = by_subscription ? domain::ContainerKind::subscription : domain::ContainerKind::order;
  return answer(domain::portal_list_seats(*call.repo, *subject, kind, *id),
                [](const domain::SeatsList& list) { return json::seats_list_json(list); });
}

Response portal_assign_seat(Call& call) {
  auto subject = require_seat_manager(call);
  if (!subject) return subject.error();
  auto request = parse_portal_seat_assign(*call.body);
  if (!request) return request.error();
  const auto ctx = call.config.seat_context(call.now);
  return answer(with_outbox(call, [&](auto& sink) {
                  return domain::portal_assign_seat(*call.repo, sink, ctx, *subject, *request);
                }),
                seat_shape);
}

Response portal_revoke_seat(Call& call) {
  auto subject = require_seat_manager(call);
  if (!subject) return subject.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  const auto ctx = call.config.seat_context(call.now);
  return answer(with_outbox(call, [&](auto& sink) {
                  return domain::portal_revoke_seat(*call.repo, sink, ctx, *subject, *seat_id);
                }),
                seat_shape);
}

Response portal_resend_invitation(Call& call) {
  auto subject = require_seat_manager(call);
  if (!subject) return subject.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  const auto ctx = call.config.seat_context(call.now);
  return answer(with_outbox(call, [&](auto& sink) {
                  return domain::portal_resend_invitation(*call.repo, sink, ctx, *subject, *seat_id);
                }),
                seat_shape);
}

Response portal_list_claimed_subscriptions(Call& call) {
  auto subject = require_portal_subject(call);
  if (!subject) return subject.error();
  auto page = parse_page(call.request, {"-created_at"}, {"created_at"});
  if (!page) return page.error();
  return answer(domain::portal_claimed_subscriptions(*call.repo, *subject, *page, call.now),
                [limit = page->limit, organization = subject->organization](const auto& found) {
                  return json::list_resource_json(found, limit, [&](const domain::SubscriptionView& view) {
                    return json::customer_subscription_json(view, organization);
                  });
                });
}

}  // namespace sk::http
