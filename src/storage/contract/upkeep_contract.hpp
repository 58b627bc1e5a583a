// Token lifecycle, retention and endpoint health on every store: revoked tokens are never found,
// pruning deletes only what is old enough (delivered, expired), and an endpoint's failing streak
// is tracked and ends in disabling it. Included by the per-backend instantiation files only.
#pragma once

#include "domain/webhook_health.hpp"
#include "storage/contract/webhook_contract.hpp"
#include "storage/upkeep.hpp"

namespace sk::storage::contract {

using namespace sk::domain;
using namespace std::chrono_literals;

TEST_P(WebhookContract, RevokedTokensAreNeverFoundAndListingsShowTheirState) {
  AccessToken first{crypto::uuid_v4(), org_.id, {"customer_seats:read"}, at(1000)};
  AccessToken second{crypto::uuid_v4(), org_.id, {"webhooks:write", "customer_seats:write"}, std::nullopt};
  AccessToken elsewhere{crypto::uuid_v4(), other_org_.id, {}, std::nullopt};
  EXPECT_TRUE(job([&](Repository& r) { return r.insert_access_token(first, "hash-first"); }));
  EXPECT_TRUE(job([&](Repository& r) { return r.insert_access_token(second, "hash-second"); }));
  EXPECT_TRUE(job([&](Repository& r) { return r.insert_access_token(elsewhere, "hash-elsewhere"); }));

  EXPECT_TRUE(*job([&](Repository& r) { return storage::upkeep_of(r)->revoke_access_token(first.id, at(50)); }));
  EXPECT_FALSE(*job([&](Repository& r) { return storage::upkeep_of(r)->revoke_access_token(first.id, at(60)); }));  // already
  EXPECT_FALSE(*job([&](Repository& r) { return storage::upkeep_of(r)->revoke_access_token(crypto::uuid_v4(), at(60)); }));
  EXPECT_FALSE(*job([&](Repository& r) { return r.find_access_token("hash-first"); }));
  EXPECT_TRUE(*job([&](Repository& r) { return r.find_access_token("hash-second"); }));

  auto listed = job([&](Repository& r) { return storage::upkeep_of(r)->list_access_tokens(org_.id); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  for (const auto& t : *listed) {
    if (t.token.id == first.id) {
      EXPECT_EQ(t.revoked_at, at(50));
      EXPECT_EQ(t.token.expires_at, at(1000));
      EXPECT_EQ(t.token.scopes, first.scopes);
    } else {
      EXPECT_EQ(t.token.id, second.id);
      EXPECT_FALSE(t.revoked_at);
      EXPECT_EQ(t.token.scopes, second.scopes);
    }
  }
}

TEST_P(WebhookContract, PruningDeletesOnlyDeliveredExpiredAndOldRows) {
  // Outbox: one delivered long ago, one delivered recently, one never delivered.
  const std::vector<Id> outbox = append_emails(3);
  EXPECT_TRUE(job([&](Repository& r) { return r.complete_outbox(outbox[0], at(10)); }));
  EXPECT_TRUE(job([&](Repository& r) { return r.complete_outbox(outbox[1], at(500)); }));
  // Sessions: one expired long ago, one still live.
  const Member member = make_member(customer_, "member@example.com");
  EXPECT_TRUE(job([&](Repository& r) { return r.insert_member(member); }));
  for (auto [token, expires] : {std::pair{"old-session", at(20)}, std::pair{"live-session", at(2000)}})
    EXPECT_TRUE(job([&](Repository& r) {
      return r.insert_member_session(MemberSession{crypto::uuid_v4(), token, member.id, expires, at(0)});
    }));
  // Delivery log: an attempt at t=30 and one at t=600.
  auto e = endpoint(org_, {"customer_seat.assigned"});
  event(e, "{\"n\":1}", at(25));
  auto first = claim(at(30));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(record(first[0], 500, at(30), at(600)));
  auto second = claim(at(600));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(record(second[0], 200, at(600)));

  const RetentionCutoffs cutoffs{at(100), at(100), at(100)};
  auto pruned = job([&](Repository& r) { return storage::upkeep_of(r)->prune_old_rows(cutoffs, 500); });
  ASSERT_TRUE(pruned) << pruned.error().detail;
  EXPECT_EQ(pruned->outbox, 1);
  EXPECT_EQ(pruned->delivery_logs, 1);
  EXPECT_EQ(pruned->sessions, 1);
  EXPECT_TRUE(*job([&](Repository& r) { return r.find_member_session("live-session"); }));
  EXPECT_FALSE(*job([&](Repository& r) { return r.find_member_session("old-session"); }));
  auto left = job([&](Repository& r) { return r.list_webhook_deliveries(org_.id, {}, {1, 10}); });
  ASSERT_TRUE(left);
  EXPECT_EQ(left->total_count, 1);
  // Nothing more is old enough: a second pass deletes nothing.
  auto again = job([&](Repository& r) { return storage::upkeep_of(r)->prune_old_rows(cutoffs, 500); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->total(), 0);
  auto remaining = job([&](Repository& r) { return r.oldest_outbox("email", 10); });
  ASSERT_TRUE(remaining);
  EXPECT_EQ(remaining->size(), 1u);  // the undelivered message is never pruned
}

TEST_P(WebhookContract, RemovedOutboxRowsAreGoneAndLeaveNothingToPrune) {
  const std::vector<Id> outbox = append_emails(3);
  EXPECT_TRUE(job([&](Repository& r) { return r.complete_outbox(outbox[0], at(10)); }));
  EXPECT_TRUE(job([&](Repository& r) { return r.remove_outbox(outbox[1]); }));
  EXPECT_FALSE(job([&](Repository& r) { return r.remove_outbox(outbox[1]); }));  // already gone
  EXPECT_FALSE(job([&](Repository& r) { return r.remove_outbox(crypto::uuid_v4()); }));
  auto due = job([&](Repository& r) { return r.due_outbox("email", at(100), 10); });
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, outbox[2]);

  // Fanned out with DeliveredOutbox::remove: the endpoint's queue has the event, the outbox nothing.
  auto e = endpoint(org_, {"customer_seat.assigned"});
  OutboxMessage event_message{crypto::uuid_v4(), kWebhookOutboxTopic, org_.id, "customer_seat.assigned", "E", at(5), at(5), 0};
  EXPECT_TRUE(job([&](Repository& r) { return r.append_outbox(event_message); }));
  auto moved = job([&](Repository& r) { return fan_out_webhook_events(r, at(20), 10, DeliveredOutbox::remove); });
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_EQ(*moved, 1);
  auto tickets = claim(at(20));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].event.payload, "E");
  EXPECT_FALSE(job([&](Repository& r) { return r.remove_outbox(event_message.id); }));  // the row itself is gone

  // Only the row marked delivered is left for the retention job; the removed ones were never kept.
  const RetentionCutoffs cutoffs{at(100), at(0), at(0)};
  auto pruned = job([&](Repository& r) { return storage::upkeep_of(r)->prune_old_rows(cutoffs, 500); });
  ASSERT_TRUE(pruned) << pruned.error().detail;
  EXPECT_EQ(pruned->outbox, 1);
}

TEST_P(WebhookContract, AnEndpointFailingForTheWholePeriodIsDisabled) {
  auto e = endpoint(org_, {"customer_seat.assigned"});
  const auto attempt = [&](bool ok, Timestamp when) {
    WebhookDelivery d{crypto::uuid_v4(), crypto::uuid_v4(), e.id, org_.id, when, ok, ok ? 200 : 500, "", 1};
    return job([&](Repository& r) { return note_endpoint_health(r, *storage::upkeep_of(r), d, when, 24h); });
  };
  EXPECT_FALSE(*attempt(false, at(0)));
  EXPECT_FALSE(*attempt(false, at(3600)));
  EXPECT_FALSE(*attempt(true, at(7200)));  // a success ends the streak
  EXPECT_FALSE(*attempt(false, at(10000)));
  EXPECT_FALSE(*attempt(false, at(10000 + 86399)));
  auto still = job([&](Repository& r) { return r.find_webhook_endpoint(org_.id, e.id); });
  ASSERT_TRUE(still && *still);
  EXPECT_TRUE((*still)->enabled);
  EXPECT_TRUE(*attempt(false, at(10000 + 86400)));  // a day of failures since the streak began
  auto disabled = job([&](Repository& r) { return r.find_webhook_endpoint(org_.id, e.id); });
  ASSERT_TRUE(disabled && *disabled);
  EXPECT_FALSE((*disabled)->enabled);
  EXPECT_FALSE(*attempt(false, at(200000)));  // already disabled: nothing more to do
}

}  // namespace sk::storage::contract
