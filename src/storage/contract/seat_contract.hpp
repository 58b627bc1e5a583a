// Repository contract for seats, sessions and the outbox.
#pragma once

#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

TEST_P(StoreContract, SeatRoundTripsEveryColumn) {
  Member m = make_member(customer_, "holder@example.com");
  Seat s = make_seat(subscription_, "Holder@Example.com", 10);
  s.invitation_token_hash = "tok";
  s.invitation_token_expires_at = at(20);
  s.metadata_json = R"({"team":"blue","n":[1,2.5,null]})";
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_member(m));
    ASSERT_TRUE(repo.insert_seat(s));
  });
  read([&](Repository& repo) {
    auto found = repo.find_seat(org_.id, s.id);
    ASSERT_TRUE(found && *found);
    const Seat& f = **found;
    EXPECT_EQ(f.created_at, at(10));
    EXPECT_FALSE(f.modified_at);
    EXPECT_EQ(f.container_kind, ContainerKind::subscription);
    EXPECT_EQ(f.container_id, subscription_.id);
    EXPECT_EQ(f.status, SeatStatus::pending);
    EXPECT_EQ(f.customer_id, customer_.id);
    EXPECT_FALSE(f.member_id);
    EXPECT_EQ(f.email, "Holder@Example.com");
    EXPECT_EQ(f.invitation_token_hash, "tok");
    EXPECT_EQ(f.invitation_token_expires_at, at(20));
    EXPECT_EQ(f.metadata_json, R"({"team":"blue","n":[1,2.5,null]})");  // verbatim
  });

  s.status = SeatStatus::claimed;
  s.member_id = m.id;
  s.invitation_token_hash.reset();
  s.invitation_token_expires_at.reset();
  s.claimed_at = at(30);
  s.modified_at = at(30);
  write([&](Repository& repo) {
    // A write job finds (and locks) the same seat by id and by token.
    auto by_token = repo.find_seat_by_token_hash("tok");
    ASSERT_TRUE(by_token && *by_token);
    EXPECT_EQ((*by_token)->id, s.id);
    ASSERT_TRUE(repo.update_seat(s));
  });
  read([&](Repository& repo) {
    auto claimed = repo.find_seat(org_.id, s.id);
    ASSERT_TRUE(claimed && *claimed);
    EXPECT_EQ((*claimed)->status, SeatStatus::claimed);
    EXPECT_EQ((*claimed)->member_id, m.id);
    EXPECT_FALSE((*claimed)->invitation_token_hash);
    EXPECT_EQ((*claimed)->claimed_at, at(30));
    EXPECT_EQ((*claimed)->modified_at, at(30));
    EXPECT_FALSE(*repo.find_seat_by_token_hash("tok"));
  });

  s.status = SeatStatus::revoked;
  s.revoked_at = at(40);
  write([&](Repository& repo) {
    auto locked = repo.find_seat(org_.id, s.id);
    ASSERT_TRUE(locked && *locked);
    ASSERT_TRUE(repo.update_seat(s));
    Seat ghost = make_seat(subscription_, "ghost@example.com", 1);
    auto missing = repo.update_seat(ghost);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  });
  read([&](Repository& repo) {
    auto revoked = repo.find_seat(org_.id, s.id);
    ASSERT_TRUE(revoked && *revoked);
    EXPECT_EQ((*revoked)->status, SeatStatus::revoked);
    EXPECT_EQ((*revoked)->revoked_at, at(40));
  });
}

TEST_P(StoreContract, SeatsAreScopedToTheirOrganization) {
  Seat s = make_seat(subscription_, "a@example.com", 1);
  s.invitation_token_hash = "hash-a";
  Organization other = make_organization("other");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_seat(s));
    ASSERT_TRUE(repo.insert_organization(other));
  });
  read([&](Repository& repo) {
    EXPECT_FALSE(*repo.find_seat(other.id, s.id));
    auto by_token = repo.find_seat_by_token_hash("hash-a");
    ASSERT_TRUE(by_token && *by_token);
    EXPECT_EQ((*by_token)->id, s.id);
  });
}

TEST_P(StoreContract, OrderSeatsUseTheOrderColumn) {
  SeatContainer order = make_container(ContainerKind::order, customer_, product_, 2);
  Seat s = make_seat(order, "o@example.com", 1);
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_container(order));
    ASSERT_TRUE(repo.insert_seat(s));
  });
  read([&](Repository& repo) {
    auto found = repo.find_seat(org_.id, s.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->container_kind, ContainerKind::order);
    EXPECT_EQ((*found)->container_id, order.id);
    EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::order, order.id), 1);
    EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, order.id), 0);
    EXPECT_EQ(repo.list_seats(ContainerKind::order, order.id)->size(), 1u);
  });
}

TEST_P(StoreContract, ListCountRevokedAndOccupiedByEmail) {
  // Inserted out of order; two share a created_at so the id breaks the tie, bytewise: '-' sorts
  // before 'b' (a locale that skips punctuation would compare 'f' with 'b' and swap them).
  Seat late = make_seat(subscription_, "late@example.com", 30);
  Seat early = make_seat(subscription_, "early@example.com", 10);
  Seat tie_a = make_seat(subscription_, "Tie@Example.com", 20);
  Seat tie_b = make_seat(subscription_, "revoked@example.com", 20);
  tie_a.id = "aaaaaaaa-ffff-4000-8000-000000000000";
  tie_b.id = "aaaaaaaab000-4000-8000-000000000000";
  tie_b.status = SeatStatus::revoked;
  late.status = SeatStatus::claimed;
  SeatContainer empty = make_container(ContainerKind::subscription, customer_, product_, 1);
  write([&](Repository& repo) {
    for (const Seat* s : {&late, &tie_b, &early, &tie_a}) ASSERT_TRUE(repo.insert_seat(*s));
    ASSERT_TRUE(repo.insert_container(empty));
  });
  read([&](Repository& repo) {
    auto listed = repo.list_seats(ContainerKind::subscription, subscription_.id);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 4u);
    EXPECT_EQ((*listed)[0].id, early.id);
    EXPECT_EQ((*listed)[1].id, tie_a.id);
    EXPECT_EQ((*listed)[2].id, tie_b.id);
    EXPECT_EQ((*listed)[3].id, late.id);

    EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, subscription_.id), 3);
    auto revoked = repo.find_revoked_seat(ContainerKind::subscription, subscription_.id);
    ASSERT_TRUE(revoked && *revoked);
    EXPECT_EQ((*revoked)->id, tie_b.id);

    auto occupied = repo.find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id, "tie@EXAMPLE.com");
    ASSERT_TRUE(occupied && *occupied);
    EXPECT_EQ((*occupied)->id, tie_a.id);
    auto claimed = repo.find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id, "LATE@example.com");
    ASSERT_TRUE(claimed && *claimed);
    EXPECT_EQ((*claimed)->id, late.id);
    EXPECT_FALSE(*repo.find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id,
                                                   "revoked@example.com"));

    EXPECT_TRUE(repo.list_seats(ContainerKind::subscription, empty.id)->empty());
    EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, empty.id), 0);
    EXPECT_FALSE(*repo.find_revoked_seat(ContainerKind::subscription, empty.id));
  });
}

TEST_P(StoreContract, MemberSessionTokenHashIsUnique) {
  Member m = make_member(customer_, "holder@example.com");
  MemberSession session{crypto::uuid_v4(), "session-hash", m.id, at(1000), at(1)};
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_member(m));
    ASSERT_TRUE(repo.insert_member_session(session));
    MemberSession twin = session;
    twin.id = crypto::uuid_v4();
    auto refused = repo.insert_member_session(twin);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(is_conflict(refused.error())) << refused.error().detail;
  });
  read([&](Repository& repo) {
    auto found = repo.find_member_session(session.token_hash);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->id, session.id);
    EXPECT_EQ((*found)->member_id, session.member_id);
    EXPECT_EQ((*found)->expires_at, session.expires_at);
    EXPECT_EQ((*found)->created_at, session.created_at);
    EXPECT_FALSE(*repo.find_member_session("no-such-hash"));
  });
}

TEST_P(StoreContract, OutboxDueCompleteRescheduleAndLease) {
  auto message = [&](const std::string& topic, long long created, long long available) {
    return OutboxMessage{crypto::uuid_v4(), topic, org_.id, "customer_seat.assigned", R"({"n":1})",
                         at(created),       at(available), 0};
  };
  OutboxMessage second = message("webhook_event", 2, 2);
  OutboxMessage first = message("webhook_event", 1, 1);
  OutboxMessage later = message("webhook_event", 0, 100);  // oldest, but not yet due
  OutboxMessage mail = message("email", 0, 0);
  second.request_id = "req-42";  // written while serving a request; the others were not
  write([&](Repository& repo) {
    for (const auto* m : {&second, &first, &later, &mail}) ASSERT_TRUE(repo.append_outbox(*m));
  });
  read([&](Repository& repo) {
    auto due = repo.due_outbox("webhook_event", at(10), 10);
    ASSERT_TRUE(due);
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].id, first.id);
    EXPECT_EQ((*due)[1].id, second.id);
    EXPECT_EQ((*due)[0].payload, R"({"n":1})");
    EXPECT_EQ((*due)[0].topic, "webhook_event");
    EXPECT_EQ((*due)[0].organization_id, org_.id);
    EXPECT_EQ((*due)[0].event_type, "customer_seat.assigned");
    EXPECT_EQ((*due)[0].created_at, at(1));
    EXPECT_EQ((*due)[0].available_at, at(1));
    EXPECT_EQ((*due)[0].request_id, std::nullopt);
    EXPECT_EQ((*due)[1].request_id, "req-42");
    EXPECT_EQ(repo.due_outbox("webhook_event", at(10), 1)->size(), 1u);
  });
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.complete_outbox(first.id, at(11)));
    ASSERT_TRUE(repo.reschedule_outbox(second.id, at(50), "HTTP 503"));
    ASSERT_TRUE(repo.reschedule_outbox(second.id, at(60), "timeout"));
    EXPECT_FALSE(repo.complete_outbox(crypto::uuid_v4(), at(1)));
  });
  read([&](Repository& repo) {
    EXPECT_TRUE(repo.due_outbox("webhook_event", at(10), 10)->empty());
    auto due = repo.due_outbox("webhook_event", at(100), 10);
    ASSERT_TRUE(due);
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].id, later.id);
    EXPECT_EQ((*due)[1].id, second.id);
    EXPECT_EQ((*due)[1].attempts, 2);
    EXPECT_EQ((*due)[1].available_at, at(60));
    EXPECT_EQ(repo.due_outbox("email", at(0), 10)->size(), 1u);
  });

  // A claimed message is leased: invisible until the lease ends, then due again.
  write([&](Repository& repo) {
    auto claimed = repo.claim_outbox("email", at(0), 10, at(30));
    ASSERT_TRUE(claimed);
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ((*claimed)[0].id, mail.id);
    EXPECT_EQ((*claimed)[0].available_at, at(30));
  });
  write([&](Repository& repo) { EXPECT_TRUE(repo.claim_outbox("email", at(29), 10, at(60))->empty()); });
  write([&](Repository& repo) {
    auto again = repo.claim_outbox("email", at(30), 10, at(90));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), 1u);
    // claim_outbox hands messages out oldest first, like due_outbox.
    auto webhooks = repo.claim_outbox("webhook_event", at(100), 10, at(200));
    ASSERT_TRUE(webhooks);
    ASSERT_EQ(webhooks->size(), 2u);
    EXPECT_EQ((*webhooks)[0].id, later.id);
    EXPECT_EQ((*webhooks)[1].id, second.id);
  });
}

}  // namespace sk::storage::contract
