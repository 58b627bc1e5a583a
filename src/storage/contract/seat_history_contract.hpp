// Repository contract for the seat history: append-only, ordered as written, readable per seat
// and per container up to an instant, and the lapsed-invitation query the sweeper uses.
#pragma once

#include "crypto/crypto.hpp"
#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

inline SeatHistoryEvent make_seat_event(const Seat& seat, SeatEventKind kind, Timestamp when,
                                        Actor actor = Actor{ActorKind::organization_token, "token-1"}) {
  return SeatHistoryEvent{crypto::uuid_v4(), seat.id,        seat.organization_id, seat.container_kind,
                          seat.container_id, kind,           when,                 seat.email,
                          seat.member_id,    std::move(actor)};
}

TEST_P(StoreContract, SeatEventsRoundTripOldestFirstInWriteOrder) {
  Member m = make_member(customer_, "holder@example.com");
  Seat s = make_seat(subscription_, "holder@example.com", 10);
  s.member_id = m.id;
  const auto first = make_seat_event(s, SeatEventKind::assigned, at(20));
  // Two events in the same microsecond (a transfer writes out and in at once) keep their order.
  const auto out = make_seat_event(s, SeatEventKind::transferred_out, at(30), Actor{});
  auto in = make_seat_event(s, SeatEventKind::transferred_in, at(30), Actor{ActorKind::member_session, "sess"});
  in.email = "next@example.com";
  in.member_id.reset();
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_member(m));
    ASSERT_TRUE(repo.insert_seat(s));
    ASSERT_TRUE(repo.append_seat_event(out));  // written before `first`, yet dated later
    ASSERT_TRUE(repo.append_seat_event(in));
    ASSERT_TRUE(repo.append_seat_event(first));
  });
  read([&](Repository& repo) {
    auto page = repo.list_seat_events(s.id, PageRequest{1, 10, true});
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->total_count, 3);
    ASSERT_EQ(page->items.size(), 3u);
    EXPECT_EQ(page->items[0].id, first.id);
    EXPECT_EQ(page->items[1].id, out.id);
    EXPECT_EQ(page->items[2].id, in.id);
    const auto& e = page->items[0];
    EXPECT_EQ(e.seat_id, s.id);
    EXPECT_EQ(e.organization_id, org_.id);
    EXPECT_EQ(e.container_kind, ContainerKind::subscription);
    EXPECT_EQ(e.container_id, subscription_.id);
    EXPECT_EQ(e.kind, SeatEventKind::assigned);
    EXPECT_EQ(e.at, at(20));
    EXPECT_EQ(e.email, "holder@example.com");
    EXPECT_EQ(e.member_id, m.id);
    EXPECT_EQ(e.actor.kind, ActorKind::organization_token);
    EXPECT_EQ(e.actor.id, "token-1");
    EXPECT_EQ(page->items[1].actor.kind, ActorKind::system);
    EXPECT_FALSE(page->items[1].actor.id);
    EXPECT_FALSE(page->items[2].member_id);
    EXPECT_EQ(page->items[2].actor.id, "sess");

    auto second = repo.list_seat_events(s.id, PageRequest{2, 2, true});
    ASSERT_TRUE(second);
    EXPECT_EQ(second->total_count, 3);
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_EQ(second->items[0].id, in.id);

    auto recorded = repo.has_seat_event(s.id, SeatEventKind::transferred_out, at(30));
    ASSERT_TRUE(recorded);
    EXPECT_TRUE(*recorded);
    EXPECT_FALSE(*repo.has_seat_event(s.id, SeatEventKind::expired, at(30)));
    EXPECT_FALSE(*repo.has_seat_event(s.id, SeatEventKind::transferred_out, at(31)));
  });
}

TEST_P(StoreContract, ContainerSeatEventsUntilAnInstant) {
  auto order = make_container(ContainerKind::order, customer_, product_, 3);
  Seat a = make_seat(subscription_, "a@example.com", 10);
  Seat b = make_seat(subscription_, "b@example.com", 11);
  Seat o = make_seat(order, "o@example.com", 12);
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_container(order));
    for (const Seat* s : {&a, &b, &o}) ASSERT_TRUE(repo.insert_seat(*s));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(a, SeatEventKind::assigned, at(20))));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(o, SeatEventKind::assigned, at(21))));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(b, SeatEventKind::assigned, at(22))));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(a, SeatEventKind::revoked, at(23))));
  });
  read([&](Repository& repo) {
    auto until = repo.container_seat_events_until(ContainerKind::subscription, subscription_.id, at(22));
    ASSERT_TRUE(until) << until.error().detail;
    ASSERT_EQ(until->size(), 2u);  // inclusive of the instant; the order's seat is not in it
    EXPECT_EQ((*until)[0].seat_id, a.id);
    EXPECT_EQ((*until)[1].seat_id, b.id);
    EXPECT_EQ(repo.container_seat_events_until(ContainerKind::subscription, subscription_.id, at(99))->size(), 3u);
    auto orders = repo.container_seat_events_until(ContainerKind::order, order.id, at(99));
    ASSERT_TRUE(orders);
    ASSERT_EQ(orders->size(), 1u);
    EXPECT_EQ((*orders)[0].container_kind, ContainerKind::order);
    EXPECT_EQ((*orders)[0].container_id, order.id);
    EXPECT_TRUE(repo.container_seat_events_until(ContainerKind::subscription, subscription_.id, at(19))->empty());
  });
}

TEST_P(StoreContract, SeatHistoryIsAppendOnly) {
  Seat s = make_seat(subscription_, "a@example.com", 10);
  const auto e = make_seat_event(s, SeatEventKind::assigned, at(20));
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_seat(s));
    ASSERT_TRUE(repo.append_seat_event(e));
  });
  EXPECT_FALSE(backend_->exec("UPDATE seat_events SET email = 'forged@example.com'"));
  EXPECT_FALSE(backend_->exec("DELETE FROM seat_events"));
  read([&](Repository& repo) {
    auto page = repo.list_seat_events(s.id, PageRequest{});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].email, "a@example.com");
  });
}

TEST_P(StoreContract, SeatsWithUnrecordedLapse) {
  Seat lapsed = make_seat(subscription_, "lapsed@example.com", 10);
  lapsed.invitation_token_expires_at = at(50);
  Seat noticed = make_seat(subscription_, "noticed@example.com", 11);
  noticed.invitation_token_expires_at = at(40);
  Seat live = make_seat(subscription_, "live@example.com", 12);
  live.invitation_token_expires_at = at(500);
  Seat claimed = make_seat(subscription_, "claimed@example.com", 13);
  claimed.status = SeatStatus::claimed;
  claimed.invitation_token_expires_at = at(30);
  Seat relapsed = make_seat(subscription_, "relapsed@example.com", 14);
  relapsed.invitation_token_expires_at = at(60);  // an earlier lapse (at 45) was noticed, then resent
  write([&](Repository& repo) {
    for (const Seat* s : {&lapsed, &noticed, &live, &claimed, &relapsed}) ASSERT_TRUE(repo.insert_seat(*s));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(noticed, SeatEventKind::expired, at(40), Actor{})));
    ASSERT_TRUE(repo.append_seat_event(make_seat_event(relapsed, SeatEventKind::expired, at(45), Actor{})));
  });
  write([&](Repository& repo) {
    auto due = repo.seats_with_unrecorded_lapse(at(100), 10);
    ASSERT_TRUE(due) << due.error().detail;
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].id, lapsed.id);  // the oldest lapse first
    EXPECT_EQ((*due)[1].id, relapsed.id);
    EXPECT_EQ(repo.seats_with_unrecorded_lapse(at(100), 1)->size(), 1u);
    EXPECT_TRUE(repo.seats_with_unrecorded_lapse(at(50), 10)->empty());  // lapsed *before* now
  });
}

}  // namespace sk::storage::contract
