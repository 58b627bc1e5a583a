// Webhook queue contract: ordering per endpoint, leases, retries, parking, the delivery log and
// fan-out, the same test bodies on every store; then two stores (two instances) fanning out and
// claiming at once. Included by the per-backend instantiation files only.
#pragma once

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "domain/webhook_queue.hpp"
#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;
using namespace std::chrono_literals;

class WebhookContract : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (HasFatalFailure()) return;
    other_org_ = make_organization("other");
    write([&](Repository& repo) { ASSERT_TRUE(repo.insert_organization(other_org_)); });
  }

  // Runs `fn` as one write job (each call its own transaction) and hands back what it returned.
  template <class Fn>
  auto job(Fn fn, Store* store = nullptr) -> decltype(fn(std::declval<Repository&>())) {
    std::optional<decltype(fn(std::declval<Repository&>()))> out;
    auto status = (store ? store : store_.get())->write_now([&](Repository& repo) {
      out.emplace(fn(repo));
      return true;
    });
    EXPECT_TRUE(status) << status.error().detail;
    if (!out) return internal_error("the write job did not run");
    return std::move(*out);
  }

  // Appends `n` invitation e-mails to the outbox, the i-th written at(i); returns their ids.
  std::vector<Id> append_emails(int n) {
    std::vector<Id> ids;
    for (int i = 0; i < n; ++i) {
      OutboxMessage m{crypto::uuid_v4(), "email", org_.id, "seat_invitation", "{}", at(i), at(i), 0};
      EXPECT_TRUE(job([&](Repository& r) { return r.append_outbox(m); }));
      ids.push_back(m.id);
    }
    return ids;
  }

  WebhookEndpoint endpoint(const Organization& org, std::vector<std::string> events, bool enabled = true) {
    WebhookEndpoint e;
    e.id = crypto::uuid_v4();
    e.organization_id = org.id;
    e.url = "http://127.0.0.1:9/hook";
    e.sealed_secret = "sealed";
    e.events = std::move(events);
    e.enabled = enabled;
    e.created_at = at(created_++);
    EXPECT_TRUE(job([&](Repository& r) { return r.insert_webhook_endpoint(e); }));
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
    EXPECT_TRUE(job([&](Repository& r) { return r.enqueue_webhook_event(ev, now); }));
    return ev;
  }

  std::vector<WebhookTicket> claim(Timestamp now, int limit = 10, Store* store = nullptr) {
    auto tickets = job([&](Repository& r) { return r.claim_webhook_tickets(now, limit, now + 15s); }, store);
    EXPECT_TRUE(tickets) << tickets.error().detail;
    return tickets ? *tickets : std::vector<WebhookTicket>{};
  }

  Status record(const WebhookTicket& t, int code, Timestamp now, std::optional<Timestamp> retry_at = {},
                Store* store = nullptr) {
    WebhookAttemptResult r;
    r.delivery = WebhookDelivery{crypto::uuid_v4(), t.event.id, t.event.endpoint_id, t.event.organization_id, now,
                                 code >= 200 && code < 300, code, "body", 3};
    r.lease_token = t.lease_token;
    r.finished = r.delivery.succeeded || !retry_at;
    r.retry_at = retry_at;
    return job([&](Repository& repo) { return repo.record_webhook_attempt(r, now); }, store);
  }

  Organization other_org_;
  long long created_ = 10;
};

TEST_P(WebhookContract, EndpointsRoundTripPageAndStayInTheirOrganization) {
  auto a = endpoint(org_, {"customer_seat.assigned", "customer_seat.revoked"});
  auto b = endpoint(org_, {"customer_seat.claimed"}, false);
  auto c = endpoint(org_, {});
  endpoint(other_org_, {"customer_seat.assigned"});

  auto found = job([&](Repository& r) { return r.find_webhook_endpoint(org_.id, a.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->events, a.events);
  EXPECT_EQ((*found)->url, a.url);
  EXPECT_EQ((*found)->sealed_secret, "sealed");
  EXPECT_EQ((*found)->created_at, a.created_at);
  EXPECT_FALSE(*job([&](Repository& r) { return r.find_webhook_endpoint(other_org_.id, a.id); }));

  auto page1 = job([&](Repository& r) { return r.list_webhook_endpoints(org_.id, {1, 2}); });
  ASSERT_TRUE(page1);
  EXPECT_EQ(page1->total_count, 3);
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, a.id);
  EXPECT_EQ(page1->items[1].id, b.id);
  auto page2 = job([&](Repository& r) { return r.list_webhook_endpoints(org_.id, {2, 2}); });
  ASSERT_TRUE(page2 && page2->items.size() == 1u);
  EXPECT_EQ(page2->items[0].id, c.id);

  auto subscribed = job([&](Repository& r) { return r.find_subscribed_webhook_endpoints(org_.id, "customer_seat.claimed"); });
  ASSERT_TRUE(subscribed && subscribed->size() == 1u);
  EXPECT_EQ((*subscribed)[0].id, b.id);  // disabled endpoints are still subscribers (their events are skipped)

  ASSERT_TRUE(job([&](Repository& r) { return r.delete_webhook_endpoint(a.id, at(50)); }));
  EXPECT_FALSE(*job([&](Repository& r) { return r.find_webhook_endpoint(org_.id, a.id); }));
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_endpoints(org_.id, {1, 10}); })->total_count, 2);
  EXPECT_EQ(job([&](Repository& r) { return r.delete_webhook_endpoint(a.id, at(51)); }).error().kind, ErrorKind::not_found);
}

TEST_P(WebhookContract, OneEventInFlightPerEndpointInQueueOrder) {
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

TEST_P(WebhookContract, AFailedAttemptHoldsTheQueueUntilItsRetryIsDue) {
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

TEST_P(WebhookContract, AnExpiredLeaseIsTakenOverAndTheStaleResultOnlyLogged) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e, "1", at(100));
  auto stale = claim(at(100));
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_TRUE(claim(at(114)).empty());
  auto fresh = claim(at(116));  // 15 s lease passed: as after a crash
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].event.id, first.id);

  ASSERT_TRUE(record(stale[0], 200, at(117)));  // the old owner's answer arrives late
  EXPECT_FALSE(job([&](Repository& r) { return r.find_webhook_event(org_.id, first.id); }).value()->done);
  ASSERT_TRUE(record(fresh[0], 200, at(118)));
  EXPECT_TRUE(job([&](Repository& r) { return r.find_webhook_event(org_.id, first.id); }).value()->done);
  auto log = job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, {}, {1, 10}); });
  ASSERT_TRUE(log);
  EXPECT_EQ(log->total_count, 2);  // both attempts are in the delivery log
}

TEST_P(WebhookContract, DisablingParksTheQueueAndEnablingResumesIt) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto queued = event(e, "1", at(100));
  e.enabled = false;
  ASSERT_TRUE(job([&](Repository& r) { return r.update_webhook_endpoint(e, at(101)); }));
  EXPECT_TRUE(claim(at(200)).empty());
  e.enabled = true;
  ASSERT_TRUE(job([&](Repository& r) { return r.update_webhook_endpoint(e, at(201)); }));
  auto t = claim(at(201));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].event.id, queued.id);
}

TEST_P(WebhookContract, DeletingDropsTheQueue) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto queued = event(e, "1", at(100));
  ASSERT_TRUE(job([&](Repository& r) { return r.delete_webhook_endpoint(e.id, at(101)); }));
  EXPECT_TRUE(claim(at(200)).empty());
  EXPECT_FALSE(*job([&](Repository& r) { return r.find_webhook_event(org_.id, queued.id); }));  // gone with its endpoint
}

TEST_P(WebhookContract, RedeliveryQueuesADeliveredEventAgainFirst) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  auto first = event(e, "1", at(100));
  auto t = claim(at(100));
  ASSERT_TRUE(record(t[0], 200, at(101)));
  auto second = event(e, "2", at(102));
  ASSERT_TRUE(job([&](Repository& r) { return r.requeue_webhook_event(first.id, at(103)); }));
  auto again = claim(at(103));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].event.id, first.id);
  EXPECT_EQ(again[0].event.attempts, 0);
  EXPECT_EQ(again[0].retry_from, at(103));  // a fresh retry window
  ASSERT_TRUE(record(again[0], 200, at(104)));
  EXPECT_EQ(claim(at(104)).at(0).event.id, second.id);
}

TEST_P(WebhookContract, ReleasingALeaseMakesTheEndpointDueAtOnce) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  event(e, "1", at(100));
  auto t = claim(at(100));
  ASSERT_TRUE(job([&](Repository& r) { return r.release_webhook_lease(e.id, t[0].lease_token, at(101)); }));
  EXPECT_EQ(claim(at(101)).size(), 1u);
  ASSERT_TRUE(job([&](Repository& r) { return r.release_webhook_lease(e.id, "not-the-token", at(102)); }));  // a stranger's release is ignored
  EXPECT_TRUE(claim(at(102)).empty());
}

TEST_P(WebhookContract, FanOutFollowsCommitOrderSubscriptionsAndOrganizations) {
  auto all = endpoint(org_, {"customer_seat.assigned", "customer_seat.revoked"});
  auto revoked_only = endpoint(org_, {"customer_seat.revoked"});
  auto disabled = endpoint(org_, {"customer_seat.assigned"}, false);
  auto elsewhere = endpoint(other_org_, {"customer_seat.assigned"});
  // Clock order deliberately contradicts commit order: commit order wins.
  ASSERT_TRUE(job([&](Repository& r) { return r.append_outbox({"m1", kWebhookOutboxTopic, org_.id, "customer_seat.assigned", "A", at(9), at(9), 0}); }));
  ASSERT_TRUE(job([&](Repository& r) { return r.append_outbox({"m2", kWebhookOutboxTopic, org_.id, "customer_seat.revoked", "R", at(5), at(5), 0}); }));
  ASSERT_TRUE(job([&](Repository& r) { return r.append_outbox({"m3", "email", org_.id, "seat_invitation", "sealed", at(1), at(1), 0}); }));
  auto moved = job([&](Repository& r) { return fan_out_webhook_events(r, at(100), 10); });
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_EQ(*moved, 2);
  EXPECT_TRUE(job([&](Repository& r) { return r.oldest_outbox(kWebhookOutboxTopic, 10); })->empty());
  EXPECT_EQ(job([&](Repository& r) { return r.oldest_outbox("email", 10); })->size(), 1u);  // other topics untouched

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

TEST_P(WebhookContract, DeliveryLogFiltersAndPagesNewestFirst) {
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

  auto everything = job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, {}, {1, 10}); });
  ASSERT_TRUE(everything) << everything.error().detail;
  ASSERT_EQ(everything->total_count, 3);
  EXPECT_EQ(everything->items[0].delivery.created_at, at(104));  // newest first
  EXPECT_EQ(everything->items[2].delivery.http_code, 503);
  EXPECT_EQ(everything->items[2].event.id, on_e1.event.id);

  DeliveryFilter by_endpoint;
  by_endpoint.endpoint_ids = {e1.id};
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, by_endpoint, {1, 10}); })->total_count, 2);
  DeliveryFilter failed;
  failed.succeeded = false;
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, failed, {1, 10}); })->total_count, 1);
  DeliveryFilter server_errors;
  server_errors.http_code_class = 5;
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, server_errors, {1, 10}); })->total_count, 1);
  DeliveryFilter window;
  window.start = at(103);
  window.end = at(103);
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, window, {1, 10}); })->total_count, 1);
  DeliveryFilter other_type;
  other_type.event_types = {"customer_seat.revoked"};
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, other_type, {1, 10}); })->total_count, 0);
  auto page2 = job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, {}, {2, 2}); });
  ASSERT_TRUE(page2 && page2->items.size() == 1u);
  EXPECT_EQ(page2->total_count, 3);
  EXPECT_EQ(job([&](Repository& r) { return r.list_webhook_deliveries(other_org_.id, {}, {1, 10}); })->total_count, 0);
}

// Two instances fanning out at once: every outbox message becomes exactly one event per
// subscribed endpoint, and each endpoint's queue keeps the outbox's order.
TEST_P(WebhookContract, TwoStoresFanOutEachMessageOnce) {
  auto a = endpoint(org_, {"customer_seat.assigned"});
  auto b = endpoint(org_, {"customer_seat.assigned"});
  constexpr int kMessages = 60;
  write([&](Repository& repo) {
    for (int i = 0; i < kMessages; ++i)
      ASSERT_TRUE(repo.append_outbox({crypto::uuid_v4(), kWebhookOutboxTopic, org_.id, "customer_seat.assigned",
                                      std::to_string(i), at(100), at(100), 0}));
  });
  Store& other = another_store();
  std::atomic<int> moved{0}, failed{0};
  std::vector<std::thread> threads;
  for (Store* s : {store_.get(), &other}) {
    threads.emplace_back([&, s] {
      for (int turn = 0; turn < 20; ++turn) {
        int n = 0;
        auto status = s->write_now([&](Repository& repo) {
          auto fanned = fan_out_webhook_events(repo, at(100), 7);
          n = fanned ? *fanned : 0;
          return fanned.has_value();
        });
        if (!status) failed++;
        else moved += n;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(moved.load(), kMessages);
  // Drain both queues in order: payloads 0..59 exactly once each, per endpoint.
  std::map<Id, std::vector<std::string>> seen;
  for (int turn = 0; turn < 3 * kMessages; ++turn) {
    auto tickets = claim(at(200));
    if (tickets.empty()) break;
    for (const auto& t : tickets) {
      seen[t.event.endpoint_id].push_back(t.event.payload);
      ASSERT_TRUE(record(t, 200, at(200)));
    }
  }
  for (const auto& e : {a, b}) {
    ASSERT_EQ(seen[e.id].size(), static_cast<std::size_t>(kMessages)) << e.id;
    for (int i = 0; i < kMessages; ++i) EXPECT_EQ(seen[e.id][i], std::to_string(i));
  }
}

// Two instances claiming at once: an endpoint is leased by one of them at a time, so no event is
// handed out twice while its lease lives, and each endpoint's events go out in queue order.
TEST_P(WebhookContract, TwoStoresNeverLeaseAnEndpointTwice) {
  constexpr int kEndpoints = 6, kEvents = 5;
  std::vector<WebhookEndpoint> endpoints;
  for (int i = 0; i < kEndpoints; ++i) {
    endpoints.push_back(endpoint(org_, {"customer_seat.assigned"}));
    for (int j = 0; j < kEvents; ++j) event(endpoints.back(), std::to_string(j), at(100));
  }
  Store& other = another_store();
  std::mutex mutex;
  std::map<Id, std::vector<std::string>> delivered;
  std::set<Id> in_flight;
  std::atomic<int> failed{0}, overlaps{0};
  std::vector<std::thread> threads;
  for (int worker = 0; worker < 4; ++worker) {
    Store* s = worker % 2 == 0 ? store_.get() : &other;
    threads.emplace_back([&, s] {
      for (int turn = 0; turn < 200; ++turn) {
        std::optional<Result<std::vector<WebhookTicket>>> claimed;
        auto status = s->write_now([&](Repository& repo) {
          claimed.emplace(repo.claim_webhook_tickets(at(100), 3, at(100) + 15s));
          return claimed->has_value();
        });
        if (!status || !claimed || !*claimed) {
          failed++;
          continue;
        }
        if ((*claimed)->empty()) {
          std::lock_guard lock(mutex);
          std::size_t total = 0;
          for (const auto& [id, payloads] : delivered) total += payloads.size();
          if (total == static_cast<std::size_t>(kEndpoints * kEvents)) return;
          std::this_thread::sleep_for(1ms);
          continue;
        }
        for (const auto& t : **claimed) {
          {
            std::lock_guard lock(mutex);
            if (!in_flight.insert(t.event.endpoint_id).second) overlaps++;
          }
          std::this_thread::sleep_for(1ms);  // the HTTP attempt
          {
            std::lock_guard lock(mutex);
            delivered[t.event.endpoint_id].push_back(t.event.payload);
            in_flight.erase(t.event.endpoint_id);
          }
          if (!record(t, 200, at(100), {}, s)) failed++;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(overlaps.load(), 0);
  for (const auto& e : endpoints) {
    ASSERT_EQ(delivered[e.id].size(), static_cast<std::size_t>(kEvents)) << e.id;
    for (int j = 0; j < kEvents; ++j) EXPECT_EQ(delivered[e.id][j], std::to_string(j));
  }
}

// An event queued by one instance while another instance settles the endpoint's attempt in flight
// is not left behind: whichever transaction commits second sees the other's work, so the endpoint
// ends due again. (Before, the settling instance could see no queued event, park the endpoint, and
// the queued event waited forever.)
TEST_P(WebhookContract, AnEventQueuedWhileAnotherInstanceSettlesTheEndpointIsNotStranded) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  event(e, "first", at(100));
  auto first = claim(at(100));
  ASSERT_EQ(first.size(), 1u);
  Store& other = another_store();
  std::atomic<bool> queued{false}, settled{false};
  std::thread queuing([&] {
    auto status = other.write_now([&](Repository& repo) {
      WebhookEvent second;
      second.id = crypto::uuid_v4();
      second.endpoint_id = e.id;
      second.organization_id = org_.id;
      second.type = "customer_seat.assigned";
      second.payload = "second";
      second.created_at = at(101);
      if (!repo.enqueue_webhook_event(second, at(101))) return false;
      queued = true;
      // Hold the transaction open while the other instance settles; a store that makes the
      // settling wait for this commit (as it must) lets this wait run out.
      for (int i = 0; i < 100 && !settled; ++i) std::this_thread::sleep_for(5ms);
      return true;
    });
    EXPECT_TRUE(status) << status.error().detail;
  });
  while (!queued) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(record(first[0], 200, at(102)));
  settled = true;
  queuing.join();
  auto next = claim(at(200));
  ASSERT_EQ(next.size(), 1u) << "the queued event was stranded behind a parked endpoint";
  EXPECT_EQ(next[0].event.payload, "second");
}

}  // namespace sk::storage::contract
