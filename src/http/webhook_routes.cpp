// Handlers of /v1/webhooks: endpoints, deliveries and redelivery (scopes webhooks:read|write).
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "domain/webhook_service.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "http/webhook_parsing.hpp"
#include "json/webhook_json.hpp"

namespace sk::http {

namespace {

auto reader_organization(Call& call) { return require_organization(call, {"webhooks:read", "webhooks:write"}); }
auto writer_organization(Call& call) { return require_organization(call, {"webhooks:write"}); }

domain::WebhookContext context(const Call& call) {
  return {.now = call.now, .sealing_key = call.config.secret, .delivered_outbox = call.config.delivered_outbox};
}

std::expected<std::string, Response> endpoint_id(const Call& call) { return uuid4_param("path", "id", call.params.at(0)); }

}  // namespace

Response list_webhook_endpoints(Call& call) {
  auto org = reader_organization(call);
  if (!org) return org.error();
  auto filter = uuid4_list_param(call.request, "organization_id");
  if (!filter) return filter.error();
  auto page = parse_page(call.request);
  if (!page) return page.error();
  // An organization token sees its own organization only: any other id filters everything out.
  if (!filter->empty() && std::ranges::find(*filter, org->id) == filter->end())
    return json_response(200, json::list_resource_json(boost::json::array{}, 0, page->limit));
  const int limit = page->limit;
  return answer(domain::list_webhook_endpoints(*call.repo, context(call), *org, *page),
                [limit](const auto& found) { return json::list_resource_json(found, limit, json::webhook_endpoint_json); });
}

Response create_webhook_endpoint(Call& call) {
  auto org = writer_organization(call);
  if (!org) return org.error();
  auto request = parse_webhook_endpoint_create(*call.body, call.config.allow_private_webhooks);
  if (!request) return request.error();
  return answer(domain::create_webhook_endpoint(*call.repo, context(call), *org, *request),
                json::webhook_endpoint_json, 201);
}

Response get_webhook_endpoint(Call& call) {
  auto org = reader_organization(call);
  if (!org) return org.error();
  auto id = endpoint_id(call);
  if (!id) return id.error();
  return answer(domain::get_webhook_endpoint(*call.repo, context(call), *org, *id), json::webhook_endpoint_json);
}

Response update_webhook_endpoint(Call& call) {
  auto org = writer_organization(call);
  if (!org) return org.error();
  auto id = endpoint_id(call);
  if (!id) return id.error();
  auto update = parse_webhook_endpoint_update(*call.body, call.config.allow_private_webhooks);
  if (!update) return update.error();
  return answer(domain::update_webhook_endpoint(*call.repo, context(call), *org, *id, *update),
                json::webhook_endpoint_json);
}

Response reset_webhook_endpoint_secret(Call& call) {
  auto org = writer_organization(call);
  if (!org) return org.error();
  auto id = endpoint_id(call);
  if (!id) return id.error();
  return answer(domain::reset_webhook_endpoint_secret(*call.repo, context(call), *org, *id),
                json::webhook_endpoint_json);
}

Response delete_webhook_endpoint(Call& call) {
  auto org = writer_organization(call);
  if (!org) return org.error();
  auto id = endpoint_id(call);
  if (!id) return id.error();
  if (auto deleted = domain::delete_webhook_endpoint(*call.repo, context(call), *org, *id); !deleted)
    return error_response(deleted.error());
  return Response{204, "", {}, {}};  // no body, as Polar answers
}

Response list_webhook_deliveries(Call& call) {
  auto org = reader_organization(call);
  if (!org) return org.error();
  auto filter = parse_delivery_filter(call.request);
  if (!filter) return filter.error();
  auto page = parse_page(call.request);
  if (!page) return page.error();
  const int limit = page->limit;
  return answer(domain::list_webhook_deliveries(*call.repo, *org, *filter, *page),
                [limit](const auto& found) { return json::list_resource_json(found, limit, json::webhook_delivery_json); });
}

Response redeliver_webhook_event(Call& call) {
  auto org = writer_organization(call);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  if (auto queued = domain::redeliver_webhook_event(*call.repo, context(call), *org, *id); !queued)
    return error_response(queued.error());
  call.outbox_written = true;  // wakes the dispatcher after the commit
  return Response{202, "null", {}, {}};  // FastAPI's rendering of Polar's `None` answer
}

}  // namespace sk::http
