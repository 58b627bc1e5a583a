#include "common/duration_text.hpp"

#include <gtest/gtest.h>

namespace sk {
namespace {

TEST(DurationText, ParsesEachUnit) {
  EXPECT_EQ(*parse_duration("30d"), std::chrono::seconds(30 * 86400));
  EXPECT_EQ(*parse_duration("12h"), std::chrono::seconds(12 * 3600));
  EXPECT_EQ(*parse_duration("15m"), std::chrono::seconds(900));
  EXPECT_EQ(*parse_duration("1s"), std::chrono::seconds(1));
}

TEST(DurationText, RefusesEverythingElse) {
  for (std::string_view bad : {"", "d", "30", "0d", "-1d", "1.5h", "1w", "30 d", "99999999999999999d", "40000d"})
    EXPECT_FALSE(parse_duration(bad)) << bad;
}

}  // namespace
}  // namespace sk
