#include "crypto/webhook_signature.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"

namespace sk::crypto {
namespace {

// The test vector of the Standard Webhooks specification and its reference libraries, whose
// key is the base64 part of "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".
TEST(WebhookSignature, MatchesTheStandardWebhooksTestVector) {
  const auto key = base64_decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(webhook_signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

// Polar keys the HMAC with the secret's UTF-8 bytes; the expected value was computed with
// Python's hmac module over the same bytes (the body carries non-ASCII on purpose).
TEST(WebhookSignature, PolarKeysWithTheUtf8BytesOfTheWholeSecret) {
  const std::string body = "{\"type\":\"customer_seat.assigned\",\"data\":{\"email\":\"\xc3\xa9l\xc3\xa9onore@example.com\"}}";
  EXPECT_EQ(polar_webhook_signature("polar_whs_AbCdEf0123456789", "8d5d0bde-6b0a-4c43-9f2f-6f3d3d2f8f11", 1700000000, body),
            "v1,De+MTFYgB8EESiqoMNI8aH7vwFLjLzW/awPK3jZbHdY=");
}

TEST(WebhookSignature, EveryPartIsCovered) {
  const std::string base = polar_webhook_signature("secret", "id", 1, "{}");
  EXPECT_NE(base, polar_webhook_signature("secret2", "id", 1, "{}"));
  EXPECT_NE(base, polar_webhook_signature("secret", "id2", 1, "{}"));
  EXPECT_NE(base, polar_webhook_signature("secret", "id", 2, "{}"));
  EXPECT_NE(base, polar_webhook_signature("secret", "id", 1, "{ }"));
  EXPECT_TRUE(base.starts_with("v1,"));
}

}  // namespace
}  // namespace sk::crypto
