// Handlers of Polar's members API: /v1/members (list) and /v1/customers/{id}/members[/{member_id}].
#include <boost/json/array.hpp>

#include "domain/member_service.hpp"
#include "http/auth.hpp"
#include "http/body_reader.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "json/commerce_json.hpp"
#include "json/model_json.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

const std::initializer_list<std::string_view> kRead{"members:read", "members:write"};
const std::initializer_list<std::string_view> kWrite{"members:write"};
const std::initializer_list<std::string_view> kRoles{"owner", "billing_manager", "member"};

bj::object member_shape(const domain::Member& m) { return json::member_json(m); }

Response member_page(Call& call, const domain::Organization& org, domain::MemberFilter filter) {
  auto page = parse_page(call.request, {"-created_at"}, {"created_at"});
  if (!page) return page.error();
  auto role = query_enums(call.request, "role", kRoles);
  if (!role) return role.error();
  if (!role->empty()) filter.role = role->front();
  const int limit = page->limit;
  return answer(domain::list_members(*call.repo, org, filter, *page),
                [limit](const auto& found) { return json::list_resource_json(found, limit, member_shape); });
}

// The member addressed by /v1/customers/{id}/members/{member_id}.
std::expected<domain::Member, Response> path_member(Call& call, const domain::Organization& org) {
  auto customer_id = uuid4_param("path", "id", call.params.at(0));
  if (!customer_id) return std::unexpected(customer_id.error());
  auto member_id = uuid4_param("path", "member_id", call.params.at(1));
  if (!member_id) return std::unexpected(member_id.error());
  auto member = domain::get_member(*call.repo, org, *customer_id, *member_id);
  if (!member) return std::unexpected(error_response(member.error()));
  return std::move(*member);
}

}  // namespace

Response list_members(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  domain::MemberFilter filter;
  // Polar types this filter as a plain string: a malformed id simply matches nothing.
  filter.customer_id = call.request.query_param("customer_id");
  filter.external_customer_id = call.request.query_param("external_customer_id");
  return member_page(call, *org, std::move(filter));
}

Response list_customer_members(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto customer_id = uuid4_param("path", "id", call.params.at(0));
  if (!customer_id) return customer_id.error();
  auto customer = call.repo->find_customer(org->id, *customer_id);
  if (!customer) return error_response(customer.error());
  if (!*customer) return error_response(Error{ErrorKind::not_found, "ResourceNotFound", "Customer not found"});
  domain::MemberFilter filter;
  filter.customer_id = *customer_id;
  return member_page(call, *org, std::move(filter));
}

Response create_customer_member(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto customer_id = uuid4_param("path", "id", call.params.at(0));
  if (!customer_id) return customer_id.error();
  auto object = body_object(*body);
  if (!object) return object.error();
  BodyReader fields(**object);
  fields.require("email");
  domain::MemberCreate in;
  in.email = fields.email("email").value_or("");
  in.name = fields.string("name", {.max_length = 256, .display = true});
  in.external_id = fields.string("external_id");
  if (auto role = fields.one_of("role", kRoles)) in.role = *role;
  if (!fields.ok()) return validation_failure(fields);
  return answer(domain::create_member(*call.repo, *org, *customer_id, in, call.now), member_shape, 201);
}

Response get_customer_member(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto member = path_member(call, *org);
  if (!member) return member.error();
  return json_response(200, json::member_json(*member));
}

Response update_customer_member(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto member = path_member(call, *org);
  if (!member) return member.error();
  auto object = body_object(*body);
  if (!object) return object.error();
  BodyReader fields(**object);
  domain::MemberUpdate in;
  if (fields.has("name")) in.name = fields.string("name", {.max_length = 256, .display = true});
  in.email = fields.email("email");
  in.role = fields.one_of("role", kRoles);
  if (!fields.ok()) return validation_failure(fields);
  return answer(domain::update_member(*call.repo, *org, std::move(*member), in, call.now), member_shape);
}

Response delete_customer_member(Call& call) {
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto member = path_member(call, *org);
  if (!member) return member.error();
  const auto ctx = call.config.seat_context(call.now);
  return no_content(
      with_outbox(call, [&](auto& sink) { return domain::delete_member(*call.repo, sink, ctx, *org, *member); }));
}

}  // namespace sk::http
