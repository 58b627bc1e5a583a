// Standard Webhooks signatures (https://www.standardwebhooks.com), as Polar sends them.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace sk::crypto {

// "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).
std::string webhook_signature(std::span<const std::uint8_t> key, std::string_view id, long long timestamp_seconds,
                              std::string_view body);

// Polar's key is the UTF-8 bytes of the whole secret string (prefix included), not the
// base64-decoded part Standard Webhooks libraries use: 0.x SDK receivers verify only this form.
std::string polar_webhook_signature(std::string_view secret, std::string_view id, long long timestamp_seconds,
                                    std::string_view body);

}  // namespace sk::crypto
