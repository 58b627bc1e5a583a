#include "domain/billing_period.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

Timestamp utc(std::string_view text) {
  auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Timestamp{});
}

TEST(BillingPeriod, AddsCalendarMonthsAndClampsTheDay) {
  EXPECT_EQ(add_interval(utc("2026-01-31T10:00:00Z"), "month", 1), utc("2026-02-28T10:00:00Z"));
  EXPECT_EQ(add_interval(utc("2028-01-31T10:00:00Z"), "month", 1), utc("2028-02-29T10:00:00Z"));
  EXPECT_EQ(add_interval(utc("2026-01-31T10:00:00Z"), "month", 3), utc("2026-04-30T10:00:00Z"));
  EXPECT_EQ(add_interval(utc("2026-11-15T00:00:00.5Z"), "month", 2), utc("2027-01-15T00:00:00.5Z"));
  EXPECT_EQ(add_interval(utc("2028-02-29T00:00:00Z"), "year", 1), utc("2029-02-28T00:00:00Z"));
  EXPECT_EQ(add_interval(utc("2026-03-01T00:00:00Z"), "week", 2), utc("2026-03-15T00:00:00Z"));
  EXPECT_EQ(add_interval(utc("2026-03-01T00:00:00Z"), "day", 1), utc("2026-03-02T00:00:00Z"));
}

TEST(BillingPeriod, FindsThePeriodContainingTheInstant) {
  const Timestamp start = utc("2026-01-31T12:00:00Z");
  auto p = current_period(start, "month", 1, utc("2026-01-31T12:00:00Z"));
  EXPECT_EQ(p.start, start);
  EXPECT_EQ(p.end, utc("2026-02-28T12:00:00Z"));
  // The anchor day survives a short month: the March period starts on the 31st again.
  p = current_period(start, "month", 1, utc("2026-03-31T13:00:00Z"));
  EXPECT_EQ(p.start, utc("2026-03-31T12:00:00Z"));
  EXPECT_EQ(p.end, utc("2026-04-30T12:00:00Z"));
  p = current_period(start, "month", 1, utc("2026-03-31T11:59:59Z"));
  EXPECT_EQ(p.start, utc("2026-02-28T12:00:00Z"));
  p = current_period(start, "year", 2, utc("2031-06-01T00:00:00Z"));
  EXPECT_EQ(p.start, utc("2030-01-31T12:00:00Z"));
  EXPECT_EQ(p.end, utc("2032-01-31T12:00:00Z"));
  p = current_period(start, "day", 1, utc("2026-01-01T00:00:00Z"));  // before the start: the first period
  EXPECT_EQ(p.start, start);
}

TEST(BillingPeriod, KnowsTheIntervals) {
  for (const char* i : {"day", "week", "month", "year"}) EXPECT_TRUE(is_recurring_interval(i));
  EXPECT_FALSE(is_recurring_interval("fortnight"));
  EXPECT_FALSE(is_recurring_interval(""));
}

}  // namespace
}  // namespace sk::domain
