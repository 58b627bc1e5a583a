// Handlers of /v1/subscriptions (Polar's subscriptions API).
#include <boost/json/array.hpp>

#include "domain/subscription_service.hpp"
#include "http/auth.hpp"
#include "http/body_reader.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "json/commerce_json.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

const std::initializer_list<std::string_view> kRead{"subscriptions:read", "subscriptions:write"};
const std::initializer_list<std::string_view> kWrite{"subscriptions:write"};
const std::initializer_list<std::string_view> kReasons{"customer_service", "low_quality",  "missing_features",
                                                           "switched_service", "too_complex",  "too_expensive",
                                                           "unused",           "other"};
const std::initializer_list<std::string_view> kStatuses{"incomplete", "incomplete_expired", "trialing", "active",
                                                            "past_due",   "canceled",           "unpaid",   "paused"};

std::expected<domain::SubscriptionCreate, Response> parse_create(const bj::value& body) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::SubscriptionCreate in;
  fields.require("product_id");
  in.product_id = fields.uuid("product_id").value_or("");
  in.customer_id = fields.uuid("customer_id");
  if (!fields.get("customer_id")) {
    in.external_customer_id = fields.string("external_customer_id");
    if (!fields.get("external_customer_id")) fields.require("customer_id");
  }
  if (auto seats = fields.integer("seats", 1, 2'147'483'647)) in.seats = static_cast<int>(*seats);
  if (auto metadata = fields.metadata("metadata")) in.metadata_json = *metadata;
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

domain::Cancellation parse_cancellation(BodyReader& fields) {
  return domain::Cancellation{fields.one_of("customer_cancellation_reason", kReasons),
                              fields.string("customer_cancellation_comment")};
}

// Polar's SubscriptionUpdate is a union of one-purpose bodies; the key that names the purpose
// picks the branch: revoke, then seats, then cancel_at_period_end, else the base update.
Response patch(Call& call, const domain::Organization& org, const std::string& id, const bj::object& body) {
  BodyReader fields(body);
  auto& repo = *call.repo;
  if (fields.has("revoke")) {
    const bj::value& v = body.at("revoke");
    if (!v.is_bool() || !v.as_bool())
      fields.issue("revoke", "literal_error", "Input should be True", v, bj::object{{"expected", "True"}});
    auto why = parse_cancellation(fields);
    if (!fields.ok()) return validation_failure(fields);
    const auto ctx = call.seat_context();
    return answer(with_outbox(call, [&](auto& sink) { return domain::revoke_subscription(repo, sink, ctx, org, id, why); }),
                  json::subscription_json);
  }
  if (fields.get("seats")) {
    auto seats = fields.integer("seats", -2'147'483'648LL, 2'147'483'647LL);
    (void)fields.one_of("proration_behavior", {"invoice", "prorate", "next_period", "reset"});  // no billing here
    if (!fields.ok()) return validation_failure(fields);
    return answer(domain::change_seats(repo, org, id, static_cast<int>(*seats), call.now), json::subscription_json);
  }
  if (fields.has("cancel_at_period_end")) {
    fields.require("cancel_at_period_end");
    auto cancel = fields.boolean("cancel_at_period_end");
    if (!cancel && fields.ok())
      fields.issue("cancel_at_period_end", "bool_type", "Input should be a valid boolean", nullptr);
    auto why = parse_cancellation(fields);
    if (!fields.ok()) return validation_failure(fields);
    return answer(domain::set_cancel_at_period_end(repo, org, id, *cancel, why, call.now), json::subscription_json);
  }
  for (const char* key : {"product_id", "discount_id", "trial_end", "current_billing_period_end", "pause_at_period_end",
                          "resumes_at", "pending_update"})
    if (const bj::value* v = fields.get(key))
      fields.issue(key, "value_error", "seatkeeper does not support this subscription update", *v);
  auto metadata = fields.metadata("metadata");
  if (!fields.ok()) return validation_failure(fields);
  if (metadata)
    return answer(domain::update_subscription_metadata(repo, org, id, *metadata, call.now), json::subscription_json);
  return answer(domain::get_subscription(repo, org, id, call.now), json::subscription_json);
}

}  // namespace

Response list_subscriptions(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto page = parse_page(call.request, {"-started_at", "-created_at"}, {"started_at", "created_at"});
  if (!page) return page.error();
  domain::SubscriptionFilter filter;
  auto customers = query_uuid4s(call.request, "customer_id");
  if (!customers) return customers.error();
  filter.customer_ids = *customers;
  filter.external_customer_ids = query_values(call.request, "external_customer_id");
  auto products = query_uuid4s(call.request, "product_id");
  if (!products) return products.error();
  filter.product_ids = *products;
  auto active = query_bool(call.request, "active");
  if (!active) return active.error();
  filter.active = *active;
  auto statuses = query_enums(call.request, "status", kStatuses);
  if (!statuses) return statuses.error();
  filter.statuses = *statuses;
  auto cancel = query_bool(call.request, "cancel_at_period_end");
  if (!cancel) return cancel.error();
  filter.cancel_at_period_end = *cancel;
  const int limit = page->limit;
  return answer(domain::list_subscriptions(*call.repo, *org, filter, *page, call.now),
                [limit](const auto& found) { return json::list_resource_json(found, limit, json::subscription_json); });
}

Response create_subscription(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto in = parse_create(*body);
  if (!in) return in.error();
  return answer(domain::create_subscription(*call.repo, *org, *in, call.now), json::subscription_json, 201);
}

Response get_subscription(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  return answer(domain::get_subscription(*call.repo, *org, *id, call.now), json::subscription_json);
}

Response update_subscription(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  auto object = body_object(*body);
  if (!object) return object.error();
  return patch(call, *org, *id, **object);
}

Response revoke_subscription(Call& call) {
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  const auto ctx = call.seat_context();
  return answer(
      with_outbox(call, [&](auto& sink) { return domain::revoke_subscription(*call.repo, sink, ctx, *org, *id, {}); }),
      json::subscription_json);
}

}  // namespace sk::http
