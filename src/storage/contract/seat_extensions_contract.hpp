// Contract for the seat extensions' storage: pages of a container's seats with their filters,
// and organizations' invitation policies.
#pragma once

#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

TEST_P(StoreContract, SeatPagesFollowTheListOrderAndFilters) {
  // Seven seats created out of order; statuses cycle pending, claimed, revoked.
  std::vector<Seat> seats;
  const char* emails[] = {"Ann@Example.com", "bob@example.com", "carol@other.org", "dan@EXAMPLE.com",
                          "erin@other.org", "frank@example.com", "gina@example.com"};
  const int seconds[] = {60, 10, 50, 20, 40, 30, 70};
  write([&](Repository& repo) {
    for (int i = 0; i < 7; ++i) {
      Seat s = make_seat(subscription_, emails[i], seconds[i]);
      s.status = static_cast<SeatStatus>(i % 3);
      ASSERT_TRUE(repo.insert_seat(s));
      seats.push_back(s);
    }
  });
  std::vector<Seat> ordered = seats;
  std::ranges::sort(ordered, [](const Seat& a, const Seat& b) { return a.created_at < b.created_at; });
  auto ids = [](const std::vector<Seat>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
  };
  read([&](Repository& repo) {
    auto first = repo.list_seat_page(ContainerKind::subscription, subscription_.id, {}, PageRequest{1, 3, true});
    ASSERT_TRUE(first);
    EXPECT_EQ(first->total_count, 7);
    EXPECT_EQ(ids(first->items), ids({ordered.begin(), ordered.begin() + 3}));  // oldest first, whatever newest_first says
    auto last = repo.list_seat_page(ContainerKind::subscription, subscription_.id, {}, PageRequest{3, 3, false});
    ASSERT_TRUE(last);
    EXPECT_EQ(ids(last->items), ids({ordered.begin() + 6, ordered.end()}));
    auto beyond = repo.list_seat_page(ContainerKind::subscription, subscription_.id, {}, PageRequest{4, 3, false});
    ASSERT_TRUE(beyond);
    EXPECT_TRUE(beyond->items.empty());
    EXPECT_EQ(beyond->total_count, 7);

    SeatFilter pending_or_revoked;
    pending_or_revoked.want(SeatStatus::pending);
    pending_or_revoked.want(SeatStatus::revoked);
    auto filtered = repo.list_seat_page(ContainerKind::subscription, subscription_.id, pending_or_revoked,
                                        PageRequest{1, 100, false});
    ASSERT_TRUE(filtered);
    EXPECT_EQ(filtered->total_count, 5);
    for (const auto& s : filtered->items) EXPECT_NE(s.status, SeatStatus::claimed);

    SeatFilter by_email;
    by_email.email_contains = "eXaMpLe.CoM";
    auto matching = repo.list_seat_page(ContainerKind::subscription, subscription_.id, by_email, PageRequest{1, 100, false});
    ASSERT_TRUE(matching);
    EXPECT_EQ(matching->total_count, 5);
    by_email.want(SeatStatus::claimed);  // bob (1) and erin (4) are claimed; only bob is at example.com
    auto both = repo.list_seat_page(ContainerKind::subscription, subscription_.id, by_email, PageRequest{1, 100, false});
    ASSERT_TRUE(both);
    ASSERT_EQ(both->items.size(), 1u);
    EXPECT_EQ(both->items[0].email, "bob@example.com");
    SeatFilter no_match;
    no_match.email_contains = "%";  // no wildcards: a literal substring
    EXPECT_EQ(repo.list_seat_page(ContainerKind::subscription, subscription_.id, no_match, PageRequest{})->total_count, 0);

    auto other_kind = repo.list_seat_page(ContainerKind::order, subscription_.id, {}, PageRequest{});
    ASSERT_TRUE(other_kind);
    EXPECT_EQ(other_kind->total_count, 0);
  });
}

TEST_P(StoreContract, InvitationPolicyDefaultsAndUpdates) {
  read([&](Repository& repo) {
    auto policy = repo.find_invitation_policy(org_.id);
    ASSERT_TRUE(policy);
    EXPECT_TRUE(policy->send_email);
    EXPECT_FALSE(policy->lifetime);
  });
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.save_invitation_policy(org_.id, InvitationPolicy{false, std::chrono::hours(24 * 7)}, at(1)));
  });
  read([&](Repository& repo) {
    auto policy = repo.find_invitation_policy(org_.id);
    ASSERT_TRUE(policy);
    EXPECT_FALSE(policy->send_email);
    EXPECT_EQ(policy->lifetime, std::chrono::seconds(7 * 86400));
  });
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.save_invitation_policy(org_.id, InvitationPolicy{true, std::nullopt}, at(2)));
  });
  read([&](Repository& repo) {
    auto policy = repo.find_invitation_policy(org_.id);
    ASSERT_TRUE(policy);
    EXPECT_TRUE(policy->send_email);
    EXPECT_FALSE(policy->lifetime);
  });
}

}  // namespace sk::storage::contract
