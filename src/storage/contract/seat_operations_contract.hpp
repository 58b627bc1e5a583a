// The seat operations (domain/seat_operations.hpp) run against each store: bulk assignment row by
// row in one transaction, transfer, and the history they leave. The domain's rules are the same
// on both stores; what this proves is that each store gives them the transaction they assume.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/seat_operations.hpp"
#include "storage/contract/domain_store_test.hpp"
#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

class SeatOperationsContract : public StoreContract {
 protected:
  SeatContext ctx(long long second) const {
    return SeatContext{at(second), "contract-secret", std::chrono::hours(24), std::chrono::hours(1),
                       Actor{ActorKind::organization_token, "token-1"}};
  }
  SeatAssignRequest holder(const std::string& email) const {
    SeatAssignRequest r;
    r.email = email;
    return r;
  }
  // Runs one domain call as a write job that keeps its work only when `keep(result)` says so.
  template <class Fn, class Keep>
  auto run(Fn fn, Keep keep) {
    std::optional<decltype(fn(std::declval<Repository&>()))> result;
    auto committed = store_->write_now([&](Repository& repo) {
      result.emplace(fn(repo));
      return keep(*result);
    });
    EXPECT_TRUE(committed) << (committed ? "" : committed.error().detail);
    return std::move(*result);
  }
  template <class Fn>
  auto run(Fn fn) {
    return run(fn, [](const auto& r) { return r.has_value(); });
  }
  Result<SeatView> assign(const std::string& email, long long second, const SeatContainer* container = nullptr) {
    SeatAssignRequest r = holder(email);
    (container ? *container : subscription_).kind == ContainerKind::subscription
        ? (r.subscription_id = (container ? *container : subscription_).id)
        : (r.order_id = (container ? *container : subscription_).id);
    return run([&](Repository& repo) { return assign_seat(repo, sink_, ctx(second), org_, r); });
  }
  std::vector<SeatHistoryEvent> history(const Id& seat_id) {
    std::vector<SeatHistoryEvent> out;
    read([&](Repository& repo) {
      auto page = list_seat_history(repo, org_, seat_id, PageRequest{1, 100, false});
      ASSERT_TRUE(page) << page.error().detail;
      out = std::move(page->items);
    });
    return out;
  }
  std::vector<SeatEventKind> kinds(const Id& seat_id) {
    std::vector<SeatEventKind> out;
    for (const auto& e : history(seat_id)) out.push_back(e.kind);
    return out;
  }
  std::vector<std::string> holders_at(const SeatContainer& container, long long second) {
    std::vector<std::string> emails;
    read([&](Repository& repo) {
      auto page = seat_holders_at(repo, org_, container.kind, container.id, at(second), PageRequest{1, 100, false});
      ASSERT_TRUE(page) << page.error().detail;
      for (const auto& h : page->items) emails.push_back(h.email.value_or("") + ":" + to_string(h.status));
    });
    return emails;
  }

  // The addresses the invitations went to, in order.
  std::vector<std::string> invited() const {
    std::vector<std::string> to;
    for (const auto& i : sink_.invitations) to.push_back(i.to_email);
    return to;
  }

  storage::testing::RecordingSink sink_;
};

TEST_P(SeatOperationsContract, BulkJudgesEveryRowByTheAssignRulesInOneTransaction) {
  ASSERT_TRUE(assign("seated@example.com", 10));
  sink_.clear();
  BulkAssignRequest bulk{ContainerKind::subscription, subscription_.id, {}};
  for (const char* e : {"a@example.com", "", "seated@example.com", "b@example.com", "a@example.com", "c@example.com",
                        "d@example.com", "late@example.com"})
    bulk.rows.push_back(*e ? std::optional(holder(e)) : std::nullopt);  // "" stands for a malformed row
  auto result = run([&](Repository& repo) { return bulk_assign_seats(repo, sink_, ctx(20), org_, bulk); },
                    [](const auto& r) { return r && r->keep_changes; });
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_TRUE(result->keep_changes);
  EXPECT_EQ(result->succeeded, 4);
  EXPECT_EQ(result->failed, 4);
  ASSERT_EQ(result->rows.size(), 8u);
  std::vector<std::string> outcome;
  for (const auto& row : result->rows) outcome.push_back(row.seat ? "ok" : row.error->name);
  EXPECT_EQ(outcome, (std::vector<std::string>{"ok", "RequestValidationError", "SeatAlreadyAssigned", "ok",
                                               "SeatAlreadyAssigned", "ok", "ok", "SeatNotAvailable"}));
  EXPECT_EQ(invited(), (std::vector<std::string>{"a@example.com", "b@example.com", "c@example.com", "d@example.com"}));
  EXPECT_EQ(sink_.events.size(), 4u);
  read([&](Repository& repo) {
    EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, subscription_.id), 5);
    EXPECT_FALSE(*repo.find_member_by_email(customer_.id, "late@example.com")) << "a refused row leaves nothing";
  });
  EXPECT_EQ(kinds(result->rows[0].seat->seat.id), (std::vector<SeatEventKind>{SeatEventKind::assigned}));
}

TEST_P(SeatOperationsContract, DryRunAndRefusedAtomicRequestsKeepNothing) {
  for (bool dry_run : {true, false}) {
    BulkAssignRequest bulk{ContainerKind::subscription, subscription_.id, {}, dry_run, !dry_run};
    bulk.rows = {holder("a@example.com"), holder("b@example.com"), holder("a@example.com")};
    auto result = run([&](Repository& repo) { return bulk_assign_seats(repo, sink_, ctx(20), org_, bulk); },
                      [](const auto& r) { return r && r->keep_changes; });
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->keep_changes);
    EXPECT_EQ(result->succeeded, 2);
    EXPECT_EQ(result->failed, 1);
    EXPECT_EQ(result->rows[2].error->name, "SeatAlreadyAssigned");  // judged after the rows before it
    read([&](Repository& repo) {
      EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, subscription_.id), 0);
      EXPECT_FALSE(*repo.find_member_by_email(customer_.id, "a@example.com"));
      EXPECT_TRUE(repo.container_seat_events_until(ContainerKind::subscription, subscription_.id, at(99))->empty());
    });
  }
}

TEST_P(SeatOperationsContract, TransferOnAFullContainerKeepsTheSeatAndRecordsBothSides) {
  auto full = make_container(ContainerKind::subscription, customer_, product_, 1);
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_container(full)); });
  auto seat = assign("from@example.com", 10, &full);
  ASSERT_TRUE(seat);
  sink_.clear();
  auto moved = run([&](Repository& repo) {
    return transfer_seat(repo, sink_, ctx(20), org_, seat->seat.id, holder("to@example.com"));
  });
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_EQ(moved->seat.id, seat->seat.id);
  EXPECT_EQ(moved->seat.status, SeatStatus::pending);
  EXPECT_EQ(moved->seat.email, "to@example.com");
  EXPECT_NE(moved->seat.member_id, seat->seat.member_id);
  EXPECT_EQ(sink_.events, (std::vector<std::string>{"customer_seat.revoked", "customer_seat.assigned"}));
  EXPECT_EQ(sink_.seat_ids, (std::vector<Id>{seat->seat.id, seat->seat.id}));
  EXPECT_EQ(invited(), (std::vector<std::string>{"to@example.com"}));
  const auto h = history(seat->seat.id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1].kind, SeatEventKind::transferred_out);
  EXPECT_EQ(h[1].email, "from@example.com");
  EXPECT_EQ(h[1].member_id, seat->seat.member_id);
  EXPECT_EQ(h[2].kind, SeatEventKind::transferred_in);
  EXPECT_EQ(h[2].email, "to@example.com");
  EXPECT_EQ(h[2].member_id, moved->seat.member_id);
  EXPECT_EQ(h[2].actor.id, "token-1");

  // The holder already seated, and a revoked seat, are refused and change nothing.
  auto again = run([&](Repository& repo) {
    return transfer_seat(repo, sink_, ctx(30), org_, seat->seat.id, holder("to@example.com"));
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name, "SeatAlreadyAssigned");
  ASSERT_TRUE(run([&](Repository& repo) { return revoke_seat(repo, sink_, ctx(40), org_, seat->seat.id); }));
  auto revoked = run([&](Repository& repo) {
    return transfer_seat(repo, sink_, ctx(50), org_, seat->seat.id, holder("other@example.com"));
  });
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().name, "SeatAlreadyRevoked");
  EXPECT_EQ(history(seat->seat.id).size(), 4u);
}

TEST_P(SeatOperationsContract, HoldersAtAnInstantReplayTheLog) {
  auto a = assign("a@example.com", 10);
  auto b = assign("b@example.com", 20);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(run([&](Repository& repo) {
    return transfer_seat(repo, sink_, ctx(30), org_, a->seat.id, holder("c@example.com"));
  }));
  ASSERT_TRUE(run([&](Repository& repo) { return revoke_seat(repo, sink_, ctx(40), org_, b->seat.id); }));
  EXPECT_TRUE(holders_at(subscription_, 9).empty());
  EXPECT_EQ(holders_at(subscription_, 20), (std::vector<std::string>{"a@example.com:pending", "b@example.com:pending"}));
  EXPECT_EQ(holders_at(subscription_, 30), (std::vector<std::string>{"c@example.com:pending", "b@example.com:pending"}));
  EXPECT_EQ(holders_at(subscription_, 40), (std::vector<std::string>{"c@example.com:pending"}));
}

TEST_P(SeatOperationsContract, LapsedInvitationsAreRecordedOnceAtTheInstantTheyLapsed) {
  auto a = assign("a@example.com", 10);
  ASSERT_TRUE(a);
  const long long lapse = 10 + 24 * 3600;
  auto early = run([&](Repository& repo) { return record_lapsed_invitations(repo, ctx(lapse), 10); });
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, 0) << "not lapsed until after its expiry";
  auto noticed = run([&](Repository& repo) { return record_lapsed_invitations(repo, ctx(lapse + 60), 10); });
  ASSERT_TRUE(noticed);
  EXPECT_EQ(*noticed, 1);
  auto twice = run([&](Repository& repo) { return record_lapsed_invitations(repo, ctx(lapse + 120), 10); });
  EXPECT_EQ(*twice, 0);
  // A resend after the sweep does not record the lapse again.
  ASSERT_TRUE(run([&](Repository& repo) { return resend_invitation(repo, sink_, ctx(lapse + 180), org_, a->seat.id); }));
  const auto h = history(a->seat.id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1].kind, SeatEventKind::expired);
  EXPECT_EQ(h[1].at, at(lapse));
  EXPECT_EQ(h[1].actor.kind, ActorKind::system);
  EXPECT_EQ(h[2].kind, SeatEventKind::invitation_resent);
  EXPECT_TRUE(holders_at(subscription_, lapse + 60) == std::vector<std::string>{"a@example.com:pending"})
      << "a lapsed invitation still holds its seat";
}

}  // namespace sk::storage::contract
