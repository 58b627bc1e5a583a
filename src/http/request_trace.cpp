#include "http/request_trace.hpp"

#include "common/log.hpp"
#include "http/http_metrics.hpp"
#include "http/request_id.hpp"

namespace sk::http {

namespace {
constexpr std::size_t kMaxRequestIdLength = 128;

bool allowed_in_request_id(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-_.:@+=/").find(c) != std::string_view::npos;
}
}  // namespace

std::string request_id_from_header(std::string_view header) {
  std::string id;
  for (const char c : header.substr(0, kMaxRequestIdLength))
    if (allowed_in_request_id(c)) id += c;
  if (id.empty()) id = new_request_id();
  return id;
}

RequestTrace begin_request(std::string_view request_id_header, std::string_view method) {
  RequestTrace trace;
  trace.id = request_id_from_header(request_id_header);
  trace.method = std::string(method);
  return trace;
}

void finish_request(const RequestTrace& trace, int status, std::size_t body_bytes) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - trace.started).count();
  auto& metrics = HttpMetrics::instance();
  metrics.record(trace.route, trace.method, status, seconds);
  if (!log::enabled(log::Level::info)) return;
  const std::string_view route = metrics.route_label(trace.route);
  // The method is the parsed verb, but a client may send any token there: bound it.
  log::write_batched(log::Level::info, "http.request", "",
                     {{"method", std::string_view(trace.method).substr(0, 16)},
                      {"route", route},
                      {"status", status},
                      {"duration_ms", seconds * 1000.0},
                      {"bytes", body_bytes}},
                     trace.id);
}

}  // namespace sk::http
