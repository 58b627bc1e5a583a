#include "common/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace sk::metrics {
namespace {

TEST(Histogram, BucketsAreCumulativeWithInfAndSum) {
  static constexpr double bounds[] = {1, 5, 10};
  Histogram h(bounds);
  for (double v : {0.5, 1.0, 3.0, 7.0, 20.0}) h.observe(v);
  const auto s = h.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{2, 3, 4, 5}));  // le=1 includes 1 itself
  EXPECT_DOUBLE_EQ(s.sum, 31.5);
}

TEST(Counter, ConcurrentAddsAreNotLost) {
  Counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&c] { for (int i = 0; i < 10000; ++i) c.add(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000u);
}

}  // namespace
}  // namespace sk::metrics
