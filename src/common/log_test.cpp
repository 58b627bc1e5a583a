#include "common/log.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sk::log {
namespace {

TEST(Log, JsonLineIsOneObjectWithTheRequestIdAndFields) {
  const std::string line =
      format_line(Format::json, Level::warn, "http.request", "said \"hi\"\n", {{"status", 200}, {"route", "/v1/x"}}, "rid-1");
  ASSERT_EQ(line.back(), '\n');
  ASSERT_EQ(line.find('\n'), line.size() - 1) << "one line";
  const auto v = boost::json::parse(line).as_object();
  EXPECT_EQ(v.at("level").as_string(), "warn");
  EXPECT_EQ(v.at("event").as_string(), "http.request");
  EXPECT_EQ(v.at("msg").as_string(), "said \"hi\"\n");
  EXPECT_EQ(v.at("request_id").as_string(), "rid-1");
  EXPECT_EQ(v.at("status").as_int64(), 200);
  EXPECT_EQ(v.at("route").as_string(), "/v1/x");
  EXPECT_TRUE(v.contains("time"));
}

TEST(Log, TextLineQuotesValuesWithSpacesAndKeepsOneLine) {
  const std::string line = format_line(Format::text, Level::error, "store.failed", "two\nlines",
                                       {{"detail", "disk full"}, {"id", "abc"}}, "");
  EXPECT_NE(line.find(" ERROR store.failed: two lines detail=\"disk full\" id=abc\n"), std::string::npos) << line;
  EXPECT_EQ(line.find("request_id"), std::string::npos);
}

// The bytes after the time, exactly: collectors parse these lines.
TEST(Log, JsonLineBytesAreExact) {
  const std::string line = format_line(Format::json, Level::info, "http.request", "a\"b\\c\nd\re\tf\x01g",
                                       {{"k", "v w"}, {"n", 3}, {"d", 1.5}, {"b", true}}, "rid");
  const auto rest = line.find(",\"level\"");
  ASSERT_NE(rest, std::string::npos);
  EXPECT_EQ(line.substr(rest),
            ",\"level\":\"info\",\"event\":\"http.request\",\"msg\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\","
            "\"request_id\":\"rid\",\"k\":\"v w\",\"n\":3,\"d\":1.500000,\"b\":true}\n");
  EXPECT_TRUE(line.starts_with("{\"time\":\"20"));
}

TEST(Log, RequestIdScopeNestsAndRestores) {
  EXPECT_EQ(current_request_id(), "");
  {
    RequestIdScope outer("a");
    {
      RequestIdScope inner("b");
      EXPECT_EQ(current_request_id(), "b");
    }
    EXPECT_EQ(current_request_id(), "a");
  }
  EXPECT_EQ(current_request_id(), "");
}

TEST(Log, ParsesLevelsAndFormats) {
  EXPECT_EQ(parse_level("debug"), Level::debug);
  EXPECT_EQ(parse_level("warning"), Level::warn);
  EXPECT_FALSE(parse_level("loud"));
  EXPECT_EQ(parse_format("json"), Format::json);
  EXPECT_FALSE(parse_format("xml"));
}

}  // namespace
}  // namespace sk::log
