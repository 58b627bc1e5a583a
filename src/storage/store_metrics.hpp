// What the stores count for /metrics: jobs per commit and jobs waiting for a store thread.
// Process-wide: several stores in one process (tests) add up.
#pragma once

#include "common/metrics.hpp"

namespace sk::storage {

struct StoreMetrics {
  metrics::Histogram commit_batch_size{metrics::batch_buckets()};  // write jobs per commit
  metrics::Gauge read_queue;                                         // SQLite: reads waiting for a reader
  metrics::Gauge write_queue;                                        // writes waiting for the writer
  metrics::Gauge pool_queue;                                         // PostgreSQL: reads waiting for a connection
};

StoreMetrics& store_metrics();

}  // namespace sk::storage
