#include "crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sk::crypto {

TEST(Crypto, UuidV4IsCanonicalAndVersion4) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto id = uuid_v4();
    int version = 0;
    ASSERT_TRUE(parse_uuid(id, &version)) << id;
    EXPECT_EQ(version, 4);
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_FALSE(parse_uuid("not-a-uuid"));
  int version = 0;
  EXPECT_TRUE(parse_uuid("0b9d2c4e-1a2b-1c3d-8e9f-a0b1c2d3e4f5", &version));
  EXPECT_EQ(version, 1);
}

TEST(Crypto, InvitationTokenLooksLikeTokenUrlsafe32) {
  const auto t = url_safe_token();
  EXPECT_EQ(t.size(), 43u);
  EXPECT_TRUE(std::regex_match(t, std::regex("[A-Za-z0-9_-]{43}")));
}

TEST(Crypto, PolarTokenShape) {
  const auto t = polar_token("polar_mst_");
  EXPECT_TRUE(std::regex_match(t, std::regex("polar_mst_[A-Za-z0-9]{43}"))) << t;
}

TEST(Crypto, HmacMatchesRfc4231Case2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacGivesEachKeyItsOwnMacWhenKeysAlternate) {
  // The per-thread context reuses the last key; switching keys must never leak the previous one.
  const std::string rfc4231_case1_key(20, '\x0b');
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(hmac_sha256_hex(rfc4231_case1_key, "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hmac_sha256_hex(rfc4231_case1_key, "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hmac_sha256_hex("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  }
}

TEST(Crypto, RandomDrawsNeverRepeatAcrossRefills) {
  // 16-byte draws from the per-thread block, past several refills, plus draws too large to pool.
  std::set<std::vector<std::uint8_t>> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(random_bytes(16)).second);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(seen.insert(random_bytes(100)).second);
  EXPECT_EQ(random_bytes(0).size(), 0U);
  EXPECT_EQ(random_bytes(4097).size(), 4097U);
}

TEST(Crypto, Base64RoundTrip) {
  const std::string text = "seatkeeper\x01\xff";
  std::vector<std::uint8_t> bytes(text.begin(), text.end());
  auto decoded = base64_decode(base64_encode(bytes));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, bytes);
}

TEST(Crypto, SealOpensOnlyWithTheSameKey) {
  const auto sealed = seal("key-one", "claim link");
  EXPECT_EQ(open("key-one", sealed).value_or(""), "claim link");
  EXPECT_FALSE(open("key-two", sealed).has_value());
  EXPECT_FALSE(open("key-one", "garbage").has_value());
  EXPECT_EQ(sealed.find("claim"), std::string::npos);
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace sk::crypto
