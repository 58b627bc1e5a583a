#include "domain/seat_history.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

Timestamp t(long long s) { return from_unix_micros(s * 1'000'000); }

SeatHistoryEvent event(const char* seat, SeatEventKind kind, long long second, const char* email) {
  SeatHistoryEvent e;
  e.seat_id = seat;
  e.kind = kind;
  e.at = t(second);
  e.email = email;
  e.member_id = std::string("m-") + email;
  return e;
}

TEST(SeatHistory, NamesRoundTrip) {
  for (auto kind : {SeatEventKind::assigned, SeatEventKind::invitation_resent, SeatEventKind::claimed,
                    SeatEventKind::revoked, SeatEventKind::transferred_out, SeatEventKind::transferred_in,
                    SeatEventKind::expired})
    EXPECT_EQ(seat_event_kind_from(to_string(kind)), kind);
  for (auto kind : {ActorKind::organization_token, ActorKind::customer_session, ActorKind::member_session, ActorKind::system})
    EXPECT_EQ(actor_kind_from(to_string(kind)), kind);
  EXPECT_FALSE(seat_event_kind_from("deleted"));
  EXPECT_FALSE(actor_kind_from(""));
}

TEST(SeatHistory, HoldingsFollowAssignClaimTransferRevoke) {
  std::vector<SeatHistoryEvent> log{
      event("s1", SeatEventKind::assigned, 1, "a"),
      event("s2", SeatEventKind::assigned, 2, "b"),
      event("s1", SeatEventKind::claimed, 3, "a"),
      event("s2", SeatEventKind::expired, 4, "b"),
      event("s1", SeatEventKind::transferred_out, 5, "a"),
      event("s1", SeatEventKind::transferred_in, 5, "c"),
      event("s2", SeatEventKind::revoked, 6, "b"),
      event("s3", SeatEventKind::claimed, 7, "d"),  // claimed at once: no assigned before it
  };
  auto held = holdings_after(log);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].seat_id, "s1");
  EXPECT_EQ(held[0].email, "c");
  EXPECT_EQ(held[0].status, SeatStatus::pending);
  EXPECT_EQ(held[0].since, t(5));
  EXPECT_EQ(held[1].seat_id, "s3");
  EXPECT_EQ(held[1].status, SeatStatus::claimed);

  log.resize(4);  // before the transfer: a claimed s1, b still holds s2 though its link lapsed
  held = holdings_after(log);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].email, "a");
  EXPECT_EQ(held[0].status, SeatStatus::claimed);
  EXPECT_EQ(held[0].since, t(1));
  EXPECT_EQ(held[1].email, "b");
  EXPECT_EQ(held[1].status, SeatStatus::pending);
  EXPECT_TRUE(holdings_after({}).empty());
}

}  // namespace
}  // namespace sk::domain
