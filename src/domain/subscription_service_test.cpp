// Subscription rules: the pure seat-count checks in Polar's order, and the writes (seat changes,
// revocation, scheduled ends) against the real SQLite store with a recording event sink.
#include "domain/subscription_service.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "domain/billing_period.hpp"
#include "domain/customer_service.hpp"
#include "domain/member_service.hpp"
#include "domain/product_service.hpp"
#include "storage/contract/domain_store_test.hpp"

namespace sk::domain {
namespace {

using namespace std::chrono_literals;

Product seat_product(int minimum, std::optional<int> maximum) {
  Product p;
  p.minimum_seats = minimum;
  p.maximum_seats = maximum;
  return p;
}

Subscription active(int seats) {
  Subscription s;
  s.seats = seats;
  return s;
}

TEST(SeatCountRules, AcceptsAChangeWithinTheLimitsAboveTheOccupiedSeats) {
  EXPECT_TRUE(check_seat_count_change(active(3), seat_product(1, 10), 5, 3));
  EXPECT_TRUE(check_seat_count_change(active(5), seat_product(1, 10), 3, 3));
  EXPECT_TRUE(check_seat_count_change(active(5), seat_product(1, std::nullopt), 1000, 0));
}

TEST(SeatCountRules, RefusesWithPolarsErrorsInPolarsOrder) {
  auto error_of = [](const Subscription& s, const Product& p, int requested, int occupied) {
    auto r = check_seat_count_change(s, p, requested, occupied);
    EXPECT_FALSE(r);
    return r ? Error{} : r.error();
  };
  Error e = error_of(active(5), seat_product(1, 10), 3, 5);
  EXPECT_EQ(e.name, "SeatsAlreadyAssigned");
  EXPECT_EQ(e.kind, ErrorKind::bad_request);
  EXPECT_EQ(e.detail, "Cannot decrease seats to 3. Currently 5 seats are assigned. Revoke seats first.");
  e = error_of(active(5), seat_product(2, 10), 1, 0);
  EXPECT_EQ(e.name, "BelowMinimumSeats");
  EXPECT_EQ(e.detail, "Minimum 2 seats required.");
  e = error_of(active(5), seat_product(2, 10), 11, 0);
  EXPECT_EQ(e.name, "AboveMaximumSeats");
  EXPECT_EQ(e.detail, "Maximum 10 seats allowed.");
  Subscription no_seats;
  e = error_of(no_seats, seat_product(1, 10), 2, 0);
  EXPECT_EQ(e.name, "NotASeatBasedSubscription");
  EXPECT_EQ(e.detail, "This subscription does not support seat-based pricing.");
  // A canceled (or canceling) subscription is refused before anything else.
  Subscription canceling = active(5);
  canceling.cancel_at_period_end = true;
  e = error_of(canceling, seat_product(2, 10), 1, 9);
  EXPECT_EQ(e.name, "AlreadyCanceledSubscription");
  EXPECT_EQ(e.kind, ErrorKind::forbidden);
  Subscription ended = active(5);
  ended.status = "canceled";
  EXPECT_EQ(error_of(ended, seat_product(1, 10), 6, 0).name, "AlreadyCanceledSubscription");
  // Below the minimum wins over "already assigned", as in Polar.
  EXPECT_EQ(error_of(active(5), seat_product(4, 10), 3, 5).name, "BelowMinimumSeats");
}

class SubscriptionServiceTest : public storage::testing::DomainStoreTest {
 protected:
  void SetUp() override {
    DomainStoreTest::SetUp();
    ProductCreate pc;
    pc.name = "Team";
    pc.recurring_interval = "month";
    pc.price.tiers = {SeatTier{1, 10, 500}};
    product_ = *run([&](Repository& r) { return create_product(r, org_, pc, now_); });
    CustomerCreate cc;
    cc.email = "billing@acme.test";
    customer_ = *run([&](Repository& r) { return create_customer(r, org_, cc, now_); });
  }
  SeatContext ctx(Timestamp at) const { return SeatContext{at, "test-secret"}; }
  SubscriptionView subscribe(int seats) {
    SubscriptionCreate in;
    in.customer_id = customer_.id;
    in.product_id = product_.id;
    in.seats = seats;
    auto s = run([&](Repository& r) { return create_subscription(r, org_, in, now_); });
    EXPECT_TRUE(s.has_value()) << s.error().detail;
    return *s;
  }
  SeatView seat_for(const Id& subscription_id, const std::string& email) {
    SeatAssignRequest req;
    req.subscription_id = subscription_id;
    req.email = email;
    auto seat = run([&](Repository& r) { return assign_seat(r, sink_, ctx(now_), org_, req); });
    EXPECT_TRUE(seat.has_value()) << seat.error().detail;
    return *seat;
  }
  int occupied(const Id& subscription_id) {
    int n = -1;
    (void)store_->read_now([&](Repository& r) { n = *r.count_occupied_seats(ContainerKind::subscription, subscription_id); });
    return n;
  }

  Product product_;
  Customer customer_;
};

TEST_F(SubscriptionServiceTest, StartsAtTheMinimumAndMakesTheBuyerATeam) {
  SubscriptionCreate in;
  in.customer_id = customer_.id;
  in.product_id = product_.id;
  auto s = run([&](Repository& r) { return create_subscription(r, org_, in, now_); });
  ASSERT_TRUE(s) << s.error().detail;
  EXPECT_EQ(s->subscription.seats, 1);
  EXPECT_EQ(s->customer.type, "team");
  EXPECT_EQ(s->current_period_start, now_);
  EXPECT_EQ(s->current_period_end, add_interval(now_, "month", 1));
}

TEST_F(SubscriptionServiceTest, RevokingEndsItAndRevokesEveryOccupiedSeatWithItsEvent) {
  auto s = subscribe(3);
  auto a = seat_for(s.subscription.id, "a@acme.test");
  auto b = seat_for(s.subscription.id, "b@acme.test");
  ASSERT_TRUE(run([&](Repository& r) { return revoke_seat(r, sink_, ctx(now_), org_, a.seat.id); }));
  sink_.clear();
  auto revoked = run([&](Repository& r) { return revoke_subscription(r, sink_, ctx(now_ + 1h), org_, s.subscription.id, {}); });
  ASSERT_TRUE(revoked) << revoked.error().detail;
  EXPECT_EQ(revoked->subscription.status, "canceled");
  EXPECT_EQ(revoked->subscription.ended_at, now_ + 1h);
  // Only the seat that was still occupied is revoked now; the one revoked before gets no second event.
  ASSERT_EQ(sink_.events.size(), 1u);
  EXPECT_EQ(sink_.events[0], "customer_seat.revoked");
  EXPECT_EQ(sink_.seat_ids[0], b.seat.id);
  EXPECT_EQ(occupied(s.subscription.id), 0);
  auto again = run([&](Repository& r) { return revoke_subscription(r, sink_, ctx(now_ + 2h), org_, s.subscription.id, {}); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name, "AlreadyCanceledSubscription");
}

TEST_F(SubscriptionServiceTest, AScheduledCancellationEndsOnlyWhenItsTimeHasCome) {
  auto s = subscribe(2);
  seat_for(s.subscription.id, "a@acme.test");
  auto canceled = run([&](Repository& r) {
    return set_cancel_at_period_end(r, org_, s.subscription.id, true, {"unused", std::nullopt}, now_);
  });
  ASSERT_TRUE(canceled) << canceled.error().detail;
  const Timestamp ends = *canceled->subscription.ends_at;
  EXPECT_EQ(ends, canceled->current_period_end);
  sink_.clear();
  auto early = run([&](Repository& r) { return end_due_subscriptions(r, sink_, ctx(ends - 1s), 10); });
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, 0);
  EXPECT_EQ(occupied(s.subscription.id), 1);
  auto due = run([&](Repository& r) { return end_due_subscriptions(r, sink_, ctx(ends + 1s), 10); });
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, 1);
  EXPECT_EQ(sink_.events.size(), 1u);
  EXPECT_EQ(occupied(s.subscription.id), 0);
  auto ended = run([&](Repository& r) { return get_subscription(r, org_, s.subscription.id, ends + 1s); });
  EXPECT_EQ(ended->subscription.status, "canceled");
  EXPECT_EQ(ended->subscription.ended_at, ends);
}

TEST_F(SubscriptionServiceTest, SeatChangesCountOccupiedSeatsInTheSameWrite) {
  auto s = subscribe(3);
  for (auto e : {"a@acme.test", "b@acme.test", "c@acme.test"}) seat_for(s.subscription.id, e);
  auto lower = run([&](Repository& r) { return change_seats(r, org_, s.subscription.id, 2, now_); });
  ASSERT_FALSE(lower);
  EXPECT_EQ(lower.error().name, "SeatsAlreadyAssigned");
  auto raise = run([&](Repository& r) { return change_seats(r, org_, s.subscription.id, 4, now_ + 1s); });
  ASSERT_TRUE(raise) << raise.error().detail;
  EXPECT_EQ(raise->subscription.seats, 4);
  EXPECT_EQ(raise->subscription.modified_at, now_ + 1s);
}

TEST_F(SubscriptionServiceTest, DeletingAMemberOrTheCustomerRevokesTheirSeats) {
  auto s = subscribe(3);
  auto a = seat_for(s.subscription.id, "a@acme.test");
  seat_for(s.subscription.id, "b@acme.test");
  sink_.clear();
  ASSERT_TRUE(run([&](Repository& r) { return delete_member(r, sink_, ctx(now_), org_, *a.member); }));
  EXPECT_EQ(sink_.events.size(), 1u);
  EXPECT_EQ(occupied(s.subscription.id), 1);
  ASSERT_TRUE(run([&](Repository& r) { return delete_customer(r, sink_, ctx(now_), org_, customer_); }));
  EXPECT_EQ(sink_.events.size(), 2u);
  EXPECT_EQ(occupied(s.subscription.id), 0);
  auto gone = run([&](Repository& r) { return get_customer(r, org_, customer_.id); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().name, "ResourceNotFound");
}

}  // namespace
}  // namespace sk::domain
