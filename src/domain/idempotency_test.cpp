#include "domain/idempotency.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

TEST(IdempotencyKey, AcceptsPrintableAsciiUpTo255Characters) {
  EXPECT_FALSE(idempotency_key_problem("a"));
  EXPECT_FALSE(idempotency_key_problem("0b6f9c1e-6d41-4a5e-9b8e-3c2d7f1a2b3c"));
  EXPECT_FALSE(idempotency_key_problem(std::string(255, 'k')));
  EXPECT_FALSE(idempotency_key_problem("with spaces and ~!@#$%^&*()"));
}

TEST(IdempotencyKey, RefusesEmptyOversizedAndControlCharacters) {
  EXPECT_EQ(idempotency_key_problem(""), "Idempotency-Key must not be empty");
  EXPECT_EQ(idempotency_key_problem(std::string(256, 'k')), "Idempotency-Key must be at most 255 characters");
  EXPECT_TRUE(idempotency_key_problem("tab\there"));
  EXPECT_TRUE(idempotency_key_problem("caf\xc3\xa9"));
}

TEST(RequestFingerprint, DiffersWhenMethodPathOrBodyDiffer) {
  const std::string base = request_fingerprint("POST", "/v1/customer-seats", R"({"email":"a@example.com"})");
  EXPECT_EQ(base, request_fingerprint("POST", "/v1/customer-seats", R"({"email":"a@example.com"})"));
  EXPECT_NE(base, request_fingerprint("PATCH", "/v1/customer-seats", R"({"email":"a@example.com"})"));
  EXPECT_NE(base, request_fingerprint("POST", "/v1/customer-seats/x", R"({"email":"a@example.com"})"));
  EXPECT_NE(base, request_fingerprint("POST", "/v1/customer-seats", R"({"email":"b@example.com"})"));
  // Moving bytes between the parts changes the fingerprint too.
  EXPECT_NE(request_fingerprint("POST", "/a", "b"), request_fingerprint("POST", "/ab", ""));
  EXPECT_EQ(base.size(), 64u);
}

}  // namespace
}  // namespace sk::domain
