// Exponential back-off with jitter, shared by the webhook and e-mail deliveries.
#pragma once

#include <chrono>

namespace sk {

struct RetryPolicy {
  std::chrono::milliseconds base{1000};            // delay after the first failure
  std::chrono::milliseconds cap{std::chrono::hours(1)};  // no single wait is longer (before jitter)
  std::chrono::seconds window{std::chrono::hours(24)};   // keep retrying at least this long
  double jitter = 0.25;                                  // up to +25 % spread, so retries do not stampede
};

// Wait after failed attempt number `failures` (1-based): base * 2^(failures-1), capped, stretched by
// `unit_random` (in [0, 1)) times the jitter fraction. Pure, so it can be tested exactly.
std::chrono::milliseconds retry_delay(int failures, const RetryPolicy&, double unit_random);

// The same with a thread-local random source.
std::chrono::milliseconds retry_delay(int failures, const RetryPolicy&);

}  // namespace sk
