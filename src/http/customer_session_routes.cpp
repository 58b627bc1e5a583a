// Handler of POST /v1/customer-sessions (Polar's customer sessions API).
#include "domain/customer_session_service.hpp"
#include "http/auth.hpp"
#include "http/body_reader.hpp"
#include "http/handler_support.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "json/commerce_json.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

std::string portal_url(const std::string& public_url, const std::string& slug, const std::string& token) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // Session tokens are [A-Za-z0-9_]: nothing to escape.
  return base + "/" + slug + "/portal?customer_session_token=" + token;
}

}  // namespace

Response create_customer_session(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, {"customer_sessions:write"});
  if (!org) return org.error();
  auto object = body_object(*body);
  if (!object) return object.error();
  BodyReader fields(**object);
  domain::CustomerSessionCreate in;
  in.customer_id = fields.uuid("customer_id");
  if (!fields.get("customer_id")) {
    in.external_customer_id = fields.string("external_customer_id");
    if (!fields.get("external_customer_id")) fields.require("customer_id");
  }
  in.return_url = fields.string("return_url", {.min_length = 1, .max_length = 2083});
  if (in.return_url && !(in.return_url->starts_with("http://") || in.return_url->starts_with("https://")))
    fields.issue("return_url", "url_scheme", "URL scheme should be 'http' or 'https'", bj::value(*in.return_url),
                 bj::object{{"expected_schemes", "'http' or 'https'"}});
  for (const char* key : {"member_id", "external_member_id"})
    if (const bj::value* v = fields.get(key))
      fields.issue(key, "value_error", "seatkeeper issues customer sessions only (members get theirs by claiming a seat)",
                   *v);
  if (!fields.ok()) return validation_failure(fields);
  const auto ctx = call.config.seat_context(call.now);
  auto created = domain::create_customer_session(*call.repo, ctx, *org, in);
  if (!created) return error_response(created.error());
  return json_response(201, json::customer_session_json(
                                *created, portal_url(call.config.public_url, org->slug, created->token)));
}

}  // namespace sk::http
