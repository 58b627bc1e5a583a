#include "common/utf8.hpp"

#include <gtest/gtest.h>

namespace sk {
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

TEST(Utf8, ToValidUtf8ReplacesEveryInvalidByte) {
  EXPECT_EQ(to_valid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(to_valid_utf8("a\xe2\x82"), "a\xef\xbf\xbd\xef\xbf\xbd");  // a character cut in half
  EXPECT_EQ(utf8_code_point("\xe2\x80\xae", 0, 3), U'\u202e');
}

}  // namespace
}  // namespace sk
