// The one place that writes /metrics: every family in the Prometheus text format 0.0.4, read from
// the cells each layer owns (http_metrics, storage/store_metrics, delivery/delivery_metrics), the
// database counts taken for this scrape, and the process's own figures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/repository.hpp"

namespace sk::http {

struct DatabaseCounts {
  std::optional<std::vector<domain::KeyCount>> seats_by_status;  // nullopt: the query failed
  std::optional<std::vector<domain::KeyCount>> pending_outbox_by_topic;
};

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string render_metrics(const DatabaseCounts&);

}  // namespace sk::http
