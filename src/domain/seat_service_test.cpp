// Seat rules exercised against the real SQLite store (a temporary file), with a sink that
// records what would go to the outbox.
#include "domain/seat_service.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "storage/contract/domain_store_test.hpp"

namespace sk::domain {
namespace {

using namespace std::chrono_literals;

class SeatServiceTest : public storage::testing::DomainStoreTest {
 protected:
  void SetUp() override {
    DomainStoreTest::SetUp();
    billing_ = Customer{crypto::uuid_v4(), org_.id, "billing@acme.test", "ext-billing", "Billing", now_, std::nullopt};
    other_customer_ = Customer{crypto::uuid_v4(), org_.id, "carol@acme.test", "ext-carol", std::nullopt, now_, std::nullopt};
    product_ = Product{crypto::uuid_v4(), org_.id, "Team", true, 1, std::nullopt, now_};
    subscription_ = SeatContainer{ContainerKind::subscription, crypto::uuid_v4(), org_.id, billing_.id, product_.id, 2, "active", now_};
    order_ = SeatContainer{ContainerKind::order, crypto::uuid_v4(), org_.id, billing_.id, product_.id, 1, "pending", now_};
    ASSERT_TRUE(write([&](Repository& r) {
      return r.insert_customer(billing_) && r.insert_customer(other_customer_) &&
             r.insert_product(product_) && r.insert_container(subscription_) && r.insert_container(order_);
    }));
  }
  SeatContext ctx() const { return SeatContext{now_, "test-secret"}; }
  SeatAssignRequest assign_email(const std::string& email) const {
    SeatAssignRequest r;
    r.subscription_id = subscription_.id;
    r.email = email;
    return r;
  }
  Result<SeatView> assign(const SeatAssignRequest& req) {
    return run([&](Repository& r) { return assign_seat(r, sink_, ctx(), org_, req); });
  }

  Customer billing_, other_customer_;
  Product product_;
  SeatContainer subscription_, order_;
};

TEST_F(SeatServiceTest, AssignCreatesPendingSeatWithMemberUnderBillingCustomer) {
  auto seat = assign(assign_email("Alice@Example.COM"));
  ASSERT_TRUE(seat.has_value()) << seat.error().detail;
  EXPECT_EQ(seat->seat.status, SeatStatus::pending);
  EXPECT_EQ(seat->seat.customer_id, billing_.id);
  ASSERT_TRUE(seat->member.has_value());
  EXPECT_EQ(seat->member->customer_id, billing_.id);
  EXPECT_EQ(seat->member->email, "Alice@example.com");
  EXPECT_EQ(seat->seat.invitation_token_expires_at, now_ + 24h);
  EXPECT_EQ(sink_.events, std::vector<std::string>{"customer_seat.assigned"});
  ASSERT_EQ(sink_.invitations.size(), 1u);
  const auto& token = sink_.invitations[0].token;
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(sink_.invitations[0].billing_manager_email, "billing@acme.test");
  // Only the keyed hash is stored, cut to 128 bits: the first 32 hex digits of the HMAC.
  EXPECT_EQ(seat->seat.invitation_token_hash, invitation_token_hash(ctx(), token));
  EXPECT_EQ(seat->seat.invitation_token_hash, token_hash(ctx(), token).substr(0, 32));
  EXPECT_NE(seat->seat.invitation_token_hash, token);
}

TEST(InvitationTokenHash, IsTheFirst128BitsOfTheKeyedHashAndDependsOnTheKey) {
  const SeatContext a{Timestamp{}, "key-a"};
  const SeatContext b{Timestamp{}, "key-b"};
  const std::string hash = invitation_token_hash(a, "some-token");
  EXPECT_EQ(hash.size(), kInvitationTokenHashLength);
  EXPECT_EQ(hash, token_hash(a, "some-token").substr(0, kInvitationTokenHashLength));
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(hash, invitation_token_hash(b, "some-token"));
  EXPECT_NE(hash, invitation_token_hash(a, "some-token2"));
}

TEST_F(SeatServiceTest, CapacityIsCheckedBeforeDuplicates) {
  ASSERT_TRUE(assign(assign_email("a@x.test")));
  auto dup = assign(assign_email("A@x.test"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().name, "SeatAlreadyAssigned");
  EXPECT_EQ(dup.error().detail, "Seat already assigned to customer a@x.test");
  ASSERT_TRUE(assign(assign_email("b@x.test")));
  auto full = assign(assign_email("a@x.test"));  // full *and* duplicate: capacity wins
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().name, "SeatNotAvailable");
  EXPECT_EQ(full.error().detail, "No available seats for " + subscription_.id);
}

TEST_F(SeatServiceTest, ImmediateClaimHasNoTokenNoInvitationAndOnlyClaimedEvent) {
  auto req = assign_email("a@x.test");
  req.immediate_claim = true;
  auto seat = assign(req);
  ASSERT_TRUE(seat);
  EXPECT_EQ(seat->seat.status, SeatStatus::claimed);
  EXPECT_EQ(seat->seat.claimed_at, now_);
  EXPECT_FALSE(seat->seat.invitation_token_expires_at);
  EXPECT_FALSE(seat->seat.invitation_token_hash);
  EXPECT_TRUE(sink_.invitations.empty());
  EXPECT_EQ(sink_.events, std::vector<std::string>{"customer_seat.claimed"});
}

TEST_F(SeatServiceTest, RevokedSeatIsRecycledWithSameIdAndFreshToken) {
  auto first = assign(assign_email("a@x.test"));
  ASSERT_TRUE(first);
  auto revoked = run([&](Repository& r) { return revoke_seat(r, sink_, ctx(), org_, first->seat.id); });
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->seat.status, SeatStatus::revoked);
  EXPECT_FALSE(revoked->seat.customer_id || revoked->seat.member_id || revoked->seat.email || revoked->member);
  EXPECT_FALSE(revoked->customer_email);
  auto again = assign(assign_email("b@x.test"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->seat.id, first->seat.id);
  EXPECT_EQ(again->seat.created_at, first->seat.created_at);
  EXPECT_EQ(again->seat.status, SeatStatus::pending);
  EXPECT_FALSE(again->seat.revoked_at);
  EXPECT_NE(again->seat.invitation_token_hash, first->seat.invitation_token_hash);
}

TEST_F(SeatServiceTest, RevokeIsIdempotent) {
  auto seat = assign(assign_email("a@x.test"));
  ASSERT_TRUE(seat);
  auto once = run([&](Repository& r) { return revoke_seat(r, sink_, ctx(), org_, seat->seat.id); });
  auto twice = run([&](Repository& r) { return revoke_seat(r, sink_, ctx(), org_, seat->seat.id); });
  ASSERT_TRUE(once && twice);
  EXPECT_EQ(once->seat.revoked_at, twice->seat.revoked_at);
  EXPECT_EQ(std::count(sink_.events.begin(), sink_.events.end(), "customer_seat.revoked"), 1);
}

TEST_F(SeatServiceTest, ClaimIsSingleUseAndMintsMemberSession) {
  ASSERT_TRUE(assign(assign_email("a@x.test")));
  const std::string token = sink_.invitations.at(0).token;
  auto info = run([&](Repository& r) { return get_claim_info(r, ctx(), token); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->customer_email, "a@x.test");
  EXPECT_EQ(info->organization_slug, "acme");
  auto claimed = run([&](Repository& r) { return claim_seat(r, sink_, ctx(), token); });
  ASSERT_TRUE(claimed) << claimed.error().detail;
  EXPECT_TRUE(claimed->member_session_token.starts_with("polar_mst_"));
  EXPECT_EQ(claimed->seat.seat.status, SeatStatus::claimed);
  EXPECT_FALSE(claimed->seat.seat.invitation_token_hash);
  auto again = run([&](Repository& r) { return claim_seat(r, sink_, ctx(), token); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name, "InvalidInvitationToken");
  auto info_after = run([&](Repository& r) { return get_claim_info(r, ctx(), token); });
  ASSERT_FALSE(info_after);
  EXPECT_EQ(info_after.error().kind, ErrorKind::not_found);
}

TEST_F(SeatServiceTest, ExpiredInvitationCannotBeClaimed) {
  ASSERT_TRUE(assign(assign_email("a@x.test")));
  const std::string token = sink_.invitations.at(0).token;
  SeatContext later = ctx();
  later.now = now_ + 24h + 1s;
  auto claimed = run([&](Repository& r) { return claim_seat(r, sink_, later, token); });
  ASSERT_FALSE(claimed);
  EXPECT_EQ(claimed.error().name, "InvalidInvitationToken");
}

TEST_F(SeatServiceTest, ResendRotatesTheToken) {
  auto seat = assign(assign_email("a@x.test"));
  ASSERT_TRUE(seat);
  const std::string old_token = sink_.invitations.at(0).token;
  SeatContext later = ctx();
  later.now = now_ + 1h;
  auto resent = run([&](Repository& r) { return resend_invitation(r, sink_, later, org_, seat->seat.id); });
  ASSERT_TRUE(resent);
  ASSERT_EQ(sink_.invitations.size(), 2u);
  EXPECT_NE(sink_.invitations[1].token, old_token);
  EXPECT_EQ(resent->seat.invitation_token_expires_at, later.now + 24h);
  EXPECT_FALSE(run([&](Repository& r) { return claim_seat(r, sink_, later, old_token); }));
  EXPECT_TRUE(run([&](Repository& r) { return claim_seat(r, sink_, later, sink_.invitations[1].token); }));
  auto not_pending = run([&](Repository& r) { return resend_invitation(r, sink_, later, org_, seat->seat.id); });
  ASSERT_FALSE(not_pending);
  EXPECT_EQ(not_pending.error().name, "SeatNotPending");
}

TEST_F(SeatServiceTest, MemberIdentifiers) {
  SeatAssignRequest ext_only;
  ext_only.subscription_id = subscription_.id;
  ext_only.external_member_id = "m-1";
  auto missing = assign(ext_only);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().name, "MemberNotFound");
  EXPECT_EQ(missing.error().detail, "Member not found: m-1");

  auto with_email = ext_only;
  with_email.email = "m1@x.test";
  auto created = assign(with_email);
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_EQ(created->member->external_id, "m-1");

  auto mismatch = ext_only;
  mismatch.email = "other@x.test";
  auto refused = assign(mismatch);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().name, "MemberEmailMismatch");
  EXPECT_EQ(refused.error().detail, "Member with external_member_id 'm-1' exists but has a different email than 'other@x.test'");

  SeatAssignRequest by_member_id;
  by_member_id.subscription_id = subscription_.id;
  by_member_id.member_id = crypto::uuid_v4();
  auto unknown = assign(by_member_id);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().name, "MemberNotFound");
}

TEST_F(SeatServiceTest, CustomerIdentifiersResolveToThatCustomersEmail) {
  SeatAssignRequest by_customer;
  by_customer.subscription_id = subscription_.id;
  by_customer.external_customer_id = "ext-carol";
  auto seat = assign(by_customer);
  ASSERT_TRUE(seat) << seat.error().detail;
  EXPECT_EQ(seat->seat.email, "carol@acme.test");
  EXPECT_EQ(seat->seat.customer_id, billing_.id);  // the seat still belongs to the billing customer

  by_customer.external_customer_id = "nobody";
  auto unknown = assign(by_customer);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().name, "InvalidSeatAssignmentRequest");
  EXPECT_EQ(unknown.error().detail, "Customer not found for the provided customer_id or external_customer_id.");
}

TEST_F(SeatServiceTest, PendingOrderAndDisabledFeatureAreRefused) {
  SeatAssignRequest on_order;
  on_order.order_id = order_.id;
  on_order.email = "a@x.test";
  auto pending = assign(on_order);
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().detail, "Order must be paid before assigning seats");

  org_.seat_based_pricing_enabled = false;
  auto off = assign(assign_email("a@x.test"));
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().kind, ErrorKind::forbidden);
  EXPECT_EQ(off.error().name, "FeatureNotEnabled");
}

TEST_F(SeatServiceTest, ListCountsOnlyPendingAndClaimed) {
  auto a = assign(assign_email("a@x.test"));
  ASSERT_TRUE(a);
  ASSERT_TRUE(run([&](Repository& r) { return revoke_seat(r, sink_, ctx(), org_, a->seat.id); }));
  ASSERT_TRUE(assign(assign_email("b@x.test")));
  SeatAssignRequest c = assign_email("c@x.test");
  // the revoked row was recycled by b, so c takes a new row
  ASSERT_TRUE(assign(c));
  auto list = run([&](Repository& r) { return list_seats(r, org_, ContainerKind::subscription, subscription_.id); });
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total_seats, 2);
  EXPECT_EQ(list->available_seats, 0);
  ASSERT_EQ(list->seats.size(), 2u);
  for (const auto& seat : list->seats) {
    ASSERT_TRUE(seat.member.has_value());
    EXPECT_EQ(seat.member->id, seat.seat.member_id);
    EXPECT_EQ(seat.customer_email, seat.member->email);
  }
}

}  // namespace
}  // namespace sk::domain
