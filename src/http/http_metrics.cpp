#include "http/http_metrics.hpp"

#include <algorithm>

namespace sk::http {

HttpMetrics& HttpMetrics::instance() {
  static HttpMetrics metrics(all_routes());
  return metrics;
}

// Slots: one per route (its method is fixed), then one per method for requests matching none.
HttpMetrics::HttpMetrics(const std::vector<Route>& routes) : first_route_(routes.data()) {
  for (const auto& route : routes) {
    templates_.push_back(route_template(route));
    methods_.push_back(route.method);
  }
  for (auto method : kMethods) {
    templates_.emplace_back(unmatched_route);
    methods_.push_back(method);
  }
  counts_ = std::make_unique<std::atomic<std::uint64_t>[]>(templates_.size() * kStatuses);
  for (const auto& label : templates_) {
    const auto known = std::find(duration_labels_.begin(), duration_labels_.end(), label);
    duration_of_slot_.push_back(static_cast<std::size_t>(known - duration_labels_.begin()));
    if (known == duration_labels_.end()) {
      duration_labels_.push_back(label);
      durations_.push_back(std::make_unique<metrics::Histogram>(metrics::duration_buckets()));
    }
  }
}

std::size_t HttpMetrics::slot_of(const Route* route, std::string_view method) const noexcept {
  const std::size_t routes = templates_.size() - kMethods.size();
  if (route) return static_cast<std::size_t>(route - first_route_);
  const auto known = std::find(kMethods.begin(), kMethods.end() - 1, method);
  return routes + static_cast<std::size_t>(known - kMethods.begin());
}

std::string_view HttpMetrics::route_label(const Route* route) const noexcept {
  return route ? std::string_view(templates_[slot_of(route, {})]) : unmatched_route;
}

void HttpMetrics::record(const Route* route, std::string_view method, int status, double seconds) noexcept {
  const std::size_t slot = slot_of(route, method);
  const int clamped = std::clamp(status, kMinStatus, kMinStatus + kStatuses - 1);
  counts_[slot * kStatuses + static_cast<std::size_t>(clamped - kMinStatus)].fetch_add(1, std::memory_order_relaxed);
  durations_[duration_of_slot_[slot]]->observe(seconds);
}

void HttpMetrics::each_request_count(const std::function<void(const Series&)>& fn) const {
  for (std::size_t slot = 0; slot < templates_.size(); ++slot)
    for (int s = 0; s < kStatuses; ++s)
      if (const auto n = counts_[slot * kStatuses + static_cast<std::size_t>(s)].load(std::memory_order_relaxed))
        fn(Series{methods_[slot], templates_[slot], kMinStatus + s, n});
}

void HttpMetrics::each_duration(const std::function<void(std::string_view, const metrics::Histogram&)>& fn) const {
  for (std::size_t i = 0; i < durations_.size(); ++i) fn(duration_labels_[i], *durations_[i]);
}

}  // namespace sk::http
