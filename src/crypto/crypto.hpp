// Thin wrappers over OpenSSL 3: randomness, ids, hashes, encodings and sealing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sk::crypto {

std::vector<std::uint8_t> random_bytes(std::size_t n);

// Lower-case hyphenated random (version 4) UUID.
std::string uuid_v4();
// True for any canonical UUID text (any version); `version` receives its version nibble.
bool parse_uuid(std::string_view text, int* version = nullptr);

std::string base64url_encode(std::span<const std::uint8_t> bytes);  // no padding
std::string base64_encode(std::span<const std::uint8_t> bytes);     // standard, padded
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);
std::string hex_encode(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> hmac_sha256(std::string_view key, std::string_view message);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
std::string sha256_hex(std::string_view message);

bool constant_time_equal(std::string_view a, std::string_view b);

// Polar's token shape: prefix + 37 random [A-Za-z0-9] + base62(CRC32 of those 37), zero-padded to 6.
std::string polar_token(std::string_view prefix);
// 32 random bytes, URL-safe base64 without padding (Python's secrets.token_urlsafe(32)).
std::string url_safe_token();

// Authenticated encryption (AES-256-GCM) for data that must rest on disk but stay secret,
// such as the claim link waiting in the e-mail outbox. Output: base64(nonce | ciphertext | tag).
std::string seal(std::string_view key_material, std::string_view plaintext);
std::optional<std::string> open(std::string_view key_material, std::string_view sealed);

}  // namespace sk::crypto
