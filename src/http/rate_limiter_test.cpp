#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace sk::http {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, SpendsTheBurstThenRefillsAtTheRate) {
  RateLimiter limiter({3, 1});
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 1);          // empty: one token comes back in a second
  EXPECT_EQ(limiter.take("b", t0), 0);          // another key has its own bucket
  EXPECT_EQ(limiter.take("a", t0 + 500ms), 1);  // half a token: still refused, Retry-After rounds up
  EXPECT_EQ(limiter.take("a", t0 + 1s), 0);
  EXPECT_EQ(limiter.take("a", t0 + 1s), 1);
}

TEST(RateLimiter, RetryAfterFollowsASlowRate) {
  RateLimiter limiter({1, 0.1});  // one request per ten seconds
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 10);
}

TEST(RateLimiter, MemoryStaysBoundedUnderAFloodOfKeys) {
  RateLimiter limiter({2, 1}, 100);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.take("k" + std::to_string(i), t0), 0);
}

TEST(RateLimitSetting, ParsesBurstRateAndOff) {
  auto limit = parse_rate_limit("60/1");
  ASSERT_TRUE(limit && *limit);
  EXPECT_EQ((*limit)->burst, 60);
  EXPECT_EQ((*limit)->per_second, 1);
  EXPECT_EQ((*parse_rate_limit("5/0.5"))->per_second, 0.5);
  auto off = parse_rate_limit("off");
  ASSERT_TRUE(off);
  EXPECT_FALSE(*off);
  for (std::string_view bad : {"", "60", "60/", "/1", "0/1", "60/0", "-1/1", "60/x", "inf/1", "60/1/2"})
    EXPECT_FALSE(parse_rate_limit(bad)) << bad;
}

}  // namespace
}  // namespace sk::http
