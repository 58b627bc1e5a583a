#include "domain/text_rules.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

TEST(DisplayText, OrdinaryTextPasses) {
  EXPECT_FALSE(display_text_error("Ada Lovelace"));
  EXPECT_FALSE(display_text_error("Zo\xc3\xab \xe6\x9d\x8e \xf0\x9f\x98\x80"));  // accents, CJK, emoji
  EXPECT_FALSE(display_text_error(""));
}

TEST(DisplayText, ControlCharactersAreRefused) {
  EXPECT_TRUE(display_text_error("Ada\nBcc: x"));
  EXPECT_TRUE(display_text_error("tab\there"));
  EXPECT_TRUE(display_text_error(std::string("nul\0", 4)));
  EXPECT_TRUE(display_text_error("del\x7f"));
  EXPECT_TRUE(display_text_error("c1\xc2\x85"));  // U+0085 NEXT LINE
}

TEST(DisplayText, BidiOverridesAndIsolatesAreRefused) {
  EXPECT_TRUE(display_text_error("invoice\xe2\x80\xaetxt.exe"));  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_TRUE(display_text_error("a\xe2\x80\xaa" "b"));             // U+202A
  EXPECT_TRUE(display_text_error("a\xe2\x81\xa6" "b"));             // U+2066 LEFT-TO-RIGHT ISOLATE
  EXPECT_TRUE(display_text_error("a\xe2\x81\xa9" "b"));             // U+2069
  EXPECT_FALSE(display_text_error("a\xe2\x80\x8f" "b"));            // U+200F RLM is only a mark
}

TEST(DisplayText, InvalidUtf8IsRefused) { EXPECT_TRUE(display_text_error("a\xff")); }

}  // namespace
}  // namespace sk::domain
