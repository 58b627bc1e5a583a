// Billing periods of a subscription, computed rather than stored: seatkeeper takes no payments,
// so a period simply rolls over at each interval from the start date (Polar's anchoring: the
// same day of the month, clamped to the month's last day).
#pragma once

#include <string>

#include "common/time.hpp"

namespace sk::domain {

struct Period {
  Timestamp start;
  Timestamp end;
};

bool is_recurring_interval(const std::string& interval);  // day | week | month | year

// `t` moved forward by `count` intervals; month and year steps keep the day of the month,
// clamped to the last day of a shorter month (Jan 31 + 1 month = Feb 28/29).
Timestamp add_interval(Timestamp t, const std::string& interval, long long count);

// The period that contains `at` for a subscription started at `started_at` and billed every
// `count` `interval`s. Before the start it is the first period.
Period current_period(Timestamp started_at, const std::string& interval, int count, Timestamp at);

}  // namespace sk::domain
