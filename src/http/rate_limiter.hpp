// Token buckets keyed by a string (a client address, an access token's hash): each key may
// spend `burst` requests at once and earns `per_second` back. Plain C++, no sockets, so the
// arithmetic is unit-tested with a fake clock.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.hpp"

namespace sk::http {

struct RateLimit {
  double burst = 60;
  double per_second = 1;
};

// "BURST/PER_SECOND" (e.g. "60/1", "5/0.5") or "off" (nullopt).
Result<std::optional<RateLimit>> parse_rate_limit(std::string_view text);

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100'000);

  // 0 when `key` may go ahead (one token spent); otherwise the whole seconds until it may.
  long long take(const std::string& key, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_idle(Clock::time_point now);

  RateLimit limit_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace sk::http
