// Customer-portal seat rules against the real SQLite store: who may act (customer, owner,
// billing manager, plain member), which containers and seats are theirs, and which sessions
// resolve to a subject.
#include "domain/portal_seat_service.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "domain/customer_service.hpp"
#include "domain/customer_session_service.hpp"
#include "domain/member_service.hpp"
#include "domain/product_service.hpp"
#include "domain/subscription_service.hpp"
#include "storage/contract/domain_store_test.hpp"

namespace sk::domain {
namespace {

using namespace std::chrono_literals;

class PortalSeatServiceTest : public storage::testing::DomainStoreTest {
 protected:
  void SetUp() override {
    DomainStoreTest::SetUp();
    ProductCreate pc;
    pc.name = "Team";
    pc.recurring_interval = "month";
    pc.price.tiers = {SeatTier{1, 10, 500}};
    product_ = *run([&](Repository& r) { return create_product(r, org_, pc, now_); });
    alice_ = customer("alice@acme.test", "ext-alice");
    bob_ = customer("bob@acme.test", "ext-bob");
    alice_subscription_ = subscribe(alice_, 3);
    bob_subscription_ = subscribe(bob_, 3);
  }
  Customer customer(const std::string& email, const std::string& external_id) {
    CustomerCreate cc;
    cc.email = email;
    cc.external_id = external_id;
    auto c = run([&](Repository& r) { return create_customer(r, org_, cc, now_); });
    EXPECT_TRUE(c.has_value());
    return *c;
  }
  Id subscribe(const Customer& c, int seats) {
    SubscriptionCreate in;
    in.customer_id = c.id;
    in.product_id = product_.id;
    in.seats = seats;
    auto s = run([&](Repository& r) { return create_subscription(r, org_, in, now_); });
    EXPECT_TRUE(s.has_value()) << s.error().detail;
    return s->subscription.id;
  }
  SeatContext ctx(Timestamp at) const { return SeatContext{at, "test-secret"}; }
  SeatContext ctx() const { return ctx(now_); }

  // A customer session's subject, resolved from its token as the API and the pages do.
  PortalSubject customer_subject(const Customer& c) {
    CustomerSessionCreate in;
    in.customer_id = c.id;
    auto created = run([&](Repository& r) { return create_customer_session(r, ctx(), org_, in); });
    EXPECT_TRUE(created.has_value());
    auto subject = resolve(created->token);
    EXPECT_TRUE(subject.has_value());
    return *subject;
  }
  std::optional<PortalSubject> resolve(const std::string& token, Timestamp at) {
    std::optional<PortalSubject> out;
    (void)store_->read_now([&](Repository& r) {
      auto found = find_portal_subject(r, ctx(at), token);
      EXPECT_TRUE(found.has_value());
      if (found) out = *found;
    });
    return out;
  }
  std::optional<PortalSubject> resolve(const std::string& token) { return resolve(token, now_); }

  PortalSeatAssign assign_to(const Id& subscription_id, const std::string& email) const {
    PortalSeatAssign in;
    in.seat.subscription_id = subscription_id;
    in.seat.email = email;
    return in;
  }
  Result<SeatView> assign(const PortalSubject& s, const PortalSeatAssign& in) {
    return run([&](Repository& r) { return portal_assign_seat(r, sink_, ctx(), s, in); });
  }
  // Claims the last invitation sent; returns the member session token.
  std::string claim_last_invitation() {
    const std::string token = sink_.invitations.back().token;
    auto claimed = run([&](Repository& r) { return claim_seat(r, sink_, ctx(), token); });
    EXPECT_TRUE(claimed.has_value());
    return claimed->member_session_token;
  }
  PortalSubject member_subject_with_role(const std::string& role) {
    auto seat = assign(customer_subject(alice_), assign_to(alice_subscription_, role + "@acme.test"));
    EXPECT_TRUE(seat.has_value());
    const std::string session = claim_last_invitation();
    if (role != "member") {
      auto changed = run([&](Repository& r) -> Result<Member> {
        SK_TRY(m, get_member(r, org_, alice_.id, *seat->seat.member_id));
        MemberUpdate update;
        update.role = role;
        return update_member(r, org_, m, update, now_);
      });
      EXPECT_TRUE(changed.has_value()) << changed.error().detail;
    }
    auto subject = resolve(session);
    EXPECT_TRUE(subject.has_value());
    return *subject;
  }

  Product product_;
  Customer alice_, bob_;
  Id alice_subscription_, bob_subscription_;
};

void expect_error(const auto& result, ErrorKind kind, const std::string& name, const std::string& detail) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, kind);
  EXPECT_EQ(result.error().name, name);
  EXPECT_EQ(result.error().detail, detail);
}

TEST_F(PortalSeatServiceTest, SessionsResolveToTheirCustomerAndMember) {
  PortalSubject alice = customer_subject(alice_);
  EXPECT_EQ(alice.customer.id, alice_.id);
  EXPECT_EQ(alice.organization.id, org_.id);
  EXPECT_FALSE(alice.member);
  EXPECT_TRUE(alice.may_manage_seats());

  ASSERT_TRUE(assign(alice, assign_to(alice_subscription_, "dana@acme.test")));
  const std::string member_session = claim_last_invitation();
  auto dana = resolve(member_session);
  ASSERT_TRUE(dana);
  ASSERT_TRUE(dana->member);
  EXPECT_EQ(dana->member->email, "dana@acme.test");
  EXPECT_EQ(dana->customer.id, alice_.id);
  EXPECT_FALSE(dana->may_manage_seats());  // claimed seats make plain members

  EXPECT_FALSE(resolve(member_session, now_ + 1h));  // sessions live one hour
  EXPECT_FALSE(resolve("polar_mst_unknown"));
  EXPECT_FALSE(resolve("polar_cst_unknown"));
  EXPECT_FALSE(resolve("polar_oat_whatever"));  // organization tokens are no portal subject
}

TEST_F(PortalSeatServiceTest, ListsOnlyTheSubjectsOwnContainers) {
  PortalSubject alice = customer_subject(alice_);
  auto own = store_->read_now([&](Repository& r) {
    auto list = portal_list_seats(r, alice, ContainerKind::subscription, alice_subscription_);
    ASSERT_TRUE(list.has_value());
    EXPECT_EQ(list->total_seats, 3);
    EXPECT_EQ(list->available_seats, 3);
    expect_error(portal_list_seats(r, alice, ContainerKind::subscription, bob_subscription_), ErrorKind::not_found,
                 "ResourceNotFound", "Subscription not found");
    expect_error(portal_list_seats(r, alice, ContainerKind::order, crypto::uuid_v4()), ErrorKind::not_found,
                 "ResourceNotFound", "Order not found");
  });
  ASSERT_TRUE(own.has_value());
}

TEST_F(PortalSeatServiceTest, AssignsThroughTheSeatRulesAndAlwaysInvites) {
  PortalSubject alice = customer_subject(alice_);
  PortalSeatAssign in = assign_to(alice_subscription_, "erin@acme.test");
  in.seat.immediate_claim = true;  // ignored in the portal
  auto seat = assign(alice, in);
  ASSERT_TRUE(seat.has_value()) << seat.error().detail;
  EXPECT_EQ(seat->seat.status, SeatStatus::pending);
  EXPECT_EQ(seat->customer_email, "erin@acme.test");
  ASSERT_EQ(sink_.invitations.size(), 1u);
  EXPECT_EQ(sink_.events.back(), "customer_seat.assigned");
  // The seat rules are the merchant API's: a duplicate is refused as there.
  expect_error(assign(alice, assign_to(alice_subscription_, "erin@acme.test")), ErrorKind::bad_request,
               "SeatAlreadyAssigned", "Seat already assigned to customer erin@acme.test");

  expect_error(assign(alice, assign_to(bob_subscription_, "x@acme.test")), ErrorKind::not_found, "ResourceNotFound",
               "Subscription not found");
  PortalSeatAssign by_checkout;
  by_checkout.checkout_id = crypto::uuid_v4();
  by_checkout.seat.email = "x@acme.test";
  expect_error(assign(alice, by_checkout), ErrorKind::not_found, "ResourceNotFound",
               "No subscription or order found for this checkout");
  // Another customer of the organization cannot be named as the recipient.
  PortalSeatAssign by_customer;
  by_customer.seat.subscription_id = alice_subscription_;
  by_customer.seat.customer_id = bob_.id;
  expect_error(assign(alice, by_customer), ErrorKind::bad_request, "InvalidSeatAssignmentRequest",
               "Customer not found for the provided customer_id or external_customer_id.");
  by_customer.seat.customer_id.reset();
  by_customer.seat.external_customer_id = "ext-bob";
  expect_error(assign(alice, by_customer), ErrorKind::bad_request, "InvalidSeatAssignmentRequest",
               "Customer not found for the provided customer_id or external_customer_id.");
  by_customer.seat.external_customer_id = "ext-alice";  // itself: fine
  auto self = assign(alice, by_customer);
  ASSERT_TRUE(self.has_value()) << self.error().detail;
  EXPECT_EQ(self->customer_email, "alice@acme.test");
}

TEST_F(PortalSeatServiceTest, PlainMembersMayListButNotManage) {
  PortalSubject member = member_subject_with_role("member");
  auto listed = store_->read_now([&](Repository& r) {
    EXPECT_TRUE(portal_list_seats(r, member, ContainerKind::subscription, alice_subscription_).has_value());
  });
  ASSERT_TRUE(listed.has_value());
  const std::string detail = "Only owners and billing managers can access billing features.";
  expect_error(assign(member, assign_to(alice_subscription_, "f@acme.test")), ErrorKind::forbidden, "NotPermitted",
               detail);
  const Id seat_id = sink_.invitations.back().seat_id;
  expect_error(run([&](Repository& r) { return portal_revoke_seat(r, sink_, ctx(), member, seat_id); }),
               ErrorKind::forbidden, "NotPermitted", detail);
  expect_error(run([&](Repository& r) { return portal_resend_invitation(r, sink_, ctx(), member, seat_id); }),
               ErrorKind::forbidden, "NotPermitted", detail);

  PortalSubject manager = member_subject_with_role("billing_manager");
  EXPECT_TRUE(manager.may_manage_seats());
  EXPECT_TRUE(assign(manager, assign_to(alice_subscription_, "g@acme.test")).has_value());
}

TEST_F(PortalSeatServiceTest, RevokesAndResendsOnlyOwnSeats) {
  PortalSubject alice = customer_subject(alice_);
  PortalSubject bob = customer_subject(bob_);
  auto seat = assign(alice, assign_to(alice_subscription_, "hal@acme.test"));
  ASSERT_TRUE(seat.has_value());
  const Id id = seat->seat.id;
  for (const Id& unknown : {id, crypto::uuid_v4()}) {
    const PortalSubject& who = unknown == id ? bob : alice;
    expect_error(run([&](Repository& r) { return portal_revoke_seat(r, sink_, ctx(), who, unknown); }),
                 ErrorKind::not_found, "ResourceNotFound", "Seat not found");
    expect_error(run([&](Repository& r) { return portal_resend_invitation(r, sink_, ctx(), who, unknown); }),
                 ErrorKind::not_found, "ResourceNotFound", "Seat not found");
  }
  auto resent = run([&](Repository& r) { return portal_resend_invitation(r, sink_, ctx(), alice, id); });
  ASSERT_TRUE(resent.has_value());
  EXPECT_EQ(sink_.invitations.size(), 2u);
  auto revoked = run([&](Repository& r) { return portal_revoke_seat(r, sink_, ctx(), alice, id); });
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->seat.status, SeatStatus::revoked);
  // A revoked seat stays the customer's: revoking again answers it unchanged, resending is refused.
  EXPECT_TRUE(run([&](Repository& r) { return portal_revoke_seat(r, sink_, ctx(), alice, id); }).has_value());
  expect_error(run([&](Repository& r) { return portal_resend_invitation(r, sink_, ctx(), alice, id); }),
               ErrorKind::bad_request, "SeatNotPending", "Seat is not in pending status");
}

TEST_F(PortalSeatServiceTest, ClaimedSubscriptionsAreThoseWithAClaimedSeat) {
  PortalSubject alice = customer_subject(alice_);
  auto claimed_for = [&](const PortalSubject& s) {
    Page<SubscriptionView> page;
    auto ok = store_->read_now([&](Repository& r) {
      auto found = portal_claimed_subscriptions(r, s, PageRequest{1, 10, false}, now_);
      ASSERT_TRUE(found.has_value());
      page = std::move(*found);
    });
    EXPECT_TRUE(ok.has_value());
    return page;
  };
  const Id second = subscribe(alice_, 2);
  // Pending seats do not count.
  ASSERT_TRUE(assign(alice, assign_to(alice_subscription_, "ivy@acme.test")));
  ASSERT_TRUE(assign(alice, assign_to(second, "ivy@acme.test")));
  EXPECT_EQ(claimed_for(alice).total_count, 0);

  const std::string ivy_session = claim_last_invitation();  // the seat in `second`
  PortalSubject ivy = *resolve(ivy_session);
  Page<SubscriptionView> ivys = claimed_for(ivy);
  ASSERT_EQ(ivys.items.size(), 1u);
  EXPECT_EQ(ivys.total_count, 1);
  EXPECT_EQ(ivys.items[0].subscription.id, second);
  EXPECT_EQ(ivys.items[0].product.id, product_.id);
  // The customer sees its subscriptions in which a seat is claimed; Bob sees none of them.
  Page<SubscriptionView> alices = claimed_for(alice);
  ASSERT_EQ(alices.items.size(), 1u);
  EXPECT_EQ(alices.items[0].subscription.id, second);
  EXPECT_EQ(claimed_for(customer_subject(bob_)).total_count, 0);
}

TEST(PortalSeatAssignModel, ExactlyOneSourceWhichMayBeACheckoutThenSeatAssignsRecipientRules) {
  const std::string exactly_one = "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided";
  PortalSeatAssign by_checkout;
  by_checkout.checkout_id = "0b9d2c4e-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
  by_checkout.seat.email = "a@example.com";
  EXPECT_FALSE(check_portal_seat_assign_model(by_checkout));
  PortalSeatAssign none = by_checkout;
  none.checkout_id.reset();
  ASSERT_TRUE(check_portal_seat_assign_model(none));
  EXPECT_EQ(check_portal_seat_assign_model(none)->msg, exactly_one);
  PortalSeatAssign two = by_checkout;
  two.seat.order_id = "0b9d2c4e-1a2b-4c3d-8e9f-a0b1c2d3e4f6";
  ASSERT_TRUE(check_portal_seat_assign_model(two));
  EXPECT_EQ(check_portal_seat_assign_model(two)->msg, exactly_one);
  PortalSeatAssign no_recipient = by_checkout;
  no_recipient.seat.email.reset();
  ASSERT_TRUE(check_portal_seat_assign_model(no_recipient));
  EXPECT_EQ(check_portal_seat_assign_model(no_recipient)->msg,
            "Value error, At least one of email, external_customer_id, customer_id, external_member_id, or member_id "
            "must be provided");
  EXPECT_EQ(check_portal_seat_assign_model(no_recipient)->loc, std::vector<std::string>{"body"});
}

}  // namespace
}  // namespace sk::domain
