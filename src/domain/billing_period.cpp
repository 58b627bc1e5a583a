#include "domain/billing_period.hpp"

#include <algorithm>
#include <chrono>

namespace sk::domain {

using namespace std::chrono;

bool is_recurring_interval(const std::string& interval) {
  return interval == "day" || interval == "week" || interval == "month" || interval == "year";
}

Timestamp add_interval(Timestamp t, const std::string& interval, long long count) {
  if (interval == "day") return t + days(count);
  if (interval == "week") return t + weeks(count);
  const long long months_to_add = interval == "year" ? count * 12 : count;
  const auto day_start = floor<days>(t);
  const auto time_of_day = t - day_start;
  const year_month_day ymd{day_start};
  const year_month target = year_month{ymd.year(), ymd.month()} + months(months_to_add);
  const auto last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  const year_month_day moved{target.year(), target.month(), std::min(ymd.day(), last)};
  return Timestamp{sys_days{moved}} + time_of_day;
}

Period current_period(Timestamp started_at, const std::string& interval, int count, Timestamp at) {
  const long long step = std::max(1, count);
  if (at < started_at) return {started_at, add_interval(started_at, interval, step)};
  // Estimate how many whole periods have passed, then correct: month lengths vary, so the
  // estimate can be one off either way. Periods are computed from the start date each time
  // so that clamping (Jan 31 -> Feb 28) does not drift the anchor day.
  long long approx_days = interval == "day" ? 1 : interval == "week" ? 7 : interval == "year" ? 365 : 30;
  long long n = duration_cast<days>(at - started_at).count() / (approx_days * step);
  n = std::max(0LL, n - 1);
  while (add_interval(started_at, interval, (n + 1) * step) <= at) ++n;
  while (n > 0 && add_interval(started_at, interval, n * step) > at) --n;
  return {add_interval(started_at, interval, n * step), add_interval(started_at, interval, (n + 1) * step)};
}

}  // namespace sk::domain
