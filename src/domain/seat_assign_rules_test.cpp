#include "domain/seat_assign_rules.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

const char* kSub = "0b9d2c4e-1a2b-4c3d-8e9f-a0b1c2d3e4f5";

struct ModelCase {
  const char* name;
  SeatAssignRequest request;
  const char* expected;  // nullptr: valid
};

SeatAssignRequest with(auto&&... setters) {
  SeatAssignRequest r;
  r.subscription_id = kSub;
  (setters(r), ...);
  return r;
}
auto email = [](SeatAssignRequest& r) { r.email = "a@example.com"; };
auto customer = [](SeatAssignRequest& r) { r.customer_id = "7c1e0000-0000-4000-8000-000000000000"; };
auto ext_customer = [](SeatAssignRequest& r) { r.external_customer_id = "ext"; };
auto member = [](SeatAssignRequest& r) { r.member_id = "9a2b0000-0000-4000-8000-000000000000"; };
auto ext_member = [](SeatAssignRequest& r) { r.external_member_id = "m-1"; };

TEST(SeatAssignRules, ModelRulesInPolarsOrder) {
  SeatAssignRequest no_source = with(email);
  no_source.subscription_id.reset();
  SeatAssignRequest both_sources = with(email);
  both_sources.order_id = kSub;
  const ModelCase cases[] = {
      {"email", with(email), nullptr},
      {"customer_id", with(customer), nullptr},
      {"external_customer_id", with(ext_customer), nullptr},
      {"external_member_id", with(ext_member), nullptr},
      {"external_member_id+email", with(ext_member, email), nullptr},
      {"member_id", with(member), nullptr},
      {"no source", no_source, "Value error, Exactly one of subscription_id or order_id must be provided"},
      {"two sources", both_sources, "Value error, Exactly one of subscription_id or order_id must be provided"},
      {"no recipient", with(),
       "Value error, At least one of email, external_customer_id, customer_id, external_member_id, or member_id must be provided"},
      {"customer+member", with(customer, member),
       "Value error, Cannot combine external_customer_id/customer_id with external_member_id/member_id"},
      {"both member ids", with(member, ext_member), "Value error, Cannot provide both external_member_id and member_id"},
      {"email+customer_id", with(email, customer),
       "Value error, Exactly one of email, external_customer_id, or customer_id must be provided"},
      {"both customer ids", with(customer, ext_customer),
       "Value error, Exactly one of email, external_customer_id, or customer_id must be provided"},
      {"member_id+email", with(member, email), "Value error, Cannot combine member_id with email"},
  };
  for (const auto& c : cases) {
    auto issue = check_seat_assign_model(c.request);
    if (!c.expected) {
      EXPECT_FALSE(issue.has_value()) << c.name << ": " << (issue ? issue->msg : "");
    } else {
      ASSERT_TRUE(issue.has_value()) << c.name;
      EXPECT_EQ(issue->msg, c.expected) << c.name;
      EXPECT_EQ(issue->loc, std::vector<std::string>{"body"}) << c.name;
    }
  }
}

TEST(SeatAssignRules, MetadataLimits) {
  SeatAssignRequest r = with(email);
  r.metadata = MetadataShape{10, 1024};
  EXPECT_TRUE(check_seat_assign_fields(r).empty());
  r.metadata = MetadataShape{11, 20};
  auto issues = check_seat_assign_fields(r);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].msg, "Value error, Metadata cannot have more than 10 keys");
  r.metadata = MetadataShape{2, 1025};
  issues = check_seat_assign_fields(r);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].msg, "Value error, Metadata size cannot exceed 1KB");
  EXPECT_EQ(issues[0].loc, (std::vector<std::string>{"body", "metadata"}));
}

TEST(SeatAssignRules, EmailSyntax) {
  for (const char* ok : {"a@example.com", "first.last+tag@sub.example.co", "  padded@example.com "})
    EXPECT_FALSE(email_syntax_error(ok).has_value()) << ok;
  for (const char* bad : {"", "plain", "@example.com", "a@", "a@localhost", "a..b@example.com", "a b@example.com",
                          "a@exa mple.com", ".a@example.com", "a@example..com", "a@@example.com"})
    EXPECT_TRUE(email_syntax_error(bad).has_value()) << bad;
  EXPECT_EQ(*email_syntax_error("plain"), "An email address must have an @-sign.");
}

TEST(SeatAssignRules, NormalizeEmailLowersOnlyTheDomain) {
  EXPECT_EQ(normalize_email(" Alice@Example.COM "), "Alice@example.com");
}

}  // namespace
}  // namespace sk::domain
