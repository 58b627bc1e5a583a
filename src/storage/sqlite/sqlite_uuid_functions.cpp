#include "storage/sqlite/sqlite_uuid_functions.hpp"

#include <sqlite3.h>

namespace sk::storage::sqlite {
namespace {

constexpr std::size_t kTextSize = 36;
constexpr std::size_t kBlobSize = 16;
constexpr bool is_dash_position(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

int lower_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void uuid_blob(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
    const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
    if (auto packed = pack_canonical_uuid(std::string_view(data, size))) {
      sqlite3_result_blob(context, packed->data(), static_cast<int>(packed->size()), SQLITE_TRANSIENT);
      return;
    }
  }
  sqlite3_result_value(context, argv[0]);
}

void uuid_text(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_bytes(argv[0]) == static_cast<int>(kBlobSize)) {
    const auto* data = static_cast<const char*>(sqlite3_value_blob(argv[0]));
    const std::string text = unpack_uuid(std::string_view(data, kBlobSize));
    sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return;
  }
  sqlite3_result_value(context, argv[0]);
}

}  // namespace

std::optional<std::string> pack_canonical_uuid(std::string_view text) {
  if (text.size() != kTextSize) return std::nullopt;
  std::string packed;
  packed.reserve(kBlobSize);
  int high = -1;
  for (std::size_t i = 0; i < kTextSize; ++i) {
    if (is_dash_position(i)) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const int nibble = lower_hex_value(text[i]);
    if (nibble < 0) return std::nullopt;
    if (high < 0) {
      high = nibble;
    } else {
      packed.push_back(static_cast<char>((high << 4) | nibble));
      high = -1;
    }
  }
  return packed;
}

std::string unpack_uuid(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(kTextSize);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    const auto byte = static_cast<unsigned char>(bytes[i]);
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 0x0f]);
  }
  return text;
}

bool register_uuid_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  return sqlite3_create_function_v2(db, "uuid_blob", 1, flags, nullptr, uuid_blob, nullptr, nullptr, nullptr) ==
             SQLITE_OK &&
         sqlite3_create_function_v2(db, "uuid_text", 1, flags, nullptr, uuid_text, nullptr, nullptr, nullptr) ==
             SQLITE_OK;
}

}  // namespace sk::storage::sqlite
