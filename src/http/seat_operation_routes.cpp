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
#include "http/seat_container_query.hpp"
#include "http/seat_extensions.hpp"
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
  return answer(Result<BulkAnswer>(std::move(bulk)), [shape = seat_answer_shape(call, *org)](const BulkAnswer& a) {
    return json::bulk_assign_json(a.result, a.extras, shape);
  });
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
  return answer(std::move(result), seat_answer_text(call, *org));
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
  auto container = seat_container_query(call.request);
  if (!container) return container.error();
  const auto& [kind, container_id] = *container;
  auto at = instant_param(call.request, "at");
  if (!at) return at.error();
  auto page = parse_page(call.request, {}, {"since"});
  if (!page) return page.error();
  const int limit = page->limit;
  return answer(domain::seat_holders_at(*call.repo, *org, kind, container_id, *at, *page), [limit](const auto& found) {
    return json::list_resource_json(found, limit, json::seat_holding_json);
  });
}

}  // namespace sk::http
