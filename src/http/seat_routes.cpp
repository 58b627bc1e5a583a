// Handlers of /v1/customer-seats: parse, authorize, call the domain, shape the answer.
#include <boost/json/object.hpp>

#include "domain/claim_precheck.hpp"
#include "domain/seat_service.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "http/invitation_parsing.hpp"
#include "http/request_parsing.hpp"
#include "http/seat_extensions.hpp"
#include "http/routes.hpp"
#include "http/seat_container_query.hpp"
#include "json/seat_json_writer.hpp"

namespace sk::http {

namespace bj = boost::json;


Response health(Call&) { return json_response(200, bj::object{{"status", "ok"}}); }

Response list_seats(Call& call) {
  // The query is parsed first only to tell the store what comes; its errors still come after
  // the bearer's.
  auto container = seat_container_query(call.request);
  const bool whole_list = container && !wants_seat_page(call.request);
  if (whole_list && call.repo) call.repo->expect_seat_list(container->first, container->second);
  auto org = require_organization(call, {"customer_seats:read", "customer_seats:write"});
  if (!org) return org.error();
  if (!container) return container.error();
  if (wants_seat_page(call.request)) return reusable(list_seat_page(call, *org, container->first, container->second), call);
  return reusable(answer_here(domain::list_seats(*call.repo, *org, container->first, container->second), json::seats_list_text),
                  call);
}

Response assign_seat(Call& call) {
  auto org = require_organization(call, {"customer_seats:write"});
  if (!org) return org.error();
  auto request = parse_seat_assign(*call.body);
  if (!request) return request.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(call, [&](auto& sink) { return domain::assign_seat(*call.repo, sink, ctx, *org, *request); });
  return answer(std::move(result), seat_answer_text(call, *org));
}

Response revoke_seat(Call& call) {
  auto org = require_organization(call, {"customer_seats:write"});
  if (!org) return org.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(call, [&](auto& sink) { return domain::revoke_seat(*call.repo, sink, ctx, *org, *seat_id); });
  return answer(std::move(result), json::seat_text);
}

Response resend_invitation(Call& call) {
  auto org = require_organization(call, {"customer_seats:write"});
  if (!org) return org.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  auto options = parse_resend_body(call.request);
  if (!options) return options.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(
      call, [&](auto& sink) { return domain::resend_invitation(*call.repo, sink, ctx, *org, *seat_id, *options); });
  return answer(std::move(result), seat_answer_text(call, *org));
}

Response get_claim_info(Call& call) {
  if (auto subject = resolve_subject(call); !subject) return subject.error();
  const auto ctx = call.seat_context();
  auto info = domain::get_claim_info(*call.repo, ctx, call.params.at(0));
  const auto claimable_until = info ? info->claimable_until : std::nullopt;
  return reusable(answer_here(std::move(info), json::claim_info_text), call, claimable_until);
}

Response claim_seat(Call& call) {
  if (auto subject = resolve_subject(call); !subject) return subject.error();
  auto token = parse_seat_claim(*call.body);
  if (!token) return token.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(call, [&](auto& sink) { return domain::claim_seat(*call.repo, sink, ctx, *token); });
  return answer(std::move(result), json::claim_response_text);
}

Response claim_seat_gate(Call& call) {
  if (auto subject = resolve_subject(call); !subject) return subject.error();
  auto token = parse_seat_claim(*call.body);
  if (!token) return token.error();
  const auto ctx = call.config.seat_context(call.now);
  if (auto claimable = domain::check_claimable(*call.repo, ctx, *token); !claimable)
    return error_response(claimable.error());
  return let_through();
}

}  // namespace sk::http
