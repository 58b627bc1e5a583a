// Handlers of seatkeeper's seat operations beside Polar's seat API: bulk assignment, transfer,
// a seat's history and the holders of a container at an instant. Parse, authorize, call the
// domain (seat_operations.hpp), shape the answer.
#include "domain/seat_operations.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "http/seat_operation_parsing.hpp"
#include "json/list_json.hpp"
#include "json/model_json.hpp"
#include "json/seat_operations_json.hpp"

namespace sk::http {
namespace {

struct BulkAnswer {
  domain::BulkAssignResult result;
  json::BulkRowExtras extras;
};

}  // namespace

Response bulk_assign_seats(Call& call) {
  auto org = require_organization(call, {"customer_seats:write"});
  if (!org) return org.error();
  auto parsed = parse_bulk_assign(*call.body);
  if (!parsed) return parsed.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(
      call, [&](auto& sink) { return domain::bulk_assign_seats(*call.repo, sink, ctx, *org, parsed->request); });
  if (!result) return error_response(result.error());
  // A dry run, or an atomic request with a failed row, answers 200 and keeps nothing.
  call.keep_changes = result->keep_changes;
  BulkAnswer bulk{std::move(*result), {std::move(parsed->row_emails), {}}};
  for (std::size_t i = 0; i < bulk.result.rows.size(); ++i) {
    const auto& row = bulk.result.rows[i];
    if (row.seat) continue;
    auto& issues = parsed->row_issues[i];
    bulk.extras.errors.push_back(issues ? validation_body(std::move(*issues)) : error_body(*row.error));
  }
  return answer(Result<BulkAnswer>(std::move(bulk)),
                [](const BulkAnswer& a) { return json::bulk_assign_json(a.result, a.extras); });
}

Response transfer_seat(Call& call) {
  auto org = require_organization(call, {"customer_seats:write"});
  if (!org) return org.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  auto to = parse_seat_transfer(*call.body);
  if (!to) return to.error();
  const auto ctx = call.seat_context();
  auto result = with_outbox(
      call, [&](auto& sink) { return domain::transfer_seat(*call.repo, sink, ctx, *org, *seat_id, std::move(*to)); });
  return answer(std::move(result), [](const domain::SeatView& view) { return json::seat_json(view); });
}

Response list_seat_events(Call& call) {
  auto org = require_organization(call, {"customer_seats:read", "customer_seats:write"});
  if (!org) return org.error();
  auto seat_id = uuid4_param("path", "seat_id", call.params.at(0));
  if (!seat_id) return seat_id.error();
  auto page = parse_page(call.request, {}, {"occurred_at"});
  if (!page) return page.error();
  const int limit = page->limit;
  return answer(domain::list_seat_history(*call.repo, *org, *seat_id, *page), [limit](const auto& found) {
    return json::list_resource_json(found, limit, json::seat_history_event_json);
  });
}

Response list_seat_holders(Call& call) {
  auto org = require_organization(call, {"customer_seats:read", "customer_seats:write"});
  if (!org) return org.error();
  const auto subscription = call.request.query_param("subscription_id");
  const auto order = call.request.query_param("order_id");
  if (!subscription == !order)
    return error_response(
        Error{ErrorKind::bad_request, "BadRequest", "Exactly one of subscription_id or order_id must be provided"});
  const bool by_subscription = subscription.has_value();
  auto id = uuid4_param("query", by_subscription ? "subscription_id" : "order_id", by_subscription ? *subscription : *order);
  if (!id) return id.error();
  auto at = instant_param(call.request, "at");
  if (!at) return at.error();
  auto page = parse_page(call.request, {}, {"since"});
  if (!page) return page.error();
  const int limit = page->limit;
  const auto kind = by_subscription ? domain::ContainerKind::subscription : domain::ContainerKind::order;
  return answer(domain::seat_holders_at(*call.repo, *org, kind, *id, *at, *page), [limit](const auto& found) {
    return json::list_resource_json(found, limit, json::seat_holding_json);
  });
}

}  // namespace sk::http
