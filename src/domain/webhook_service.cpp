#include "domain/webhook_service.hpp"

#include <algorithm>
#include <array>

#include "crypto/crypto.hpp"
#include "domain/webhook_queue.hpp"

namespace sk::domain {

namespace {

constexpr std::array<std::string_view, 41> kEventTypes{
    "checkout.created",       "checkout.updated",        "checkout.expired",       "customer.created",
    "customer.updated",       "customer.deleted",        "customer.state_changed", "customer_seat.assigned",
    "customer_seat.claimed",  "customer_seat.revoked",   "member.created",         "member.updated",
    "member.deleted",         "order.created",           "order.updated",          "order.paid",
    "order.refunded",         "subscription.created",    "subscription.updated",   "subscription.active",
    "subscription.canceled",  "subscription.uncanceled", "subscription.cycled",    "subscription.revoked",
    "subscription.past_due",  "subscription.paused",     "subscription.resumed",   "refund.created",
    "refund.updated",         "product.created",         "product.updated",        "discount.created",
    "discount.updated",       "discount.deleted",        "benefit.created",        "benefit.updated",
    "benefit_grant.created",  "benefit_grant.cycled",    "benefit_grant.updated",  "benefit_grant.revoked",
    "organization.updated"};

std::unexpected<Error> endpoint_not_found() { return fail(ErrorKind::not_found, "ResourceNotFound", "Not found"); }

// Repeats add nothing to a subscription; the first mention keeps its place.
std::vector<std::string> unique_in_order(const std::vector<std::string>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (std::ranges::find(out, e) == out.end()) out.push_back(e);
  return out;
}

Result<WebhookEndpointView> open_endpoint(const WebhookContext& ctx, WebhookEndpoint endpoint) {
  auto secret = crypto::open(ctx.sealing_key, endpoint.sealed_secret);
  if (!secret) return internal_error("cannot open the secret of webhook endpoint " + endpoint.id +
                                     " (was the server secret changed?)");
  return WebhookEndpointView{std::move(endpoint), std::move(*secret)};
}

Result<WebhookEndpoint> find_endpoint(Repository& repo, const Organization& org, const Id& id) {
  SK_TRY(found, repo.find_webhook_endpoint(org.id, id));
  if (!found) return endpoint_not_found();
  return std::move(*found);
}

std::string new_secret() { return crypto::polar_token(kWebhookSecretPrefix); }

}  // namespace

std::span<const std::string_view> webhook_event_types() { return kEventTypes; }

bool is_webhook_event_type(std::string_view type) { return std::ranges::find(kEventTypes, type) != kEventTypes.end(); }

Result<WebhookEndpointView> create_webhook_endpoint(Repository& repo, const WebhookContext& ctx,
                                                    const Organization& org, const WebhookEndpointCreate& request) {
  SK_TRY(existing, repo.list_webhook_endpoints(org.id, PageRequest{1, 1}));
  if (existing.total_count >= ctx.max_endpoints_per_organization)
    return fail(ErrorKind::bad_request, "TooManyWebhookEndpoints",
                "An organization can have at most " + std::to_string(ctx.max_endpoints_per_organization) +
                    " webhook endpoints; delete one first.");
  WebhookEndpoint endpoint;
  endpoint.id = crypto::uuid_v4();
  endpoint.organization_id = org.id;
  endpoint.url = request.url;
  endpoint.name = request.name;
  endpoint.format = request.format;
  const std::string secret = request.secret.value_or(new_secret());
  endpoint.sealed_secret = crypto::seal(ctx.sealing_key, secret);
  endpoint.events = unique_in_order(request.events);
  endpoint.enabled = true;
  endpoint.created_at = ctx.now;
  SK_CHECK(repo.insert_webhook_endpoint(endpoint));
  return WebhookEndpointView{std::move(endpoint), secret};
}

Result<WebhookEndpointView> get_webhook_endpoint(Repository& repo, const WebhookContext& ctx, const Organization& org,
                                                 const Id& id) {
  SK_TRY(endpoint, find_endpoint(repo, org, id));
  return open_endpoint(ctx, std::move(endpoint));
}

Result<Page<WebhookEndpointView>> list_webhook_endpoints(Repository& repo, const WebhookContext& ctx,
                                                         const Organization& org, PageRequest page) {
  SK_TRY(found, repo.list_webhook_endpoints(org.id, page));
  Page<WebhookEndpointView> views;
  views.total_count = found.total_count;
  for (auto& endpoint : found.items) {
    SK_TRY(view, open_endpoint(ctx, std::move(endpoint)));
    views.items.push_back(std::move(view));
  }
  return views;
}

Result<WebhookEndpointView> update_webhook_endpoint(Repository& repo, const WebhookContext& ctx,
                                                    const Organization& org, const Id& id,
                                                    const WebhookEndpointUpdate& update) {
  SK_TRY(endpoint, find_endpoint(repo, org, id));
  // Events that happened before this change are judged by the endpoint as it was (Polar: an event
  // for a disabled endpoint is skipped, one it does not subscribe to is not queued), so whatever
  // the outbox still holds is fanned out first, in this transaction.
  if (update.enabled || update.events) {
    for (;;) {
      SK_TRY(moved, fan_out_webhook_events(repo, ctx.now, 500, ctx.delivered_outbox));
      if (moved == 0) break;
    }
  }
  if (update.url) endpoint.url = *update.url;
  if (update.name) endpoint.name = *update.name;
  if (update.format) endpoint.format = *update.format;
  if (update.events) endpoint.events = unique_in_order(*update.events);
  if (update.enabled) endpoint.enabled = *update.enabled;
  endpoint.modified_at = ctx.now;
  SK_CHECK(repo.update_webhook_endpoint(endpoint, ctx.now));
  return open_endpoint(ctx, std::move(endpoint));
}

Result<WebhookEndpointView> reset_webhook_endpoint_secret(Repository& repo, const WebhookContext& ctx,
                                                          const Organization& org, const Id& id) {
  SK_TRY(endpoint, find_endpoint(repo, org, id));
  const std::string secret = new_secret();
  endpoint.sealed_secret = crypto::seal(ctx.sealing_key, secret);
  endpoint.modified_at = ctx.now;
  SK_CHECK(repo.update_webhook_endpoint(endpoint, ctx.now));
  return WebhookEndpointView{std::move(endpoint), secret};
}

Status delete_webhook_endpoint(Repository& repo, const WebhookContext& ctx, const Organization& org, const Id& id) {
  SK_TRY(endpoint, find_endpoint(repo, org, id));
  return repo.delete_webhook_endpoint(endpoint.id, ctx.now);
}

Result<Page<WebhookDeliveryView>> list_webhook_deliveries(Repository& repo, const Organization& org,
                                                          const DeliveryFilter& filter, PageRequest page) {
  return repo.list_webhook_deliveries(org.id, filter, page);
}

Status redeliver_webhook_event(Repository& repo, const WebhookContext& ctx, const Organization& org,
                               const Id& event_id) {
  SK_TRY(event, repo.find_webhook_event(org.id, event_id));
  if (!event) return fail(ErrorKind::not_found, "ResourceNotFound", "Not found");
  return repo.requeue_webhook_event(event->id, ctx.now);
}

}  // namespace sk::domain
