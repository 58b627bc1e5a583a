#include "common/backoff.hpp"

#include <algorithm>
#include <random>

namespace sk {

std::chrono::milliseconds retry_delay(int failures, const RetryPolicy& policy, double unit_random) {
  const int doublings = std::clamp(failures - 1, 0, 40);
  const long long base = std::max<long long>(1, policy.base.count());
  const long long cap = std::max<long long>(base, policy.cap.count());
  // Doubling stops at the cap before it can overflow.
  long long delay = base;
  for (int i = 0; i < doublings && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  const double spread = std::clamp(unit_random, 0.0, 1.0) * std::max(0.0, policy.jitter);
  return std::chrono::milliseconds(delay + static_cast<long long>(static_cast<double>(delay) * spread));
}

std::chrono::milliseconds retry_delay(int failures, const RetryPolicy& policy) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return retry_delay(failures, policy, unit(rng));
}

}  // namespace sk
