// Timestamps are UTC microseconds since the epoch, the precision Polar's API shows.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sk {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

Timestamp now_utc();
Timestamp from_unix_micros(long long micros);
long long to_unix_micros(Timestamp t);

// RFC 3339 in UTC with "Z"; fractional seconds only when non-zero, six digits (as Pydantic emits).
std::string format_rfc3339(Timestamp t);
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace sk
