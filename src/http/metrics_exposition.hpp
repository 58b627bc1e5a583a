// The one place that writes /metrics: every family in the Prometheus text format 0.0.4, read from
// the cells http and storage own (http_metrics, storage/store_metrics), the delivery workers'
// counts (handed in: http does not see the delivery layer), the database counts taken for this
// scrape, and the process's own figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/repository.hpp"

namespace sk::http {

struct DatabaseCounts {
  std::optional<std::vector<domain::KeyCount>> seats_by_status;  // nullopt: the query failed
  std::optional<std::vector<domain::KeyCount>> pending_outbox_by_topic;
};

// Webhook delivery attempts by outcome, as the delivery workers counted them.
struct WebhookOutcomes {
  std::uint64_t delivered = 0;  // the receiver answered 2xx
  std::uint64_t retrying = 0;   // failed; another attempt is scheduled
  std::uint64_t gave_up = 0;    // failed for the last time
};

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string render_metrics(const DatabaseCounts&, const WebhookOutcomes&);

}  // namespace sk::http
