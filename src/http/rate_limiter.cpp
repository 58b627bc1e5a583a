#include "http/rate_limiter.hpp"

#include <charconv>
#include <cmath>

namespace sk::http {

namespace {

std::optional<double> positive_number(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || !std::isfinite(value) || value <= 0)
    return std::nullopt;
  return value;
}

}  // namespace

Result<std::optional<RateLimit>> parse_rate_limit(std::string_view text) {
  if (text == "off") return std::optional<RateLimit>{};
  const auto slash = text.find('/');
  const auto burst = positive_number(text.substr(0, slash));
  const auto rate = slash == std::string_view::npos ? std::nullopt : positive_number(text.substr(slash + 1));
  if (!burst || !rate || *burst < 1)
    return fail(ErrorKind::bad_request, "InvalidRateLimit",
                "a rate limit is BURST/PER_SECOND (e.g. 60/1) or off, not '" + std::string(text) + "'");
  return std::optional<RateLimit>{RateLimit{*burst, *rate}};
}

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys) : limit_(limit), max_keys_(max_keys) {}

long long RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= max_keys_ || now - last_sweep_ > std::chrono::seconds(60)) forget_idle(now);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{limit_.burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double earned = std::chrono::duration<double>(now - b.updated).count() * limit_.per_second;
    b.tokens = std::min(limit_.burst, b.tokens + std::max(0.0, earned));
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1LL, static_cast<long long>(std::ceil((1 - b.tokens) / limit_.per_second)));
}

// A bucket that has refilled completely carries no information: dropping it keeps memory in
// proportion to the clients active within the last refill period.
void RateLimiter::forget_idle(Clock::time_point now) {
  last_sweep_ = now;
  const auto full_after = std::chrono::duration<double>(limit_.burst / limit_.per_second);
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated >= full_after; });
  // Still full of busy keys (a flood of addresses): start over rather than grow without bound.
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace sk::http
