#include "common/utf8.hpp"

namespace sk {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned min_second = 0x80, max_second = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) min_second = 0xa0;  // no overlong forms
    if (c == 0xed) max_second = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) min_second = 0x90;
    if (c == 0xf4) max_second = 0x8f;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  return len;
}

char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t len) {
  const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (len) {
    case 1: return byte(0);
    case 2: return ((byte(0) & 0x1f) << 6) | (byte(1) & 0x3f);
    case 3: return ((byte(0) & 0x0f) << 12) | ((byte(1) & 0x3f) << 6) | (byte(2) & 0x3f);
    case 4: return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3f) << 12) | ((byte(2) & 0x3f) << 6) | (byte(3) & 0x3f);
    default: return 0xfffd;
  }
}

std::string utf8_excerpt(std::string_view bytes, std::size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";
  std::string out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    const std::string_view piece = len ? bytes.substr(i, len) : kReplacement;
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
    i += len ? len : 1;
  }
  return out;
}

std::string to_valid_utf8(std::string_view bytes) { return utf8_excerpt(bytes, std::string::npos); }

}  // namespace sk
