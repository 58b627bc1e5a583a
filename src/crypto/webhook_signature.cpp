#include "crypto/webhook_signature.hpp"

#include <string>

#include "crypto/crypto.hpp"

namespace sk::crypto {

std::string webhook_signature(std::span<const std::uint8_t> key, std::string_view id, long long timestamp_seconds,
                              std::string_view body) {
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp_seconds)).append(".").append(body);
  const std::string_view key_text(reinterpret_cast<const char*>(key.data()), key.size());
  return "v1," + base64_encode(hmac_sha256(key_text, content));
}

std::string polar_webhook_signature(std::string_view secret, std::string_view id, long long timestamp_seconds,
                                    std::string_view body) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(secret.data());
  return webhook_signature({bytes, secret.size()}, id, timestamp_seconds, body);
}

}  // namespace sk::crypto
