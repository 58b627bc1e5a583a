// Durations as people type them on the command line: "30d", "12h", "15m", "90s".
#pragma once

#include <chrono>
#include <string_view>

#include "common/error.hpp"

namespace sk {

// A positive whole number followed by one unit of s, m, h or d (at most 100 years).
Result<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace sk
