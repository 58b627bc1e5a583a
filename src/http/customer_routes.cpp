// Handlers of /v1/customers (Polar's customers API): parse, authorize, call the domain, shape.
#include <boost/json/array.hpp>

#include "domain/customer_service.hpp"
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

const std::initializer_list<std::string_view> kRead{"customers:read", "customers:write"};
const std::initializer_list<std::string_view> kWrite{"customers:write"};

// An organization token already names the organization; Polar refuses a second one.
void refuse_organization_id(BodyReader& fields) {
  if (const bj::value* v = fields.get("organization_id"))
    fields.issue("organization_id", "value_error", "Setting organization_id is disallowed when using an organization token.",
                 *v);
}

std::expected<domain::CustomerCreate, Response> parse_customer_create(const bj::value& body) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::CustomerCreate in;
  if (auto type = fields.one_of("type", {"individual", "team"})) in.type = *type;
  if (in.type == "individual") fields.require("email");
  in.email = fields.email("email");
  in.name = fields.string("name", {.max_length = 256, .display = true});
  in.external_id = fields.string("external_id");
  if (auto metadata = fields.metadata("metadata")) in.metadata_json = *metadata;
  if (const bj::value* owner = fields.get("owner")) {
    if (!owner->is_object()) {
      fields.issue("owner", "model_type", "Input should be a valid dictionary or instance of MemberOwnerCreate", *owner);
    } else {
      BodyReader owner_fields = fields.child(owner->as_object(), {"owner"});
      owner_fields.require("email");
      auto email = owner_fields.email("email");
      domain::OwnerCreate o{email.value_or(""), owner_fields.string("name", {.max_length = 256, .display = true}),
                            owner_fields.string("external_id")};
      if (email) in.owner = std::move(o);
    }
  }
  refuse_organization_id(fields);
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

std::expected<domain::CustomerUpdate, Response> parse_customer_update(const bj::value& body) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::CustomerUpdate in;
  in.email = fields.email("email");
  if (fields.has("name")) in.name = fields.string("name", {.max_length = 256, .display = true});
  if (fields.has("external_id")) in.external_id = fields.string("external_id");
  in.type = fields.one_of("type", {"individual", "team"});
  in.metadata_json = fields.metadata("metadata");
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

// The customer addressed by the path: by id (UUID4, else 422) or by external id.
std::expected<domain::Customer, Response> path_customer(Call& call, const domain::Organization& org, bool external) {
  Result<domain::Customer> found = external ? domain::get_customer_by_external_id(*call.repo, org, call.params.at(0))
                                            : internal_error("unset");
  if (!external) {
    auto id = uuid4_param("path", "id", call.params.at(0));
    if (!id) return std::unexpected(id.error());
    found = domain::get_customer(*call.repo, org, *id);
  }
  if (!found) return std::unexpected(error_response(found.error()));
  return std::move(*found);
}

Response get_customer_impl(Call& call, bool external) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto customer = path_customer(call, *org, external);
  if (!customer) return customer.error();
  return json_response(200, json::customer_json(*customer));
}

Response update_customer_impl(Call& call, bool external) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto customer = path_customer(call, *org, external);
  if (!customer) return customer.error();
  auto changes = parse_customer_update(*body);
  if (!changes) return changes.error();
  return answer(domain::update_customer(*call.repo, *org, std::move(*customer), *changes, call.now),
                json::customer_json);
}

Response delete_customer_impl(Call& call, bool external) {
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto customer = path_customer(call, *org, external);
  if (!customer) return customer.error();
  const auto ctx = call.config.seat_context(call.now);
  return no_content(
      with_outbox(call, [&](auto& sink) { return domain::delete_customer(*call.repo, sink, ctx, *org, *customer); }));
}

}  // namespace

Response list_customers(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto page = parse_page(call.request, {"-created_at"}, {"created_at"});
  if (!page) return page.error();
  domain::CustomerFilter filter;
  filter.email = call.request.query_param("email");
  filter.query = call.request.query_param("query");
  const int limit = page->limit;
  return answer(domain::list_customers(*call.repo, *org, filter, *page),
                [limit](const auto& found) { return json::list_resource_json(found, limit, json::customer_json); });
}

Response create_customer(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto in = parse_customer_create(*body);
  if (!in) return in.error();
  return answer(domain::create_customer(*call.repo, *org, *in, call.now), json::customer_json, 201);
}

Response get_customer(Call& call) { return get_customer_impl(call, false); }
Response get_customer_external(Call& call) { return get_customer_impl(call, true); }
Response update_customer(Call& call) { return update_customer_impl(call, false); }
Response update_customer_external(Call& call) { return update_customer_impl(call, true); }
Response delete_customer(Call& call) { return delete_customer_impl(call, false); }
Response delete_customer_external(Call& call) { return delete_customer_impl(call, true); }

}  // namespace sk::http
