// Plain request/response values: what the Beast server hands to the routes and gets back.
// Nothing here depends on Beast, so routes compile fast and test without a socket.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.hpp"

namespace sk::http {

// Polar-Version values the API answers; the first is assumed when the header is absent.
inline constexpr std::string_view kApiVersions[] = {"2026-04", "2026-10", "2027-01"};
inline constexpr std::string_view kDefaultApiVersion = kApiVersions[0];

struct Request {
  std::string method;                 // "GET", "POST", ...
  std::vector<std::string> segments;  // percent-decoded path segments, e.g. {"v1","customer-seats","claim","tok"}
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded
  std::string authorization;
  std::string content_type;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, when sent (even empty)
  std::string body;
  std::string client_address;  // the socket's peer, or from X-Forwarded-For behind a trusted proxy
  // What the server-rendered pages (src/web) need from a browser: its cookies and where a form
  // post came from (Origin, Host, Sec-Fetch-Site), for the CSRF checks.
  std::string cookie;
  std::string origin;
  std::string host;
  std::string fetch_site;

  std::optional<std::string> query_param(std::string_view name) const {
    for (const auto& [k, v] : query)
      if (k == name) return v;
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::string body;  // JSON, except for the pages of src/web
  std::vector<std::pair<std::string, std::string>> headers;  // a name may repeat (Set-Cookie)
  // When set, produces `body` on the network thread: serialising a success answer is not work
  // for the store's single writer.
  std::function<std::string()> render;
  std::string content_type = "application/json";
  // Set by the few read routes whose answers http/answer_cache may reuse: the same request with
  // the same credential gets this answer again until then, unless the database changed.
  std::optional<Timestamp> reusable_until{};
};

}  // namespace sk::http
