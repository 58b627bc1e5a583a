#include "http/request_id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace sk::http {
namespace {

bool lowercase_hex(const std::string& id) {
  return id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(RequestId, Is32LowercaseHexDigits) {
  const std::string id = new_request_id();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_TRUE(lowercase_hex(id)) << id;
}

TEST(RequestId, NeverRepeatsAcrossBlocksAndThreads) {
  // Several blocks per thread, two threads at once: every id differs.
  std::vector<std::string> first, second;
  std::thread other([&] {
    for (int i = 0; i < 2000; ++i) second.push_back(new_request_id());
  });
  for (int i = 0; i < 2000; ++i) first.push_back(new_request_id());
  other.join();
  std::set<std::string> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), 4000u);
}

}  // namespace
}  // namespace sk::http
