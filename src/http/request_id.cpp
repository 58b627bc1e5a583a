#include "http/request_id.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "crypto/crypto.hpp"

namespace sk::http {

namespace {
constexpr std::size_t kIdBytes = 16;
constexpr std::size_t kIdsPerBlock = 256;

// Bytes already handed out are never handed out again: an id is as unpredictable as a fresh
// RAND_bytes(16), only drawn earlier.
struct RandomBlock {
  std::vector<std::uint8_t> bytes;
  std::size_t used = 0;

  const std::uint8_t* next() {
    if (used == bytes.size()) {
      bytes = crypto::random_bytes(kIdBytes * kIdsPerBlock);
      used = 0;
    }
    const std::uint8_t* id = bytes.data() + used;
    used += kIdBytes;
    return id;
  }
};
}  // namespace

std::string new_request_id() {
  static constexpr char digits[] = "0123456789abcdef";
  thread_local RandomBlock block;
  const std::uint8_t* random = block.next();
  std::string id(kIdBytes * 2, '0');
  for (std::size_t i = 0; i < kIdBytes; ++i) {
    id[2 * i] = digits[random[i] >> 4];
    id[2 * i + 1] = digits[random[i] & 0x0f];
  }
  return id;
}

}  // namespace sk::http
