#include "delivery/http_poster.hpp"

#include <gtest/gtest.h>

namespace sk::delivery {
namespace {

TEST(Utf8Excerpt, KeepsValidTextAndCutsOnlyBetweenCharacters) {
  EXPECT_EQ(utf8_excerpt("hello", 100), "hello");
  EXPECT_EQ(utf8_excerpt("hello", 3), "hel");
  const std::string e_acute = "\xc3\xa9";  // é, two bytes
  EXPECT_EQ(utf8_excerpt("a" + e_acute + "b", 2), "a");  // never half of é
  EXPECT_EQ(utf8_excerpt("a" + e_acute + "b", 3), "a" + e_acute);
  const std::string emoji = "\xf0\x9f\x98\x80";
  EXPECT_EQ(utf8_excerpt(emoji + emoji, 7), emoji);
  EXPECT_EQ(utf8_excerpt("", 10), "");
}

TEST(Utf8Excerpt, ReplacesInvalidBytes) {
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(utf8_excerpt("a\xff" "b", 100), "a" + replacement + "b");
  EXPECT_EQ(utf8_excerpt("\xc3", 100), replacement);               // truncated sequence
  EXPECT_EQ(utf8_excerpt("\xc0\xaf", 100), replacement + replacement);  // overlong '/'
  EXPECT_EQ(utf8_excerpt("\xed\xa0\x80", 100), replacement + replacement + replacement);  // a surrogate
  EXPECT_EQ(utf8_excerpt(std::string("x\0y", 3), 100), std::string("x\0y", 3));  // NUL is valid UTF-8; JSON escapes it
}

TEST(CurlMultiPoster, AnUnreachableUrlFailsWithoutAStatus) {
  CurlMultiPoster poster({.timeout = std::chrono::milliseconds(2000)});
  // Port 9 (discard) on loopback is closed on any sane test machine: connection refused at once.
  poster.start({7, "http://127.0.0.1:9/hook", {{"content-type", "application/json"}}, "{}"});
  std::vector<HttpPostResult> done;
  for (int i = 0; i < 50 && done.empty(); ++i) done = poster.run(std::chrono::milliseconds(100));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].tag, 7u);
  EXPECT_FALSE(done[0].status);
  EXPECT_FALSE(done[0].response.empty());
  EXPECT_EQ(poster.in_flight(), 0u);
}

TEST(CurlMultiPoster, OtherSchemesAreRefused) {
  CurlMultiPoster poster;
  poster.start({1, "file:///etc/passwd", {}, "{}"});
  std::vector<HttpPostResult> done;
  for (int i = 0; i < 50 && done.empty(); ++i) done = poster.run(std::chrono::milliseconds(100));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].status);
}

}  // namespace
}  // namespace sk::delivery
