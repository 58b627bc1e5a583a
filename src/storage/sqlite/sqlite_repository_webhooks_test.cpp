// The webhook queue's storage contract: ordering per endpoint, leases, retries, parking and the
// delivery log, against a real SQLite file.
#include <gtest/gtest.h>

#include <algorithm>

#include "domain/webhook_queue.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::domain;
using namespace sk::storage::sqlite::testing;
using namespace std::chrono_literals;

class SqliteWebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_write_connection(dir_.file("webhooks.db"));
    ASSERT_TRUE(opened) << opened.error().detail;
    db_.emplace(std::move(*opened));
    repo_.emplace(*db_);
    org_ = make_organization("acme");
    ASSERT_TRUE(repo().insert_organization(org_));
    other_org_ = make_organization("other");
    ASSERT_TRUE(repo().insert_organization(other_org_));
  }

  SqliteRepository& repo() { return *repo_; }

  WebhookEndpoint endpoint(const Organization& org, std::vector<std::string> events, bool enabled = true) {
    WebhookEndpoint e;
    e.id = crypto::uuid_v4();
    e.organization_id = org.id;
    e.url = "http://127.0.0.1:9/hook";
    e.sealed_secret = "sealed";
    e.events = std::move(events);
    e.enabled = enabled;
    e.created_at = at(created_++);
    EXPECT_TRUE(repo().insert_webhook_endpoint(e));
    return e;
  }

  WebhookEvent event(const WebhookEndpoint& e, const std::string& payload, Timestamp now) {
    WebhookEvent ev;
    ev.id = crypto::uuid_v4();
    ev.endpoint_id = e.id;
    ev.organization_id = e.organization_id;
    ev.type = "customer_seat.assigned";
    ev.payload = payload;
    ev.created_at = now;
    EXPECT_TRUE(repo().enqueue_webhook_event(ev, now));
    return ev;
  }

  std::vector<WebhookTicket> claim(Timestamp now, int limit = 10) {
    auto tickets = repo().claim_webhook_tickets(now, limit, now + 15s);
    EXPECT_TRUE(tickets) << tickets.error().detail;
    return tickets ? *tickets : std::vector<WebhookTicket>{};
  }

  Status record(const WebhookTicket& t, int code, Timestamp now, std::optional<Timestamp> retry_at = {}) {
    WebhookAttemptResult r;
    r.delivery = WebhookDelivery{crypto::uuid_v4(), t.event.id, t.event.endpoint_id, t.event.organization_id, now,
                                 code >= 200 && code < 300, code, "body", 3};
    r.lease_token = t.lease_token;
    r.finished = r.delivery.succeeded || !retry_at;
    r.retry_at = retry_at;
    return repo().record_webhook_attempt(r, now);
  }

  TempDir dir_;
  std::optional<Database> db_;
  std::optional<SqliteRepository> repo_;
  Organization org_, other_org_;
  long long created_ = 10;
};

TEST_F(SqliteWebhooksTest, EndpointsRoundTripPageAndStayInTheirOrganization) {
  auto a = endpoint(org_, {"customer_seat.assigned", "customer_seat.revoked"});
  auto b = endpoint(org_, {"customer_seat.claimed"}, false);
  auto c = endpoint(org_, {});
  endpoint(other_org_, {"customer_seat.assigned"});

  auto found = repo().find_webhook_endpoint(org_.id, a.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->events, a.events);
  EXPECT_EQ((*found)->url, a.url);
  EXPECT_EQ((*found)->sealed_secret, "sealed");
  EXPECT_EQ((*found)->created_at, a.created_at);
  EXPECT_FALSE(*repo().find_webhook_endpoint(other_org_.id, a.id));

  auto page1 = repo().list_webhook_endpoints(org_.id, {1, 2});
  ASSERT_TRUE(page1);
  EXPECT_EQ(page1->total_count, 3);
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, a.id);
  EXPECT_EQ(page1->items[1].id, b.id);
  auto page2 = repo().list_webhook_endpoints(org_.id, {2, 2});
  ASSERT_TRUE(page2 && page2->items.size() == 1u);
  EXPECT_EQ(page2->items[0].id, c.id);

  auto subscribed = repo().find_subscribed_webhook_endpoints(org_.id, "customer_seat.claimed");
  ASSERT_TRUE(subscribed && subscribed->size() == 1u);
  EXPECT_EQ((*subscribed)[0].id, b.id);  // disabled endpoints are still subscribers (their events are skipped)

  ASSERT_TRUE(repo().delete_webhook_endpoint(a.id, at(50)));
  EXPECT_FALSE(*repo().find_webhook_endpoint(org_.id, a.id));
  EXPECT_EQ(repo().list_webhook_endpoints(org_.id, {1, 10})->total_count, 2);
  EXPECT_EQ(repo().delete_webhook_endpoint(a.id, at(51)).error().kind, ErrorKind::not_found);
}

TEST_F(SqliteWebhooksTest, OneEventInFlightPerEndpointInQueueOrder) {
  auto e1 = endpoint(org_, {"customer_seat.assigned"});
  auto e2 = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e1, "1", at(100));
  auto second = event(e1, "2", at(100));
  auto other = event(e2, "x", at(100));

  auto tickets = claim(at(100));
  ASSERT_EQ(tickets.size(), 2u);  // one per endpoint, never the second event of e1
  for (const auto& t : tickets) EXPECT_TRUE(t.event.id == first.id || t.event.id == other.id);
  EXPECT_TRUE(claim(at(101)).empty());  // both leased

  const auto& t1 = tickets[0].event.id == first.id ? tickets[0] : tickets[1];
  ASSERT_TRUE(record(t1, 204, at(102)));
  auto next = claim(at(102));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].event.id, second.id);
  EXPECT_EQ(next[0].event.payload, "2");
}

TEST_F(SqliteWebhooksTest, AFailedAttemptHoldsTheQueueUntilItsRetryIsDue) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e, "1", at(100));
  event(e, "2", at(100));
  auto t = claim(at(100));
  ASSERT_EQ(t.size(), 1u);
  ASSERT_TRUE(record(t[0], 500, at(101), at(110)));

  EXPECT_TRUE(claim(at(109)).empty());  // backing off: nothing, not even the next event
  auto retry = claim(at(110));
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].event.id, first.id);  // the same event, the same webhook-id
  EXPECT_EQ(retry[0].event.attempts, 1);
  EXPECT_EQ(retry[0].event.succeeded, false);
  EXPECT_EQ(retry[0].event.last_http_code, 500);
  EXPECT_NE(retry[0].lease_token, t[0].lease_token);
}

TEST_F(SqliteWebhooksTest, AnExpiredLeaseIsTakenOverAndTheStaleResultOnlyLogged) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e, "1", at(100));
  auto stale = claim(at(100));
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_TRUE(claim(at(114)).empty());
  auto fresh = claim(at(116));  // 15 s lease passed: as after a crash
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].event.id, first.id);

  ASSERT_TRUE(record(stale[0], 200, at(117)));  // the old owner's answer arrives late
  EXPECT_FALSE(repo().find_webhook_event(org_.id, first.id).value()->done);
  ASSERT_TRUE(record(fresh[0], 200, at(118)));
  EXPECT_TRUE(repo().find_webhook_event(org_.id, first.id).value()->done);
  auto log = repo().list_webhook_deliveries(org_.id, {}, {1, 10});
  ASSERT_TRUE(log);
  EXPECT_EQ(log->total_count, 2);  // both attempts are in the delivery log
}

TEST_F(SqliteWebhooksTest, DisablingParksTheQueueAndEnablingResumesIt) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto queued = event(e, "1", at(100));
  e.enabled = false;
  ASSERT_TRUE(repo().update_webhook_endpoint(e, at(101)));
  EXPECT_TRUE(claim(at(200)).empty());
  e.enabled = true;
  ASSERT_TRUE(repo().update_webhook_endpoint(e, at(201)));
  auto t = claim(at(201));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].event.id, queued.id);
}

TEST_F(SqliteWebhooksTest, DeletingDropsTheQueue) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto queued = event(e, "1", at(100));
  ASSERT_TRUE(repo().delete_webhook_endpoint(e.id, at(101)));
  EXPECT_TRUE(claim(at(200)).empty());
  EXPECT_FALSE(*repo().find_webhook_event(org_.id, queued.id));  // gone with its endpoint
}

TEST_F(SqliteWebhooksTest, RedeliveryQueuesADeliveredEventAgainFirst) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e, "1", at(100));
  auto t = claim(at(100));
  ASSERT_TRUE(record(t[0], 200, at(101)));
  auto second = event(e, "2", at(102));
  ASSERT_TRUE(repo().requeue_webhook_event(first.id, at(103)));
  auto again = claim(at(103));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].event.id, first.id);
  EXPECT_EQ(again[0].event.attempts, 0);
  EXPECT_EQ(again[0].retry_from, at(103));  // a fresh retry window
  ASSERT_TRUE(record(again[0], 200, at(104)));
  EXPECT_EQ(claim(at(104)).at(0).event.id, second.id);
}

TEST_F(SqliteWebhooksTest, ReleasingALeaseMakesTheEndpointDueAtOnce) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  event(e, "1", at(100));
  auto t = claim(at(100));
  ASSERT_TRUE(repo().release_webhook_lease(e.id, t[0].lease_token, at(101)));
  EXPECT_EQ(claim(at(101)).size(), 1u);
  ASSERT_TRUE(repo().release_webhook_lease(e.id, "not-the-token", at(102)));  // a stranger's release is ignored
  EXPECT_TRUE(claim(at(102)).empty());
}

TEST_F(SqliteWebhooksTest, FanOutFollowsCommitOrderSubscriptionsAndOrganizations) {
  auto all = endpoint(org_, {"customer_seat.assigned", "customer_seat.revoked"});
  auto revoked_only = endpoint(org_, {"customer_seat.revoked"});
  auto disabled = endpoint(org_, {"customer_seat.assigned"}, false);
  auto elsewhere = endpoint(other_org_, {"customer_seat.assigned"});
  // Clock order deliberately contradicts commit order: commit order wins.
  ASSERT_TRUE(repo().append_outbox({"m1", kWebhookOutboxTopic, org_.id, "customer_seat.assigned", "A", at(9), at(9), 0}));
  ASSERT_TRUE(repo().append_outbox({"m2", kWebhookOutboxTopic, org_.id, "customer_seat.revoked", "R", at(5), at(5), 0}));
  ASSERT_TRUE(repo().append_outbox({"m3", "email", org_.id, "seat_invitation", "sealed", at(1), at(1), 0}));
  auto moved = fan_out_webhook_events(repo(), at(100), 10);
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_EQ(*moved, 2);
  EXPECT_TRUE(repo().oldest_outbox(kWebhookOutboxTopic, 10)->empty());
  EXPECT_EQ(repo().oldest_outbox("email", 10)->size(), 1u);  // other topics untouched

  auto tickets = claim(at(100));
  ASSERT_EQ(tickets.size(), 2u);
  for (const auto& t : tickets) {
    EXPECT_NE(t.event.endpoint_id, disabled.id);
    EXPECT_NE(t.event.endpoint_id, elsewhere.id);
    if (t.event.endpoint_id == all.id) {
      EXPECT_EQ(t.event.payload, "A");
    }
    if (t.event.endpoint_id == revoked_only.id) {
      EXPECT_EQ(t.event.payload, "R");
    }
  }
  auto first = std::ranges::find_if(tickets, [&](const auto& t) { return t.event.endpoint_id == all.id; });
  ASSERT_TRUE(record(*first, 200, at(101)));
  auto next = claim(at(101));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].event.payload, "R");
  EXPECT_EQ(next[0].event.endpoint_id, all.id);
}

TEST_F(SqliteWebhooksTest, DeliveryLogFiltersAndPagesNewestFirst) {
  auto e1 = endpoint(org_, {"customer_seat.assigned"});
  auto e2 = endpoint(org_, {"customer_seat.assigned"});
  event(e1, "1", at(100));
  event(e2, "2", at(100));
  auto t = claim(at(100));
  ASSERT_EQ(t.size(), 2u);
  const auto& on_e1 = t[0].event.endpoint_id == e1.id ? t[0] : t[1];
  const auto& on_e2 = t[0].event.endpoint_id == e1.id ? t[1] : t[0];
  ASSERT_TRUE(record(on_e1, 503, at(101), at(102)));
  ASSERT_TRUE(record(on_e2, 200, at(103)));
  auto retry = claim(at(102));
  ASSERT_EQ(retry.size(), 1u);
  ASSERT_TRUE(record(retry[0], 200, at(104)));

  auto everything = repo().list_webhook_deliveries(org_.id, {}, {1, 10});
  ASSERT_TRUE(everything) << everything.error().detail;
  ASSERT_EQ(everything->total_count, 3);
  EXPECT_EQ(everything->items[0].delivery.created_at, at(104));  // newest first
  EXPECT_EQ(everything->items[2].delivery.http_code, 503);
  EXPECT_EQ(everything->items[2].event.id, on_e1.event.id);

  DeliveryFilter by_endpoint;
  by_endpoint.endpoint_ids = {e1.id};
  EXPECT_EQ(repo().list_webhook_deliveries(org_.id, by_endpoint, {1, 10})->total_count, 2);
  DeliveryFilter failed;
  failed.succeeded = false;
  EXPECT_EQ(repo().list_webhook_deliveries(org_.id, failed, {1, 10})->total_count, 1);
  DeliveryFilter server_errors;
  server_errors.http_code_class = 5;
  EXPECT_EQ(repo().list_webhook_deliveries(org_.id, server_errors, {1, 10})->total_count, 1);
  DeliveryFilter window;
  window.start = at(103);
  window.end = at(103);
  EXPECT_EQ(repo().list_webhook_deliveries(org_.id, window, {1, 10})->total_count, 1);
  DeliveryFilter other_type;
  other_type.event_types = {"customer_seat.revoked"};
  EXPECT_EQ(repo().list_webhook_deliveries(org_.id, other_type, {1, 10})->total_count, 0);
  auto page2 = repo().list_webhook_deliveries(org_.id, {}, {2, 2});
  ASSERT_TRUE(page2 && page2->items.size() == 1u);
  EXPECT_EQ(page2->total_count, 3);
  EXPECT_EQ(repo().list_webhook_deliveries(other_org_.id, {}, {1, 10})->total_count, 0);
}

}  // namespace
}  // namespace sk::storage::sqlite
