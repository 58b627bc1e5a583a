// format_rfc3339's text written into a caller's buffer, for serializers that append a timestamp
// without a temporary string (json/seat_json_writer).
#pragma once

#include <cstddef>

#include "common/time.hpp"

namespace sk {

inline constexpr std::size_t kRfc3339MaxLength = 32;
// Writes into `out` (at least kRfc3339MaxLength bytes); returns the end of the text.
char* write_rfc3339(char* out, Timestamp t);

}  // namespace sk
