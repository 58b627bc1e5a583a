#include "domain/webhook_queue.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = from_unix_micros(1'800'000'000'000'000LL);

WebhookTicket ticket(int attempts_so_far, Timestamp retry_from = kStart) {
  WebhookTicket t;
  t.event.id = "event-1";
  t.event.endpoint_id = "endpoint-1";
  t.event.organization_id = "org-1";
  t.event.attempts = attempts_so_far;
  t.lease_token = "lease-1";
  t.retry_from = retry_from;
  return t;
}

AttemptOutcome answered(int code) { return AttemptOutcome{kStart, code, "body", 12}; }

const RetryPolicy kPolicy{.base = 1000ms, .cap = 1h, .window = 24h, .jitter = 0.25};

TEST(WebhookQueue, Any2xxDeliversAndFinishes) {
  for (int code : {200, 201, 202, 204, 299}) {
    auto r = settle_webhook_attempt(ticket(0), answered(code), "d-1", kStart + 1s, kPolicy, 0.0);
    EXPECT_TRUE(r.finished) << code;
    EXPECT_TRUE(r.delivery.succeeded) << code;
    EXPECT_FALSE(r.retry_at) << code;
  }
}

TEST(WebhookQueue, TheDeliveryRecordCarriesTheAttempt) {
  auto r = settle_webhook_attempt(ticket(2), answered(503), "d-9", kStart + 1s, kPolicy, 0.0);
  EXPECT_EQ(r.delivery.id, "d-9");
  EXPECT_EQ(r.delivery.event_id, "event-1");
  EXPECT_EQ(r.delivery.endpoint_id, "endpoint-1");
  EXPECT_EQ(r.delivery.organization_id, "org-1");
  EXPECT_EQ(r.delivery.http_code, 503);
  EXPECT_EQ(r.delivery.response, "body");
  EXPECT_EQ(r.delivery.duration_ms, 12);
  EXPECT_EQ(r.delivery.created_at, kStart);
  EXPECT_EQ(r.lease_token, "lease-1");
}

TEST(WebhookQueue, FailuresBackOffExponentiallyFromTheAttemptCount) {
  const Timestamp now = kStart + 10s;
  // 3xx (not followed), 4xx, 5xx and no answer at all are failures alike.
  for (std::optional<int> code : {std::optional<int>(301), std::optional<int>(404), std::optional<int>(500),
                                  std::optional<int>()}) {
    auto r = settle_webhook_attempt(ticket(0), AttemptOutcome{kStart, code, "x", 1}, "d", now, kPolicy, 0.0);
    EXPECT_FALSE(r.finished);
    EXPECT_FALSE(r.delivery.succeeded);
    ASSERT_TRUE(r.retry_at);
    EXPECT_EQ(*r.retry_at, now + 1s);
  }
  EXPECT_EQ(*settle_webhook_attempt(ticket(3), answered(500), "d", now, kPolicy, 0.0).retry_at, now + 8s);
  EXPECT_EQ(*settle_webhook_attempt(ticket(3), answered(500), "d", now, kPolicy, 0.5).retry_at, now + 9s);
  EXPECT_EQ(*settle_webhook_attempt(ticket(30), answered(500), "d", now, kPolicy, 0.0).retry_at, now + 1h);
}

TEST(WebhookQueue, GivesUpOnlyOnceTheRetryWindowHasPassed) {
  auto still = settle_webhook_attempt(ticket(30), answered(500), "d", kStart + 24h - 1s, kPolicy, 0.0);
  EXPECT_FALSE(still.finished);
  auto over = settle_webhook_attempt(ticket(31), answered(500), "d", kStart + 24h, kPolicy, 0.0);
  EXPECT_TRUE(over.finished);
  EXPECT_FALSE(over.delivery.succeeded);
  EXPECT_FALSE(over.retry_at);
  // A redelivery opens a new window from its own start.
  auto redelivered = settle_webhook_attempt(ticket(0, kStart + 30h), answered(500), "d", kStart + 30h + 1s, kPolicy, 0.0);
  EXPECT_FALSE(redelivered.finished);
}

}  // namespace
}  // namespace sk::domain
