// Request counts and durations per route, for /metrics. Labels come from the route table (the
// template, never the raw path) and a fixed list of methods, so no client can add series.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/metrics.hpp"
#include "http/routes.hpp"

namespace sk::http {

class HttpMetrics {
 public:
  static HttpMetrics& instance();  // process-wide, sized by the route table

  // `route` null: no route matched (404/405, malformed request); `method` is then labelled as
  // one of the common verbs or "other".
  void record(const Route* route, std::string_view method, int status, double seconds) noexcept;

  // The route label: its template, or "unmatched".
  std::string_view route_label(const Route* route) const noexcept;

  struct Series {
    std::string_view method, route;
    int status;
    std::uint64_t count;
  };
  void each_request_count(const std::function<void(const Series&)>& fn) const;
  void each_duration(const std::function<void(std::string_view route, const metrics::Histogram&)>& fn) const;

  static constexpr std::string_view unmatched_route = "unmatched";

 private:
  explicit HttpMetrics(const std::vector<Route>& routes);
  std::size_t slot_of(const Route* route, std::string_view method) const noexcept;

  static constexpr int kMinStatus = 100, kStatuses = 500;  // 100..599
  static constexpr std::array<std::string_view, 8> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other"};
  const Route* first_route_;
  std::vector<std::string> templates_;  // per slot: the route label
  std::vector<std::string_view> methods_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // slot * kStatuses + status - kMinStatus
  // One histogram per route label (GET and POST of one path share it), the last for "unmatched".
  std::vector<std::size_t> duration_of_slot_;
  std::vector<std::string_view> duration_labels_;
  std::vector<std::unique_ptr<metrics::Histogram>> durations_;
};

}  // namespace sk::http
