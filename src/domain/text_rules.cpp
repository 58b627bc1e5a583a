#include "domain/text_rules.hpp"

#include "common/utf8.hpp"

namespace sk::domain {

std::optional<std::string> display_text_error(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return "Value error, the text is not valid UTF-8";
    const char32_t c = utf8_code_point(text, i, len);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return "Value error, control characters are not allowed";
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return "Value error, bidirectional override characters are not allowed";
    i += len;
  }
  return std::nullopt;
}

}  // namespace sk::domain
