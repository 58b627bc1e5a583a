#include "http/error_response.hpp"

#include <boost/json/serialize.hpp>

#include "common/utf8.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {
constexpr const char* kInvalidTokenText =
    "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
constexpr const char* kInsufficientScopeText =
    "The request requires higher privileges than provided by the access token.";

Response oauth_error(int status, const char* code, const char* description) {
  bj::object body{{"error", code}, {"error_description", description}};
  Response r = json_response(status, body);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Pragma", "no-cache");
  r.headers.emplace_back("WWW-Authenticate", std::string("Bearer realm=\"polar\", error=\"") + code +
                                                 "\", error_description=\"" + description + "\"");
  return r;
}
}  // namespace

Response json_response(int status, const bj::object& body) {
  Response response;
  response.status = status;
  response.body = bj::serialize(body);
  return response;
}

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request:
    case ErrorKind::conflict: return 400;
    case ErrorKind::unauthorized: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::internal: return 500;
    case ErrorKind::precondition_failed: return 412;
    case ErrorKind::validation: return 422;
  }
  return 500;
}

Response error_response(const Error& error) {
  if (error.kind == ErrorKind::internal) return internal_server_error();  // never leak internals
  if (error.kind == ErrorKind::validation) {
    bj::array loc;
    for (const auto& part : error.loc) loc.emplace_back(part);
    return validation_error(bj::array{validation_issue(
        "value_error", std::move(loc), error.detail, error.input ? bj::value(*error.input) : bj::value(nullptr))});
  }
  Response r = json_response(status_of(error.kind), bj::object{{"error", error.name}, {"detail", to_valid_utf8(error.detail)}});
  if (error.kind == ErrorKind::unauthorized) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"polar\"");
  return r;
}

Response error_envelope(int status, std::string_view name, std::string_view detail) {
  return json_response(status, bj::object{{"error", name}, {"detail", detail}});
}

Response validation_error(bj::array detail) {
  return json_response(422, bj::object{{"error", "RequestValidationError"}, {"detail", std::move(detail)}});
}

bj::object validation_issue(std::string_view type, bj::array loc, std::string_view msg, bj::value input, bj::object ctx) {
  // A query value is percent-decoded bytes, not necessarily UTF-8: echoed as is, it would make
  // the answer invalid JSON. Body values were checked by the JSON parser already.
  if (input.is_string()) input = bj::string(to_valid_utf8(input.get_string()));
  bj::object issue{{"type", type}, {"loc", std::move(loc)}, {"msg", to_valid_utf8(msg)}, {"input", std::move(input)}};
  if (!ctx.empty()) issue["ctx"] = std::move(ctx);
  return issue;
}

Response invalid_token() { return oauth_error(401, "invalid_token", kInvalidTokenText); }
Response unauthorized() { return error_response(Error{ErrorKind::unauthorized, "Unauthorized", "Unauthorized"}); }
Response insufficient_scope() { return oauth_error(403, "insufficient_scope", kInsufficientScopeText); }
Response route_not_found() { return json_response(404, bj::object{{"detail", "Not Found"}}); }
Response method_not_allowed() { return json_response(405, bj::object{{"detail", "Method Not Allowed"}}); }
Response payload_too_large() {
  return json_response(413, bj::object{{"error", "PayloadTooLarge"}, {"detail", "Request body is too large"}});
}
Response too_many_requests(long long retry_after_seconds) {
  const std::string seconds = std::to_string(retry_after_seconds);
  Response r = json_response(429, bj::object{{"error", "TooManyRequests"},
                                             {"detail", "Too many requests. Try again in " + seconds + " seconds."}});
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}
Response internal_server_error() {
  return json_response(500, bj::object{{"error", "InternalServerError"}, {"detail", "Internal Server Error"}});
}

}  // namespace sk::http
