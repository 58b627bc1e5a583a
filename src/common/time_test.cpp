#include "common/time.hpp"

#include <gtest/gtest.h>

namespace sk {

TEST(Time, FormatsLikePydantic) {
  EXPECT_EQ(format_rfc3339(from_unix_micros(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(from_unix_micros(1'787'392'025'123'456LL)), "2026-08-22T09:47:05.123456Z");
  EXPECT_EQ(format_rfc3339(from_unix_micros(1'787'392'025'000'001LL)), "2026-08-22T09:47:05.000001Z");
}

TEST(Time, ParsesWhatItFormats) {
  for (long long micros : {0LL, 1'787'392'025'123'456LL, 1'787'392'025'000'000LL}) {
    auto t = from_unix_micros(micros);
    auto parsed = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z").has_value());
}

}  // namespace sk
