#include "http/request_gate.hpp"

#include <boost/url/parse.hpp>

#include "common/utf8.hpp"
#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {
namespace {

std::optional<std::string> resolve_version(std::string_view header) {
  if (header.empty()) return std::string(kDefaultApiVersion);
  for (std::string_view known : kApiVersions)
    if (header == known) return std::string(known);
  return std::nullopt;
}

std::optional<Request> to_request(const RawRequest& raw) {
  auto target = boost::urls::parse_origin_form(raw.target);
  if (!target) return std::nullopt;
  Request req;
  req.method = std::string(raw.method);
  // Percent-decoding can produce any bytes; they are made valid UTF-8 here, once, because error
  // answers echo path and query values back inside JSON.
  for (auto segment : target->segments()) req.segments.push_back(to_valid_utf8(segment));
  for (auto param : target->params()) req.query.emplace_back(to_valid_utf8(param.key), to_valid_utf8(param.value));
  req.authorization = std::string(raw.authorization);
  req.content_type = std::string(raw.content_type);
  if (raw.idempotency_key) req.idempotency_key = std::string(*raw.idempotency_key);
  req.body = std::string(raw.body);
  req.cookie = std::string(raw.cookie);
  req.origin = std::string(raw.origin);
  req.host = std::string(raw.host);
  req.fetch_site = std::string(raw.fetch_site);
  return req;
}

}  // namespace

std::expected<AdmittedRequest, Response> admit_request(const RawRequest& raw, std::string& version) {
  AdmittedRequest admitted;
  auto resolved = resolve_version(raw.polar_version);
  if (!resolved) return std::unexpected(route_not_found());
  version = std::move(*resolved);
  auto request = to_request(raw);
  if (!request) return std::unexpected(route_not_found());
  admitted.request = std::move(*request);
  admitted.match = match_route(admitted.request);
  if (!admitted.match.route) return std::unexpected(std::move(admitted.match.early));
  // A malformed body is refused here, on the network thread: it never reaches the writer's queue.
  if (admitted.match.route->json_body) {
    auto parsed = parse_json_body(admitted.request);
    if (!parsed) return std::unexpected(std::move(parsed.error()));
    admitted.body = std::move(*parsed);
  }
  return admitted;
}

}  // namespace sk::http
