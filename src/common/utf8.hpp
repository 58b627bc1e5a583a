// UTF-8 hygiene for text that leaves the process (JSON answers, logs): never cut inside a
// character, and every invalid byte replaced by U+FFFD so the text is always valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sk {

// Length of the well-formed UTF-8 sequence starting at s[i] (no overlongs, no surrogates,
// nothing past U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// The first `max_bytes` of `bytes` as valid UTF-8, invalid bytes replaced by U+FFFD.
std::string utf8_excerpt(std::string_view bytes, std::size_t max_bytes);

// All of `bytes` as valid UTF-8, invalid bytes replaced by U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

// The code point of the sequence at s[i] (of length `len` from utf8_sequence_length).
char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t len);

}  // namespace sk
