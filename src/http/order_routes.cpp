// Handlers of /v1/orders (Polar's orders API): read, create a draft, finalize (mark paid).
#include <boost/json/array.hpp>

#include "domain/order_service.hpp"
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

const std::initializer_list<std::string_view> kRead{"orders:read"};
const std::initializer_list<std::string_view> kWrite{"orders:write"};
const std::initializer_list<std::string_view> kStatuses{"draft", "pending", "paid", "refunded",
                                                            "partially_refunded", "void"};

std::expected<domain::OrderCreate, Response> parse_create(const bj::value& body) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::OrderCreate in;
  fields.require("customer_id");
  fields.require("product_id");
  in.customer_id = fields.uuid("customer_id").value_or("");
  in.product_id = fields.uuid("product_id").value_or("");
  if (auto seats = fields.integer("seats", 1, 2'147'483'647)) in.seats = static_cast<int>(*seats);
  if (auto currency = fields.string("currency")) in.currency = domain::lower_ascii(*currency);
  (void)fields.integer("amount", 0);  // accepted, not stored: seatkeeper charges nothing
  in.description = fields.string("description", {.max_length = 500});
  if (auto metadata = fields.metadata("metadata")) in.metadata_json = *metadata;
  if (const bj::value* v = fields.get("organization_id"))
    fields.issue("organization_id", "value_error",
                 "Setting organization_id is disallowed when using an organization token.", *v);
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

}  // namespace

Response list_orders(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto page = parse_page(call.request, {"-created_at"}, {"created_at"});
  if (!page) return page.error();
  domain::OrderFilter filter;
  auto customers = query_uuid4s(call.request, "customer_id");
  if (!customers) return customers.error();
  filter.customer_ids = *customers;
  filter.external_customer_ids = query_values(call.request, "external_customer_id");
  auto products = query_uuid4s(call.request, "product_id");
  if (!products) return products.error();
  filter.product_ids = *products;
  auto statuses = query_enums(call.request, "status", kStatuses);
  if (!statuses) return statuses.error();
  filter.statuses = *statuses;
  auto found = domain::list_orders(*call.repo, *org, filter, *page);
  if (!found) return error_response(found.error());
  bj::array items;
  for (const auto& o : found->items) items.emplace_back(json::order_json(o));
  return json_response(200, json::list_json(std::move(items), found->total_count, page->limit));
}

Response create_order(Call& call) {
  auto body = parse_json_body(call.request);
  if (!body) return body.error();
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto in = parse_create(*body);
  if (!in) return in.error();
  return answer(domain::create_order(*call.repo, *org, *in, call.now), json::order_json, 201);
}

Response get_order(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  return answer(domain::get_order(*call.repo, *org, *id), json::order_json);
}

Response finalize_order(Call& call) {
  // The body (OrderFinalize: an optional payment_method_id) has nothing seatkeeper uses; an
  // empty body is fine, a malformed one is still refused.
  if (!call.request.body.empty()) {
    auto body = parse_json_body(call.request);
    if (!body) return body.error();
    if (auto object = body_object(*body); !object) return object.error();
  }
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  return answer(domain::finalize_order(*call.repo, *org, *id, call.now), json::order_json);
}

}  // namespace sk::http
