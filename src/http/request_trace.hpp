// What the server does for every request besides serving it: give it an id, time it, count it
// (http_metrics), and write its access-log line. Plain C++, so server.cpp only calls in.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "http/routes.hpp"

namespace sk::http {

// The client's X-Request-Id when it is usable (at most 128 characters; only letters, digits and
// "-_.:@+=/" are kept), otherwise a new random id. Never trusted further than a log label.
std::string request_id_from_header(std::string_view header);

struct RequestTrace {
  std::string id;
  std::string method;
  const Route* route = nullptr;  // set once routing found one: the label of metrics and logs
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

RequestTrace begin_request(std::string_view request_id_header, std::string_view method);

// Counts the request and writes one access-log line: method, route template (never the raw path:
// claim paths carry invitation tokens), status, duration and body bytes.
void finish_request(const RequestTrace&, int status, std::size_t body_bytes);

}  // namespace sk::http
