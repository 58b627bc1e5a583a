#include "common/duration_text.hpp"

#include <charconv>
#include <string>

namespace sk {

Result<std::chrono::seconds> parse_duration(std::string_view text) {
  const auto invalid = [&] {
    return fail(ErrorKind::bad_request, "InvalidDuration",
                "a duration is a positive number and a unit of s, m, h or d (e.g. 30d), not '" + std::string(text) + "'");
  };
  if (text.size() < 2) return invalid();
  long long unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return invalid();
  }
  const std::string_view digits = text.substr(0, text.size() - 1);
  long long count = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  constexpr long long kHundredYears = 100LL * 366 * 86400;
  if (ec != std::errc{} || end != digits.data() + digits.size() || count <= 0 || count > kHundredYears / unit)
    return invalid();
  return std::chrono::seconds(count * unit);
}

}  // namespace sk
