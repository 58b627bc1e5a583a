// Everything the network layer decides before a request reaches the store: the Polar-Version
// gate, parsing and percent-decoding the target, routing, and parsing a JSON body. Plain C++
// (no Beast), so it can be tested and fuzzed by feeding it values.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/routes.hpp"

namespace sk::http {

// The parts of an HTTP request the API looks at, as they came off the wire.
struct RawRequest {
  std::string_view method;
  std::string_view target;         // origin form: /path?query
  std::string_view polar_version;  // empty when absent
  std::string_view authorization;
  std::string_view content_type;
  std::string_view body;
  // For the server-rendered pages (src/web): cookies and where a form post came from.
  std::string_view cookie = {};
  std::string_view origin = {};
  std::string_view host = {};
  std::string_view fetch_site = {};  // Sec-Fetch-Site
  std::optional<std::string_view> idempotency_key = std::nullopt;  // set when the header was sent
};

struct AdmittedRequest {
  Request request;
  RouteMatch match;         // match.route is set
  boost::json::value body;  // parsed when match.route->json_body
};

// A request ready for its route's handler, or the answer that ends it here (404, 405, 422).
// `version` receives the resolved Polar-Version (it stays as given when the header is unknown).
std::expected<AdmittedRequest, Response> admit_request(const RawRequest&, std::string& version);

}  // namespace sk::http
