#include "http/connection_deadline.hpp"

#include <gtest/gtest.h>

namespace sk::http {
namespace {

using namespace std::chrono_literals;
const auto t0 = ConnectionDeadline::Clock::time_point{} + 1h;

TEST(ConnectionDeadline, ExpiresTheLimitAfterAStepBegins) {
  ConnectionDeadline deadline(60s);
  deadline.start(t0);
  EXPECT_FALSE(deadline.expired(t0 + 59s));
  EXPECT_TRUE(deadline.expired(t0 + 60s));
  EXPECT_EQ(deadline.next_check(t0 + 10s), t0 + 60s);
}

TEST(ConnectionDeadline, AStepThatBeginsLaterMovesTheDeadline) {
  ConnectionDeadline deadline(60s);
  deadline.start(t0);
  deadline.start(t0 + 30s);  // the response is written: a new step
  EXPECT_FALSE(deadline.expired(t0 + 60s));
  EXPECT_TRUE(deadline.expired(t0 + 90s));
}

TEST(ConnectionDeadline, NothingExpiresWhileTheStoreHasTheRequest) {
  ConnectionDeadline deadline(60s);
  deadline.start(t0);
  deadline.pause();
  EXPECT_FALSE(deadline.expired(t0 + 1h));
  EXPECT_EQ(deadline.next_check(t0 + 1h), t0 + 1h + 60s);  // look again later
}

TEST(ConnectionDeadline, TheWatchdogNeverSleepsPastADeadline) {
  ConnectionDeadline deadline(60s);
  // Whatever happens while the watchdog sleeps, the deadline it finds on waking is no earlier
  // than the time it chose to wake.
  deadline.pause();
  const auto wake = deadline.next_check(t0);
  deadline.start(t0 + 1s);
  EXPECT_LE(wake, t0 + 1s + 60s);
  EXPECT_FALSE(deadline.expired(wake));
  EXPECT_EQ(deadline.next_check(wake), t0 + 61s);
}

}  // namespace
}  // namespace sk::http
