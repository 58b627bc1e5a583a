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
#include "http/seat_container_query.hpp"
#include "json/customer_portal_json.hpp"
#include "json/list_json.hpp"
#include "json/seat_json_writer.hpp"

namespace sk::http {

namespace {

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
  auto container = seat_container_query(call.request);
  if (!container) return container.error();
  return answer_here(domain::portal_list_seats(*call.repo, *subject, container->first, container->second),
                     json::seats_list_text);
}

Response portal_assign_seat(Call& call) {
  auto subject = require_seat_manager(call);
  if (!subject) return subject.error();
  auto request = parse_portal_seat_assign(*call.body);
  if (!request) return request.error();
  const auto ctx = call.seat_context();
  return answer(with_outbox(call, [&](auto& sink) {
                  return domain::portal_assign_seat(*call.repo, sink, ctx, *subject, *request);
                }),
                json::seat_text);
}

namespace {

// Revoke and resend: a seat manager acting on one seat by its id.
template <class Operation>
Response act_on_seat(Call& call, Operation operation) {
  auto subject = require_seat_manager(call);
  if (!subject) return subject.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  const auto ctx = call.seat_context();
  return answer(with_outbox(call, [&](auto& sink) { return operation(*call.repo, sink, ctx, *subject, *seat_id); }),
                json::seat_text);
}

}  // namespace

Response portal_revoke_seat(Call& call) {
  return act_on_seat(call, [](auto&... args) { return domain::portal_revoke_seat(args...); });
}

Response portal_resend_invitation(Call& call) {
  return act_on_seat(call, [](auto&... args) { return domain::portal_resend_invitation(args...); });
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
