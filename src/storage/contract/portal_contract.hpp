// Portal contract: the customer portal's reads (subscriptions with a claimed seat) select, count,
// de-duplicate and page the same way on every store. Included by the per-backend instantiation
// files only.
#pragma once

#include "storage/contract/management_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

TEST_P(StoreContract, PortalClaimedSubscriptionsOfAMemberAndOfACustomer) {
  const Shop shop = insert_shop(*store_);
  const Member holder = make_member(shop.customer, "holder@example.com");
  const Member other = make_member(shop.customer, "other@example.com");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_member(holder));
    ASSERT_TRUE(repo.insert_member(other));
    // first: two claimed seats (the holder's and another's); second: the holder's seat is pending;
    // third: the holder's seat was revoked; fourth: the holder's claimed seat, created last.
    std::vector<Subscription> subs;
    for (int i = 0; i < 4; ++i) {
      subs.push_back(shop.subscription(3, at(10 + i)));
      ASSERT_TRUE(repo.insert_subscription(subs.back()));
    }
    auto seat_in = [&](const Subscription& s, const Member& m, SeatStatus status, long long second) {
      SeatContainer container{ContainerKind::subscription, s.id, s.organization_id, s.customer_id, s.product_id, 3,
                              "active", s.created_at};
      Seat seat = make_seat(container, m.email, second);
      seat.member_id = m.id;
      seat.status = status;
      return repo.insert_seat(seat);
    };
    ASSERT_TRUE(seat_in(subs[0], holder, SeatStatus::claimed, 20));
    ASSERT_TRUE(seat_in(subs[0], other, SeatStatus::claimed, 21));
    ASSERT_TRUE(seat_in(subs[1], holder, SeatStatus::pending, 22));
    ASSERT_TRUE(seat_in(subs[2], holder, SeatStatus::revoked, 23));
    ASSERT_TRUE(seat_in(subs[3], holder, SeatStatus::claimed, 24));
    // A claimed seat of an order is no subscription.
    SeatContainer order = make_container(ContainerKind::order, shop.customer, shop.product, 2);
    ASSERT_TRUE(repo.insert_container(order));
    Seat on_order = make_seat(order, holder.email, 25);
    on_order.member_id = holder.id;
    on_order.status = SeatStatus::claimed;
    ASSERT_TRUE(repo.insert_seat(on_order));
  });
  read([&](Repository& repo) {
    auto ids = [](const Page<Subscription>& page) {
      std::vector<Id> out;
      for (const auto& s : page.items) out.push_back(s.id);
      return out;
    };
    const PageRequest oldest_first{1, 10, false};
    const Id& holder_id = holder.id;
    auto of_member = repo.claimed_subscriptions_of_member(holder_id, oldest_first);
    ASSERT_TRUE(of_member) << of_member.error().detail;
    EXPECT_EQ(of_member->total_count, 2);
    ASSERT_EQ(of_member->items.size(), 2u);
    EXPECT_EQ(of_member->items[0].created_at, at(10));
    EXPECT_EQ(of_member->items[1].created_at, at(13));
    EXPECT_EQ(of_member->items[1].seats, 3);

    auto second_page = repo.claimed_subscriptions_of_member(holder_id, PageRequest{2, 1, false});
    ASSERT_TRUE(second_page);
    EXPECT_EQ(second_page->total_count, 2);
    ASSERT_EQ(second_page->items.size(), 1u);
    EXPECT_EQ(second_page->items[0].id, of_member->items[1].id);

    auto of_customer = repo.claimed_subscriptions_of_customer(shop.customer.id, oldest_first);
    ASSERT_TRUE(of_customer) << of_customer.error().detail;
    EXPECT_EQ(ids(*of_customer), ids(*of_member)) << "the first subscription once, though two seats are claimed";
    EXPECT_EQ(of_customer->total_count, 2);

    EXPECT_EQ(repo.claimed_subscriptions_of_member(crypto::uuid_v4(), oldest_first)->total_count, 0);
    EXPECT_EQ(repo.claimed_subscriptions_of_customer(crypto::uuid_v4(), oldest_first)->total_count, 0);
  });
}

}  // namespace sk::storage::contract
