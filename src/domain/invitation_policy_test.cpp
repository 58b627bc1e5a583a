#include "domain/invitation_policy.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

using std::chrono::seconds;

TEST(InvitationLifetime, ParsesUnitsWithinTheRange) {
  EXPECT_EQ(*parse_invitation_lifetime("3600"), seconds(3600));
  EXPECT_EQ(*parse_invitation_lifetime("3600s"), seconds(3600));
  EXPECT_EQ(*parse_invitation_lifetime("90m"), seconds(5400));
  EXPECT_EQ(*parse_invitation_lifetime("12h"), seconds(43200));
  EXPECT_EQ(*parse_invitation_lifetime("7d"), seconds(604800));
  EXPECT_EQ(*parse_invitation_lifetime("30d"), seconds(2592000));
}

TEST(InvitationLifetime, RefusesWhatIsOutsideOrMalformed) {
  for (const char* text : {"", "0", "-1", "59m", "3599", "31d", "2592001", "7x", "d", "7d ", "1.5h", "9999999999999999999d"}) {
    auto parsed = parse_invitation_lifetime(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().name, "InvalidInvitationLifetime");
  }
}

TEST(InvitationLifetime, FormatsTheShortestExactUnit) {
  EXPECT_EQ(format_invitation_lifetime(seconds(604800)), "7d");
  EXPECT_EQ(format_invitation_lifetime(seconds(7200)), "2h");
  EXPECT_EQ(format_invitation_lifetime(seconds(5400)), "90m");
  EXPECT_EQ(format_invitation_lifetime(seconds(3601)), "3601s");
}

}  // namespace
}  // namespace sk::domain
