#include "common/backoff.hpp"

#include <gtest/gtest.h>

namespace sk {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesFromTheBaseUpToTheCap) {
  const RetryPolicy policy{.base = 1000ms, .cap = 1h, .window = 24h, .jitter = 0.25};
  EXPECT_EQ(retry_delay(1, policy, 0.0), 1s);
  EXPECT_EQ(retry_delay(2, policy, 0.0), 2s);
  EXPECT_EQ(retry_delay(3, policy, 0.0), 4s);
  EXPECT_EQ(retry_delay(12, policy, 0.0), 2048s);
  EXPECT_EQ(retry_delay(13, policy, 0.0), 1h);  // 4096 s would pass the cap
  EXPECT_EQ(retry_delay(1000, policy, 0.0), 1h);  // no overflow however many failures
}

TEST(Backoff, JitterOnlyStretchesAndStaysWithinItsFraction) {
  const RetryPolicy policy{.base = 1000ms, .cap = 1h, .window = 24h, .jitter = 0.25};
  EXPECT_EQ(retry_delay(1, policy, 0.5), 1125ms);
  EXPECT_EQ(retry_delay(13, policy, 0.999999), 3600s + 899999ms);
  for (int i = 0; i < 1000; ++i) {
    const auto d = retry_delay(3, policy);
    EXPECT_GE(d, 4000ms);
    EXPECT_LT(d, 5000ms + 1ms);
  }
}

TEST(Backoff, OutOfRangeInputsAreClamped) {
  const RetryPolicy policy{.base = 0ms, .cap = 0ms, .window = 24h, .jitter = -1};
  EXPECT_EQ(retry_delay(0, policy, 2.0), 1ms);
  EXPECT_EQ(retry_delay(-5, RetryPolicy{}, 0.0), 1s);
}

// The schedule keeps retrying for the whole window: with the defaults, a day of failures is
// roughly 12 doubling waits (~68 minutes) and then hourly attempts.
TEST(Backoff, DefaultScheduleSpansADayInAFewDozenAttempts) {
  const RetryPolicy policy;
  std::chrono::milliseconds elapsed{0};
  int attempts = 1;
  while (elapsed < policy.window) elapsed += retry_delay(attempts++, policy, 0.0);
  EXPECT_GE(attempts, 30);
  EXPECT_LE(attempts, 40);
}

}  // namespace
}  // namespace sk
