#include "crypto/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace sk::crypto {

namespace {

// RAND_bytes only fails when the OS entropy source is broken; nothing sane can continue.
void draw(std::uint8_t* out, std::size_t n) {
  if (n > 0 && RAND_bytes(out, static_cast<int>(n)) != 1) std::abort();
}

// Small draws (ids, tokens, nonces: several per seat write) come from a per-thread block of
// RAND_bytes output, one RAND_bytes call per 4 KiB instead of one per id: each call costs a few
// microseconds of locking and fork checks. A byte handed out is wiped from the block and never
// handed out again, so a draw is as unpredictable as its own RAND_bytes call, only made earlier.
// A forked child drops the forking thread's block, so parent and child never share bytes.
constexpr std::size_t kPoolBytes = 4096;
constexpr std::size_t kLargestPooledDraw = 64;

struct RandomPool {
  std::array<std::uint8_t, kPoolBytes> bytes{};
  std::size_t used = kPoolBytes;
  ~RandomPool() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};
thread_local RandomPool pool;

void take_from_pool(std::uint8_t* out, std::size_t n) {
  static std::once_flag fork_hook;
  std::call_once(fork_hook, [] { pthread_atfork(nullptr, nullptr, [] { pool.used = kPoolBytes; }); });
  if (kPoolBytes - pool.used < n) {
    draw(pool.bytes.data(), kPoolBytes);
    pool.used = 0;
  }
  std::uint8_t* from = pool.bytes.data() + pool.used;
  std::memcpy(out, from, n);
  OPENSSL_cleanse(from, n);
  pool.used += n;
}

}  // namespace

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (n == 0) return out;  // an empty vector's data() may be null, which memcpy must not get
  if (n <= kLargestPooledDraw)
    take_from_pool(out.data(), n);
  else
    draw(out.data(), n);
  return out;
}

std::string hex_encode(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

std::string uuid_v4() {
  auto b = random_bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const std::string h = hex_encode(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

bool parse_uuid(std::string_view text, int* version) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  if (version) {
    const char v = text[14];
    *version = std::isdigit(static_cast<unsigned char>(v)) ? v - '0' : std::tolower(v) - 'a' + 10;
  }
  return true;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  std::string s = base64_encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (auto& c : s) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  return s;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> out(3 * text.size() / 4);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

// OpenSSL 3 looks an algorithm up by name on every one-shot call (HMAC(), EVP_aes_256_gcm()
// in an Init); fetched once here, a token hash or a seal skips that lookup and its locks.
namespace {
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}
const EVP_CIPHER* aes_256_gcm() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}
}  // namespace

// Each thread keeps one HMAC context keyed with the key it last used (the server secret, in
// practice): re-initialising it with the same key reuses the prepared key blocks.
struct KeyedHmac {
  EVP_MAC_CTX* ctx = nullptr;
  std::string key;
  bool keyed = false;
  ~KeyedHmac() {
    EVP_MAC_CTX_free(ctx);
    OPENSSL_cleanse(key.data(), key.size());
  }
};

std::vector<std::uint8_t> hmac_sha256(std::string_view key, std::string_view message) {
  thread_local KeyedHmac hmac;
  std::vector<std::uint8_t> out(32);
  bool ok = true;
  if (hmac.ctx == nullptr) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    hmac.ctx = EVP_MAC_CTX_new(hmac_algorithm());
    ok = hmac.ctx != nullptr && EVP_MAC_CTX_set_params(hmac.ctx, params) == 1;
  }
  auto bytes = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  if (ok && hmac.keyed && hmac.key == key) {
    ok = EVP_MAC_init(hmac.ctx, nullptr, 0, nullptr) == 1;
  } else if (ok) {
    // A zero-length key still needs a non-null pointer to count as a key.
    static const unsigned char empty = 0;
    ok = EVP_MAC_init(hmac.ctx, key.empty() ? &empty : bytes(key), key.size(), nullptr) == 1;
    OPENSSL_cleanse(hmac.key.data(), hmac.key.size());
    hmac.key = key;
    hmac.keyed = ok;
  }
  std::size_t len = 0;
  ok = ok && EVP_MAC_update(hmac.ctx, bytes(message), message.size()) == 1 &&
       EVP_MAC_final(hmac.ctx, out.data(), &len, out.size()) == 1;
  // Only an allocation failure gets here; a process that cannot hash cannot authenticate anyone.
  if (!ok) std::abort();
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) { return hex_encode(hmac_sha256(key, message)); }

std::string sha256_hex(std::string_view message) {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 32;
  EVP_Digest(message.data(), message.size(), out.data(), &len, EVP_sha256(), nullptr);
  return hex_encode(out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string polar_token(std::string_view prefix) {
  static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static constexpr char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string body;
  body.reserve(37);
  while (body.size() < 37) {
    for (auto b : random_bytes(48)) {
      if (b < 248 && body.size() < 37) body.push_back(alnum[b % 62]);  // 248 = 4*62: no modulo bias
    }
  }
  unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  std::string check(6, '0');
  for (int i = 5; i >= 0 && crc > 0; --i) {
    check[static_cast<std::size_t>(i)] = base62[crc % 62];
    crc /= 62;
  }
  return std::string(prefix) + body + check;
}

std::string url_safe_token() { return base64url_encode(random_bytes(32)); }

namespace {
std::array<std::uint8_t, 32> derive_key(std::string_view key_material) {
  // One server secret per process in practice: remember the last derivation per thread.
  thread_local std::string last_material;
  thread_local std::array<std::uint8_t, 32> last_key{};
  if (!last_material.empty() && last_material == key_material) return last_key;
  const auto k = hmac_sha256(key_material, "seatkeeper sealing key v1");
  std::copy(k.begin(), k.end(), last_key.begin());
  last_material = key_material;
  return last_key;
}
struct CipherCtx {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};
}  // namespace

std::string seal(std::string_view key_material, std::string_view plaintext) {
  const auto key = derive_key(key_material);
  const auto nonce = random_bytes(12);
  std::vector<std::uint8_t> out(nonce.begin(), nonce.end());
  out.resize(12 + plaintext.size() + 16);
  CipherCtx c;
  int len = 0;
  EVP_EncryptInit_ex(c.ctx, aes_256_gcm(), nullptr, key.data(), nonce.data());
  EVP_EncryptUpdate(c.ctx, out.data() + 12, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  int fin = 0;
  EVP_EncryptFinal_ex(c.ctx, out.data() + 12 + len, &fin);
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, 16, out.data() + 12 + plaintext.size());
  return base64_encode(out);
}

std::optional<std::string> open(std::string_view key_material, std::string_view sealed) {
  auto raw = base64_decode(sealed);
  if (!raw || raw->size() < 28) return std::nullopt;
  const auto key = derive_key(key_material);
  const std::size_t n = raw->size() - 28;
  std::string plain(n, '\0');
  CipherCtx c;
  int len = 0;
  EVP_DecryptInit_ex(c.ctx, aes_256_gcm(), nullptr, key.data(), raw->data());
  EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(plain.data()), &len, raw->data() + 12, static_cast<int>(n));
  EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, 16, raw->data() + 12 + n);
  int fin = 0;
  if (EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(plain.data()) + len, &fin) != 1) return std::nullopt;
  return plain;
}

}  // namespace sk::crypto
