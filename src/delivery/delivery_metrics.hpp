// What the delivery workers count for /metrics: webhook attempts by outcome.
#pragma once

#include "common/metrics.hpp"

namespace sk::delivery {

struct DeliveryMetrics {
  metrics::Counter webhook_delivered;  // the receiver answered 2xx
  metrics::Counter webhook_retrying;   // failed; another attempt is scheduled
  metrics::Counter webhook_gave_up;    // failed for the last time
};

DeliveryMetrics& delivery_metrics();

}  // namespace sk::delivery
